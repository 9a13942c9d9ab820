"""``okrboard mcp --http``: Streamable HTTP on 127.0.0.1 only, behind a token made for
this run and an Origin check, so neither a web page the user visits nor another user of
the machine can drive the server."""

from __future__ import annotations

import secrets
import socket
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Any, Any], Awaitable[None]]


def guarded(app: ASGI, token: str, origins: set[str]) -> ASGI:
    """``app`` answering only requests that carry ``Authorization: Bearer TOKEN`` and,
    when a browser names one, an Origin of ``origins`` (403 and 401 otherwise)."""
    expected = f"Bearer {token}".encode()

    async def guard(scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin")
        if origin is not None and origin.decode("latin-1") not in origins:
            await _refuse(send, 403, b"okrboard mcp: requests from other origins are refused")
            return
        if not secrets.compare_digest(headers.get(b"authorization", b""), expected):
            await _refuse(send, 401, b"okrboard mcp: the token printed at start is needed")
            return
        await app(scope, receive, send)

    return guard


async def _refuse(send: Any, status: int, text: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text + b"\n"})


def serve(server: MCPServer, port: int) -> None:
    """Serve until interrupted; the address and the token are printed (stderr) first."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))  # never another interface
    port = sock.getsockname()[1]
    here = [f"127.0.0.1:{port}", f"localhost:{port}"]
    origins = {f"http://{host}" for host in here}
    security = TransportSecuritySettings(allowed_hosts=here, allowed_origins=sorted(origins))
    app = server.streamable_http_app(transport_security=security, host="127.0.0.1")
    token = secrets.token_urlsafe(24)
    print(f"okrboard mcp: http://127.0.0.1:{port}/mcp", file=sys.stderr)
    print(f"okrboard mcp: token {token} (send: Authorization: Bearer TOKEN)", file=sys.stderr)
    sys.stderr.flush()
    config = uvicorn.Config(guarded(app, token, origins), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
