from __future__ import annotations

import datetime as dt

import pytest

from okrboard.domain import scoring
from okrboard.domain.model import CheckIn, KeyResult, Objective, Settings
from okrboard.domain.scoring import Status

Q = "2026-Q3"  # 2026-07-01 .. 2026-09-30, 92 days


def kr(**fields) -> KeyResult:
    return KeyResult(id="k", title="k", **fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"baseline": 30, "target": 50, "current": 40}, 0.5),
        ({"baseline": 30, "target": 50, "current": 60}, 1.0),  # clamped above
        ({"baseline": 30, "target": 50, "current": 20}, 0.0),  # clamped below
        ({"baseline": 15, "target": 5, "current": 9}, 0.6),  # decrease, inferred
        ({"baseline": 15, "target": 5, "current": 9, "direction": "decrease"}, 0.6),
        ({"baseline": 15, "target": 5, "current": 20, "direction": "decrease"}, 0.0),
        ({"baseline": 30, "target": 50}, 0.0),  # no current: the baseline counts
        ({"baseline": 5, "target": 5, "current": 5}, None),  # nothing to measure
        ({"direction": "maintain", "band": [99.9, 100.0], "current": 99.95}, 1.0),
        ({"direction": "maintain", "band": [99.9, 100.0], "current": 99.8}, 0.0),
        ({"band": [99.9, 100.0], "current": 99.9}, 1.0),  # band implies maintain
        ({"direction": "maintain", "current": 3}, None),  # no band
    ],
)
def test_progress(fields, expected):
    result = scoring.progress(kr(**fields))
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_grade_is_progress_without_stretch_and_07_at_target_with_one():
    assert scoring.grade(kr(baseline=0, target=10, current=6)) == 0.6
    with_stretch = {"baseline": 0, "target": 10, "stretch": 20}
    assert scoring.grade(kr(**with_stretch, current=10)) == 0.7
    assert scoring.grade(kr(**with_stretch, current=15)) == 0.85
    assert scoring.grade(kr(**with_stretch, current=25)) == 1.0
    assert scoring.grade(kr(**with_stretch, current=5)) == 0.35
    assert scoring.grade(kr(baseline=0, target=10, current=2, grade=0.9)) == 0.9  # written wins


def test_grade_bands_follow_the_07_rule():
    assert scoring.grade_band(0.7) is scoring.GradeBand.SUCCESS
    assert scoring.grade_band(0.69) is scoring.GradeBand.PROGRESS
    assert scoring.grade_band(0.39) is scoring.GradeBand.MISSED
    assert scoring.grade_band(0.6, Settings(success_grade=0.6)) is scoring.GradeBand.SUCCESS


def test_objective_rollup_is_weighted():
    objective = Objective(id="o", title="o")
    objective.key_results = {
        "a": kr(baseline=0, target=10, current=10, weight=3),  # 1.0
        "b": kr(baseline=0, target=10, current=0),  # 0.0, weight 1
        "c": kr(baseline=5, target=5, current=5),  # unmeasurable: skipped
        "d": kr(baseline=0, target=10, current=5, weight=0),  # weight 0: skipped
    }
    assert scoring.objective_progress(objective) == pytest.approx(0.75)
    assert scoring.objective_grade(objective) == 0.75
    assert scoring.objective_progress(Objective(id="empty")) is None


def checked(current, day):
    return kr(baseline=0, target=100, current=current, checkins=[CheckIn(date=day, value=current)])


def test_status_is_time_aware():
    mid = dt.date(2026, 8, 15)  # about half way through Q3
    assert scoring.elapsed(Q, mid) == pytest.approx(46 / 92)
    assert scoring.status(checked(50, mid), Q, mid) is Status.ON_TRACK
    assert scoring.status(checked(30, mid), Q, mid) is Status.AT_RISK
    assert scoring.status(checked(10, mid), Q, mid) is Status.OFF_TRACK
    end = dt.date(2026, 9, 30)
    assert scoring.status(checked(50, end), Q, end) is Status.OFF_TRACK
    assert scoring.status(checked(95, end), Q, end) is Status.ON_TRACK


def test_silence_is_never_green():
    day = dt.date(2026, 8, 20)
    quiet = checked(90, dt.date(2026, 8, 5))  # far ahead, but 15 days without a check-in
    assert scoring.status(quiet, Q, day) is Status.STALE
    assert scoring.status(quiet, Q, day, Settings(stale_days=30)) is Status.ON_TRACK
    never = kr(baseline=0, target=100)
    assert scoring.status(never, Q, dt.date(2026, 7, 5)) is Status.NOT_STARTED  # early days
    assert scoring.status(never, Q, dt.date(2026, 7, 20)) is Status.STALE
    assert scoring.status(never, Q, dt.date(2026, 6, 20)) is Status.NOT_STARTED
    # A past quarter is judged by its result, not by silence.
    assert scoring.status(quiet, Q, dt.date(2026, 12, 1)) is Status.ON_TRACK


