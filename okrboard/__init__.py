"""okrboard: OKRs, a Now / Next / Later roadmap and opportunity trees as TOML files in git.

The core (everything in this package except ``app`` and ``screens``) imports neither
textual nor ``widgets``, so scripts and CI can use it without a terminal.
"""

__version__ = "0.1.0"
