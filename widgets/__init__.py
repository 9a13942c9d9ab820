"""okrboard's small Textual widget kit. Imports textual and rich, nothing of okrboard."""
