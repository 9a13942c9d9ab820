"""New boards: ``okrboard init`` (scaffold) and the sample board with its history (demo)."""
