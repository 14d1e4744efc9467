"""The user's workspace: placing starter files, and backing files up before a reset."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from checker.catalogue import Drill
from checker.paths import Locations


@dataclass(frozen=True)
class Placed:
    path: Path
    created: bool  # False: a file was already there and was left alone


def user_file(locations: Locations, drill: Drill) -> Path:
    return locations.workspace / drill.filename


def place_starter(locations: Locations, drill: Drill) -> Placed:
    """Copy the starter into the workspace unless a file is already there."""
    target = user_file(locations, drill)
    if target.exists():
        return Placed(target, created=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(drill.starter_path, target)
    return Placed(target, created=True)


def backup(locations: Locations, path: Path) -> Path:
    """Copy `path` into the workspace's .backups folder under a time-stamped name."""
    locations.backups.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = locations.backups / f"{path.stem}-{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = locations.backups / f"{path.stem}-{stamp}-{n}{path.suffix}"
    shutil.copy2(path, target)
    return target


def reset(locations: Locations, drill: Drill) -> Path | None:
    """Restore the starter; the old file (if any) is backed up first. Returns the backup."""
    target = user_file(locations, drill)
    saved = backup(locations, target) if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(drill.starter_path, target)
    return saved


def is_untouched_starter(path: Path, drill: Drill) -> bool:
    try:
        return path.read_bytes() == drill.starter_path.read_bytes()
    except OSError:
        return False
