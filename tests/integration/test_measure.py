"""Metrics that check themselves in: ``okrboard measure`` on the demo and on boards written
by hand, with real SQLite files, CSV and JSON written like the real exports, an HTTP
server on 127.0.0.1 and real commands; every bad input named with its KR and source."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from okrboard.measure import read, run
from tests.helpers import diff_lines, git, make_board


@pytest.fixture
def demo_copy(tmp_path, demo_master):
    target = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(target))
    return target


def measure(root: Path, *args: str) -> int:
    return main(["-C", str(root), "measure", *args])


def test_a_fresh_demo_measures_at_once_and_a_second_run_changes_nothing(demo_copy, capsys):
    assert measure(demo_copy, "--dry-run") == 0
    said = capsys.readouterr()
    assert "2026-Q4/growth/activation/activation-rate: 46% -> 47% on 2026-11-21" in said.out
    assert "(would record)" in said.out and "7 check-ins would be recorded" in said.err
    assert git(demo_copy, "status", "--porcelain") == ""  # a dry run writes nothing
    assert measure(demo_copy) == 0
    assert "7 check-ins recorded, 0 failed" in capsys.readouterr().err
    added = [line for line in diff_lines(demo_copy) if line.startswith("+    {")]
    assert len(added) >= 5
    assert '+    { date = 2026-11-21, value = 47, author = "okrboard" },' in added
    before = git(demo_copy, "diff")
    assert measure(demo_copy) == 0
    assert "0 check-ins recorded" in capsys.readouterr().err
    assert git(demo_copy, "diff") == before  # the same day, the same values: nothing
    kr = load_board(demo_copy).key_result("2026-Q4/growth/activation/activation-rate")
    assert (kr.value, kr.current) == (47, 47)


BOARD = """\
[board]
name = "Measured"
current_quarter = "2026-Q4"