def test_objective_status():
    day = dt.date(2026, 8, 15)
    objective = Objective(id="o", key_results={"a": checked(50, day), "b": checked(40, day)})
    assert scoring.objective_status(objective, Q, day) is Status.ON_TRACK
    stale = Objective(id="s", key_results={"a": checked(50, dt.date(2026, 7, 20))})
    assert scoring.objective_status(stale, Q, day) is Status.STALE


def test_forecast_follows_the_trend():
    result = kr(
        baseline=0,
        target=100,
        checkins=[
            CheckIn(date=dt.date(2026, 7, 1), value=0),
            CheckIn(date=dt.date(2026, 7, 24), value=23),
            CheckIn(date=dt.date(2026, 8, 15), value=45),
        ],
    )
    forecast = scoring.forecast(result, Q)
    assert forecast.value == pytest.approx(91)  # one a day, to 30 September
    assert forecast.progress == pytest.approx(0.91)


def test_forecast_needs_three_check_ins_over_two_weeks():
    days = [dt.date(2026, 7, 1), dt.date(2026, 7, 5), dt.date(2026, 7, 10)]
    close = kr(
        baseline=0, target=10, checkins=[CheckIn(date=d, value=i) for i, d in enumerate(days)]
    )
    assert scoring.forecast(close, Q) is None  # nine days
    two = kr(baseline=0, target=10, checkins=close.checkins[::2])
    assert scoring.forecast(two, Q) is None


def test_forecast_stays_within_no_progress_and_twice_the_way():
    """Defects from 12 to 2: a bad month must not forecast -0.17 defects."""
    falling = [(dt.date(2026, 7, 1), 12), (dt.date(2026, 7, 15), 6), (dt.date(2026, 7, 30), 3)]
    defects = kr(baseline=12, target=2, checkins=[CheckIn(date=d, value=v) for d, v in falling])
    forecast = scoring.forecast(defects, Q)
    assert forecast.value == 0 and forecast.progress == pytest.approx(1.2)
    rising = [(dt.date(2026, 7, 1), 12), (dt.date(2026, 7, 15), 14), (dt.date(2026, 7, 30), 16)]
    worse = kr(baseline=12, target=2, checkins=[CheckIn(date=d, value=v) for d, v in rising])
    assert scoring.forecast(worse, Q).progress == 0.0 and scoring.forecast(worse, Q).value == 12


def test_a_finished_milestone_is_done_and_a_new_kr_not_started():
    shipped = kr(baseline=0, target=1, kind="milestone", current=1)
    assert scoring.status(shipped, Q, dt.date(2026, 9, 1)) is Status.DONE  # not stale
    fresh = kr(baseline=0, target=10)
    assert scoring.status(fresh, Q, dt.date(2026, 7, 14)) is Status.NOT_STARTED
    assert scoring.status(fresh, Q, dt.date(2026, 7, 16)) is Status.STALE


def test_my_krs_the_quarters_counts_and_the_checkins_i_owe():
    import datetime as dt

    from okrboard.files.load import load_board
    from okrboard.reports import views
    from tests.helpers import SAMPLE

    board = load_board(SAMPLE)
    today = dt.date(2026, 11, 22)
    mine = views.okr_rows(board, "2026-Q4", today, owner="maya chen")
    krs = [row for row in mine if row.kind == "key_result"]
    assert krs and all(views.owns("Maya Chen", r.key_result, r.objective) for r in krs)
    assert {row.kind for row in mine} == {"team", "objective", "key_result"}
    from collections import Counter

    counts = sum(views.team_counts(board, "2026-Q4", today).values(), Counter())
    assert sum(counts.values()) == len(list(board.iter_key_results())) - sum(
        1 for ref, _, _ in board.iter_key_results() if not ref.startswith("2026-Q4")
    )
    text = views.counts_text(counts)
    assert text.startswith(f"{counts[scoring.Status.ON_TRACK]} on track")
    everything = views.okr_rows(board, "2026-Q4", today)
    due = views.due_checkins(board, everything, today)
    assert due and all(scoring.days_since_checkin(r.key_result, "2026-Q4", today) >= 7 for r in due)
    assert views.due_checkins(board, everything, dt.date(2027, 1, 5)) == []  # over


# -- issue 36: honest numbers for items born mid-quarter, binary and deadline KRs ----------

Q4 = "2026-Q4"  # 2026-10-01 .. 2026-12-31, 92 days


def _born(day: dt.date, **fields) -> KeyResult:
    item = kr(**fields)
    item.born = day
    return item


