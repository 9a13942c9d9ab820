"""The board's files: decoding and encoding TOML, locating keys, loading a board, the
minimal-diff writer, recorded merge conflicts, and the editing session with undo. Imports
the domain only."""
