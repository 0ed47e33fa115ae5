"""Look at the bot's cards as a person would: the Agents Playground's web page in headless Chromium.

Opens the Playground page in `chromium --headless` at a laptop's 1366×768, optionally types messages and clicks
buttons by their label (each step waits for the bot's answer), then saves a PNG of the window and prints the
rendered height in px of the last N cards. It speaks the Chrome DevTools Protocol over aiohttp's websocket
client, so it needs nothing beyond the bot's own dependencies.

    .venv/bin/python tools/playground_screenshot.py --url http://127.0.0.1:56151 \\
        --say meny --click "Självvärdering" --out /tmp/h1/card.png --cards 1

Steps run in the order given on the command line: `--say TEXT` sends a message, `--click LABEL` presses the
last button (or dropdown option, or toggle) with that label, `--choose INDEX=LABEL` picks LABEL in the INDEX-th
dropdown (0-based, counted on the last card), `--wait S` waits S seconds. `--full` saves the last card whole
(beyond the window) instead of the window; `--scroll-top` scrolls the last card's top into view first.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

WIDTH, HEIGHT = 1366, 768
CARDS = ".ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)"  # a card, not a ShowCard's inner card


class Step(argparse.Action):
    """Keeps every step flag in one list, in command-line order."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        steps = getattr(namespace, "steps", None) or []
        steps.append((self.dest, values))
        namespace.steps = steps


