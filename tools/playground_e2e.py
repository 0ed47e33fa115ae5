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
"beställ stöd": an offering, its form (first sent without the need described), the review, send (a reference
KL-…); "mina ärenden" with a withdraw button. Then in a team channel: install, @mention "hjälp", "koppla kanal"
(the Playground user must be in ADMIN_IDS: its aadObjectId is in GET /_internal/v1/config), the request's card
arrives proactively, "Ta ärendet" (the answer is the refreshed card, the posted card is updated in place, the
manager is told in the personal chat), "ärenden". Every bot reply is printed in short; the exit code is 1 when
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
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from texts import en, sv

TEXTS = {"sv": sv.TEXTS, "en": en.TEXTS}

Card = dict[str, Any]
NATIVE_LOCALE = "en-US"
NOT_APPLICABLE = "na"
CHANNEL_LANGUAGE = "sv"  # the bot writes in a team channel in the municipality's language, for everyone
REFERENCE = re.compile(r"KL-\d{4}-\d{4,}")
TAKE = "request.take"

# Which of the bot's texts (texts/sv.py, texts/en.py) marks each expected reply; the fragment before the
# first placeholder is looked for, so the script follows the texts when they change.
EXPECTED = {
    "welcome": "welcome.body",
    "chosen": "unit.chosen",
    "saved": "assessment.saved",
    "errors": "errors.header",
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
}
# What the bot writes in a team channel is in the municipality's language whatever the sender's locale.
CHANNEL_KEYS = frozenset({"channel_installed", "channel_help", "linked", "open_requests", "already_yours", "report"})


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
        """Everything the user reads: the text and every card's text blocks, text runs and facts."""
        parts = [self.text]
        for element in walk(self.cards):
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


def execute_action(card: Card | None, verb: str) -> Card | None:
    """The card's Action.Execute with this verb (a Universal Action, sent to the bot as an invoke)."""
    for action in walk(card or {}):
        if action.get("type") == "Action.Execute" and action.get("verb") == verb:
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

    async def execute(self, reply: Reply, action: Card) -> None:
        """An Action.Execute pressed on `reply`'s card, as the web UI sends it: an `adaptiveCard/action` invoke.

        The Playground relays the bot's answer ({type, value}) as the HTTP response and puts the card it carries
        in place of the pressed one; here the answer is queued as a reply of kind INVOKE.
        """
        value = {"action": {k: action.get(k) for k in ("type", "title", "verb", "data")}}
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

    @property
    def language(self) -> str:
        return "en" if self.playground.locale.lower().startswith("en") else "sv"

    def phrase(self, key: str) -> str:
        """The fragment that marks an expected reply, or `key` itself when it is a literal (the bot's name)."""
        if key not in EXPECTED:
            return key
        return fragment(CHANNEL_LANGUAGE if key in CHANNEL_KEYS else self.language, EXPECTED[key])

    async def step(self, title: str, act: Awaitable[None]) -> list[Reply]:
        """Do one user action and print what the bot answered."""
        self.step_number += 1
        print(f"\n{self.step_number:>2}. {title}")
        await act
        replies = await self.playground.collect(self.timeout, self.settle)
        for reply in replies:
            print(f"    bot> {short(reply)}")
        self.seen.extend(replies)
        if not replies:
            raise StepFailed(f"no reply within {self.timeout:.0f} s to: {title}")
        return replies

    async def wait_for(self, what: str, wanted: Callable[[Reply], bool]) -> Reply:
        """The latest reply so far that is `wanted`, or the first such to arrive within the timeout.

        For what the bot sends on its own (the outbox worker's posts and updates), which may come at any time.
        """
        for reply in reversed(self.seen):
            if wanted(reply):
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
                return reply
        raise StepFailed(f"{what} did not arrive within {self.timeout:.0f} s")

    def text_with(self, replies: list[Reply], key: str) -> Reply:
        wanted = self.phrase(key)
        for reply in replies:
            if wanted in reply.shown:
                return reply
        raise StepFailed(f"expected a reply containing {wanted!r}")

    @staticmethod
    def card_with(replies: list[Reply], action: str, **data: Any) -> Reply:
        for reply in replies:
            if action_named(reply.card, action, **data):
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

        await self.order_support()
        await self.team_channel()

    # -- ordering support, in the personal chat --

    async def order_support(self) -> None:
        """Order the first offering, its form first sent incomplete; review, send; then "mina ärenden"."""
        pg = self.playground
        replies = await self.step('Type "beställ stöd"', pg.say("beställ stöd"))
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

        replies = await self.step('Type "mina resultat"', pg.say("mina resultat"))
        results = self.text_with(replies, "my_results")
        if not any(element.get("type") == "Chart.Line" for element in (results.card or {}).get("body", [])):
            raise StepFailed("the results card has no line chart of the periods")

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

        replies = await self.step("@mention the bot: ärenden", pg.say("ärenden", channel, mention_bot=True))
        listing = self.text_with(replies, "open_requests")
        if self.reference not in listing.shown or pg.me["name"] not in listing.shown:
            raise StepFailed(f"expected {self.reference}, taken by {pg.me['name']}, among the open requests")

        replies = await self.step("@mention the bot: rapport", pg.say("rapport", channel, mention_bot=True))
        self.text_with(replies, "report")

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

    def request_card(self, kind: str, *, taken: bool = False) -> Callable[[Reply], bool]:
        """Whether a reply is the channel card of the request ordered on the way (and shows it taken)."""
        texts = TEXTS[CHANNEL_LANGUAGE]

        def matches(reply: Reply) -> bool:
            if reply.kind != kind or not reply.card or reply.conversation_id == self.playground.personal_chat:
                return False  # "Mina ärenden" in the personal chat also names the request
            if self.reference not in title_of(reply.card):
                return False
            return not taken or fact(reply.card, texts["request.fact.status"]) == texts["request.status.taken"]

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
                self.text_with(replies, "errors")
            title = f"Perspective {perspective}: save {sum(k.startswith('score.') for k in answers)} ratings"
            replies = await self.step(title, self.press(shown, "save_perspective", answers))
            saved.append(perspective)
        else:
            raise StepFailed("the summary never came")
        if not went_back:
            raise StepFailed('no card offered "back"')
        replies = await self.step(f"Summary: {label(summary, 'submit')}", self.press(summary, "submit"))
        self.text_with(replies, "thanks")
        self.card_with(replies, "assessment")
        return replies

    def in_language(self, reply: Reply, key: str) -> None:
        if self.phrase(key) not in reply.shown:
            self.warn(f"not in the expected language (run: {self.playground.locale}): {reply.shown.strip()[:60]!r}")

    def warn(self, text: str) -> None:
        self.warnings.append(text)
        print(f"    WARNING: {text}")


def label(reply: Reply, action: str) -> str:
    """The title of the card's button for `action`, as the manager sees it."""
    return str((action_named(reply.card, action) or {}).get("title", action))


def first_choice(card: Card | None, input_id: str) -> str:
    for element in inputs_of(card or {}):
        if element["id"] == input_id and element.get("choices"):
            return str(element["choices"][0]["value"])
    raise StepFailed(f"the card has no choices for {input_id!r}")


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
        except StepFailed as failure:
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