[teams.growth]
name = "Growth"
"""


def kr_table(kid: str, source: str) -> str:
    return (
        f'\n[objectives.o.key_results.{kid}]\ntitle = "{kid} from 10 to 20"\nbaseline = 10\n'
        f"target = 20\nsource = {source}\n"
    )


def board_with(
    tmp_path: Path, sources: dict[str, str], files: dict[str, str] | None = None
) -> Path:
    okrs = '[objectives.o]\ntitle = "Grow"\n' + "".join(kr_table(k, s) for k, s in sources.items())
    root = make_board(tmp_path / "b", {"board.toml": BOARD, "okrs/2026-Q4/growth.toml": okrs,
                                       **(files or {})})  # fmt: skip
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def database(root: Path, rows) -> None:
    connection = sqlite3.connect(root / "m.db")
    with connection:
        connection.execute("CREATE TABLE m (name TEXT, day TEXT, value)")
        connection.executemany("INSERT INTO m VALUES (?, ?, ?)", rows)
    connection.close()
    git(root, "add", "m.db")
    git(root, "commit", "-qm", "db")


def sql(where: str, columns: str = "value, day") -> str:
    return f'{{ sqlite = "m.db", query = "SELECT {columns} FROM m WHERE {where}" }}'


def results(capsys) -> dict[str, dict]:
    document = json.loads(capsys.readouterr().out)
    return {r["ref"].rsplit("/", 1)[1]: r for r in document["measured"]}


def test_each_bad_source_is_named_and_the_others_are_still_recorded(tmp_path, capsys):
    root = board_with(
        tmp_path,
        {
            "good": sql("name = 'a'"),
            "text": sql("name = 'words'"),
            "rows": sql("name = 'a' OR name = 'b'"),
            "nodb": '{ sqlite = "missing.db", query = "SELECT 1" }',
            "late": sql("name = 'future'"),
            "csv": '{ csv = "signups.csv", column = "signups", date_column = "week" }',
            "nocol": '{ csv = "signups.csv", column = "visits" }',
            "json": '{ json = "status.json", path = "data.uptime", date_path = "data.day" }',
            "absent": '{ json = "status.json", path = "data.latency" }',
        },
        {
            "signups.csv": "week,signups\r\n2026-11-16,14\r\n2026-11-23,15\r\n2026-11-09,12\r\n",
            "status.json": '{"data": {"uptime": 12.5, "day": "2026-11-20"}}',
        },
    )
    database(
        root,
        [("a", "2026-11-20", 13), ("b", "2026-11-20", 14), ("words", "2026-11-20", "thirteen"),
         ("future", "2999-01-01", 12)],
    )  # fmt: skip
    assert measure(root, "--format", "json") == 1  # some failed
    found = results(capsys)
    assert (found["good"]["outcome"], found["good"]["new"], found["good"]["day"]) == (
        "recorded", 13, "2026-11-20")  # fmt: skip
    assert found["text"]["error"] == "the query's value 'thirteen' is not a number"
    assert found["rows"]["error"].startswith("the query returned more than one row")
    assert found["nodb"]["error"] == "missing.db: no such file"
    assert "after today" in found["late"]["error"]
    assert (found["csv"]["new"], found["csv"]["day"]) == (15, "2026-11-23")  # the newest row
    assert found["nocol"]["error"] == "signups.csv has no column 'visits' (it has week, signups)"
    assert (found["json"]["new"], found["json"]["day"]) == (12.5, "2026-11-20")
    assert (
        found["absent"]["error"] == "the JSON has nothing at 'data.latency' (stopped at 'latency')"
    )
    assert found["nodb"]["source"] == "sqlite missing.db"
    kr = load_board(root).key_result
    assert kr("2026-Q4/growth/o/good").value == 13
    assert kr("2026-Q4/growth/o/text").checkins is None  # nothing written for a failed one
    assert main(["-C", str(root), "measure"]) == 1
    text = capsys.readouterr().out
    assert "2026-Q4/growth/o/text: error: the query's value 'thirteen' is not a number " \
           "(sqlite m.db)" in text  # fmt: skip


def test_a_query_can_only_read_its_own_database(tmp_path, capsys):
    other = tmp_path / "secret.db"
    sqlite3.connect(other).execute("CREATE TABLE s (v)").connection.commit()
    root = board_with(
        tmp_path,
        {
            "attach": f'{{ sqlite = "m.db", query = "ATTACH \'{other}\' AS s" }}',
            "write": '{ sqlite = "m.db", query = "DELETE FROM m" }',
            "pragma": '{ sqlite = "m.db", query = "PRAGMA journal_mode = WAL" }',
        },
    )
    database(root, [("a", "2026-11-20", 13)])
    assert measure(root, "--format", "json") == 1
    found = results(capsys)
    assert all(r["outcome"] == "error" for r in found.values())
    assert "may only read (SELECT)" in found["write"]["error"]
    assert "may only read (SELECT)" in found["attach"]["error"]
    assert sqlite3.connect(root / "m.db").execute("SELECT count(*) FROM m").fetchone() == (1,)


class Metrics(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict]] = []
    slow = 0.0

    def do_GET(self):  # (http.server's name)
        Metrics.seen.append(dict(self.headers))
        time.sleep(Metrics.slow)
        if self.path == "/broken":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"data": [{"value": 17, "day": "2026-11-21"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Metrics)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Metrics.seen, Metrics.slow = [], 0.0
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_an_http_json_source_its_errors_and_a_bounded_wait(tmp_path, capsys, server, monkeypatch):
    root = board_with(
        tmp_path,
        {
            "http": f'{{ url = "{server}/metrics", path = "data.0.value", '
            'date_path = "data.0.day" }',
            "broken": f'{{ url = "{server}/broken", path = "data.0.value" }}',
        },
    )
    monkeypatch.setenv("OKRBOARD_ALLOW_HOSTS", server.removeprefix("http://"))
    assert measure(root, "--format", "json") == 1
    found = results(capsys)
    assert (found["http"]["new"], found["http"]["day"]) == (17, "2026-11-21")
    assert found["broken"]["error"] == f"{server}/broken answered HTTP 500"
    assert not any("Authorization" in h for h in Metrics.seen)
    monkeypatch.setattr(read, "LIMIT_SECONDS", 0.3)
    Metrics.slow = 1.0
    started = time.monotonic()
    assert measure(root, "--format", "json", "--only", "http") == 1
    assert time.monotonic() - started < 5
    assert "did not answer" in results(capsys)["http"]["error"]


def test_a_token_is_named_by_an_okrboard_variable_and_sent_over_https_only(
    tmp_path, server, monkeypatch
):
    source = f'{{ url = "{server}/metrics", path = "v", token_env = "GITHUB_TOKEN" }}'
    root = board_with(tmp_path, {"leak": source})
    (problem,) = [p for p in load_board(root).problems if p.severity == "error"]
    assert problem.key == "objectives.o.key_results.leak.source"
    assert "starts with OKRBOARD_" in problem.message
    monkeypatch.setenv("OKRBOARD_T", "secret")
    monkeypatch.setenv("OKRBOARD_ALLOW_HOSTS", server.removeprefix("http://"))
    with pytest.raises(read.SourceError, match="https only"):
        read.read(root, {"url": f"{server}/m", "path": "v", "token_env": "OKRBOARD_T"})
    assert Metrics.seen == []  # the token never left


SCRIPT = "import sys; print(sys.argv[1], '2026-11-20')"


def test_a_command_runs_only_where_the_users_own_config_allows_it(tmp_path, capsys, monkeypatch):
    source = f"{{ command = {json.dumps([sys.executable, '-c', SCRIPT, '18'])} }}"
    root = board_with(tmp_path, {"cmd": source})
    (root / ".okrboard.toml").write_text(f'[measure]\ncommands = ["{root}"]\n')  # ignored
    assert measure(root, "--format", "json") == 1
    assert "commands are not allowed for this board" in results(capsys)["cmd"]["error"]
    config = tmp_path / "config" / "okrboard" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[measure]\ncommands = ["{root}"]\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert measure(root, "--format", "json") == 0
    found = results(capsys)["cmd"]
    assert (found["new"], found["day"], found["outcome"]) == (18, "2026-11-20", "recorded")


def test_measure_reads_the_current_quarter_and_the_kpis_only(tmp_path, capsys):
    older = {
        "okrs/2026-Q3/growth.toml": '[objectives.old]\ntitle = "Last quarter"\n',
        "okrs/2026-Q2/growth.toml": "[objectives.broken\n",  # never read by measure
    }
    root = board_with(tmp_path, {"good": sql("name = 'a'")}, older)
    database(root, [("a", "2026-11-20", 13)])
    board = run.load_measured(root)
    assert sorted(board.pending) == sorted(older)
    assert [r.outcome for r in run.measure(board, dt.date(2026, 11, 30))] == ["recorded"]
    assert sorted(board.pending) == sorted(older)  # the save did not read them either
    assert load_board(root).key_result("2026-Q4/growth/o/good").value == 13
    assert run.load_measured(root, every=True).pending == []  # --only: any quarter's item
    capsys.readouterr()
    # --only reads every file (a name may be any quarter's): the broken one fails the run
    assert measure(root, "--only", "good", "--format", "json") == 1
    assert "okrs/2026-Q2/growth.toml" in capsys.readouterr().err


def test_an_older_reading_is_recorded_as_history_not_as_the_new_value(tmp_path, capsys):
    """A CSV whose newest row is older than the KR's newest check-in: the reading goes in
    where its date belongs, and measure says the value stays, not "40 -> 30"."""
    source = '{ csv = "s.csv", column = "v", date_column = "day" }'
    root = board_with(tmp_path, {"k": source}, {"s.csv": "day,v\n2026-11-25,30\n"})
    path = root / "okrs/2026-Q4/growth.toml"
    path.write_text(path.read_text() + "checkins = [{ date = 2026-12-01, value = 40 }]\n")
    git(root, "commit", "-qam", "a check-in")
    results = run.measure(load_board(root), dt.date(2026, 12, 7))
    assert [(r.outcome, r.newer) for r in results] == [("recorded", dt.date(2026, 12, 1))]
    kr = load_board(root).key_result("2026-Q4/growth/o/k")
    assert kr.value == 40 and [c.value for c in kr.checkins] == [30, 40]
    assert main(["-C", str(root), "measure"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line == (
        "2026-Q4/growth/o/k: 30 on 2026-11-25 (unchanged as history; the value stays 40, "
        "from 2026-12-01)"
    )
