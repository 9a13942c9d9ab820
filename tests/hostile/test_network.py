"""A board file alone reaches no host: a URL source is read only for a host the user's own
config allows, a redirect to another host is not followed (nor is a token carried to one),
and a service's answer is not read back through an error. Tried against real HTTP servers
on the loopback addresses that count every request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import HTTPServer
from pathlib import Path

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from tests.hostile.kit import address, serving, url_board


@pytest.fixture
def first() -> Iterator[HTTPServer]:
    yield from serving("127.0.0.1")


@pytest.fixture
def second() -> Iterator[HTTPServer]:
    yield from serving("127.0.0.2")  # another loopback address: another host


def measured(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict]]:
    code = main(["-C", str(root), "measure", "--dry-run", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["measured"]
    return code, {r["ref"].rsplit("/", 1)[1]: r for r in found}


def test_a_board_alone_reaches_no_host(tmp_path, capsys, first):
    root = url_board(tmp_path, {
        "creds": f"http://{address(first)}/creds.json",
        "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "name": f"http://localhost:{first.server_address[1]}/creds.json",
    })  # fmt: skip
    code, found = measured(root, capsys)
    assert code == 1
    assert first.requests == []  # not one request
    assert "127.0.0.1 is not a host you allow" in found["creds"]["error"]
    assert "169.254.169.254 is not a host you allow" in found["metadata"]["error"]
    warned = {p.key.split(".")[3]: p for p in load_board(root).problems}
    assert set(warned) == {"creds", "metadata", "name"}  # check warns of each
    assert all(p.severity == "warning" and "allowed_hosts" in p.message for p in warned.values())


def test_the_users_own_config_allows_a_host_and_the_answer_is_not_echoed(
    tmp_path, capsys, first, user_config
):
    root = url_board(tmp_path, {"creds": f"http://{address(first)}/creds.json"})
    (root / ".okrboard.toml").write_text(f'[measure]\nallowed_hosts = ["{address(first)}"]\n')
    assert measured(root, capsys)[0] == 1 and first.requests == []  # a board file cannot
    user_config.parent.mkdir(parents=True, exist_ok=True)
    user_config.write_text(f'[measure]\nallowed_hosts = ["{address(first)}"]\n')
    found = measured(root, capsys)[1]
    assert len(first.requests) == 1
    assert "is not a date" in found["creds"]["error"]
    assert "AKIA" not in json.dumps(found)  # the answer's text is not read back


def test_a_redirect_to_another_host_is_not_followed(tmp_path, capsys, first, second, monkeypatch):
    first.next = f"http://{address(second)}/creds.json"  # type: ignore[attr-defined]
    root = url_board(tmp_path, {"hop": f"http://{address(first)}/hop"})
    monkeypatch.setenv("OKRBOARD_ALLOW_HOSTS", f"{address(first)},{address(second)}")
    code, found = measured(root, capsys)
    assert code == 1
    assert [path for path, _ in first.requests] == ["/hop"]
    assert second.requests == []  # even to a host also allowed
    assert "redirected to another host" in found["hop"]["error"]


def test_a_redirect_on_the_same_host_is_followed(tmp_path, capsys, first, monkeypatch):
    first.next = "/value.json"  # type: ignore[attr-defined]
    root = url_board(tmp_path, {"hop": f"http://{address(first)}/hop"})
    monkeypatch.setenv("OKRBOARD_ALLOW_HOSTS", address(first))
    measured(root, capsys)
    assert [path for path, _ in first.requests] == ["/hop", "/value.json"]
