"""Where content, the workspace and the progress database live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_WORKSPACE = "~/drill-workspace"


def content_root() -> Path:
    """The folder holding drills/, solutions/ and cheatsheets/.

    A wheel carries them inside the package (checker/_content); a source
    checkout or an editable install has them beside the package.
    """
    bundled = _PACKAGE / "_content"
    return bundled if bundled.is_dir() else _PACKAGE.parent


def drills_dir() -> Path:
    return content_root() / "drills"


def solutions_dir() -> Path:
    return content_root() / "solutions"


def cheatsheets_dir() -> Path:
    return content_root() / "cheatsheets"


@dataclass(frozen=True)
class Locations:
    """The user's workspace (their files) and state folder (progress.db)."""

    workspace: Path
    state: Path

    @property
    def database(self) -> Path:
        return self.state / "progress.db"

    @property
    def backups(self) -> Path:
        return self.workspace / ".backups"


def resolve_locations(workspace: str | None = None) -> Locations:
    """Workspace: --workspace, else $DRILL_WORKSPACE, else ~/drill-workspace.

    State: $DRILL_HOME, else $XDG_DATA_HOME/drill, else ~/.local/share/drill.
    """
    ws = workspace or os.environ.get("DRILL_WORKSPACE") or DEFAULT_WORKSPACE
    home = os.environ.get("DRILL_HOME")
    if home:
        state = Path(home)
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or "~/.local/share"
        state = Path(xdg).expanduser() / "drill"
    return Locations(workspace=Path(ws).expanduser().resolve(), state=state.expanduser().resolve())
