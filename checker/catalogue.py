"""The drill catalogue: parsing and validating each drill's `drill.toml`.

A drill is a folder `drills/<id>/` holding `drill.toml` (metadata), `task.md`
(the statement) and `starter.py`; its reference is `solutions/<id>.py` and its
hidden suite the module `checker.suites.<id>`. Nothing else names a drill.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from checker import metacache, paths
from checker.report import Mistake

TRACKS = ("layers", "optimisers", "training mechanics", "modern")
DIFFICULTIES = ("easy", "medium", "hard")


class CatalogueError(Exception):
    """A drill's files are missing or its metadata is malformed (a content bug)."""


class UnknownDrill(Exception):
    def __init__(self, name: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see `drill list`)"
        super().__init__(f"unknown drill '{name}'{hint}")


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    params: tuple[str, ...]
    # Positions in the returned tuple that are the function's own business (a
    # forward's cache): the judge never looks inside, so they stay in the worker.
    opaque_outputs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Drill:
    id: str
    title: str
    track: str
    topic: str
    difficulty: str
    summary: str
    functions: tuple[FunctionSpec, ...]
    hints: tuple[str, ...]
    cheatsheet: str | None
    followups: tuple[str, ...] = ()
    forbidden_imports: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    time_limit: float = 20.0
    # Minutes a prepared candidate needs to write it from memory: the yardstick of
    # a review's rating (checker/repetition.py).
    target_minutes: int = 15
    headline: bool = False  # offered first among new drills (batch norm, dropout, ...)
    folder: Path = field(default=Path("."), compare=False)

    @property
    def task_path(self) -> Path:
        return self.folder / "task.md"

    @property
    def starter_path(self) -> Path:
        return self.folder / "starter.py"

    @property
    def solution_path(self) -> Path:
        return paths.solutions_dir() / f"{self.id}.py"

    @property
    def suite_module(self) -> str:
        return f"checker.suites.{self.id}"

    @property
    def filename(self) -> str:
        return f"{self.id}.py"


def _require(data: dict, key: str, kind: type, where: Path):
    value = data.get(key)
    if not isinstance(value, kind):
        raise CatalogueError(f"{where}: '{key}' must be a {kind.__name__}")
    return value


def _read_toml(meta: Path) -> dict:
    try:
        return tomllib.loads(meta.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{meta}: {exc}") from exc


def parse_drill(folder: Path, data: dict | None = None) -> Drill:
    """Read `folder/drill.toml` (or its already parsed `data`) into a Drill, failing
    loudly on malformed content."""
    meta = folder / "drill.toml"
    if data is None:
        data = _read_toml(meta)
    track = _require(data, "track", str, meta)
    if track not in TRACKS:
        raise CatalogueError(f"{meta}: track must be one of {TRACKS}")
    difficulty = _require(data, "difficulty", str, meta)
    if difficulty not in DIFFICULTIES:
        raise CatalogueError(f"{meta}: difficulty must be one of {DIFFICULTIES}")
    functions = tuple(
        FunctionSpec(
            _require(f, "name", str, meta),
            tuple(_require(f, "params", list, meta)),
            tuple(int(i) for i in f.get("opaque_outputs", ())),
        )
        for f in _require(data, "functions", list, meta)
    )
    if not functions:
        raise CatalogueError(f"{meta}: a drill needs at least one function")
    target = _require(data, "target_minutes", int, meta)
    if not 1 <= target <= 120:
        raise CatalogueError(f"{meta}: target_minutes must be between 1 and 120")
    headline = data.get("headline", False)
    if not isinstance(headline, bool):
        raise CatalogueError(f"{meta}: 'headline' must be true or false")
    return Drill(
        id=folder.name,
        title=_require(data, "title", str, meta),
        track=track,
        topic=_require(data, "topic", str, meta),
        difficulty=difficulty,
        summary=data.get("summary", ""),
        functions=functions,
        hints=tuple(_require(data, "hints", list, meta)),
        cheatsheet=data.get("cheatsheet"),
        followups=tuple(data.get("followups", ())),
        forbidden_imports=tuple(data.get("forbidden_imports", ())),
        mistakes=tuple(
            Mistake(
                _require(m, "name", str, meta),
                _require(m, "explanation", str, meta),
                m.get("cheatsheet"),
            )
            for m in data.get("mistakes", [])
        ),
        time_limit=float(data.get("time_limit", 20.0)),
        target_minutes=target,
        headline=headline,
        folder=folder,
    )


def drill_ids(root: Path | None = None) -> list[str]:
    root = root or paths.drills_dir()
    return sorted(p.name for p in root.iterdir() if (p / "drill.toml").is_file())


def load_drill(name: str, root: Path | None = None) -> Drill:
    root = root or paths.drills_dir()
    known = drill_ids(root)
    if name not in known:
        raise UnknownDrill(name, known)
    return parse_drill(root / name)


def load_all(root: Path | None = None) -> list[Drill]:
    """Every drill, ordered by track then as listed (difficulty, then id)."""
    root = root or paths.drills_dir()
    metas = [root / name / "drill.toml" for name in drill_ids(root)]
    tables = metacache.read_tables(metas, _read_toml)
    drills = [parse_drill(meta.parent, tables[meta]) for meta in metas]
    return sorted(
        drills,
        key=lambda d: (TRACKS.index(d.track), DIFFICULTIES.index(d.difficulty), d.id),
    )
