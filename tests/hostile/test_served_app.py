"""The served app answers only whoever opens the address ``okrboard serve`` printed: a
request without this run's token, a websocket from another site (a web page the user
visits may open one to 127.0.0.1) or a Host that is not this machine's (DNS rebinding)
gets 403, and no app is started for it."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

import aiohttp
import pytest

from tests.helpers import start_serve


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from okrboard.create.demo import create_demo

    root = tmp_path_factory.mktemp("served") / "demo"
    create_demo(root)
    server, address = start_serve(root)
    yield address
    server.terminate()
    server.communicate(timeout=10)


def status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10):
            return 200
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_page_needs_the_token(served):
    origin = served.split("/?")[0]
    assert status(served) == 200
    assert status(f"{origin}/") == 403
    assert status(f"{origin}/?token=guessed") == 403
    assert status(served, {"Host": f"evil.example:{origin.rsplit(':', 1)[1]}"}) == 403


async def handshake(url: str, origin: str | None, cookie_from: str | None = None) -> int:
    """The websocket handshake's answer: 101 when it opened, else the HTTP status."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        if cookie_from:
            async with session.get(cookie_from) as page:
                assert page.status == 200
        try:
            async with session.ws_connect(url, origin=origin) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def test_a_websocket_from_another_origin_or_without_the_token_is_refused(served):
    origin = served.split("/?")[0]
    token = served.split("token=")[1]
    ws = f"{origin}/ws"
    assert asyncio.run(handshake(ws, "https://evil.example", cookie_from=served)) == 403
    assert asyncio.run(handshake(f"{ws}?token={token}", "https://evil.example")) == 403
    assert asyncio.run(handshake(f"{ws}?token={token}", None)) == 403  # no Origin at all
    assert asyncio.run(handshake(ws, origin)) == 403  # the right origin, no token
    assert asyncio.run(handshake(ws, origin, cookie_from=served)) == 101  # as the page does
