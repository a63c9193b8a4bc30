"""What a learner has done: `records` is the one writer of ItemProgress and Certificate,
`read_models` builds the kit, module and library views templates display (reads only)."""
