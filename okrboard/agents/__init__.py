"""okrboard for agents: the Model Context Protocol server (``okrboard mcp``)."""
