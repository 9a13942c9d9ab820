"""The widget kit's own contracts."""

from __future__ import annotations


def test_the_widget_kits_messages_name_their_control():
    """As Textual's own widgets do, so a handler can use ``@on(..., "#id")`` selectors."""
    from widgets.cardlist import CardList
    from widgets.rowlist import RowList

    rows, cards = RowList(), CardList()
    assert RowList.Highlighted(rows, 1).control is rows
    assert RowList.Selected(rows, 1).control is rows
    assert CardList.Highlighted(cards, 0).control is cards
    assert CardList.Selected(cards, 0).control is cards
