"""The numbers a KR's title states: "from 41% to 50%", "from 1,200 to 1,800", "с 98% до
110%", "от 1,5 до 3 тыс.". One place reads them (the coach's KR007, the app after a save)
and rewrites them (a KR carried into a new quarter), each number in the way it was written.
"""

from __future__ import annotations

import re

from okrboard.domain.model import KeyResult

# "from 10,000 to 15,000", "from 41% to 50%", "с 48 до 8", "от 1,5 до 3 тыс.", "from $2.6M
# to $3.3M" (a currency before, and M after, as the KR's unit says it: not multiplied)
_FROM_TO = re.compile(
    r"(?:\bfrom|(?<!\w)с|(?<!\w)от)\s+[$€£]?(\d(?:[\d.,\u00a0 ]*\d)?)\s*(k|тыс\.?)?(?:m|млн\.?)?"
    r"\s*%?\s+(?:to|до)\s+[$€£]?(\d(?:[\d.,\u00a0 ]*\d)?)\s*(k|тыс\.?)?(?:m\b|млн\.?)?(?![\w])",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # 10,000 and 12,600.5
_DIGIT = re.compile(r"\d")


def from_to(title: str) -> tuple[float, float] | None:
    """The numbers of "from X to Y" in a title (any of the ways above), or None."""
    match = _FROM_TO.search(title)
    if match is None:
        return None
    low, high = _number(match[1], match[2]), _number(match[3], match[4])
    return None if low is None or high is None else (low, high)


def _number(text: str, thousands: str | None) -> float | None:
    digits = text.replace("\u00a0", "").replace(" ", "")
    # 10,000 is ten thousand; 1,5 is one and a half (a decimal comma)
    digits = digits.replace(",", "" if _GROUPED.fullmatch(digits) else ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    return value * 1000 if thousands else value


def agree(said: tuple[float, float], baseline: float, target: float) -> bool:
    """A title's rounded numbers match: "40k" is 40,312; "4.5" is 4.46."""
    return all(
        abs(number - value) <= max(abs(value) * 0.02, 0.05)
        for number, value in zip(said, (baseline, target), strict=True)
    )


def contradiction(kr: KeyResult) -> str | None:
    """KR007: what is wrong when the title's from-to is not the KR's baseline and target."""
    stated = from_to(kr.title or "")
    base, target = kr.baseline, kr.aim
    if stated is None or base is None or target is None or agree(stated, base, target):
        return None
    return (
        f"the title says from {_shown(stated[0])} to {_shown(stated[1])}, but "
        f"baseline = {_shown(base)} and target = {_shown(target)}: which is it?"
    )


def _shown(value: float) -> str:
    return f"{value:,.10g}"


def renumbered(title: str, baseline: float, target: float) -> str | None:
    """``title`` with its from-to saying ``baseline`` and ``target``, each written as the
    old number was (decimals, thousands separators, a decimal comma, "k"); None when the
    title states no from-to to rewrite."""
    match = _FROM_TO.search(title)
    if match is None:
        return None
    low = _styled(baseline, match[1], match[2])
    high = _styled(target, match[3], match[4])
    return (
        title[: match.start(1)]
        + low
        + title[match.end(1) : match.start(3)]
        + high
        + title[match.end(3) :]
    )


def states_numbers(title: str) -> bool:
    """Whether the title has a number in it (one the carry could not rewrite, say)."""
    return bool(_DIGIT.search(title))


def _styled(value: float, like: str, thousands: str | None) -> str:
    """``value`` written the way ``like`` is: ``1,800``, ``3.0``, ``1,5``, ``12``."""
    if thousands:
        value /= 1000
    digits = like.replace("\u00a0", "").replace(" ", "")
    grouped = bool(_GROUPED.fullmatch(digits))
    point = "," if not grouped and "," in digits else "."
    places = len(digits.rsplit(point, 1)[1]) if point in digits else 0
    while places < 3 and round(value, places) != round(value, 6):
        places += 1  # a new number needs a decimal the old one had not
    text = f"{value:,.{places}f}" if grouped else f"{value:.{places}f}"
    return text.replace(".", ",") if point == "," else text
