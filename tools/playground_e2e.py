"""Walk a manager's whole journey through Microsoft 365 Agents Playground, headless, via its own HTTP + WebSocket API.

With the bot running (`python3 tasks.py run`, with ADMIN_IDS=00000000-0000-0000-0000-0000000000020, the
Playground user's aadObjectId, so that it may link the channel) and the Playground beside it:

    TEAMSAPPTESTER_BROWSER=none npx @microsoft/m365agentsplayground start \\
        -e http://127.0.0.1:3978/api/messages --disable-telemetry
    .venv/bin/python tools/playground_e2e.py                      # Swedish (sv-SE)
    .venv/bin/python tools/playground_e2e.py --locale en-US       # English, exactly what the web UI sends

Playground 0.2.x stamps `locale: "en-US"` on every message and card submit it generates, so `en-US` uses the
routes its web UI uses (`/_conversation/v1/...`). Any other locale sends the same activities through its
"mock an activity" route (`/_internal/v1/customActivities`) with that locale. Installation always uses the
UI's route; its conversationUpdate carries no locale, so the bot greets in its default language. A card's
Action.Execute always goes through the UI's invoke route (`/_conversation/v1/invoke`, an `adaptiveCard/action`
invoke stamped en-US): the custom-activity route drops the bot's invoke response, and the card it answers with
is the channel's, which is Swedish whatever the locale.

The journey: install in the personal chat (welcome + menu), "meny", pick a unit (förvaltning → enhet), start
the self-assessment, one card per perspective (1–4 or Ej aktuellt, comments, an idea; one card first sent with
a rating missing), "back" once, the summary, submit; typed text where a card is expected, "hjälp", "avbryt";
at the menu "Hej" (the menu again), "tack så mycket" (a short answer) and text it does not understand (the menu);
"jag vill beställa stöd" (as people write it): an offering, its form (first sent without the need described), the
review, send (a reference KL-…); "mina ärenden" with a withdraw button; "visa mina resultat". The action plan
(issue 16): "åtgärdsplan", one action written and marked done in "mina åtgärder"; then the next version,
prefilled with last time's ratings shown, its first card saved half filled as a draft (the next run resumes it,
answering how the actions went first). Then in a team channel: install, @mention "hjälp", "koppla kanal"
(the Playground user must be in ADMIN_IDS: its aadObjectId is in GET /_internal/v1/config), the request's card
arrives proactively, "Ta ärendet" (the answer is the refreshed card, the posted card is updated in place, the
manager is told in the personal chat), "ärenden", "rapport".

The workbench (issue 15), right after taking the request: "Tilldela" to another Playground user (Megan Bowen,
listed from the team's roster beside Teams' people picker; the manager is told who handles it now), an internal
note, a comment that reaches the manager's chat with "Svara", the manager's answer (an Action.Execute there), and
the posted card showing all four; the internal note is in none of the manager's messages, nor in "mina ärenden".
The Playground has one personal chat, the current user's, so the colleague's own message is not seen here.

Reminders and the follow-up (issue 5): "påminn" ("remind") in the channel answers with the round's counts; the
reminder arrives proactively in the personal chat, where "Sluta påminna mig" turns reminders off (a second
"påminn" counts the manager as opted out) and "påminnelser på" ("reminders on") turns them on again. Then the
request is closed from its channel card; the follow-up question arrives in the personal chat, is answered 4 of 5
with a comment (an Action.Execute there, so its thank-you is in English: see above), a second answer is
refused, and the posted channel card comes to show "Uppföljning: 4 av 5". The round's card is the channel's,
in Swedish whatever the locale.

The reminder and the question go out only in working hours (REMINDER_HOURS, 08-17 Swedish time on working days
by default, also for the follow-up) and the question only FOLLOW_UP_DELAY_DAYS after the close; for the whole
walk start the bot with

    REMINDER_HOURS=00-23:59 FOLLOW_UP_DELAY_DAYS=0 UNIT_MANAGERS_FILE=…  (naming alexw@example.com, the
    Playground user, for several units: the walk submits one, the reminder is about the others)

After hours the walk warns and goes on without them: "påminnelser av" typed instead of the card's button, the
follow-up answered from "Mina ärenden". Every bot reply is printed in short, and each step ends with PASS (or
WARN, when something looked off but the walk can go on) and what was checked, or FAIL; the exit code is 1 when
an expected reply does not arrive (2 when the Playground cannot be reached).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from texts import en, sv

TEXTS = {"sv": sv.TEXTS, "en": en.TEXTS}

Card = dict[str, Any]
NATIVE_LOCALE = "en-US"
INVOKE_LANGUAGE = "en"  # every Action.Execute goes through the UI's invoke route, stamped NATIVE_LOCALE
NOT_APPLICABLE = "na"
CHANNEL_LANGUAGE = "sv"  # the bot writes in a team channel in the municipality's language, for everyone
REFERENCE = re.compile(r"KL-\d{4}-\d{4,}")
TAKE = "request.take"
ASSIGN = "request.assign"
NOTE = "request.note"
COMMENT = "request.comment"
REPLY = "my_request.reply"
CLOSE = "request.close"
FOLLOW_UP = "followup.answer"  # bot/cards/follow_up.py
FOLLOW_UP_SCORE = "4"
FOLLOW_UP_COMMENT = "Bra stöd, vi följer nu upp avvikelser varje månad. Playground-test."
# What the manager types, in their language (bot/commands.py), and the central team's command (bot/channel_commands.py).
WORDS = {
    "sv": {
        "remind": "påminn",
        "reminders_off": "påminnelser av",
        "reminders_on": "påminnelser på",
        "greeting": "Hej",
        "thanks": "tack så mycket",
        "unknown": "Budgeten håller inte",
        "order": "jag vill beställa stöd",
        "results": "visa mina resultat",
        "plan": "åtgärdsplan",
        "my_actions": "mina åtgärder",
    },
    "en": {
        "remind": "remind",
        "reminders_off": "reminders off",
        "reminders_on": "reminders on",
        "greeting": "Hello",
        "thanks": "thanks a lot",
        "unknown": "The budget is not enough",
        "order": "I want to order support",
        "results": "show my results",
        "plan": "action plan",
        "my_actions": "my actions",
    },
}

# Which of the bot's texts (texts/sv.py, texts/en.py) marks each expected reply; the fragment before the
# first placeholder is looked for, so the script follows the texts when they change.
EXPECTED = {
    "welcome": "welcome.body",
    "chosen": "unit.chosen",
    "saved": "assessment.saved",
    "errors": "errors.header",
    "missing": "assessment.missing_header",
    "thanks": "summary.thanks",
    "use_card": "prompt.use_card",
    "cancelled": "main.cancelled",
    "channel_installed": "channel.installed",
    "channel_help": "channel.help",
    "order_errors": "order.errors_header",
    "order_thanks": "order.thanks",
    "my_requests": "my_requests.title",
    "linked": "channel.linked",
    "open_requests": "requests.open_title",
    "notify_take": "notify.take",
    "already_yours": "card_action.already_yours",
    "my_results": "results.title",
    "report": "report.title",
    "round": "round.title",
    "round_after_hours": "round.after_hours",
    "reminder": "reminder.title",
    "reminders_off": "reminder.turned_off",
    "reminders_on": "reminder.turned_on",
    "notify_close": "notify.close",
    "follow_up": "follow_up.title",
    "talk_thanks": "talk.thanks",
    "not_understood": "talk.not_understood",
    "admin_menu": "admin.intro",
    "catalogue": "catalogue.how_to_change",
    "catalogue_history": "catalogue.history_intro",
    "new_version": "assessment.new_version",
    "previous_rating": "assessment.previous_rating",
    "draft_saved": "assessment.draft_saved",
    "actions_saved": "actions.saved",
    "my_actions": "actions.mine_title",
    "action_done": "actions.marked_done",
}
# What the bot writes in a team channel is in the municipality's language whatever the sender's locale.
CHANNEL_KEYS = frozenset(
    {
        "channel_installed",
        "channel_help",
        "linked",
        "open_requests",
        "already_yours",
        "report",
        "round",
        "round_after_hours",
    }
)


def fragment(language: str, key: str) -> str:
    """The text's longest stretch without a placeholder (some texts start with one, e.g. "{actor} har tagit …")."""
    pieces = re.split(r"\{[^}]*\}", TEXTS[language][key])
    return max(pieces, key=lambda piece: len(piece.strip())).strip()[:40]


