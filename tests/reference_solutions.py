"""The project's reference solutions (solutions/<drill>.py) as modules, for the
formula checks that compare a cheatsheet block with a drill's reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def load_solution(module: str) -> ModuleType:
    """solutions/<module>.py, freshly executed (the solutions are not a package)."""
    path = SOLUTIONS / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"reference_{module}", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded
