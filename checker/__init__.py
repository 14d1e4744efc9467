"""drill: hand-write deep-learning code and have it judged by hidden property tests."""

__version__ = "0.1.0"