def test_a_kr_added_mid_quarter_is_judged_from_the_day_it_was_added():
    """Added on day 68 of 92 with a baseline and a -40% change: not stale on day 70 (its
    first stale_days are "not started"), and after a first check-in it is expected to be
    as far as the days since it was added, not since the quarter began."""
    added = dt.date(2026, 12, 7)  # day 68
    item = _born(added, baseline=210, change="-40%")
    assert scoring.status(item, Q4, dt.date(2026, 12, 9)) is Status.NOT_STARTED
    assert scoring.days_since_checkin(item, Q4, dt.date(2026, 12, 9)) == 2
    item.checkins = [CheckIn(date=dt.date(2026, 12, 14), value=175)]  # 42% of the way
    expected = scoring.elapsed(Q4, dt.date(2026, 12, 14), start=scoring.began(item, Q4))
    assert expected == pytest.approx(8 / 25)
    assert scoring.status(item, Q4, dt.date(2026, 12, 14)) is Status.ON_TRACK
    # unknown (a board outside git) or before the quarter: the quarter's start
    assert scoring.began(kr(baseline=1, target=2), Q4) == dt.date(2026, 10, 1)
    assert scoring.began(_born(dt.date(2026, 9, 20)), Q4) == dt.date(2026, 10, 1)


def test_a_written_start_wins_over_the_day_the_item_was_added():
    item = _born(dt.date(2026, 10, 1), baseline=0, target=10, start=dt.date(2026, 11, 1))
    assert scoring.began(item, Q4) == dt.date(2026, 11, 1)
    assert scoring.status(item, Q4, dt.date(2026, 10, 20)) is Status.NOT_STARTED


def test_an_objective_is_not_dragged_by_a_kr_just_added_or_a_binary_not_yet_due():
    objective = Objective(id="o", title="o")
    on_track = kr(baseline=0, target=10, checkins=[CheckIn(date=dt.date(2026, 11, 20), value=7)])
    fresh = _born(dt.date(2026, 11, 18), baseline=0, target=10)
    binary = kr(kind="binary", target=2, baseline=0, due=dt.date(2026, 12, 5),
                checkins=[CheckIn(date=dt.date(2026, 11, 20), value=1)])  # fmt: skip
    objective.key_results = {"a": on_track, "b": fresh, "c": binary}
    today = dt.date(2026, 11, 22)
    assert scoring.status(binary, Q4, today) is Status.NOT_YET
    assert scoring.status(fresh, Q4, today) is Status.NOT_STARTED
    assert scoring.objective_status(objective, Q4, today) is Status.ON_TRACK


def test_a_stretch_on_the_wrong_side_of_the_target_is_ignored():
    """baseline 50, target 20, stretch 25 (a decrease whose stretch is short of the
    target): no check-ins grade 0, not 0.3."""
    item = kr(baseline=50, target=20, stretch=25)
    assert scoring.stretch_progress(item) is None
    assert scoring.grade(item) == 0.0
    assert scoring.stretch_beyond_target(item) is False
    assert scoring.stretch_beyond_target(kr(baseline=50, target=20, stretch=10)) is True


def test_one_verdict_per_kr():
    """The status until the quarter closes; the band after; a KR with a deadline past it
    is done or missed whatever its grade; a quarter not begun has no grade."""
    deadline = kr(baseline=0, target=500, due=dt.date(2026, 11, 15),
                  checkins=[CheckIn(date=dt.date(2026, 11, 14), value=470)])  # fmt: skip
    after = dt.date(2026, 11, 22)
    assert scoring.verdict(deadline, Q4, after) == "missed"
    assert scoring.verdict(deadline, Q4, after, closed=True) == "missed"
    binary = kr(kind="binary", baseline=0, target=2,
                checkins=[CheckIn(date=dt.date(2026, 11, 14), value=1)])  # fmt: skip
    assert scoring.verdict(binary, Q4, after) == "not yet"
    metric = kr(baseline=0, target=10, checkins=[CheckIn(date=dt.date(2026, 12, 20), value=8)])
    assert scoring.verdict(metric, Q4, dt.date(2026, 12, 21)) == "on track"
    assert scoring.verdict(metric, Q4, dt.date(2027, 1, 5), closed=True) == "success"
    assert scoring.verdict(metric, "2027-Q1", dt.date(2026, 12, 7)) == "not started"
    assert scoring.grade_as_of(metric, "2027-Q1", dt.date(2026, 12, 7)) is None
    assert scoring.grade_as_of(metric, Q4, dt.date(2026, 12, 21)) == 0.8


def test_the_newest_check_in_is_the_latest_day_and_of_one_day_the_later_line():
    """``last_checkin`` is the last of ``trend`` (oldest first, file order within a day),
    found without sorting: the alignment map asks it of every KR of a quarter."""
    day = dt.date(2026, 8, 3)
    checkins = [
        CheckIn(date=day, value=45),
        CheckIn(date=dt.date(2026, 8, 10), value=47),  # the latest day: not last in the file
        CheckIn(date=dt.date(2026, 8, 10), value=48),  # the same day, a later line
        CheckIn(date=day, value=46),
        CheckIn(date=dt.date(2026, 8, 17), value=None),  # no value: not a reading
        CheckIn(date=None, value=99),  # no date: not a reading
    ]
    result = kr(baseline=40, target=50, checkins=checkins)
    assert result.last_checkin is result.trend[-1] is checkins[2]
    assert kr(checkins=[CheckIn(date=None, value=1)]).last_checkin is None
    assert kr(checkins=None).last_checkin is None