class Browser:
    """One page of a headless Chromium, driven over its DevTools websocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse, locale: str | None) -> None:
        self.socket = socket
        self.locale = locale
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.relays: set[asyncio.Task[None]] = set()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """Answers go to their callers; a paused request (Fetch) goes on with the chosen locale."""
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Fetch.requestPaused":
                task = asyncio.create_task(self._relocale(data["params"]))
                self.relays.add(task)
                task.add_done_callback(self.relays.discard)

    async def _relocale(self, paused: dict[str, Any]) -> None:
        """The Playground stamps en-US on what its page sends; a person with a Swedish Teams sends sv-SE. So a
        message or card submit of the page goes to the bot through the Playground's "mock an activity" route
        with our locale instead (as tools/playground_e2e.py does), and the page is told it went."""
        request = paused["request"]
        params: dict[str, Any] = {"requestId": paused["requestId"]}
        url = request["url"]
        path = url.split("/_conversation/v1/", 1)[-1]
        if request["method"] != "POST" or not (path == "submit" or path.endswith("/messages")):
            await self.call("Fetch.continueRequest", **params)
            return
        body = json.loads(request.get("postData") or "{}")
        if path == "submit":
            conversation_id = body["conversation"]["id"]
            fields = {"replyToId": body.get("replyToId"), "value": body.get("value")}
        else:
            conversation_id = path.split("/")[-2]
            fields = {"text": body.get("text", ""), "textFormat": "plain"}
        base = url.split("/_conversation/", 1)[0]
        await self._custom(base, conversation_id, fields)
        await self.call(
            "Fetch.fulfillRequest",
            **params,
            responseCode=201,
            responseHeaders=[{"name": "Content-Type", "value": "application/json"}],
            body=base64.b64encode(b"{}").decode(),
        )

    async def _custom(self, base: str, conversation_id: str, fields: dict[str, Any]) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/_internal/v1/config") as response:
                config = (await response.json())["config"]
            params = {"conversationId": conversation_id}
            async with session.get(f"{base}/_internal/v1/customActivities/template", params=params) as response:
                activity = await response.json()
            activity.update(type="message", locale=self.locale, **fields)
            activity["from"]["name"] = config["currentUser"]["name"]
            activity["channelData"] = {"source": {"name": "message"}, "tenant": {"id": config["tenantId"]}}
            activity["entities"] = [{"type": "clientInfo", "locale": self.locale, "platform": "Web"}]
            async with session.post(f"{base}/_internal/v1/customActivities", json=activity) as response:
                response.raise_for_status()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[number] = future
        await self.socket.send_json({"id": number, "method": method, "params": params})
        message = await asyncio.wait_for(future, 60)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    async def card_count(self) -> int:
        return int(await self.evaluate(f"document.querySelectorAll({json.dumps(CARDS)}).length"))

    async def settle(self, before: int, timeout: float = 20.0, quiet: float = 2.0) -> int:
        """Waits until more cards or messages than `before` are shown and nothing new came for `quiet` s."""
        count_script = f"document.querySelectorAll({json.dumps(CARDS)}).length * 1000 + " + (
            "document.querySelectorAll('[data-testid=\"message-text\"], .fui-ChatMessage, [class*=message]').length"
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last, changed = int(await self.evaluate(count_script)), loop.time()
        start = last
        while loop.time() < deadline:
            await asyncio.sleep(0.3)
            now = int(await self.evaluate(count_script))
            if now != last:
                last, changed = now, loop.time()
            if last != start and loop.time() - changed >= quiet:
                break
        await asyncio.sleep(0.5)
        return await self.card_count()

    async def say(self, text: str) -> None:
        found = await self.evaluate(
            "(() => { const box = document.querySelector('textarea, [contenteditable=true], input[type=text]');"
            " if (!box) return false; box.focus(); return true; })()"
        )
        if not found:
            raise RuntimeError("no message box on the page")
        await self.call("Input.insertText", text=text)
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r"
            )

    async def click(self, label: str) -> bool:
        """Presses the last button, link, option or radio label on the page whose text or aria-label is `label`;
        False when that was a choice (nothing goes to the bot)."""
        script = (
            """((label) => {
            const all = [...document.querySelectorAll('button, [role=button], a, [role=option], option, label')];
            const named = all.filter(e => (e.getAttribute('aria-label') || '').trim() === label
                                        || (e.textContent || '').trim() === label);
            if (!named.length) return false;
            let target = named[named.length - 1];
            if (target.tagName === 'LABEL' && target.htmlFor) target = document.getElementById(target.htmlFor);
            target.scrollIntoView({block: 'center'});
            target.click();
            return target.tagName === 'INPUT' || !!target.closest('[role=radiogroup]') ? 'input' : 'button';
        })"""
            + f"({json.dumps(label)})"
        )
        kind = await self.evaluate(script)
        if not kind:
            raise RuntimeError(f"no button labelled {label!r}")
        return bool(kind == "button")

    async def choose(self, index: int, label: str) -> None:
        """Picks `label` in the index-th dropdown of the last card, as a change the card's renderer sees."""
        script = """((index, label) => {
            const cards = document.querySelectorAll(%s);
            const card = cards[cards.length - 1];
            const select = card.querySelectorAll('select')[index];
            if (!select) return false;
            const option = [...select.options].find(o => o.textContent.trim() === label);
            if (!option) return false;
            select.value = option.value;
            select.dispatchEvent(new Event('change', {bubbles: true}));
            select.dispatchEvent(new Event('input', {bubbles: true}));
            return true;
        })""".replace("%s", json.dumps(CARDS))
        if not await self.evaluate(script + f"({index}, {json.dumps(label)})"):
            raise RuntimeError(f"no dropdown {index} with {label!r} on the last card")

    async def heights(self, last: int) -> list[float]:
        script = f"[...document.querySelectorAll({json.dumps(CARDS)})].slice(-{last})"
        return await self.evaluate(script + ".map(c => Math.round(c.getBoundingClientRect().height))")

    async def screenshot(self, path: Path, *, full_card: bool, scroll_top: bool) -> None:
        if scroll_top or full_card:
            await self.evaluate(
                f"(() => {{ const c = [...document.querySelectorAll({json.dumps(CARDS)})].pop();"
                " if (c) c.scrollIntoView({block: 'start'}); })()"
            )
            await asyncio.sleep(0.5)
        params: dict[str, Any] = {"format": "png"}
        if full_card:  # the chat scrolls inside the page: a window as tall as the card shows it whole
            tall = max(HEIGHT, int(max(await self.heights(1) or [0])) + 300)
            await self.call(
                "Emulation.setDeviceMetricsOverride", width=WIDTH, height=tall, deviceScaleFactor=1, mobile=False
            )
            await asyncio.sleep(1.0)
            await self.evaluate(
                f"(() => {{ const c = [...document.querySelectorAll({json.dumps(CARDS)})].pop();"
                " if (c) c.scrollIntoView({block: 'start'}); })()"
            )
            await asyncio.sleep(0.5)
            box = await self.evaluate(
                f"(() => {{ const c = [...document.querySelectorAll({json.dumps(CARDS)})].pop();"
                " const r = c.getBoundingClientRect();"
                " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()"
            )
            params |= {"clip": {**box, "scale": 1}}
        shot = await self.call("Page.captureScreenshot", **params)
        path.write_bytes(base64.b64decode(shot["data"]))


