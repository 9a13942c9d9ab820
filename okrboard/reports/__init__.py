"""Read-only views of a board: the quarterly report, the quarter-over-quarter comparison and
the rows the OKR view shows."""
