"""okrboard mcp, driven as an agent drives it: the official SDK's client over stdio (and
over HTTP in tests/hostile/test_agents_http.py), on a clone of the demo with real git.
A proposal is one commit on a new branch; main, the index and the files stay as they
were."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.helpers import committed, git, make_board

KR = "2026-Q4/growth/activation/activation-rate"


def server(root: Path, *args: str) -> Client:
    """A client of ``okrboard mcp`` run in ``root`` (the git settings of the tests kept)."""
    env = {k: v for k, v in os.environ.items() if k.startswith(("GIT_", "XDG_"))}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "okrboard", "mcp", *args], cwd=str(root), env=env
    )
    return Client(params, cache=None)


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert isinstance(result.structured_content, dict)
    return result.structured_content


async def refused(client: Client, tool: str, **arguments: Any) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    return " ".join(getattr(block, "text", "") for block in result.content)


@pytest.fixture
def clone(tmp_path: Path, demo_master: Path) -> Path:
    target = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(target))
    return target


async def test_an_agent_orients_itself_and_proposes_three_check_ins_as_a_branch(clone):
    head, status = git(clone, "rev-parse", "HEAD"), git(clone, "status", "--porcelain")
    stamps = {p: p.stat().st_mtime_ns for p in clone.rglob("*.toml")}
    async with server(clone) as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
        assert tools == {
            "board_summary", "search", "get_item", "attention", "lint", "diff",
            "propose_checkins", "propose_edits",
        }  # fmt: skip
        summary = await call(client, "board_summary")
        assert summary["current_quarter"] == "2026-Q4"
        assert {"growth", "core", "mobile"} <= {t["id"] for t in summary["teams"]}
        assert sum(summary["key_results_by_status"].values()) == 19
        assert "QUARTER/TEAM/OBJECTIVE/KR" in summary["references"]["key_result"]
        assert summary["unreadable_files"] == []
        attention = await call(client, "attention", team="growth")
        assert attention["key_results"] and all(
            kr["ref"].startswith("2026-Q4/growth/") for kr in attention["key_results"]
        )
        item = (await call(client, "get_item", ref="activation-rate"))["item"]
        assert item["ref"] == KR and item["numbers"]["target"] == 50
        assert item["checkins"] and item["history"]
        found = (await call(client, "search", text="activation"))["items"]
        assert found[0]["ref"].startswith("2026-Q4/")
        proposal = await call(
            client,
            "propose_checkins",
            checkins=[
                {"ref": "activation-rate", "value": 48, "note": "guided setup shipped"},
                {"ref": "setup-completion", "value": 62, "confidence": 6},
                {"ref": "kpi/growth/nps", "value": 44},
            ],
        )
        branch = proposal["branch"]
        assert branch.startswith("propose/")
        lint = await call(client, "lint", revision=branch)
        assert isinstance(lint["findings"], list)
        diff = await call(client, "diff", revisions=f"HEAD...{branch}")
        assert sum(line.startswith("check-in ") for line in diff["lines"]) == 3
    # one commit on the branch, three one-line check-ins; main and the files untouched
    assert git(clone, "rev-list", "--count", f"HEAD..{branch}").strip() == "1"
    lines = [
        line
        for line in git(clone, "diff", "-U0", f"HEAD..{branch}").split("\n")
        if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))
    ]
    checkins = [line for line in lines if line.startswith("+    { date = ")]
    assert len(checkins) == 3  # one line each; the KRs' current follows, as in the app
    assert all(
        re.match(r"[+-](current|confidence) = ", line) for line in set(lines) - set(checkins)
    )
    assert proposal["commit"] == git(clone, "rev-parse", branch).strip()
    assert "guided setup shipped" in git(clone, "show", branch)
    assert git(clone, "rev-parse", "HEAD") == head
    assert git(clone, "status", "--porcelain") == status == ""
    assert git(clone, "branch", "--show-current").strip() == "main"
    assert stamps == {p: p.stat().st_mtime_ns for p in clone.rglob("*.toml")}


async def test_bad_requests_are_tool_errors_that_name_the_problem_and_the_server_goes_on(clone):
    async with server(clone) as client:
        said = await refused(client, "get_item", ref="activation-rat")
        assert "no item 'activation-rat'" in said and "did you mean" in said
        said = await refused(
            client,
            "propose_checkins",
            checkins=[
                {"ref": "activation-rate", "value": 48, "date": "2999-01-01"},
                {"ref": "activation-rate", "value": "lots"},
            ],
        )
        assert "checkins[0]" in said and "checkins[1]" in said and "not a number" in said
        said = await refused(
            client, "propose_edits", edits=[{"ref": KR, "field": "target", "value": 60}]
        )
        assert "why does the target move from 50 to 60" in said
        said = await refused(
            client, "propose_edits", edits=[{"ref": KR, "field": "source", "value": "x"}]
        )
        assert "no field 'source'" in said
        said = await refused(client, "attention", team="nobody")
        assert "no team 'nobody'" in said
        assert (await call(client, "board_summary"))["current_quarter"] == "2026-Q4"
    assert git(clone, "branch", "--list", "propose/*") == ""


async def test_an_edit_with_its_reason_and_a_new_key_result_are_one_reviewed_commit(clone):
    async with server(clone) as client:
        proposal = await call(
            client,
            "propose_edits",
            edits=[{"ref": KR, "field": "target", "value": 55, "reason": "beat Q3 early"}],
            new_items=[
                {
                    "kind": "key_result",
                    "parent": "2026-Q4/growth/activation",
                    "title": "Cut time to first win from 3 days to 1",
                    "fields": {"unit": "days", "baseline": 3, "target": 1},
                }
            ],
        )
    shown = git(clone, "show", proposal["branch"], "--", "okrs/2026-Q4/growth.toml")
    assert "+target = 55" in shown and '+target_reason = "beat Q3 early"' in shown
    assert "Cut time to first win from 3 days to 1" in shown
    assert "why it moves — -> beat Q3 early" in proposal["pull_request"]
    assert git(clone, "status", "--porcelain") == ""


async def test_read_only_and_public_offer_no_proposal_and_public_leaks_nothing(clone):
    async with server(clone, "--read-only") as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
        assert not {t for t in tools if t.startswith("propose")}
    async with server(clone, "--public") as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
        assert not {t for t in tools if t.startswith("propose")}
        answers = [
            await call(client, "board_summary"),
            await call(client, "attention"),
            await call(client, "get_item", ref=KR),
            await call(client, "search", text="a"),
            await call(client, "search", text="e"),
            await call(client, "diff", revisions="HEAD~5 HEAD"),
            await call(client, "lint"),
            await call(client, "lint", revision="HEAD~1"),
        ]
        resource = await client.read_resource("okrboard://board")
        answers.append(getattr(resource.contents[0], "text", ""))
    text = json.dumps(answers, ensure_ascii=False)
    assert "activation" in text  # the plan is there
    for secret in sorted(_private(clone)):
        assert secret not in text, secret


def _private(root: Path) -> set[str]:
    """What --public hides, from the board's files: owners, leads, check-in authors and
    notes, why targets moved, internal cards' titles, and git's authors."""
    from okrboard.domain import roadmap
    from okrboard.files.load import load_board

    board = load_board(root)
    found = {t.lead for t in board.teams.values()}
    for _, objective, kr in board.iter_key_results():
        found |= {objective.owner, kr.owner, kr.target_reason}
        found |= {c.author for c in kr.checkins or ()} | {c.note for c in kr.checkins or ()}
    for _, kpi in board.iter_kpis():
        found |= {kpi.owner} | {c.note for c in kpi.checkins or ()}
    found |= set(roadmap.internal_cards(board).values())
    found |= set(git(root, "log", "--format=%an").split("\n"))
    return {text for text in found if text and len(text.strip()) >= 8}


async def test_a_board_with_an_unreadable_file_says_so_in_every_answer(tmp_path):
    root = make_board(
        tmp_path / "board",
        {
            "board.toml": '[board]\nname = "B"\ncurrent_quarter = "2026-Q4"\n'
            '[teams.growth]\nname = "Growth"\n',
            "okrs/2026-Q4/growth.toml": "[objectives.a\ntitle = 'broken'\n",
        },
    )
    git(root, "init", "-q")
    async with server(root, "--read-only") as client:
        for tool, arguments in (
            ("board_summary", {}),
            ("attention", {}),
            ("search", {"text": "x"}),
        ):
            answer = await call(client, tool, **arguments)
            assert any("okrs/2026-Q4/growth.toml" in f for f in answer["unreadable_files"]), tool


def test_a_file_with_a_problem_already_takes_a_proposal_that_adds_none(tmp_path):
    """A check-in dated after today was there before (an error of the file's own): a
    check-in inserted before it moves its position, and is still proposed."""
    import datetime as dt

    from okrboard.flows import propose

    today = dt.date.today()
    later = today + dt.timedelta(days=3)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    root = make_board(
        tmp_path / "board",
        {
            "board.toml": f'[board]\nname = "B"\ncurrent_quarter = "{quarter}"\n'
            '[teams.growth]\nname = "Growth"\n',
            f"okrs/{quarter}/growth.toml": "[objectives.a]\ntitle = 'Teams win fast'\n"
            "[objectives.a.key_results.k]\ntitle = 'Raise activation from 40% to 50%'\n"
            "unit = '%'\nbaseline = 40\ntarget = 50\n"
            f"checkins = [\n    {{ date = {later}, value = 45 }},\n]\n",
        },
    )
    committed(root)
    made = propose.checkins(root, [{"ref": "k", "value": 42}], today)
    assert f"date = {today}, value = 42" in git(root, "show", made.branch)


def _handwritten(root: Path) -> Path:
    """A board written by hand from docs/format.md, in Russian and Japanese, in git: the
    current quarter is today's, begun."""
    import datetime as dt

    today = dt.date.today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    make_board(
        root,
        {
            "board.toml": f'[board]\nname = "Полевые заметки"\ncurrent_quarter = "{quarter}"\n\n'
            '[teams.growth]\nname = "Рост"\nlead = "Алия Сайфуллина"\n\n'
            '[teams.platform]\nname = "プラットフォーム"\n',
            f"okrs/{quarter}/growth.toml": """\
[objectives.activation]
title = "Новые команды получают пользу в первый же день"
owner = "Алия Сайфуллина"

[objectives.activation.key_results.rate]
title = "Поднять активацию с 40% до 50%"
unit = "%"
baseline = 40
target = 50

[objectives.activation.key_results.setup]
title = "Поднять долю завершённой настройки с 55% до 70%"
unit = "%"
baseline = 55
target = 70
"""
            f'checkins = [\n    {{ date = {first}, value = 57, note = "шаблоны помогли" }},\n]\n',
            f"okrs/{quarter}/platform.toml": """\
[objectives.speed]
title = "ページがすぐに開く"

[objectives.speed.key_results.p95]
title = "p95 の読み込み時間を 900 ms から 400 ms へ"
unit = "ms"
baseline = 900
target = 400

[objectives.speed.key_results.errors]
title = "エラー率を 2% から 0.5% へ"
unit = "%"
baseline = 2
target = 0.5
""",
        },
    )
    return committed(root, "main", {"GIT_AUTHOR_DATE": f"{first}T09:00:00"})


async def test_the_scripted_session_on_a_board_written_by_hand(tmp_path):
    root = _handwritten(tmp_path / "board")
    quarter = git(root, "show", "HEAD:board.toml").split('current_quarter = "')[1][:7]
    async with server(root) as client:
        summary = await call(client, "board_summary")
        assert summary["board"] == "Полевые заметки" and summary["current_quarter"] == quarter
        assert {t["name"] for t in summary["teams"]} == {"Рост", "プラットフォーム"}
        assert sum(summary["key_results_by_status"].values()) == 4
        owed = await call(client, "attention", owner="Алия Сайфуллина")
        assert {kr["ref"].split("/")[1] for kr in owed["key_results"]} <= {"growth"}
        item = (await call(client, "get_item", ref="p95"))["item"]
        assert item["fields"]["title"] == "p95 の読み込み時間を 900 ms から 400 ms へ"
        assert item["history"][0]["author"] == "Test"
        proposal = await call(
            client,
            "propose_checkins",
            checkins=[
                {"ref": "rate", "value": 44, "note": "онбординг упростили"},
                {"ref": "p95", "value": 720, "confidence": 7},
                {"ref": "errors", "value": 1.4, "note": "リトライを追加"},
            ],
        )
        lint = await call(client, "lint", revision=proposal["branch"])
        assert lint["problems"] == []
        diff = await call(client, "diff", revisions=f"main...{proposal['branch']}")
        assert sum(line.startswith("check-in ") for line in diff["lines"]) == 3
    branch = proposal["branch"]
    assert git(root, "rev-list", "--count", f"main..{branch}").strip() == "1"
    shown = git(root, "show", branch)
    assert "онбординг упростили" in shown and "リトライを追加" in shown
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "branch", "--show-current").strip() == "main"


