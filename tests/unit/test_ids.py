from __future__ import annotations

import datetime as dt

import pytest

from okrboard.domain import ids


@pytest.mark.parametrize("text", ["a", "time-to-value", "q3-2026", "x" * 64])
def test_valid_slugs(text):
    assert ids.is_slug(text)
    assert ids.slug_problem(text) is None


@pytest.mark.parametrize(
    "text", ["", "Time", "a--b", "-a", "a-", "a b", "a/b", "..", "é", "x" * 65, "a_b"]
)
def test_invalid_slugs_say_why(text):
    assert not ids.is_slug(text)
    assert ids.slug_problem(text)


def test_slugify_and_unique():
    assert ids.slugify("Time to Value!") == "time-to-value"
    assert ids.unique_slug("Time to value", {"time-to-value"}) == "time-to-value-2"
    assert ids.unique_slug("", set()) == "item"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Удержание новых клиентов", "uderzhanie-novykh-klientov"),
        ("Ελληνικά τεστ", "ellinika-test"),
        ("Café à la crème", "cafe-a-la-creme"),
        ("Ключевой результат: NPS ≥ 40", "klyuchevoy-rezul-tat-nps-40"),
    ],
)
def test_ids_from_titles_in_any_script_are_readable(title, slug):
    assert ids.slugify(title) == slug and ids.slug_problem(slug) is None


def test_quarters():
    q = ids.QuarterId.parse("2026-Q3")
    assert (q.start, q.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert str(q.next()) == "2026-Q4" and str(ids.QuarterId.parse("2026-Q4").next()) == "2027-Q1"
    assert str(ids.QuarterId.parse("2026-Q1").previous()) == "2025-Q4"
    assert ids.QuarterId.containing(dt.date(2026, 11, 22)) == ids.QuarterId(2026, 4)
    for bad in ("2026-Q5", "2026Q3", "26-Q1", "2026-q3"):
        with pytest.raises(ValueError, match="YYYY-QN"):
            ids.QuarterId.parse(bad)


def test_references():
    assert ids.parse_ref("2026-Q3/growth/activation").kind == "objective"
    kr = ids.parse_ref("2026-Q3/growth/activation/time-to-value")
    assert kr.kind == "key_result" and str(kr) == "2026-Q3/growth/activation/time-to-value"
    assert ids.parse_ref("roadmap/growth/guided-setup").kind == "theme"
    node = ids.parse_ref("tree/activation/blank-page")
    assert node.kind == "node" and str(node) == "tree/activation/blank-page"
    for bad in (
        "growth/activation",
        "2026-Q3/Growth/x",
        "tree/a",
        "2026-Q3/../x",
        "2026-Q3/a/b/c/d",
    ):
        with pytest.raises(ValueError):
            ids.parse_ref(bad)


def test_a_bounded_cache_keeps_the_most_recently_used():
    from okrboard.domain.cache import Cache

    cache: Cache[str, int] = Cache(2)
    cache.put("a", 1), cache.put("b", 2)
    assert cache.get("a") == 1  # read: now the newest
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("c") == 3 and len(cache) == 2
    assert cache.get_or_make("d", lambda: 4) == 4 and cache.get_or_make("d", lambda: 5) == 4


def test_caches_are_safe_across_threads_and_cleared_at_once():
    """Eight threads read and fill one small cache: no read ever fails between asking and
    reading (the old check-then-read could), and clear_caches empties every cache."""
    import threading

    from okrboard.domain.cache import Cache, clear_caches, memoized

    cache: Cache[int, int] = Cache(8)
    errors: list[BaseException] = []

    def churn(offset: int) -> None:
        try:
            for n in range(5_000):
                key = (n + offset) % 32
                assert cache.get_or_make(key, lambda key=key: key * 2) == key * 2
        except BaseException as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=churn, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(cache) == 8

    calls: list[int] = []

    @memoized(maxsize=4)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    square(3), square(3)
    clear_caches()
    square(3)
    assert calls == [3, 3] and len(cache) == 0


def test_references_know_their_file_team_and_parent():
    kr = ids.parse_ref("2026-Q3/growth/activation/time-to-value")
    assert (kr.quarter, kr.team, kr.id, kr.file) == (
        "2026-Q3",
        "growth",
        "time-to-value",
        "okrs/2026-Q3/growth.toml",
    )
    assert str(kr.parent) == "2026-Q3/growth/activation" and kr.parent.parent is None
    assert ids.Ref.to_key_result("2026-Q3", "growth", "activation", "time-to-value") == kr
    card = ids.parse_ref(ids.card_ref("growth", "guided-setup"))
    assert (card.kind, card.team, card.file) == ("theme", "growth", "roadmaps/growth.toml")
    node = ids.parse_ref(ids.node_ref("activation", "blank-page"))
    assert (node.tree, node.team, node.file) == ("activation", None, "trees/activation.toml")
    with pytest.raises(ValueError, match="is not a reference"):
        ids.parse_ref("growth/activation")
