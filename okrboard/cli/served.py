"""The app in a browser (``okrboard serve``), guarded: textual-serve answers any page and
any websocket, so a local process, a web page the user visits (its script may open a
websocket to 127.0.0.1) or, with ``--host``, anyone on the network could drive the app.
Here each run makes a token that the printed address carries (as Jupyter does); a request
without it, a websocket whose ``Origin`` is not the server's own, or a ``Host`` that is not
this machine's name for a loopback server (DNS rebinding) is refused with 403."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server

COOKIE = "okrboard_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class GuardedServer(Server):
    """textual-serve's server with a per-run token and an Origin check."""

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.token = secrets.token_urlsafe(24)

    @property
    def address(self) -> str:
        """The address to open: the page, with this run's token."""
        return f"{self.public_url}/?token={self.token}"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        # textual-serve prints its address without the token: print the one that opens
        self.console.print(f"Open {self.address}", highlight=False, markup=False)
        self.console.print("Press Ctrl+C to stop.", highlight=False, markup=False)

    def refusal(self, request: web.Request) -> str | None:
        """Why ``request`` is refused, or None."""
        if self.host in LOOPBACK and request.url.host not in LOOPBACK:
            return "this server answers only to this machine's own name"
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return "open the address okrboard serve printed: it carries this run's token"
        if request.path == "/ws" and request.headers.get("Origin") != own_origin(request):
            return "a websocket from another site"
        return None

    @web.middleware
    async def _guard(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        if request.path.startswith("/static/"):  # the page's scripts and fonts: public
            return await handler(request)
        why = self.refusal(request)
        if why is not None:
            return web.Response(status=403, text=f"okrboard serve: refused: {why}\n")
        response = await handler(request)
        if request.path == "/":  # the page's websocket then carries the token as a cookie
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        return response


def own_origin(request: web.Request) -> str:
    """The origin a page served by this server has: its scheme and the Host it was asked by."""
    return f"{request.scheme}://{request.host}"
