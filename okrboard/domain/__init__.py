"""The domain: the board's model, ids and references, the schema, scoring, and the rules of
OKRs, roadmaps, trees, alignment, the quarter's lifecycle, validation, the semantic diff and
the coach. Plain functions over plain data: no files, no git, no terminal."""
