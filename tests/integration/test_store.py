"""Saving: minimal line changes, checked with real git diffs; refusal to lose data."""

from __future__ import annotations

import datetime as dt
import os
import time
import tomllib

import pytest

from okrboard.domain import schema
from okrboard.domain.model import CheckIn, KeyResult, Objective
from okrboard.files import atomic, codec, store
from okrboard.files.load import load_board
from tests.helpers import diff_lines, git, make_board

KR_REF = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


def test_saving_an_unedited_board_writes_nothing(git_board):
    board = load_board(git_board)
    before = {p: p.stat().st_mtime_ns for p in git_board.rglob("*.toml")}
    assert store.save_all(board) == []
    assert git(git_board, "status", "--porcelain") == ""
    assert before == {p: p.stat().st_mtime_ns for p in git_board.rglob("*.toml")}


def test_editing_current_changes_exactly_one_line(git_board):
    board = load_board(git_board)
    board.key_result(KR_REF).current = 47.5
    assert store.save_all(board) == [OKR]
    assert diff_lines(git_board) == ["-current = 46", "+current = 47.5"]


def test_a_band_raised_keeps_its_layout(git_board):
    """``close --raise-kpis`` moves a band's low end: ``[40, 100]`` becomes ``[61, 100]``,
    not ``[61,100]``."""
    kpis = '[kpis.pmf]\ntitle = "PMF score"\nunit = "%"\nband = [40, 100]\n'
    (git_board / "kpis/growth.toml").write_text(kpis, encoding="utf-8")
    git(git_board, "add", "-A")
    git(git_board, "commit", "-qm", "a KPI")
    board = load_board(git_board)
    board.kpi("kpi/growth/pmf").band = [61, 100]
    store.save_all(board)
    assert diff_lines(git_board) == ["-band = [40, 100]", "+band = [61, 100]"]


def test_a_checkin_adds_one_line_and_follows_the_layout(git_board):
    board = load_board(git_board)
    kr = board.key_result(KR_REF)
    kr.checkins.append(CheckIn(date=dt.date(2026, 11, 23), value=47, confidence=7, note="Good"))
    store.save(board, board.okrs[("2026-Q4", "growth")])
    assert diff_lines(git_board) == [
        '+    { date = 2026-11-23, value = 47, confidence = 7, note = "Good" },'
    ]
    assert load_board(git_board).key_result(KR_REF).checkins[-1].note == "Good"


def test_comments_and_layout_survive_edits(tmp_path):
    text = """\
# Team comment at the top
[objectives.a]   # trailing comment on a header
title = "Alpha"  # why this objective
rank = 1

# a comment between tables
[objectives.a.key_results.k]
title   =   "K"
baseline = 0
target = 10
current = 1
"""
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": text})
    board = load_board(root)
    board.objective("2026-Q3/growth/a").title = "Alpha, renamed"
    store.save_all(board)
    assert (root / "okrs/2026-Q3/growth.toml").read_text() == text.replace(
        '"Alpha"  #', '"Alpha, renamed"  #'
    )


def test_adding_and_removing_items(git_board):
    board = load_board(git_board)
    tq = board.okrs[("2026-Q4", "mobile")]
    objective = Objective(id="delight", title="Mobile users love capturing ideas", rank=2)
    objective.key_results["nps"] = KeyResult(
        id="nps", title="Raise mobile NPS from 20 to 35", baseline=20, target=35, rank=1
    )
    tq.objectives["delight"] = objective
    store.save(board, tq)
    added = diff_lines(git_board)
    assert all(line.startswith("+") for line in added)
    assert "+[objectives.delight]" in added
    assert "+[objectives.delight.key_results.nps]" in added
    reloaded = load_board(git_board)
    assert reloaded.problems == []
    assert reloaded.key_result("2026-Q4/mobile/delight/nps").target == 35
    # and away again: back to the committed bytes
    del reloaded.okrs[("2026-Q4", "mobile")].objectives["delight"]
    store.save(reloaded, reloaded.okrs[("2026-Q4", "mobile")])
    assert git(git_board, "status", "--porcelain") == ""


def test_moving_a_card_is_one_line(git_board):
    board = load_board(git_board)
    board.roadmaps["growth"].themes["sales-assist"].horizon = "now"
    store.save(board, board.roadmaps["growth"])
    assert diff_lines(git_board) == ['-horizon = "next"', '+horizon = "now"']


