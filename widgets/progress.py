"""A one-line progress bar with an optional marker for where progress should be by now."""

from __future__ import annotations

from rich.text import Text

FULL, EMPTY, MARK = "█", "░", "│"
PARTIALS = " ▏▎▍▌▋▊▉"


def progress_bar(
    fraction: float | None, width: int, *, expected: float | None = None, style: str = ""
) -> Text:
    """A bar ``width`` cells wide filled to ``fraction`` (0..1), in eighths of a cell.

    ``expected`` (0..1) draws a marker at that point; None for ``fraction`` draws an empty,
    dim bar (progress that cannot be measured).
    """
    if fraction is None:
        return Text(EMPTY * width, style="dim")
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    cells = [FULL] * full
    if part and full < width:
        cells.append(PARTIALS[part])
    cells += [EMPTY] * (width - len(cells))
    styles = [style if c != EMPTY else "dim" for c in cells]
    if expected is not None:
        at = min(width - 1, int(min(1.0, max(0.0, expected)) * width))
        if cells[at] == EMPTY:
            cells[at], styles[at] = MARK, "bold"
    text = Text()
    for cell, cell_style in zip(cells, styles, strict=True):
        text.append(cell, style=cell_style)
    return text
