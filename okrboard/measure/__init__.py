"""Metrics that check themselves in: reading sources (``read``), recording what they
say (``run``), and the issues linked from a tracker export (``trackers``)."""
