"""The user's workspace: placing starter files, and backing files up before a reset.

Nothing here writes through a symbolic link: a link where the drill file or the
.backups folder should be is refused (WorkspaceError), new files are created
exclusively, and a reset swaps the starter in with a rename, so the user's file is
never half-overwritten and an earlier backup is never replaced.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from checker.catalogue import Drill
from checker.paths import Locations

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER_FD = hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd


class WorkspaceError(Exception):
    """The workspace holds something drill will not write into or through (a
    symbolic link, a file where a folder belongs): one line, nothing changed."""


@dataclass(frozen=True)
class Placed:
    path: Path
    created: bool  # False: a file was already there and was left alone


def user_file(locations: Locations, drill: Drill) -> Path:
    return locations.workspace / drill.filename


def place_starter(locations: Locations, drill: Drill) -> Placed:
    """Copy the starter into the workspace unless a file is already there."""
    target = user_file(locations, drill)
    again = f"drill start {drill.id}"
    _refuse_link(target, again)
    if target.exists():
        return Placed(target, created=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(target, _NEW_FILE | _NOFOLLOW, 0o666)
    except FileExistsError:  # it appeared just now: left alone, like any existing file
        _refuse_link(target, again)
        return Placed(target, created=False)
    _write_all(fd, drill.starter_path.read_bytes(), target)
    return Placed(target, created=True)


def backup(locations: Locations, path: Path, again: str = "drill reset") -> Path:
    """Copy `path` into the workspace's .backups folder under a new time-stamped name
    (`-2`, `-3`, ... when taken); an existing backup is never overwritten."""
    folder = locations.backups
    _refuse_link(folder, again, "a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WorkspaceError(
            f"{folder} is not a folder, so your file cannot be backed up there; "
            f"move it away, then run `{again}` again"
        ) from None
    data, info = _read_regular(path, again)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder_fd = _open_folder(folder, again)
    try:
        n = 1
        while True:
            name = f"{path.stem}-{stamp}{f'-{n}' if n > 1 else ''}{path.suffix}"
            target = folder / name
            try:
                if folder_fd is None:
                    fd = os.open(target, _NEW_FILE | _NOFOLLOW, info.st_mode & 0o777)
                else:
                    fd = os.open(
                        name, _NEW_FILE | _NOFOLLOW, info.st_mode & 0o777, dir_fd=folder_fd
                    )
                break
            except FileExistsError:
                _refuse_link(target, again)
                n += 1
        _write_all(fd, data, target, times=(info.st_atime_ns, info.st_mtime_ns))
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    return target


def reset(locations: Locations, drill: Drill) -> Path | None:
    """Restore the starter; the old file (if any) is backed up first. Returns the backup."""
    target = user_file(locations, drill)
    again = f"drill reset {drill.id}"
    _refuse_link(target, again)
    saved = None
    if os.path.lexists(target):
        saved = backup(locations, target, again)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write the starter beside it and rename it into place: a rename replaces the
    # name itself, so even a link that appeared meanwhile is never written through.
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, _NEW_FILE | _NOFOLLOW, 0o666)
            break
        except FileExistsError:
            continue
    _write_all(fd, drill.starter_path.read_bytes(), temp)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return saved


def _refuse_link(path: Path, again: str, instead: str = "a regular file") -> None:
    if not path.is_symlink():
        return
    try:
        where = f" (to {os.readlink(path)})"
    except OSError:
        where = ""
    raise WorkspaceError(
        f"{path} is a symbolic link{where}, and drill does not write through links; "
        f"move it away or replace it with {instead}, then run `{again}` again"
    )


def _read_regular(path: Path, again: str) -> tuple[bytes, os.stat_result]:
    """The bytes of `path`, which must be a regular file (not followed if a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _refuse_link(path, again)
        raise
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise WorkspaceError(
                f"{path} is not a regular file; move it away, then run `{again}` again"
            )
        return f.read(), info


def _open_folder(folder: Path, again: str) -> int | None:
    """A descriptor for `folder` that cannot be a link (None where unsupported)."""
    if not _FOLDER_FD:
        return None
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            _refuse_link(folder, again, "a folder")
        raise


def _write_all(fd: int, data: bytes, path: Path, times: tuple[int, int] | None = None) -> None:
    """Write `data` to a file this process just created; remove it if that fails."""
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if times is not None and os.utime in os.supports_fd:
                f.flush()
                os.utime(f.fileno(), ns=times)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def is_untouched_starter(path: Path, drill: Drill) -> bool:
    try:
        return path.read_bytes() == drill.starter_path.read_bytes()
    except OSError:
        return False
