"""All terminal output: one module per kind of screen, one console factory."""
