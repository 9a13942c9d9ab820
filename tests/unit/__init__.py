"""Domain and file rules, tested without git or the terminal."""
