"""One module per group of subcommands: `add_parsers(sub)` and the `run_*` functions."""
