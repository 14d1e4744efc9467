"""Hidden suites: one module per drill, named after the drill's id."""
