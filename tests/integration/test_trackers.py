"""Issue trackers linked offline (``okrboard links``), and what is due (``okrboard due``,
with a Slack webhook on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from okrboard.measure import trackers
from tests.helpers import git, make_board

# A Jira "all fields" CSV export as Jira writes it: CRLF line ends, repeated column names
# (Labels, Sprint), a summary over two lines with quotes in it, columns okrboard ignores.
JIRA = (
    "Summary,Issue key,Issue id,Issue Type,Status,Status Category,Labels,Labels,Sprint,"
    "Sprint,Custom field (Story Points)\r\n"
    '"Guided setup: ""first project"" template\nwith sample data",GROW-301,10301,Story,'
    "Done,Done,onboarding,activation,Sprint 41,Sprint 42,5\r\n"
    "Checklist experiment,GROW-305,10305,Story,In Review,In Progress,onboarding,,Sprint 42,,3\r\n"
    "Pricing page copy,GROW-320,10320,Task,Backlog,To Do,,,,,\r\n"
    "Not linked from the board,GROW-999,10999,Bug,Done,Done,,,,,\r\n"
)

LINEAR = (
    "ID,Team,Title,Description,Status,Estimate,Priority,Created,Started,Completed,Canceled\n"
    'CORE-140,Core,Search comments,"Index comments, too",In Progress,3,High,'
    "2026-10-01,2026-10-05,,\n"
)

GITHUB = [
    {
        "number": 12,
        "title": "Offline drafts",
        "state": "CLOSED",
        "url": "https://github.com/fieldnote/mobile/issues/12",
        "labels": [{"name": "offline"}],
        "milestone": None,
    }
]


@pytest.fixture
def demo_copy(tmp_path, demo_master):
    target = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(target))
    return target


def test_a_jira_export_with_repeated_columns_imports_and_links_show_each_status(
    demo_copy, tmp_path, capsys
):
    export = tmp_path / "jira.csv"
    export.write_bytes(JIRA.encode("utf-8-sig"))
    assert main(["-C", str(demo_copy), "links", "import", str(export)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Imported 3 issues the board links to")  # not GROW-999
    assert git(demo_copy, "status", "--porcelain") == ""  # kept in .git, not in the board
    assert main(["-C", str(demo_copy), "links", "--format", "json"]) == 0
    items = {i["ref"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    card = items["roadmap/growth/guided-setup"]
    assert card["summary"] == "1 of 2 done · imported today"
    issue = card["links"][0]["issue"]
    assert issue["key"] == "GROW-301" and issue["category"] == "done"
    assert issue["title"] == 'Guided setup: "first project" template\nwith sample data'
    assert card["links"][1]["issue"]["category"] == "in progress"
    assert main(["-C", str(demo_copy), "links"]) == 0
    text = capsys.readouterr().out
    assert "Guided first project (roadmap/growth/guided-setup): 1 of 2 done" in text
    assert "  GROW-305  In Review (in progress) Checklist experiment" in text
    assert "with sample data" in text and "\\n" in text  # one line: the newline shown


def test_linear_and_github_exports_and_an_unknown_one(tmp_path):
    board = load_board(
        make_board(
            tmp_path / "b",
            {
                "roadmaps/growth.toml": '[themes.a]\ntitle = "A"\nhorizon = "now"\nlinks = '
                '["CORE-140", "https://github.com/fieldnote/mobile/issues/12"]\n'
            },
        )
    )
    today = dt.date(2026, 11, 22)
    kept = trackers.import_file(board.root, board, "linear.csv", LINEAR.encode(), today)
    assert [(i.key, i.category) for i in kept] == [("CORE-140", "in progress")]
    kept = trackers.import_file(board.root, board, "gh.json", json.dumps(GITHUB).encode(), today)
    assert [(i.key, i.category) for i in kept] == [("fieldnote/mobile#12", "done")]
    linked = trackers.load(board.root)
    theme = board.roadmaps["growth"].themes["a"]
    assert trackers.summary(linked.of(theme.links), today) == "1 of 2 done · imported today"
    with pytest.raises(trackers.ExportError, match="unknown columns \\(Key, Name\\)"):
        trackers.import_file(board.root, board, "x.csv", b"Key,Name\nA-1,x\n", today)


def test_a_key_result_takes_its_value_from_its_linked_issues(demo_copy, tmp_path, capsys):
    okrs = demo_copy / "okrs/2026-Q4/growth.toml"
    okrs.write_text(
        okrs.read_text()
        .replace(
            'links = ["GROW-301", "https://analytics.fieldnote.example/activation"]',
            'links = ["GROW-301", "GROW-305"]\nsource = { issues = "share" }',
        )
        .replace(
            'source = { sqlite = "metrics/fieldnote.db", query = "SELECT value, day FROM metrics '
            "WHERE name = 'activation-rate' ORDER BY day DESC LIMIT 1\" }\n",
            "",
        )
    )
    ref = "2026-Q4/growth/activation/activation-rate"
    assert main(["-C", str(demo_copy), "measure", "--only", ref]) == 1
    assert "no linked issues imported yet" in capsys.readouterr().out
    (tmp_path / "jira.csv").write_text(JIRA)
    assert main(["-C", str(demo_copy), "links", "import", str(tmp_path / "jira.csv")]) == 0
    assert main(["-C", str(demo_copy), "measure", "--only", ref]) == 0
    assert f"{ref}: 46% -> 50% on " in capsys.readouterr().out  # 1 of 2 done


# -- what is due ---------------------------------------------------------------------------


class Hook(BaseHTTPRequestHandler):
    posted: ClassVar[list[dict]] = []
    status = 200

    def do_POST(self):  # (http.server's name)
        length = int(self.headers["Content-Length"])
        Hook.posted.append(json.loads(self.rfile.read(length)))
        self.send_response(Hook.status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def hook():
    httpd = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    Hook.posted, Hook.status = [], 200
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    httpd.shutdown()


def test_due_lists_what_each_owner_owes_and_posts_it_to_slack(demo_master, capsys, hook):
    args = ["-C", str(demo_master), "due", "--today", "2026-11-22"]
    assert main([*args, "--within", "0"]) == 0
    now = capsys.readouterr().out
    assert "Grow signup page views from 40k to 60k (2026-Q4/growth/trial-value/signup-views): " \
           "overdue since" in now  # fmt: skip
    assert main([*args, "--owner", "maya chen", "--within", "14", "--format", "json"]) == 0
    owed = json.loads(capsys.readouterr().out)["due"]
    assert owed and {o["owner"] for o in owed} == {"Maya Chen"}
    assert main([*args, "--format", "slack"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["blocks"][0]["text"]["text"] == "Check-ins due on Fieldnote Product"
    assert main([*args, "--post", hook]) == 0
    assert Hook.posted == [payload]
    Hook.status = 404
    assert main([*args, "--post", hook]) == 1
    assert "the webhook answered HTTP 404" in capsys.readouterr().err