async def debugger_url(session: aiohttp.ClientSession, port: int) -> str:
    """The page target's websocket, once Chromium answers on its debugging port."""
    for _ in range(100):
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return str(pages[0]["webSocketDebuggerUrl"])
        await asyncio.sleep(0.2)
    raise RuntimeError(f"Chromium did not answer on port {port}")


async def run(args: argparse.Namespace) -> int:
    profile = tempfile.mkdtemp(prefix="pg-shot-", dir=args.out.parent)
    chromium = subprocess.Popen(
        [
            args.chromium,
            "--headless=new",
            f"--remote-debugging-port={args.port}",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--user-data-dir={profile}",
            "--no-sandbox",  # root in a container
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            f"--lang={args.locale}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as session:
            socket = await session.ws_connect(await debugger_url(session, args.port), max_msg_size=0)
            browser = Browser(socket, None if args.locale == "en-US" else args.locale)
            await browser.call("Page.enable")
            if browser.locale:
                await browser.call("Fetch.enable", patterns=[{"urlPattern": "*/_conversation/v1/*"}])
            await browser.call(
                "Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False
            )
            await browser.call("Page.navigate", url=args.url)
            await asyncio.sleep(args.load_wait)
            count = await browser.card_count()
            for kind, value in getattr(args, "steps", None) or []:
                if kind == "say":
                    await browser.say(value)
                elif kind == "click":
                    if not await browser.click(value):  # a radio button or toggle: nothing to wait for
                        continue
                elif kind == "choose":
                    index, _, label = value.partition("=")
                    await browser.choose(int(index), label)
                    continue
                elif kind == "eval":
                    print(f"eval: {await browser.evaluate(value)}")
                    continue
                elif kind == "wait":
                    await asyncio.sleep(float(value))
                    continue
                count = await browser.settle(count)
                print(f"{kind} {value!r}: {count} cards on the page")
            await browser.screenshot(args.out, full_card=args.full, scroll_top=args.scroll_top)
            heights = await browser.heights(args.cards)
            print(f"saved {args.out}")
            print("heights (px) of the last cards:", ", ".join(str(h) for h in heights))
            await socket.close()
            browser.reader.cancel()
    finally:
        chromium.terminate()
        chromium.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:56000", help="the Playground's web page")
    parser.add_argument("--out", type=Path, required=True, help="where the PNG goes")
    parser.add_argument("--cards", type=int, default=1, help="how many of the last cards to measure")
    parser.add_argument("--port", type=int, default=9391, help="Chromium's remote debugging port")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--locale", default="sv-SE", help="the locale the bot sees on messages and clicks")
    parser.add_argument("--load-wait", type=float, default=6.0, help="seconds the page gets to load")
    parser.add_argument("--full", action="store_true", help="save the last card whole instead of the window")
    parser.add_argument("--scroll-top", action="store_true", help="show the last card's top in the window")
    for name in ("say", "click", "choose", "wait", "eval"):
        parser.add_argument(f"--{name}", action=Step, dest=name, metavar=name.upper())
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        return asyncio.run(run(args))
    except RuntimeError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