class StepFailed(Exception):
    """An expected reply did not arrive."""


MESSAGE, UPDATE, INVOKE = "message", "update", "invoke"


@dataclass
class Reply:
    """One bot message as the Playground pushed it to its web UI (or, kind INVOKE, the bot's invoke answer)."""

    conversation_id: str
    message_id: str
    text: str
    cards: list[Card]
    kind: str = MESSAGE  # MESSAGE: a new message; UPDATE: the message `message_id` was replaced

    @property
    def card(self) -> Card | None:
        return self.cards[0] if self.cards else None

    @property
    def shown(self) -> str:
        """Everything the user reads: the text and every card's text blocks, text runs and facts (a rich text
        block's runs also as the one line they make: "Uppföljning: 4 av 5")."""
        parts = [self.text]
        for element in walk(self.cards):
            if element.get("type") == "RichTextBlock":
                parts.append("".join(str(run.get("text", "")) for run in element.get("inlines", [])))
            if element.get("type") in ("TextBlock", "TextRun"):
                parts.append(str(element.get("text", "")))
            elif "title" in element and "value" in element and not str(element.get("type", "")).startswith("Act"):
                parts.append(f"{element['title']}: {element['value']}")
        return "\n".join(parts)


# --- reading cards --------------------------------------------------------------------------------------------


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every element of a card, depth first, including nested containers, columns and show-cards."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def submit_actions(card: Card) -> list[Card]:
    return [e for e in walk(card) if e.get("type") == "Action.Submit" and isinstance(e.get("data"), dict)]


def action_named(card: Card | None, name: str, **data: Any) -> Card | None:
    """The card's Action.Submit whose data has this `action` (and the given extra data)."""
    for action in submit_actions(card or {}):
        if action["data"].get("action") == name and all(action["data"].get(k) == v for k, v in data.items()):
            return action
    return None


def inputs_of(card: Card) -> list[Card]:
    return [e for e in walk(card.get("body", [])) if str(e.get("type", "")).startswith("Input.") and "id" in e]


def execute_action(card: Card | None, verb: str, **data: Any) -> Card | None:
    """The card's Action.Execute with this verb (a Universal Action, sent to the bot as an invoke), also one in a
    show-card, and with the given data."""
    for action in walk(card or {}):
        found = action.get("type") == "Action.Execute" and action.get("verb") == verb
        if found and all((action.get("data") or {}).get(k) == v for k, v in data.items()):
            return action
    return None


def fact(card: Card | None, title: str) -> str | None:
    """The value of the card's fact with this title."""
    for element in walk(card or {}):
        if element.get("type") == "FactSet":
            for item in element.get("facts", []):
                if item.get("title") == title:
                    return str(item.get("value"))
    return None


def title_of(card: Card) -> str:
    blocks = [e["text"] for e in walk(card.get("body", [])) if e.get("type") == "TextBlock" and e.get("text")]
    return " — ".join(blocks[:2]) if blocks else "(no text)"


def short(reply: Reply) -> str:
    """A reply in one line: its text, or each card's heading, inputs and buttons."""
    parts = [" ".join(reply.text.split())[:170]] if reply.text else []
    if reply.kind != MESSAGE:
        parts.insert(0, f"({'invoke answer' if reply.kind == INVOKE else 'updated ' + reply.message_id})")
    for card in reply.cards:
        inputs = inputs_of(card)
        choices = [i for i in inputs if i.get("type") == "Input.ChoiceSet"]
        buttons = [a.get("title", "?") for a in walk(card.get("actions", [])) if str(a.get("type")).startswith("Act")]
        summary = f"[card] {title_of(card)[:110]}"
        if inputs:
            summary += f" | {len(choices)} choice sets, {len(inputs) - len(choices)} text inputs"
        if buttons:
            summary += " | (" + ") (".join(buttons) + ")"
        parts.append(summary)
    return "  ".join(parts) or "(empty message)"


# --- the Playground -------------------------------------------------------------------------------------------


