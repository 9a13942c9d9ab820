"""okrboard mcp --http, tried as an attacker would: a request without the run's token, a
page of another origin, and two agents proposing at once. The SDK's own client over
Streamable HTTP, with the token, works."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from okrboard.flows import propose
from tests.helpers import git

INIT = (
    b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",'
    b'"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}'
)


@pytest.fixture
def served(tmp_path: Path, demo_master: Path):
    root = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(root))
    process = subprocess.Popen(
        [sys.executable, "-m", "okrboard", "mcp", "--http", "-C", str(root)],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    url = process.stderr.readline().split()[-1]
    token = process.stderr.readline().split()[3]
    port = int(url.split(":")[2].split("/")[0])
    deadline = time.monotonic() + 60
    with socket.socket() as probe:
        while probe.connect_ex(("127.0.0.1", port)) != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    yield root, url, token
    process.terminate()
    process.wait(timeout=30)


def post(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=INIT, method="POST")
    for name, value in {
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        **headers,
    }.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except HTTPError as exc:
        return exc.code


async def test_the_http_server_wants_the_runs_token_and_refuses_other_origins(served):
    root, url, token = served
    assert url.startswith("http://127.0.0.1:")
    assert post(url, {}) == 401
    assert post(url, {"Authorization": "Bearer wrong"}) == 401
    evil = {"Authorization": f"Bearer {token}", "Origin": "http://evil.example"}
    assert post(url, evil) == 403
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
        transport = streamable_http_client(url, http_client=http)
        async with Client(transport, cache=None) as client:
            result = await client.call_tool("board_summary", {})
            assert not result.is_error
            assert result.structured_content["current_quarter"] == "2026-Q4"
    assert git(root, "status", "--porcelain") == ""


def test_two_proposals_at_once_each_get_a_branch_and_lose_nothing(tmp_path, demo_master):
    root = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(root))
    today = dt.date.today()
    made: list[str] = []
    start = threading.Barrier(2)

    def agent(value: int) -> None:
        start.wait()
        entry = {"ref": "activation-rate", "value": value}
        made.append(propose.checkins(root, [entry], today).branch)

    threads = [threading.Thread(target=agent, args=(v,)) for v in (47, 49)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(set(made)) == 2
    shown = [git(root, "show", branch) for branch in made]
    assert any("value = 47" in s for s in shown) and any("value = 49" in s for s in shown)
    assert git(root, "status", "--porcelain") == ""
