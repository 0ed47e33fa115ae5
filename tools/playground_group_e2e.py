"""Walk a work group's assessment (gruppbedömning, issue 18) through Microsoft 365 Agents Playground, headless.

The Playground (0.2.x) offers one group chat ("Group Chat", in GET /_internal/v1/config `groupChats`) whose
roster (GET /_connector/v3/conversations/{id}/members, what the bot asks Teams) is the current user, Alex
Wilber, and five more: Megan Bowen, Adele Vance, Isaiah Langer, Patti Fernandez and Lynne Robbins. Its web UI
routes take any of them as `from`, so each presses Svara and answers as themselves. With six in the chat, run
the bot with GROUP_ROUND_MIN_ANSWERS=3 (the lowest the setting allows):

    UNIT_MANAGERS_FILE=…(two or more units for alexw@example.com) GROUP_ROUND_MIN_ANSWERS=3 python3 tasks.py run
    TEAMSAPPTESTER_BROWSER=none npx @microsoft/m365agentsplayground start \\
        -e http://127.0.0.1:3978/api/messages --disable-telemetry
    .venv/bin/python tools/playground_group_e2e.py --base http://127.0.0.1:56150

The journey: the manager (Alex) installs the app, writes "group assessment" in the personal chat and chooses a
unit (the start card says how to bring the round to the chat); the app is added to the group chat; Alex
@mentions it with "group assessment" and picks the unit on the picker card, which becomes the round's card for
everyone (the outbox's update of the same message); Megan and Adele each refresh their own view, press Svara and
answer; Megan's second press is refused; Alex closes the round at 2 answers and *My results* says too few to
show. Then a second unit: four members answer (one with a free text, one pressing Svara from the card as posted
without a refresh), Lynne — who has not answered — may not close it, Alex closes it, the card in the chat says
it is closed for everyone, and *My results* shows the group's average and spread and the free text, never a
name. *My data* lists both rounds, and the ids only behind *Show ids*, said in words. Every web-UI route is
stamped en-US, so the bot answers in English; what it writes into the group chat on its own (the round's card)
is in the municipality's language, Swedish.

Each step prints the bot's replies in short and ends with PASS (or WARN) and what was checked, or FAIL; the exit
code is 1 when an expected reply does not arrive or a check fails (2 when the Playground cannot be reached).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.playground_e2e import (
    INVOKE,
    UPDATE,
    Card,
    Journey,
    Playground,
    Reply,
    StepFailed,
    action_named,
    choice_title,
    execute_action,
    first_choice,
    fragment,
    inputs_of,
    walk,
)

LANGUAGE = "en"  # the web UI's routes stamp en-US on every message and invoke
CHAT_LANGUAGE = "sv"  # what the bot posts in a group chat on its own is in the municipality's language
VIEW, FORM, ANSWER, CLOSE, OPEN = (f"groupround.{verb}" for verb in ("view", "form", "answer", "close", "open"))
COMMENT = "Mer tid för planering på morgonen"


@dataclass
class GroupPlayground(Playground):
    """The Playground, pressing and writing as any user of its roster (its web UI's routes take `from`)."""

    async def say_as(self, user_id: str, text: str, conversation_id: str, *, mention_bot: bool = False) -> None:
        body: dict[str, Any] = {"from": {"id": user_id}, "text": text, "textFormat": "plain"}
        if mention_bot:
            at = f"<at>{self.bot['name']}</at>"
            body["text"] = f"{at} {text}"
            body["mentions"] = [{"mentioned": {"id": self.bot["id"]}, "text": at}]
        await self._post(f"/_conversation/v1/conversations/{conversation_id}/messages", body)

    async def execute_as(self, user_id: str, reply: Reply, action: Card, inputs: dict[str, Any] | None = None) -> None:
        """An Action.Execute pressed by `user_id` on `reply`'s card; the bot's answer is queued as an INVOKE reply."""
        value = {"action": {k: action.get(k) for k in ("type", "title", "verb", "data")}}
        value["action"]["data"] = {**(action.get("data") or {}), **(inputs or {})}
        body = {
            "name": "adaptiveCard/action",
            "value": value,
            "from": {"id": user_id},
            "conversation": {"id": reply.conversation_id},
            "replyToId": reply.message_id,
        }
        answer = await self._post("/_conversation/v1/invoke", body) or {}
        card = answer.get("value") if answer.get("type") == "application/vnd.microsoft.card.adaptive" else None
        text = "" if card else f"{answer.get('type')}: {str(answer.get('value'))[:150]}"
        await self.replies.put(Reply(reply.conversation_id, reply.message_id, text, [card] if card else [], INVOKE))

    @property
    def group_chat(self) -> dict[str, Any]:
        chats = self.config.get("groupChats") or []
        if not chats:
            raise StepFailed("the Playground offers no group chat (GET /_internal/v1/config has no groupChats)")
        return dict(chats[0])

    def user(self, user_id: str) -> dict[str, Any]:
        return next(u for u in [self.me, *self.config.get("users", [])] if u["id"] == user_id)


def said(key: str, language: str = LANGUAGE) -> str:
    return fragment(language, key)


def verbs(card: Card | None) -> list[str]:
    return [str(a.get("verb")) for a in walk((card or {}).get("actions", [])) if a.get("type") == "Action.Execute"]


def filled(form: Card, score: str) -> dict[str, Any]:
    """Every rating of the member's form set to `score` (the first factor 'na', Ej aktuellt, to try it)."""
    values: dict[str, Any] = {}
    for number, element in enumerate(e for e in inputs_of(form) if e.get("type") == "Input.ChoiceSet"):
        values[element["id"]] = "na" if number == 0 else score
    if not values:
        raise StepFailed("the member's form has no ratings")
    return values


@dataclass
class GroupJourney(Journey):
    playground: GroupPlayground = field(default=None)  # type: ignore[assignment]
    chat: str = ""
    members: list[str] = field(default_factory=list)  # the group chat's members besides the manager

    @property
    def language(self) -> str:
        return LANGUAGE

    def expect(self, reply: Reply, key: str, language: str = LANGUAGE) -> None:
        wanted = said(key, language)
        if wanted not in reply.shown:
            raise StepFailed(f"expected {wanted!r} in: {reply.shown.strip()[:160]!r}")
        self.check(repr(wanted))

    def answer_of(self, replies: list[Reply]) -> Reply:
        for reply in replies:
            if reply.kind == INVOKE:
                if not reply.card:
                    raise StepFailed(f"the invoke answered without a card: {reply.text}")
                return reply
        raise StepFailed("no invoke answer")

    async def run(self) -> None:
        pg = self.playground
        self.chat = str(pg.group_chat["id"])
        self.members = [m for m in pg.group_chat.get("members", []) if m != pg.me["id"]]
        print(f"    group chat {self.chat}: {len(self.members) + 1} with the manager")
        if len(self.members) < 4:
            raise StepFailed(f"the group chat has {len(self.members)} members besides the manager; the walk needs 4")
        await self.install()
        first = await self.start_in_personal_chat(None)
        posted = await self.post_in_group_chat(first)
        await self.answer(posted, self.members[:2], comment_by=None)
        await self.refused_twice(posted, self.members[0])
        await self.close(posted, answers=2)
        await self.results(shown=False)
        second = await self.start_in_personal_chat(first)
        posted = await self.post_in_group_chat(second)
        await self.answer(posted, self.members[:3], comment_by=self.members[1])
        await self.answer_without_refresh(posted, self.members[3])
        await self.not_the_manager(posted, self.members[4] if len(self.members) > 4 else self.members[0])
        await self.close(posted, answers=4)
        await self.results(shown=True)
        await self.my_data(first, second)

    async def install(self) -> None:
        pg = self.playground
        replies = await self.step("Install the app in the personal chat", pg.install(pg.personal_chat))
        if not any("Kvalitetslotsen" in r.shown for r in replies):
            raise StepFailed("expected the welcome")
        self.check("the welcome")
        replies = await self.step("Add the app to the group chat", pg.install(self.chat))
        installed = next((r for r in replies if r.conversation_id == self.chat), replies[0])
        self.expect(installed, "group.chat.installed", CHAT_LANGUAGE)

    async def start_in_personal_chat(self, done: str | None) -> str:
        """The manager writes "group assessment"; chooses a unit (another than `done`, when given). The unit's name."""
        pg = self.playground
        if done is not None:
            replies = await self.step('Type "change unit"', pg.say("change unit"))
        else:
            replies = await self.step('Type "group assessment"', pg.say("group assessment"))
        departments = next((r for r in replies if action_named(r.card, "choose_department")), None)
        if departments is not None:
            department = first_choice(departments.card, "department")
            replies = await self.step(
                f"Choose the department {department}",
                self.press(departments, "choose_department", {"department": department}),
            )
        units = next((r for r in replies if action_named(r.card, "choose_unit")), None)
        if units is None:
            raise StepFailed("expected the choice of a unit")
        choices = [c["value"] for e in inputs_of(units.card or {}) if e.get("id") == "unit" for c in e["choices"]]
        unit = next((c for c in choices if choice_title(units.card, "unit", c) != done), None)
        if unit is None:
            raise StepFailed(f"no unit to choose besides {done!r}")
        name = choice_title(units.card, "unit", unit)
        replies = await self.step(f"Choose the unit {name}", self.press(units, "choose_unit", {"unit": unit}))
        if done is not None:
            replies = await self.step('Type "group assessment"', pg.say("group assessment"))
        start = next((r for r in replies if said("group.start.how_title") in r.shown), None)
        if start is None:
            raise StepFailed("expected the start card that says how to bring the round to the chat")
        self.check(f"the start card for {name}")
        return name

    async def post_in_group_chat(self, unit: str) -> Reply:
        pg = self.playground
        title = "The manager @mentions the app in the group chat: group assessment"
        replies = await self.step(title, pg.say_as(pg.me["id"], "group assessment", self.chat, mention_bot=True))
        picker = next((r for r in replies if execute_action(r.card, OPEN)), None)
        if picker is None:
            raise StepFailed("expected the picker of waiting rounds")
        pick = next(
            (a for a in walk(picker.card) if a.get("verb") == OPEN and unit in str(a.get("title"))),
            execute_action(picker.card, OPEN),
        )
        assert pick is not None
        replies = await self.step(f"Pick {pick.get('title')}", pg.execute_as(pg.me["id"], picker, pick))
        own = self.answer_of(replies)
        if verbs(own.card)[:1] != [FORM] or CLOSE not in verbs(own.card):
            raise StepFailed(f"the manager's own view should have Svara and Stäng, has {verbs(own.card)}")
        refresh = (own.card or {}).get("refresh", {})
        if refresh.get("action", {}).get("verb") != VIEW or len(refresh.get("userIds", [])) > 60:
            raise StepFailed(f"the card's refresh is not a per-viewer view of at most 60: {refresh}")
        self.check(f"the manager's view: {verbs(own.card)}, refresh for {len(refresh.get('userIds', []))}")
        posted = await self.wait_for(
            "the round's card, for everyone, in place of the picker",
            lambda r: r.kind == UPDATE and r.message_id == picker.message_id and execute_action(r.card, FORM),
        )
        if verbs(posted.card) != [FORM] or "Antal svar hittills: 0" not in posted.shown:
            raise StepFailed(f"the card as posted should show 0 answers and only Svara: {verbs(posted.card)}")
        if "anonymt" not in posted.shown:
            raise StepFailed("the card as posted should say the answers are anonymous")
        self.check("0 answers, Svara only, the promise of anonymity")
        return posted

    async def answer(self, posted: Reply, users: list[str], *, comment_by: str | None) -> None:
        pg = self.playground
        for user_id in users:
            name = pg.user(user_id)["name"]
            view = self.answer_of(await self.step(f"{name}'s own view (the refresh)", self.refresh(user_id, posted)))
            if verbs(view.card) != [FORM]:
                raise StepFailed(f"{name} should see Svara only, sees {verbs(view.card)}")
            self.check(f"{name} sees Svara only")
            form = await self.open_form(user_id, posted)
            await self.send_form(user_id, posted, form, COMMENT if user_id == comment_by else None)

    async def refresh(self, user_id: str, posted: Reply) -> None:
        action = (posted.card or {}).get("refresh", {}).get("action")
        if not action:
            raise StepFailed("the card as posted has no refresh")
        await self.playground.execute_as(user_id, posted, action)

    async def open_form(self, user_id: str, posted: Reply) -> Card:
        pg = self.playground
        button = execute_action(posted.card, FORM)
        assert button is not None
        name = pg.user(user_id)["name"]
        form = self.answer_of(await self.step(f"{name} presses Svara", pg.execute_as(user_id, posted, button)))
        if not execute_action(form.card, ANSWER):
            raise StepFailed(f"{name} should get their own form")
        self.check(f"{len([e for e in inputs_of(form.card or {}) if e.get('type') == 'Input.ChoiceSet'])} factors")
        return form.card or {}

    async def send_form(self, user_id: str, posted: Reply, form: Card, comment: str | None) -> None:
        pg = self.playground
        send = execute_action(form, ANSWER)
        assert send is not None
        values = filled(form, "3" if comment else "2")
        if comment:
            values["group.comment"] = comment
        name = pg.user(user_id)["name"]
        form_reply = Reply(posted.conversation_id, posted.message_id, "", [form], INVOKE)
        title = f"{name} sends the form" + (" with a free text" if comment else "")
        thanks = self.answer_of(await self.step(title, pg.execute_as(user_id, form_reply, send, values)))
        self.expect(thanks, "group.thanks")
        if pg.user(user_id)["name"] in json.dumps(thanks.card):
            raise StepFailed("the thank-you names the member")

    async def answer_without_refresh(self, posted: Reply, user_id: str) -> None:
        """A member in a chat of more than 60 sees the card as posted: Svara there opens their own form."""
        form = await self.open_form(user_id, posted)
        await self.send_form(user_id, posted, form, None)
        view = self.answer_of(await self.step("Their view now (the refresh)", self.refresh(user_id, posted)))
        if not ("Antal svar hittills: 4" in view.shown or "answers so far: 4" in view.shown.lower()):
            self.warn(f"expected 4 answers on the card: {view.shown.strip()[:120]!r}")
        else:
            self.check("4 answers so far, not who")

    async def refused_twice(self, posted: Reply, user_id: str) -> None:
        button = execute_action(posted.card, FORM)
        assert button is not None
        name = self.playground.user(user_id)["name"]
        title = f"{name} presses Svara again"
        again = self.answer_of(await self.step(title, self.playground.execute_as(user_id, posted, button)))
        self.expect(again, "group.refused.already_answered")

    async def not_the_manager(self, posted: Reply, user_id: str) -> None:
        pg = self.playground
        close = {"type": "Action.Execute", "verb": CLOSE, "data": execute_action(posted.card, FORM)["data"]}  # type: ignore[index]
        name = pg.user(user_id)["name"]
        refused = self.answer_of(
            await self.step(f"{name} tries to close the round", pg.execute_as(user_id, posted, close))
        )
        self.expect(refused, "group.refused.not_manager")

    async def close(self, posted: Reply, *, answers: int) -> None:
        pg = self.playground
        view = self.answer_of(
            await self.step("The manager's own view (the refresh)", self.refresh(pg.me["id"], posted))
        )
        button = execute_action(view.card, CLOSE)
        if button is None:
            raise StepFailed(f"the manager's view has no Stäng: {verbs(view.card)}")
        if f": {answers}" not in view.shown:
            self.warn(f"expected {answers} answers on the manager's view: {view.shown.strip()[:120]!r}")
        replies = await self.step(
            f"The manager closes the round at {answers} answers", pg.execute_as(pg.me["id"], view, button)
        )
        self.expect(self.answer_of(replies), "group.closed_now")
        closed = await self.wait_for(
            "the closed card, for everyone",
            lambda r: r.kind == UPDATE and r.message_id == posted.message_id and "stängd" in r.shown,
        )
        if f"{answers} svarade" not in closed.shown or verbs(closed.card):
            raise StepFailed(
                f"the closed card should say {answers} answered and have no buttons: {closed.shown[:160]!r}"
            )
        self.check(f"closed: {answers} answered, no buttons")

    async def results(self, *, shown: bool) -> None:
        pg = self.playground
        replies = await self.step('Type "my results"', pg.say("my results"))
        results = next((r for r in replies if said("group.result.title") in r.shown), None)
        if results is None:
            raise StepFailed("expected the work group's part of My results")
        names = [u["name"] for u in pg.config.get("users", [])]
        if any(name in results.shown for name in names):
            raise StepFailed("My results names a member")
        if shown:
            if said("group.result.spread_hint") not in results.shown or COMMENT not in results.shown:
                raise StepFailed("expected the group's average and spread and the free text")
            self.check("average, spread and the free text; no name")
        else:
            self.expect(results, "group.too_few")
            if COMMENT in results.shown or said("group.result.spread_hint") in results.shown:
                raise StepFailed("below the threshold nothing but 'too few answers' may show")

    async def my_data(self, *units: str) -> None:
        """*My data* lists the rounds the manager started, and the ids only behind Show ids, said in words."""
        pg = self.playground
        replies = await self.step('Type "my data"', pg.say("my data"))
        shown = next((r for r in replies if said("my_data.group_rounds") in r.shown), None)
        if shown is None:
            raise StepFailed("expected My data to list the group assessments started")
        for unit in units:
            if f"{unit} · " not in shown.shown:
                raise StepFailed(f"My data does not list the round of {unit}")
        if shown.shown.count(said("my_data.group_round.state.closed")) < len(units):
            raise StepFailed("My data should say both rounds are closed")
        self.check(f"{len(units)} rounds started, both closed")
        toggle = next((a for a in walk(shown.card) if a.get("type") == "Action.ToggleVisibility"), None)
        hidden = [e for e in walk(shown.card) if e.get("type") == "Container" and e.get("isVisible") is False]
        if toggle is None or not hidden or pg.me["id"] not in json.dumps(hidden):
            raise StepFailed("the ids should be behind a toggle")
        if said("my_data.teams_id_explained") not in json.dumps(hidden, ensure_ascii=False):
            raise StepFailed("the Teams id should be said in words")
        self.check(f"the ids behind {toggle.get('title')!r}, said in words")
        if any(u["name"] in shown.shown for u in pg.config.get("users", [])) or COMMENT in shown.shown:
            raise StepFailed("My data names a member or shows an answer")


async def main_async(args: argparse.Namespace) -> int:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        playground = GroupPlayground(args.base.rstrip("/"), "en-US", session)
        try:
            await playground.connect()
        except (aiohttp.ClientError, OSError) as error:
            print(f"Cannot reach the Playground at {args.base}: {error}", file=sys.stderr)
            return 2
        print(f"Playground {args.base}, manager {playground.me['name']}, its group chat and roster")
        journey = GroupJourney(playground, timeout=args.timeout)
        try:
            await journey.run()
            journey.verdict()
        except StepFailed as failure:
            print(f"    FAIL: {failure}")
            print(f"\nFAILED at step {journey.step_number}: {failure}")
            return 1
        finally:
            await playground.close()
        print(f"\nPASSED: {journey.step_number} steps, {len(journey.warnings)} warnings")
        for warning in journey.warnings:
            print(f"  warning: {warning}")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Walk a work group's assessment through a running Agents Playground.")
    parser.add_argument("--base", default="http://127.0.0.1:56150", help="the Playground's URL")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each reply")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
