"""A cache of parsed drill.toml files, so that `drill list` and `drill` alone do not
parse every drill's metadata on every run (tomllib took a quarter of `drill list`).

Each entry is keyed by the file's path and checked against its size and modification
time. The cache is only ever a shortcut: a missing, unreadable, corrupt or stale
cache, or one that cannot be written, means the files are parsed as before."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = 1


def cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(base).expanduser() / "drill" / "drill-toml.json"


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_mtime_ns, st.st_size]


def _load(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _save(file: Path, entries: dict[str, Any]) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": VERSION, "entries": entries})
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".drill-toml-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, file)  # atomic: a concurrent reader sees the old or the new file
    except (OSError, TypeError, ValueError):
        return


def read_tables(paths: list[Path], parse: Callable[[Path], dict]) -> dict[Path, dict]:
    """`parse(path)` for every path, from the cache where the file has not changed."""
    file = cache_file()
    entries = _load(file)
    tables: dict[Path, dict] = {}
    changed = False
    for path in paths:
        key = str(path.resolve())
        try:
            sig = _signature(path)
        except OSError:
            sig = None
        entry = entries.get(key)
        if sig is not None and isinstance(entry, dict) and entry.get("sig") == sig:
            table = entry.get("table")
            if isinstance(table, dict):
                tables[path] = table
                continue
        tables[path] = parse(path)  # raises on malformed content, as without a cache
        if sig is not None:
            entries[key] = {"sig": sig, "table": tables[path]}
            changed = True
    if changed:
        _save(file, entries)
    return tables

