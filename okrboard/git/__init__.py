"""Everything okrboard asks of git: one runner and one error hierarchy, revisions, item
history, commits, sync, the merge driver, conflict resolution and a clone's setup.
Imports the files layer and the domain."""