@dataclass
class Playground:
    """A client of one running Playground: sends as its current user and reads the bot's replies off its socket."""

    base: str
    locale: str
    session: aiohttp.ClientSession
    config: dict[str, Any] = field(default_factory=dict)
    replies: asyncio.Queue[Reply] = field(default_factory=asyncio.Queue)
    _reader: asyncio.Task[None] | None = None

    @property
    def native(self) -> bool:
        return self.locale == NATIVE_LOCALE

    @property
    def me(self) -> dict[str, Any]:
        return self.config["currentUser"]

    @property
    def bot(self) -> dict[str, Any]:
        return self.config["bot"]

    @property
    def personal_chat(self) -> str:
        return str(self.config["personalChat"]["id"])

    @property
    def team_channel(self) -> str:
        return str(self.config["teams"][0]["channels"][0]["id"])

    async def connect(self) -> None:
        async with self.session.get(f"{self.base}/_internal/v1/config") as response:
            response.raise_for_status()
            self.config = (await response.json())["config"]
        socket_url = self.base.replace("http", "ws", 1) + "/_ws_conversation/v1/conversations/stream"
        socket = await self.session.ws_connect(socket_url, heartbeat=20)
        self._reader = asyncio.create_task(self._read(socket))

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    async def _read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        """The socket's createMessage (new, also proactive, messages) and updateMessage (a bot's PUT) events.

        A channel message starts a thread: its conversation is the post, `postConversationId`.
        """
        kinds = {"createMessage": MESSAGE, "updateMessage": UPDATE}
        async for frame in socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            event = json.loads(frame.data)
            message = event.get("message") or {}
            if event.get("action") not in kinds or message.get("from", {}).get("id") != self.bot["id"]:
                continue
            cards = [
                a["content"]
                for a in message.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
            ]
            conversation = message.get("postConversationId") or event.get("actionConversationId", "")
            text = message.get("text") or ""
            await self.replies.put(Reply(conversation, str(message["messageId"]), text, cards, kinds[event["action"]]))

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        async with self.session.post(self.base + path, json=body) as response:
            if response.status >= 300:
                raise StepFailed(f"POST {path} answered {response.status}: {(await response.text())[:300]}")
            return await response.json() if response.content_type == "application/json" else None

    async def install(self, conversation_id: str) -> None:
        """What the UI does when the app is added: installationUpdate and conversationUpdate (members added)."""
        await self._post(f"/_debug/conversation/{conversation_id}/installation", {})

    async def say(self, text: str, conversation_id: str | None = None, *, mention_bot: bool = False) -> None:
        conversation_id = conversation_id or self.personal_chat
        mentions = []
        if mention_bot:
            at = f"<at>{self.bot['name']}</at>"
            text = f"{at} {text}"
            mentions = [{"mentioned": {"id": self.bot["id"]}, "text": at}]
        if self.native:
            body: dict[str, Any] = {"from": {"id": self.me["id"]}, "text": text, "textFormat": "plain"}
            if mentions:
                body["mentions"] = mentions
            await self._post(f"/_conversation/v1/conversations/{conversation_id}/messages", body)
        else:
            entities = [
                {"type": "mention", "mentioned": {**m["mentioned"], "name": self.bot["name"]}, "text": m["text"]}
                for m in mentions
            ]
            await self._custom(conversation_id, {"text": text, "textFormat": "plain"}, entities)

    async def submit(self, reply: Reply, value: dict[str, Any]) -> None:
        """An Action.Submit pressed on `reply`'s card: the action's data merged with the card's input values."""
        if self.native:
            body = {
                "conversation": {"id": reply.conversation_id},
                "from": {"id": self.me["id"]},
                "replyToId": reply.message_id,
                "value": value,
            }
            await self._post("/_conversation/v1/submit", body)
        else:
            await self._custom(reply.conversation_id, {"replyToId": reply.message_id, "value": value})

    async def execute(self, reply: Reply, action: Card, inputs: dict[str, Any] | None = None) -> None:
        """An Action.Execute pressed on `reply`'s card, as the web UI sends it: an `adaptiveCard/action` invoke.

        The card's input values go in the action's data, as Teams merges them. The Playground relays the bot's
        answer ({type, value}) as the HTTP response and puts the card it carries in place of the pressed one;
        here the answer is queued as a reply of kind INVOKE.
        """
        value = {"action": {k: action.get(k) for k in ("type", "title", "verb", "data")}}
        value["action"]["data"] = {**(action.get("data") or {}), **(inputs or {})}
        body = {
            "name": "adaptiveCard/action",
            "value": value,
            "from": {"id": self.me["id"]},
            "conversation": {"id": reply.conversation_id},
            "replyToId": reply.message_id,
        }
        answer = await self._post("/_conversation/v1/invoke", body) or {}
        card = answer.get("value") if answer.get("type") == "application/vnd.microsoft.card.adaptive" else None
        text = "" if card else f"{answer.get('type')}: {str(answer.get('value'))[:150]}"
        await self.replies.put(Reply(reply.conversation_id, reply.message_id, text, [card] if card else [], INVOKE))

    async def _custom(self, conversation_id: str, fields: dict[str, Any], entities: list[Any] | None = None) -> None:
        """A message the Playground builds for this conversation, sent with our locale."""
        params = {"conversationId": conversation_id}
        async with self.session.get(f"{self.base}/_internal/v1/customActivities/template", params=params) as response:
            response.raise_for_status()
            activity = await response.json()
        activity.update(type="message", locale=self.locale, **fields)
        activity["from"]["name"] = self.me["name"]
        channel_data: dict[str, Any] = {"source": {"name": "message"}, "tenant": {"id": self.config["tenantId"]}}
        if activity["conversation"].get("conversationType") == "channel":
            team = self.config["teams"][0]["id"]
            channel_data.update(team={"id": team}, channel={"id": conversation_id}, teamsTeamId=team)
        activity["channelData"] = channel_data
        activity["entities"] = [*(entities or []), {"type": "clientInfo", "locale": self.locale, "platform": "Web"}]
        await self._post("/_internal/v1/customActivities", activity)

    async def collect(self, timeout: float, settle: float) -> list[Reply]:
        """Replies to one turn: waits up to `timeout` for the first, then until none came for `settle` seconds."""
        got: list[Reply] = []
        with contextlib.suppress(TimeoutError):
            got.append(await asyncio.wait_for(self.replies.get(), timeout))
            while True:
                got.append(await asyncio.wait_for(self.replies.get(), settle))
        return got


# --- the journey ----------------------------------------------------------------------------------------------


