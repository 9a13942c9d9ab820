"""The use cases: each action okrboard offers (check in, ...) as one flow that every front
(the command line, the app, the site, the MCP server) calls. A flow sequences the domain,
the files and git; a front parses arguments or keys and renders what the flow returns
(docs/architecture.md)."""