def test_multiline_text_and_odd_keys_round_trip(git_board):
    board = load_board(git_board)
    board.objective("2026-Q4/core/habit").retro = 'Line one\nLine "two" \\ three'
    board.roadmaps["core"].themes["weekly-digest"].impact["2026-Q4/core/habit/dau-mau"] = 2.5
    store.save_all(board)
    again = load_board(git_board)
    assert again.problems == []
    assert again.objective("2026-Q4/core/habit").retro == 'Line one\nLine "two" \\ three'
    impact = again.roadmaps["core"].themes["weekly-digest"].impact
    assert impact["2026-Q4/core/habit/dau-mau"] == 2.5


def test_a_file_changed_on_disk_is_not_overwritten(git_board):
    board = load_board(git_board)
    path = git_board / OKR
    path.write_text(path.read_text() + "\n# edited in vim meanwhile\n")
    board.key_result(KR_REF).current = 48
    with pytest.raises(store.SaveRefused, match="changed on disk"):
        store.save_all(board)
    assert path.read_text().endswith("# edited in vim meanwhile\n")


def test_a_change_on_disk_to_a_file_not_edited_is_left_alone(git_board):
    board = load_board(git_board)
    core = git_board / "okrs/2026-Q4/core.toml"
    core.write_text(core.read_text() + "# pulled from a teammate\n")
    board.key_result(KR_REF).current = 48
    assert store.save_all(board) == [OKR]
    assert core.read_text().endswith("# pulled from a teammate\n")


def test_a_deleted_or_new_file_is_not_overwritten(git_board):
    board = load_board(git_board)
    (git_board / OKR).unlink()
    board.key_result(KR_REF).current = 48
    with pytest.raises(store.SaveRefused, match="deleted"):
        store.save(board, board.okrs[("2026-Q4", "growth")])
    assert not (git_board / OKR).exists()


def test_a_file_with_syntax_errors_is_read_only(tmp_path):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": "[objectives.a]\ntitle = \n"})
    board = load_board(root)
    with pytest.raises(store.SaveRefused, match="read-only"):
        store.save_file(board, "okrs/2026-Q3/growth.toml", {"objectives": {}})
    assert (root / "okrs/2026-Q3/growth.toml").read_text() == "[objectives.a]\ntitle = \n"


def test_invalid_values_are_written_back_untouched(tmp_path):
    text = '[objectives.a]\ntitle = "A"\nrank = "first"\nzz-custom = { a = 1 }\n'
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": text})
    board = load_board(root)
    board.objective("2026-Q3/growth/a").title = "B"
    store.save_all(board)
    assert (root / "okrs/2026-Q3/growth.toml").read_text() == text.replace('"A"', '"B"')


def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("a = 1\n")
    os.chmod(path, 0o640)
    atomic.atomic_write(path, b"a = 2\n")
    assert path.read_bytes() == b"a = 2\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.toml"]


def test_atomic_write_failure_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "f.toml"
    path.write_text("a = 1\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        atomic.atomic_write(path, b"a = 2\n")
    assert path.read_text() == "a = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.toml"]


