"""The widget kit's lazy rows: a list knows its length without making its rows."""

from __future__ import annotations

import pytest
from rich.text import Text

from widgets.rowlist import LazyRows


def test_lazy_rows_make_each_row_once_when_it_is_first_read():
    made = []

    def row(index: int) -> list[Text]:
        made.append(index)
        return [Text(f"row {index}")]

    rows = LazyRows(3000, row)
    assert len(rows) == 3000 and made == []
    assert rows[10][0].plain == "row 10" and rows[10] is rows[10]
    assert rows[-1][0].plain == "row 2999"
    assert [r[0].plain for r in rows[1:3]] == ["row 1", "row 2"]
    assert made == [10, 2999, 1, 2]
    with pytest.raises(IndexError):
        rows[3000]
    assert not LazyRows(0, row)