@dataclass
class Journey:
    playground: Playground
    timeout: float = 20.0
    settle: float = 1.5
    step_number: int = 0
    warnings: list[str] = field(default_factory=list)
    seen: list[Reply] = field(default_factory=list)  # every reply so far, also those that came between steps
    reference: str = ""  # the request ordered on the way
    unit_name: str = ""  # the unit chosen on the way, whose self-assessment is submitted
    assignee: str = ""  # whom the request was given to on the way (issue 15's workbench)
    after_hours: bool = False  # the reminder round said its messages wait for working hours
    checks: list[str] = field(default_factory=list)  # what the current step has verified so far
    step_warnings: int = 0  # warnings so far in the current step

    @property
    def language(self) -> str:
        return "en" if self.playground.locale.lower().startswith("en") else "sv"

    def phrase(self, key: str) -> str:
        """The fragment that marks an expected reply, or `key` itself when it is a literal (the bot's name)."""
        if key not in EXPECTED:
            return key
        return fragment(CHANNEL_LANGUAGE if key in CHANNEL_KEYS else self.language, EXPECTED[key])

    async def step(self, title: str, act: Awaitable[None]) -> list[Reply]:
        """Do one user action and print what the bot answered (and the previous step's verdict first)."""
        self.verdict()
        self.step_number += 1
        print(f"\n{self.step_number:>2}. {title}")
        await act
        replies = await self.playground.collect(self.timeout, self.settle)
        for reply in replies:
            print(f"    bot> {short(reply)}")
        self.seen.extend(replies)
        if not replies:
            raise StepFailed(f"no reply within {self.timeout:.0f} s to: {title}")
        self.checks.append(f"{len(replies)} {'reply' if len(replies) == 1 else 'replies'}")
        return replies

    def check(self, what: str) -> None:
        """Something the current step verified, listed in its verdict."""
        self.checks.append(what)

    def verdict(self) -> None:
        """The finished step's PASS (or WARN, when it warned) with what was checked; a FAIL ends the walk."""
        if self.step_number and self.checks:
            print(f"    {'WARN' if self.step_warnings else 'PASS'}: {'; '.join(self.checks)}")
        self.checks, self.step_warnings = [], 0

    async def wait_for(self, what: str, wanted: Callable[[Reply], bool]) -> Reply:
        """The latest reply so far that is `wanted`, or the first such to arrive within the timeout.

        For what the bot sends on its own (the outbox worker's posts and updates), which may come at any time.
        """
        for reply in reversed(self.seen):
            if wanted(reply):
                self.check(f"{what} arrived")
                return reply
        deadline = asyncio.get_running_loop().time() + self.timeout
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            try:
                reply = await asyncio.wait_for(self.playground.replies.get(), left)
            except TimeoutError:
                break
            print(f"    bot> (later) {short(reply)}")
            self.seen.append(reply)
            if wanted(reply):
                self.check(f"{what} arrived")
                return reply
        raise StepFailed(f"{what} did not arrive within {self.timeout:.0f} s")

    def text_with(self, replies: list[Reply], key: str) -> Reply:
        wanted = self.phrase(key)
        for reply in replies:
            if wanted in reply.shown:
                self.check(f"{wanted!r}")
                return reply
        raise StepFailed(f"expected a reply containing {wanted!r}")

    def card_with(self, replies: list[Reply], action: str, **data: Any) -> Reply:
        for reply in replies:
            if action_named(reply.card, action, **data):
                self.check(f"a card with {action!r}")
                return reply
        raise StepFailed(f"expected a card with the action {action!r} {data or ''}".rstrip())

    async def press(self, reply: Reply, action: str, inputs: dict[str, Any] | None = None, **data: Any) -> None:
        button = action_named(reply.card, action, **data)
        if button is None:
            raise StepFailed(f"the card has no {action!r} button")
        await self.playground.submit(reply, {**(inputs or {}), **button["data"]})

    # -- personal chat --

    async def run(self) -> None:
        pg = self.playground
        replies = await self.step("Install the app in the personal chat", pg.install(pg.personal_chat))
        welcome = next((r for r in replies if "**Kvalitetslotsen**" in r.text), None)
        if welcome is None:
            raise StepFailed("expected the welcome text")
        self.in_language(welcome, "welcome")
        if not any(action_named(r.card, "assessment") for r in replies):
            others = " / ".join(r.text[:60] for r in replies if r is not welcome)
            self.warn(f"no menu card after the welcome (a dialog was already in progress?): {others!r}")

        replies = await self.step('Type "meny"', pg.say("meny"))
        menu = self.card_with(replies, "assessment")

        replies = await self.step(f"Menu: {label(menu, 'change_unit')}", self.press(menu, "change_unit"))
        departments = self.card_with(replies, "choose_department")
        department = first_choice(departments.card, "department")
        replies = await self.step(
            f"Choose {department}, {label(departments, 'choose_department')}",
            self.press(departments, "choose_department", {"department": department}),
        )
        units = self.card_with(replies, "choose_unit")
        unit = first_choice(units.card, "unit")
        self.unit_name = choice_title(units.card, "unit", unit)
        replies = await self.step(
            f"Choose {unit}, {label(units, 'choose_unit')}", self.press(units, "choose_unit", {"unit": unit})
        )
        self.text_with(replies, "chosen")
        menu = self.card_with(replies, "assessment")

        replies = await self.step(f"Menu: {label(menu, 'assessment')}", self.press(menu, "assessment"))
        if any(action_named(r.card, "new_version") for r in replies):
            already = self.card_with(replies, "new_version")
            title = f"Already submitted: {label(already, 'new_version')}"
            replies = await self.step(title, self.press(already, "new_version"))
        replies = await self.assess(replies)

        menu = self.card_with(replies, "assessment")
        replies = await self.step(f"Menu: {label(menu, 'assessment')} again", self.press(menu, "assessment"))
        self.card_with(replies, "new_version")
        replies = await self.step('Type "4" where the card is expected', pg.say("4"))
        self.text_with(replies, "use_card")
        if any(r.cards for r in replies):
            raise StepFailed("typed text should get a hint, not a new card")

        replies = await self.step('Type "hjälp"', pg.say("hjälp"))
        if not any(any(e.get("type") == "FactSet" for e in walk(r.card)) for r in replies if r.card):
            raise StepFailed("expected the help card")
        replies = await self.step('Type "avbryt"', pg.say("avbryt"))
        self.text_with(replies, "cancelled")
        self.card_with(replies, "assessment")

        words = WORDS[self.language]  # at the menu: a greeting, thanks, and something the bot does not know
        replies = await self.step(f'Type "{words["greeting"]}"', pg.say(words["greeting"]))
        self.card_with(replies, "assessment")
        replies = await self.step(f'Type "{words["thanks"]}"', pg.say(words["thanks"]))
        self.text_with(replies, "talk_thanks")
        if any(r.cards for r in replies):
            raise StepFailed("thanks should get a short answer, not a card")
        replies = await self.step(f'Type "{words["unknown"]}"', pg.say(words["unknown"]))
        self.text_with(replies, "not_understood")
        self.card_with(replies, "assessment")

        await self.order_support()
        await self.action_plan()
        await self.next_version_draft()
        await self.team_channel()
        await self.administration()

    # -- ordering support, in the personal chat --

    async def order_support(self) -> None:
        """Order the first offering, its form first sent incomplete; review, send; then "mina ärenden"."""
        pg = self.playground
        words = WORDS[self.language]  # as people write it, not the command
        replies = await self.step(f'Type "{words["order"]}"', pg.say(words["order"]))
        offerings = self.card_with(replies, "choose_offering")
        offering = str((action_named(offerings.card, "choose_offering") or {})["data"]["offering"])
        title = f"Offering {offering}: {label(offerings, 'choose_offering')}"
        replies = await self.step(title, self.press(offerings, "choose_offering", offering=offering))
        form = self.card_with(replies, "review_order", offering=offering)
        values = fill_order(form.card or {})
        if not any(name.startswith("field.") for name in values):
            self.warn(f"the first offering ({offering}) has no fields of its own: only the common ones are tested")
        undescribed = {k: v for k, v in values.items() if k != "description"}
        title = f"Form: {label(form, 'review_order')} without the need described"
        replies = await self.step(title, self.press(form, "review_order", undescribed))
        self.text_with(replies, "order_errors")
        if any(r.cards for r in replies):
            raise StepFailed("a refused form should be explained, not shown again")
        title = f"Form: {label(form, 'review_order')} with {len(values)} values, the same card again"
        replies = await self.step(title, self.press(form, "review_order", values))
        review = self.card_with(replies, "send_order")
        if values["description"] not in review.shown:
            raise StepFailed("the review does not show the need described")
        replies = await self.step(f"Review: {label(review, 'send_order')}", self.press(review, "send_order"))
        thanks = self.text_with(replies, "order_thanks")
        found = REFERENCE.search(thanks.text)
        if found is None:
            raise StepFailed(f"no reference number in {thanks.text[:80]!r}")
        self.reference = found.group()
        print(f"    ordered: {self.reference}")

        replies = await self.step('Type "mina ärenden"', pg.say("mina ärenden"))
        mine = self.text_with(replies, "my_requests")
        if self.reference not in mine.shown or not action_named(mine.card, "cancel_request"):
            raise StepFailed(f"expected {self.reference} with a {'cancel_request'!r} button in my requests")

        replies = await self.step(f'Type "{words["results"]}"', pg.say(words["results"]))
        results = self.text_with(replies, "my_results")
        charts = {element.get("type") for element in walk(results.card or {})}
        if not charts & {"Chart.Line", "Chart.VerticalBar.Grouped"}:
            raise StepFailed("the results card has no chart: a line over several periods, or bars for one")
        self.check("a line over the periods" if "Chart.Line" in charts else "bars against the groups (one period)")

    # -- the action plan and the next version (issue 16) --

    async def action_plan(self) -> None:
        """Write an action for the weakest factor of the submitted assessment, then mark it done in Mina åtgärder.

        The week-before reminder cannot come in a walk (an action written within a week of its day is not
        reminded, and one due later is reminded days from now): its "done" button is tested over HTTP."""
        pg = self.playground
        words = WORDS[self.language]
        replies = await self.step(f'Type "{words["plan"]}"', pg.say(words["plan"]))
        plan = self.card_with(replies, "save_actions")
        values = fill_action(plan.card or {}, date.today() + timedelta(days=30))
        title = f"Action plan: {label(plan, 'save_actions')}"
        replies = await self.step(title, self.press(plan, "save_actions", values))
        self.text_with(replies, "actions_saved")
        replies = await self.step(f'Type "{words["my_actions"]}"', pg.say(words["my_actions"]))
        mine = self.text_with(replies, "my_actions")
        done = action_named(mine.card, "action_done")
        if done is None or values["action.1.what"] not in mine.shown:
            raise StepFailed("Mina åtgärder does not list the action with its button")
        title = f"My actions: {done.get('title', 'action_done')}"
        replies = await self.step(title, self.press(mine, "action_done", action_id=done["data"]["action_id"]))
        self.text_with(replies, "action_done")

    async def next_version_draft(self) -> None:
        """Start the next version, prefilled from the submitted one, and save its first card half filled."""
        replies = await self.step('Type "självvärdering"', self.playground.say("självvärdering"))
        already = self.card_with(replies, "new_version")
        title = f"Already submitted: {label(already, 'new_version')}"
        replies = await self.step(title, self.press(already, "new_version"))
        self.text_with(replies, "new_version")
        outcomes = next((r for r in replies if action_named(r.card, "save_outcomes")), None)
        if outcomes is not None:  # the plan's actions of this perspective, asked about first
            answers = fill_outcomes(outcomes.card or {})
            title = f"How did the actions go: {label(outcomes, 'save_outcomes')} ({len(answers)} answers)"
            replies = await self.step(title, self.press(outcomes, "save_outcomes", answers))
        shown = self.card_with(replies, "save_draft")
        scores = [e for e in inputs_of(shown.card or {}) if e["id"].startswith("score.")]
        if not scores or not all(e.get("value") for e in scores):
            raise StepFailed("the next version's card is not prefilled with the submitted ratings")
        if self.phrase("previous_rating") not in shown.shown:
            raise StepFailed("the card does not show last time's rating under the factors")
        self.check(f"{len(scores)} ratings prefilled, last time's rating shown")
        half = {e["id"]: str(e["value"]) for e in scores[: max(1, len(scores) // 2)]}
        title = f"Perspective card: {label(shown, 'save_draft')} with {len(half)} of {len(scores)} ratings"
        replies = await self.step(title, self.press(shown, "save_draft", half))
        self.text_with(replies, "draft_saved")

    # -- the central team's channel --

    async def team_channel(self) -> None:
        """Install, link the channel, take the request from its proactively posted card, list open requests."""
        pg = self.playground
        channel = pg.team_channel
        replies = await self.step(f"Install the app in the team channel {channel}", pg.install(channel))
        self.in_language(self.text_with(replies, "Kvalitetslotsen"), "channel_installed")
        replies = await self.step("@mention the bot in the channel: hjälp", pg.say("hjälp", channel, mention_bot=True))
        self.in_language(self.text_with(replies, "Kvalitetslotsen"), "channel_help")

        print(f"    (ADMIN_IDS must hold the Playground user's aadObjectId {pg.me.get('aadObjectId')!r})")
        replies = await self.step("@mention the bot: koppla kanal", pg.say("koppla kanal", channel, mention_bot=True))
        self.text_with(replies, "linked")
        posted = await self.wait_for(f"the channel card of {self.reference}", self.request_card(MESSAGE))
        take = execute_action(posted.card, TAKE)
        if take is None or take.get("data", {}).get("request_id") is None:
            raise StepFailed(f"the channel card has no {TAKE!r} Action.Execute with a request_id")

        replies = await self.step(f"Channel card: {take.get('title')} ({TAKE})", pg.execute(posted, take))
        answer = next((r for r in replies if r.kind == INVOKE), None)
        if answer is None or not self.request_card(INVOKE, taken=True)(answer):
            raise StepFailed("the invoke was not answered with the refreshed card (status taken)")
        updated = self.request_card(UPDATE, taken=True)
        await self.wait_for("the update of the posted card", lambda r: r.message_id == posted.message_id and updated(r))
        notice = await self.wait_for(
            f"the manager's message about {self.reference}",
            lambda r: r.conversation_id == pg.personal_chat and self.reference in r.shown and r.kind == MESSAGE,
        )
        self.in_language(notice, "notify_take")
        if pg.me["name"] not in notice.shown:
            self.warn(f"the manager's message does not name {pg.me['name']}: {notice.shown[:80]!r}")
        await self.take_again(answer)
        latest = await self.workbench(posted, answer)

        replies = await self.step("@mention the bot: ärenden", pg.say("ärenden", channel, mention_bot=True))
        listing = self.text_with(replies, "open_requests")
        holder = self.assignee or pg.me["name"]  # given to a colleague on the way
        if self.reference not in listing.shown or holder not in listing.shown:
            raise StepFailed(f"expected {self.reference}, held by {holder}, among the open requests")

        replies = await self.step("@mention the bot: rapport", pg.say("rapport", channel, mention_bot=True))
        self.text_with(replies, "report")

        await self.reminders()
        await self.follow_up(posted, latest)

    # -- administration (issue 14) --

    async def administration(self) -> None:
        """The administrator's menu, the catalogue card with its files behind signed links (fetched here as a
        browser would), and the catalogue's earlier versions. The Playground has no file upload or file consent:
        publishing a changed file is tested over HTTP (tests/test_catalogue_journey.py)."""
        pg = self.playground
        replies = await self.step('Type "administration"', pg.say("administration"))
        menu = self.text_with(replies, "admin_menu")
        typed = [a.get("data", {}).get("msteams", {}).get("value") for a in submit_actions(menu.card or {})]
        if len(typed) != 6 or not all(isinstance(text, str) for text in typed):
            raise StepFailed(f"expected six commands on the administration card, got {typed!r}")
        self.check("six administrator's commands")
        replies = await self.step(f'Administration: "{typed[0]}"', pg.say(typed[0]))
        catalogue = self.text_with(replies, "catalogue")
        links = [a["url"] for a in walk(catalogue.card or {}) if a.get("type") == "Action.OpenUrl"]
        if len(links) != 2:
            raise StepFailed(f"expected an Excel and a YAML link on the catalogue card, got {len(links)}")
        async with pg.session.get(links[0]) as response:
            body = await response.read()
        if response.status != 200 or not body.startswith(b"PK"):
            raise StepFailed(f"the catalogue's Excel link answered {response.status} with {body[:20]!r}")
        self.check(f"the Excel file behind its link ({len(body)} bytes)")
        replies = await self.step(
            f"Catalogue: {label(catalogue, 'catalogue_history')}", self.press(catalogue, "catalogue_history")
        )
        self.text_with(replies, "catalogue_history")

    # -- reminders (issue 5) --

    async def reminders(self) -> None:
        """The central team's reminder round, the proactive reminder, "Sluta påminna mig", a round that counts the
        manager as opted out, and reminders turned on again by typing."""
        pg = self.playground
        words = WORDS[self.language]
        summary = await self.remind_round(f"@mention the bot: {words['remind']}")
        counts = self.round_counts(summary)
        self.after_hours = self.phrase("round_after_hours") in summary.shown
        reminder: Reply | None = None
        if counts["queued"] == 0:
            self.warn(
                f"no reminder was sent ({counts}): every unit of the Playground user has submitted, or they were "
                "reminded in the last days; use a fresh database and a UNIT_MANAGERS_FILE naming them for several units"
            )
        else:
            reminder = await self.proactive_reminder()
        if reminder is not None and self.after_hours:
            said = next(line for line in summary.shown.splitlines() if self.phrase("round_after_hours") in line)
            self.after_hours = False
            self.warn(f"the bot's round card says {said!r}, but the reminder came at once, in working hours")
        if reminder is not None:
            title = f"Reminder: {label(reminder, 'reminders_off')}"
            replies = await self.step(title, self.press(reminder, "reminders_off"))
        else:
            replies = await self.step(f'Type "{words["reminders_off"]}"', pg.say(words["reminders_off"]))
        switched = self.text_with(replies, "reminders_off")
        if not action_named(switched.card, "reminders_on"):
            raise StepFailed("the answer has no button that turns reminders on again")
        self.check("a button to turn them on again")

        again = await self.remind_round(f"@mention the bot: {words['remind']} again, now that reminders are off")
        opted_out = self.round_counts(again)["opted_out"]
        if opted_out < 1:
            raise StepFailed(f"the round does not count the Playground user as opted out ({opted_out})")
        self.check(f"{opted_out} opted out")

        replies = await self.step(f'Type "{words["reminders_on"]}"', pg.say(words["reminders_on"]))
        self.text_with(replies, "reminders_on")

    async def proactive_reminder(self) -> Reply | None:
        """The reminder the round queued, proactively in the personal chat; None when it waits for working hours.

        The Playground delivered the channel card and the manager's notice proactively already: a reminder that
        was queued in working hours and does not come is the bot's fault, not a limitation of the Playground.
        """
        pg = self.playground
        try:
            reminder = await self.wait_for(
                "the proactive reminder in the personal chat",
                lambda r: (
                    r.conversation_id == pg.personal_chat
                    and r.kind == MESSAGE
                    and action_named(r.card, "reminders_off") is not None
                ),
            )
        except StepFailed:
            if not self.after_hours:
                raise
            self.warn(
                "the round came outside REMINDER_HOURS (08-17 Swedish time on working days by default): the reminder "
                "waits for the next working moment; start the bot with REMINDER_HOURS=00-23:59 to see it"
            )
            return None
        self.in_language(reminder, "reminder")
        if not action_named(reminder.card, "assessment"):
            raise StepFailed("the reminder has no button to start the self-assessment")
        if f"- {self.unit_name}" in reminder.shown:
            raise StepFailed(f"the reminder lists {self.unit_name}, whose self-assessment was submitted")
        self.check(f"the submitted unit {self.unit_name} is not listed")
        return reminder

    async def remind_round(self, title: str) -> Reply:
        """`påminn` in the channel: the round's card, in the channel's language whatever the sender's."""
        pg = self.playground
        replies = await self.step(title, pg.say(WORDS[self.language]["remind"], pg.team_channel, mention_bot=True))
        summary = self.text_with(replies, "round")
        if not any(element.get("type") == "FactSet" for element in walk(summary.card)):
            raise StepFailed("the round's card has no FactSet of counts")
        return summary

    def round_counts(self, summary: Reply) -> dict[str, int]:
        texts = TEXTS[CHANNEL_LANGUAGE]
        shown = {key: fact(summary.card, texts[f"round.{key}"]) for key in ("queued", "submitted", "opted_out")}
        if any(value is None or not value.isdigit() for value in shown.values()):
            raise StepFailed(f"the round's card lacks a count: {shown}")
        counts = {key: int(str(value)) for key, value in shown.items()}
        print(f"    {title_of(summary.card or {})}: {counts}")
        self.check(f"the counts {counts}")
        return counts

    # -- the follow-up of a closed request (issue 5) --

    async def follow_up(self, posted: Reply, latest: Reply) -> None:
        """Close the request from its channel card; the question in the personal chat (or, after hours, in
        "Mina ärenden") answered 4 of 5 with a comment; the posted card shows the answer; a second press."""
        pg = self.playground
        texts = TEXTS[CHANNEL_LANGUAGE]
        close = execute_action(latest.card, CLOSE)
        if close is None or not isinstance(close.get("data", {}).get("request_id"), int):
            raise StepFailed(f"the channel card has no {CLOSE!r} Action.Execute with a request_id")
        request_id = int(close["data"]["request_id"])
        note = {"note": "Utbildningen är genomförd. Playground-test."}
        replies = await self.step(
            f"Channel card: {close.get('title')} ({CLOSE}) with a note", pg.execute(latest, close, note)
        )
        closed = self.request_card(INVOKE, status="closed")
        if not any(closed(r) for r in replies):
            raise StepFailed("the invoke was not answered with the refreshed card (status closed)")
        self.check("the answer shows the request closed")
        waiting = f"{texts['follow_up.fact']}: {texts['follow_up.waiting']}"
        if not any(waiting in r.shown for r in replies if closed(r)):
            raise StepFailed(f"the closed request's card does not show {waiting!r}")
        self.check(f"{waiting!r}")
        updated = self.request_card(UPDATE, status="closed")
        await self.wait_for("the update of the posted card", lambda r: r.message_id == posted.message_id and updated(r))
        closings = [fragment(language, "notify.close") for language in TEXTS]
        notice = await self.wait_for(
            f"the manager's message that {self.reference} is closed",
            lambda r: (
                r.conversation_id == pg.personal_chat
                and any(c in r.shown for c in closings)
                and self.reference in r.shown
            ),
        )
        self.in_language(notice, "notify_close")

        def question(reply: Reply) -> bool:
            return (
                reply.conversation_id == pg.personal_chat
                and reply.kind == MESSAGE
                and execute_action(reply.card, FOLLOW_UP, request_id=request_id) is not None
            )

        asked: Reply | None = None
        try:
            asked = await self.wait_for("the follow-up question in the personal chat", question)
        except StepFailed as missing:
            why = (
                "it is outside REMINDER_HOURS"
                if self.after_hours
                else "is the bot started with FOLLOW_UP_DELAY_DAYS=0?"
            )
            self.warn(f"{missing}: {why}; answering from Mina ärenden instead")
        if asked is None:
            replies = await self.step('Type "mina ärenden" to answer the follow-up there', pg.say("mina ärenden"))
            asked = next((r for r in replies if execute_action(r.card, FOLLOW_UP, request_id=request_id)), None)
            if asked is None:
                raise StepFailed(f"{self.reference} in my requests has no follow-up form ({FOLLOW_UP!r})")
            self.check("the request's follow-up form")
        self.in_language(asked, "follow_up")

        button = execute_action(asked.card, FOLLOW_UP, request_id=request_id) or {}
        answers = follow_up_answers(asked.card or {}, request_id)
        title = f"Follow-up: {button.get('title')} ({FOLLOW_UP}) with {FOLLOW_UP_SCORE} of 5 and a comment"
        replies = await self.step(title, pg.execute(asked, button, answers))
        thanks = next((r for r in replies if r.kind == INVOKE), None)
        if thanks is None:
            raise StepFailed("the follow-up invoke was not answered")
        # The Playground stamps en-US on every invoke (see the module text), and the bot answers an invoke in its
        # locale, as it would a Teams client's: the thank-you is in English whatever the run's locale.
        invoked = TEXTS[INVOKE_LANGUAGE]
        if fragment(INVOKE_LANGUAGE, "follow_up.thanks_title") not in thanks.shown:
            raise StepFailed(f"expected the thank-you {invoked['follow_up.thanks_title']!r}")
        given = invoked["follow_up.thanks"].format(score=FOLLOW_UP_SCORE)
        if given not in thanks.shown:
            raise StepFailed(f"the thank-you does not say {given!r}")
        self.check(f"{given[:40]!r}")
        answered = f"{texts['follow_up.fact']}: {texts['follow_up.answered'].format(score=FOLLOW_UP_SCORE)}"
        shows = await self.wait_for(
            f"the posted card showing {answered!r}",
            lambda r: r.message_id == posted.message_id and r.kind == UPDATE and answered in r.shown,
        )
        if FOLLOW_UP_COMMENT not in shows.shown:
            raise StepFailed("the posted card does not show the follow-up's comment")
        self.check("the comment on the posted card")

        replies = await self.step(
            "The same follow-up answer again",
            pg.execute(asked, button, {k: "1" if v == FOLLOW_UP_SCORE else v for k, v in answers.items()}),
        )
        again = next((r for r in replies if r.kind == INVOKE), None)
        if again is None or invoked["follow_up.already_answered"] not in again.shown:
            raise StepFailed("a second answer was not told that the follow-up is already answered")
        self.check("already answered")
        if any(r.kind == UPDATE and r.message_id == posted.message_id for r in replies):
            raise StepFailed("a second answer changed the posted card")
        self.check("the posted card unchanged")

    async def workbench(self, posted: Reply, taken: Reply) -> Reply:
        """Issue 15 on the request card: assign it to another Playground user (picked from the team's roster, which
        the card lists beside Teams' people picker), write an internal note the manager never sees, comment, and
        the manager answers from the comment's "Svara" in the personal chat; the posted card shows it all.
        Returns the posted card as it is after that (its latest update), for the next action on it."""
        pg = self.playground
        texts = TEXTS[CHANNEL_LANGUAGE]
        colleague = next(u for u in pg.config.get("users", []) if u.get("aadObjectId") != pg.me.get("aadObjectId"))
        assign = execute_action(taken.card, ASSIGN)
        if assign is None:
            raise StepFailed(f"the taken request's card has no {ASSIGN!r} Action.Execute")
        picker = next((e for e in walk(taken.card) if e.get("id") == "assignee"), {})
        if (picker.get("choices.data") or {}).get("dataset") != "graph.microsoft.com/users?scope=currentContext":
            raise StepFailed("the assignment has no people picker (Data.Query, scope=currentContext)")
        if colleague["aadObjectId"] not in [c.get("value") for c in picker.get("choices", [])]:
            self.warn(f"the static choices do not list {colleague['name']} from the team's roster")
        else:
            self.check(f"the roster lists {colleague['name']} as a static choice")
        inputs = {"assignee": colleague["aadObjectId"], "note": "Du kan det här bäst. Playground-test."}
        replies = await self.step(
            f"Channel card: {assign.get('title')} to {colleague['name']}", pg.execute(taken, assign, inputs)
        )
        answer = next((r for r in replies if r.kind == INVOKE), None)
        if answer is None or fact(answer.card, texts["request.fact.assignee"]) != colleague["name"]:
            raise StepFailed(f"the card does not name {colleague['name']} as the assignee")
        self.check(f"assigned to {colleague['name']}")
        self.assignee = colleague["name"]
        await self.wait_for(
            "the manager's message about the new assignee",
            lambda r: r.conversation_id == pg.personal_chat and colleague["name"] in r.shown and r.kind == MESSAGE,
        )

        secret = "Intern anteckning som chefen aldrig ser (Playground-test)"
        note = execute_action(answer.card, NOTE)
        if note is None:
            raise StepFailed(f"the card has no {NOTE!r} Action.Execute")
        replies = await self.step(f"Channel card: {note.get('title')}", pg.execute(answer, note, {"note": secret}))
        answer = next((r for r in replies if r.kind == INVOKE), None)
        if answer is None or secret not in answer.shown:
            raise StepFailed("the internal note is not on the card's history")
        self.check("the note is on the card")

        comment = execute_action(answer.card, COMMENT)
        if comment is None:
            raise StepFailed(f"the card has no {COMMENT!r} Action.Execute")
        question = "Hur många deltagare blir det? Playground-test."
        replies = await self.step(
            f"Channel card: {comment.get('title')}", pg.execute(answer, comment, {"note": question})
        )
        notice = await self.wait_for(
            "the comment in the manager's chat",
            lambda r: r.conversation_id == pg.personal_chat and question in r.shown and r.kind == MESSAGE,
        )
        reply = execute_action(notice.card, REPLY)
        if reply is None:
            raise StepFailed(f"the comment in the manager's chat has no {REPLY!r} (Svara)")
        self.check("the comment has Svara")
        reply_text = "Tolv deltagare, på kvällen. Playground-test."
        replies = await self.step(
            f"Personal chat: {reply.get('title')} to the comment", pg.execute(notice, reply, {"note": reply_text})
        )
        thanks = next((r for r in replies if r.kind == INVOKE), None)
        if thanks is None or reply_text not in thanks.shown:
            raise StepFailed("the manager's answer was not confirmed with what they wrote")
        self.check("the answer is confirmed")
        answered = await self.wait_for(
            "the posted card with the manager's answer",
            lambda r: r.kind == UPDATE and r.message_id == posted.message_id and reply_text in r.shown,
        )
        for expected in (colleague["name"], secret, question):
            if expected not in answered.shown:
                raise StepFailed(f"the posted card does not show {expected!r}")
        self.check("the posted card shows the assignment, the note, the comment and the answer")

        replies = await self.step('Type "mina ärenden"', pg.say("mina ärenden"))
        if not any(self.reference in r.shown for r in replies):
            raise StepFailed(f"expected {self.reference} in my requests")
        told = [r for r in self.seen if r.conversation_id == pg.personal_chat]
        if any(secret in r.shown for r in told):
            raise StepFailed("the internal note reached the manager's chat")
        self.check(f"the internal note is in none of {len(told)} messages in the manager's chat")
        return Reply(posted.conversation_id, posted.message_id, answered.text, answered.cards, UPDATE)  # its thread

    async def take_again(self, taken: Reply) -> None:
        """A second press of "Ta ärendet" by the same person, on the refreshed card: refused, nothing changes."""
        take = execute_action(taken.card, TAKE)
        if take is None:
            return  # a taken request's card need not offer it again
        replies = await self.step(f"Refreshed card: {take.get('title')} again", self.playground.execute(taken, take))
        answer = next((r for r in replies if r.kind == INVOKE), None)
        if answer is None or not self.request_card(INVOKE, taken=True)(answer):
            raise StepFailed("the second press was not answered with the card as it is (status taken)")
        self.text_with([answer], "already_yours")
        if any(r.kind == UPDATE or r.conversation_id == self.playground.personal_chat for r in replies):
            raise StepFailed("a refused press changed the posted card or told the manager")

    def request_card(self, kind: str, *, taken: bool = False, status: str | None = None) -> Callable[[Reply], bool]:
        """Whether a reply is the channel card of the request ordered on the way (and shows it taken, or in the
        status `status`: a key of request.status.… in texts/)."""
        texts = TEXTS[CHANNEL_LANGUAGE]
        status = "taken" if taken else status

        def matches(reply: Reply) -> bool:
            if reply.kind != kind or not reply.card or reply.conversation_id == self.playground.personal_chat:
                return False  # "Mina ärenden" in the personal chat also names the request
            if self.reference not in title_of(reply.card):
                return False
            return status is None or fact(reply.card, texts["request.fact.status"]) == texts[f"request.status.{status}"]

        return matches

    async def assess(self, replies: list[Reply]) -> list[Reply]:
        """Every perspective card until the summary, then submit; one incomplete card and one "back" on the way."""
        tried_incomplete = False
        saved: list[str] = []
        went_back = False
        ratings = itertools.cycle(["3", "4", "2", NOT_APPLICABLE, "1", "4", "3"])
        for _ in range(20):
            summary = next((r for r in replies if action_named(r.card, "submit")), None)
            if summary is not None:
                break
            outcomes = next((r for r in replies if action_named(r.card, "save_outcomes")), None)
            if outcomes is not None:  # the last plan's actions, asked about before their perspective
                answers = fill_outcomes(outcomes.card or {})
                title = f"How did the actions go: {label(outcomes, 'save_outcomes')} ({len(answers)} answers)"
                replies = await self.step(title, self.press(outcomes, "save_outcomes", answers))
                continue
            shown = self.card_with(replies, "save_perspective")
            card = shown.card or {}
            perspective = str((action_named(card, "save_perspective") or {})["data"]["perspective"])
            if not went_back and saved and action_named(card, "back"):
                went_back = True
                replies = await self.step(
                    f"Perspective {perspective}: {label(shown, 'back')}", self.press(shown, "back")
                )
                self.card_with(replies, "save_perspective", perspective=saved[-1])
                continue
            answers = fill(card, ratings, perspective)
            if not tried_incomplete:
                tried_incomplete = True
                missing = next(k for k in answers if k.startswith("score."))
                partial = {k: v for k, v in answers.items() if k != missing}
                title = f"Perspective {perspective}: save without {missing}"
                replies = await self.step(title, self.press(shown, "save_perspective", partial))
                self.text_with(replies, "missing")  # the card back, what is missing at its top
                self.card_with(replies, "save_perspective", perspective=perspective)
            title = f"Perspective {perspective}: save {sum(k.startswith('score.') for k in answers)} ratings"
            replies = await self.step(title, self.press(shown, "save_perspective", answers))
            saved.append(perspective)
        else:
            raise StepFailed("the summary never came")
        if not went_back and len(saved) > 1:  # (a resumed draft may have had one card left)
            raise StepFailed('no card offered "back"')
        replies = await self.step(f"Summary: {label(summary, 'submit')}", self.press(summary, "submit"))
        self.text_with(replies, "thanks")
        self.card_with(replies, "assessment")
        return replies

    def in_language(self, reply: Reply, key: str) -> None:
        if self.phrase(key) not in reply.shown:
            self.warn(f"not in the expected language (run: {self.playground.locale}): {reply.shown.strip()[:60]!r}")
        else:
            self.check("in the expected language")

    def warn(self, text: str) -> None:
        self.warnings.append(f"step {self.step_number}: {text}")
        self.step_warnings += 1
        print(f"    WARN: {text}")


def label(reply: Reply, action: str) -> str:
    """The title of the card's button for `action`, as the manager sees it."""
    return str((action_named(reply.card, action) or {}).get("title", action))


def choice_title(card: Card | None, input_id: str, value: str) -> str:
    for element in inputs_of(card or {}):
        if element["id"] == input_id:
            for choice in element.get("choices", []):
                if str(choice["value"]) == value:
                    return str(choice["title"])
    raise StepFailed(f"the card has no choice {value!r} for {input_id!r}")


def first_choice(card: Card | None, input_id: str) -> str:
    for element in inputs_of(card or {}):
        if element["id"] == input_id and element.get("choices"):
            return str(element["choices"][0]["value"])
    raise StepFailed(f"the card has no choices for {input_id!r}")


def fill_outcomes(card: Card) -> dict[str, str]:
    """The follow-up of last time's actions: the outcome each is preselected with (or the first), and a comment."""
    values: dict[str, str] = {}
    for element in inputs_of(card):
        if element["type"] == "Input.ChoiceSet":
            values[element["id"]] = str(element.get("value") or element["choices"][0]["value"])
        else:
            values[element["id"]] = "Det fungerade bra (Playground-test)"
    return values


def fill_action(card: Card, due: date) -> dict[str, str]:
    """The first action of a plan card, as Teams sends it: its factor, what, who and the day (ISO)."""
    values: dict[str, str] = {}
    for element in inputs_of(card):
        name = element["id"]
        if not name.startswith("action.1."):
            continue
        if element["type"] == "Input.ChoiceSet":
            values[name] = str(element["choices"][0]["value"])
        elif element["type"] == "Input.Date":
            values[name] = due.isoformat()
        elif name.endswith(".what"):
            values[name] = "Gå igenom rutinen på APT (Playground-test)"
        else:
            values[name] = "Samordnaren"
    if "action.1.what" not in values:
        raise StepFailed(f"the plan card has no first action's inputs: {sorted(values)}")
    return values


def fill_order(card: Card) -> dict[str, str]:
    """Values for an order form, as Teams sends them (numbers as text): the offering's fields, the need, and the
    preselected period and unit."""
    values: dict[str, str] = {}
    for element in inputs_of(card):
        name, kind = element["id"], element["type"]
        if kind == "Input.Number":
            values[name] = str(max(int(element.get("min", 1)), min(12, int(element.get("max", 12)))))
        elif kind == "Input.ChoiceSet":
            values[name] = str(element.get("value") or element["choices"][0]["value"])
        elif name == "description":
            values[name] = "Vi vill bli bättre på att följa upp avvikelser. Playground-test."
        else:
            values[name] = f"{element.get('label', name)}: Playground-test"[: int(element.get("maxLength", 200))]
    return values


def follow_up_answers(card: Card, request_id: int) -> dict[str, str]:
    """The follow-up form's values, as Teams sends them: the score chosen (as text) and the comment."""
    values: dict[str, str] = {}
    for element in inputs_of(card):
        if not element["id"].endswith(f".{request_id}"):
            continue  # in Mina ärenden, another request's form
        if element["type"] == "Input.ChoiceSet":
            if FOLLOW_UP_SCORE not in {str(choice["value"]) for choice in element.get("choices", [])}:
                raise StepFailed(f"the follow-up scale does not offer {FOLLOW_UP_SCORE}")
            values[element["id"]] = FOLLOW_UP_SCORE
        elif element["type"] == "Input.Text":
            values[element["id"]] = FOLLOW_UP_COMMENT
    if len(values) != 2:
        raise StepFailed(f"expected a score and a comment input for request {request_id}, got {sorted(values)}")
    return values


def fill(card: Card, ratings: Iterator[str], perspective: str) -> dict[str, str]:
    """Values for every input, as Teams sends them: a rating each, a comment on every other factor, an idea."""
    values: dict[str, str] = {}
    for number, element in enumerate(inputs_of(card)):
        name = element["id"]
        if name.startswith("score."):
            offered = {str(c["value"]) for c in element.get("choices", [])}
            rating = next(ratings)
            values[name] = rating if rating in offered else sorted(offered)[0]
        elif name.startswith("comment."):
            values[name] = f"Kommentar {number} från Playground-testet" if number % 4 == 1 else ""
        else:
            values[name] = f"Förbättringsidé för {perspective}: följ upp varje månad."
    return values


async def main_async(args: argparse.Namespace) -> int:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        playground = Playground(args.base.rstrip("/"), args.locale, session)
        try:
            await playground.connect()
        except (aiohttp.ClientError, OSError) as error:
            print(f"Cannot reach the Playground at {args.base}: {error}", file=sys.stderr)
            return 2
        mode = "its web UI's routes" if playground.native else "custom activities"
        print(f"Playground {args.base}, user {playground.me['name']}, locale {args.locale} ({mode})")
        journey = Journey(playground, timeout=args.timeout)
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
    parser = argparse.ArgumentParser(description="Walk a manager's journey through a running Agents Playground.")
    parser.add_argument("--base", default="http://127.0.0.1:56150", help="the Playground's URL")
    parser.add_argument("--locale", default="sv-SE", help=f"{NATIVE_LOCALE} uses the web UI's own routes")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each reply")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