def test_a_save_sweeps_the_temporary_files_a_crashed_save_left(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("a = 1\n")
    crashed, live, other = (tmp_path / n for n in (".f.toml.x1.tmp", ".f.toml.x2.tmp", ".g.tmp"))
    for leftover in (crashed, live, other):
        leftover.write_text("a = ")
    old = time.time() - atomic.STALE_SECONDS - 1
    os.utime(crashed, (old, old))
    os.utime(other, (old, old))
    atomic.atomic_write(path, b"a = 2\n")
    assert not crashed.exists()
    assert live.exists() and other.exists()  # another writer's, or another file's


def test_same_treats_toml_values_as_toml_does():
    assert schema.same(1, 1.0) and not schema.same(1, True) and not schema.same(0, False)
    assert schema.same(float("nan"), float("nan"))
    assert schema.same({"a": [1, {"b": 2}]}, {"a": [1.0, {"b": 2}]})
    assert not schema.same(dt.date(2026, 1, 1), dt.datetime(2026, 1, 1))
    assert not schema.same(None, {})
    # inside tables and arrays as at the top
    assert not schema.same({"a": [True]}, {"a": [1]}) and not schema.same([0], [False])
    assert schema.same({"a": [float("nan")]}, {"a": [float("nan")]})
    assert not schema.same({"a": 1}, {"a": "1"}) and not schema.same([1, 2], [1, 3])
    assert not schema.same([dt.date(2026, 1, 1)], [dt.datetime(2026, 1, 1)])


def test_text_with_carriage_returns_survives(git_board):
    """Found by the property test: a multi-line string would turn \\r\\n into \\n."""
    board = load_board(git_board)
    board.objective("2026-Q4/core/habit").description = "windows\r\nline\n\x1b[2J end"
    store.save_all(board)
    assert load_board(git_board).objective("2026-Q4/core/habit").description == (
        "windows\r\nline\n\x1b[2J end"
    )


def test_an_edit_inside_one_item_parses_only_its_sections(git_board, monkeypatch):
    """tomlkit is slow on a large file: a check-in re-renders the KR's section alone."""
    import tomlkit

    parsed: list[str] = []
    real_parse = tomlkit.parse
    monkeypatch.setattr(tomlkit, "parse", lambda text: parsed.append(text) or real_parse(text))
    board = load_board(git_board)
    board.key_result(KR_REF).current = 47.5
    assert store.save_all(board) == [OKR]
    assert diff_lines(git_board) == ["-current = 46", "+current = 47.5"]
    assert parsed == []  # a value on its own line: edited as a line, not parsed at all
    board = load_board(git_board)
    board.key_result(KR_REF).title = "Activation: 41% to 50%\nweekly"  # not one line
    assert store.save_all(board) == [OKR]
    whole = (git_board / OKR).read_text(encoding="utf-8")
    assert parsed and all(text.startswith("[objectives.activation.key_results.") for text in parsed)
    assert len(parsed[0]) < len(whole) / 3


def test_check_ins_on_every_kr_of_a_file_are_added_as_lines(git_board, monkeypatch):
    """A measure run checks in on every KR of a team file at once: each new check-in is
    one line added to its KR's list, no section is parsed with tomlkit (1 ms a KR), and
    the file is byte for byte what a whole-file render writes."""
    import tomlkit

    board = load_board(git_board)
    tq = board.okrs[("2026-Q4", "growth")]
    krs = [kr for objective in tq.objectives.values() for kr in objective.key_results.values()]
    assert len(krs) > 2
    for n, kr in enumerate(krs):
        kr.checkins = [*(kr.checkins or []), CheckIn(dt.date(2026, 11, 22), 10.0 + n)]
    text = (git_board / OKR).read_text(encoding="utf-8")
    plain = codec.encode_okrs(tq)
    whole = tomlkit.parse(text)
    store.sync(whole, plain)
    parsed: list[str] = []
    real_parse = tomlkit.parse
    monkeypatch.setattr(tomlkit, "parse", lambda text: parsed.append(text) or real_parse(text))
    assert store.render(text, plain) == whole.as_string()
    assert [text for text in parsed if text.startswith("[")] == []  # (not a new value's)
    added = [line for line in store.render(text, plain).splitlines() if line not in text]
    assert len(added) == len(krs)


@pytest.mark.parametrize(
    "text",
    [
        # The KR's sub-table is written apart from it: the whole file is rendered.
        "[objectives.a.key_results.k]\ntarget = 1\n\n[objectives.b]\ntitle = 'B'\n\n"
        "[objectives.a.key_results.k.more]\nx = 1\n",
        # The KR is an inline table: it has no section of its own.
        "[objectives.a]\nkey_results = { k = { target = 1 } }\n",
        # A dotted key in the parent reaches into the KR.
        "[objectives.a]\nkey_results.k.target = 1\n",
    ],
)
def test_an_item_not_written_as_one_block_is_saved_whole(text):
    old = tomllib.loads(text)
    new = tomllib.loads(text)
    new["objectives"]["a"]["key_results"]["k"]["target"] = 2
    assert store._render_tables(text, new, old) is None
    written = store.render(text, new)
    assert schema.same(tomllib.loads(written), new)


def test_every_checkin_rewritten_keeps_one_per_line_with_its_comma():
    """Every element of a check-in list replaced (a demo moved in time, a merge): the last
    keeps its comma, so the next check-in added is a one-line diff."""
    import datetime as dt
    import tomllib

    from okrboard.files import store
    from tests.helpers import SAMPLE

    text = (SAMPLE / "okrs/2026-Q4/company.toml").read_text(encoding="utf-8")
    old, new = tomllib.loads(text), tomllib.loads(text)
    checkins = new["objectives"]["self-serve"]["key_results"]["self-serve-arr"]["checkins"]
    for checkin in checkins:
        checkin["date"] += dt.timedelta(days=7)
    moved = store.render(text, new, old)
    assert "{ date = 2026-11-23, value = 2.96, confidence = 6 },\n]" in moved
    later = tomllib.loads(moved)
    added = tomllib.loads(moved)
    added["objectives"]["self-serve"]["key_results"]["self-serve-arr"]["checkins"].append(
        {"date": dt.date(2026, 11, 30), "value": 3.0}
    )
    grown = store.render(moved, added, later)
    assert len(grown.splitlines()) == len(moved.splitlines()) + 1
    assert set(moved.splitlines()) <= set(grown.splitlines())