async def test_resources_and_prompts_give_the_files_the_items_and_the_docs(tmp_path):
    from mcp import MCPError

    root = _handwritten(tmp_path / "board")
    quarter = git(root, "show", "HEAD:board.toml").split('current_quarter = "')[1][:7]
    async with server(root, "--read-only") as client:
        uris = {str(r.uri): r.mime_type for r in (await client.list_resources()).resources}
        assert uris == {
            "okrboard://board": "application/json",
            "okrboard://docs/format": "text/markdown",
            "okrboard://docs/coach": "text/markdown",
        }
        templates = (await client.list_resource_templates()).resource_templates
        assert {t.uri_template for t in templates} == {
            "okrboard://okrs/{quarter}/{team}",
            "okrboard://item/{kind}/{path}",
        }

        async def text(uri: str) -> str:
            contents = (await client.read_resource(uri)).contents
            return getattr(contents[0], "text", "")

        assert json.loads(await text("okrboard://board"))["board"] == "Полевые заметки"
        written = (root / f"okrs/{quarter}/platform.toml").read_text(encoding="utf-8")
        assert await text(f"okrboard://okrs/{quarter}/platform") == written
        item = json.loads(await text(f"okrboard://item/okr/{quarter}.growth.activation.rate"))
        assert item["fields"]["title"] == "Поднять активацию с 40% до 50%"
        assert "## board.toml" in await text("okrboard://docs/format")
        assert "OBJ001" in await text("okrboard://docs/coach")
        with pytest.raises(MCPError, match="no item"):
            await client.read_resource(f"okrboard://item/okr/{quarter}.growth.nope")
        for outside in ("../../etc/passwd", f"{quarter}/..%2F..%2Fboard"):  # only board files
            with pytest.raises(MCPError, match=r"Unknown resource|no OKR file"):
                await client.read_resource(f"okrboard://okrs/{outside}")

        prompts = {p.name: p.title for p in (await client.list_prompts()).prompts}
        assert prompts == {"weekly_checkin": "Weekly check-in", "quarter_review": "Quarter review"}
        weekly = await client.get_prompt("weekly_checkin", {"numbers": "rate 44, p95 720"})
        said = getattr(weekly.messages[0].content, "text", "")
        assert "rate 44, p95 720" in said and "propose_checkins" in said
        review = await client.get_prompt("quarter_review", {"quarter": quarter})
        assert "Propose nothing" in getattr(review.messages[0].content, "text", "")


def test_proposals_one_after_another_each_hold_only_their_own_change(tmp_path):
    """The board at the base is read once and kept for the next proposal: no proposal's
    edit may reach it."""
    import datetime as dt

    from okrboard.flows import propose

    root = _handwritten(tmp_path / "board")
    today = dt.date.today()
    first = propose.checkins(root, [{"ref": "rate", "value": 44}], today)
    moved = propose.edits_of(
        root, [{"ref": "p95", "field": "title", "value": "p95 を 350 ms へ"}], [], today
    )
    second = propose.checkins(root, [{"ref": "setup", "value": 61}], today)  # the same file
    for made, wanted, unwanted in (
        (first, "value = 44", ["value = 61", "350 ms"]),
        (moved, "350 ms", ["value = 44", "value = 61"]),
        (second, "value = 61", ["value = 44", "350 ms"]),
    ):
        shown = git(root, "diff", f"main..{made.branch}")
        assert wanted in shown and not [u for u in unwanted if u in shown], made.branch
    assert git(root, "status", "--porcelain") == ""
