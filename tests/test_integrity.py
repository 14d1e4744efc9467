"""Nothing the user owns is lost or overwritten: damaged databases set aside under a
unique name (also when several `drill` commands start at once), and `drill start` /
`drill reset` never write through a symbolic link or over an earlier backup."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from checker import store

STARTER = (REPO / "drills" / "batchnorm" / "starter.py").read_text()
DAMAGED = b"this is not a database" * 100

needs_symlinks = pytest.mark.skipif(
    sys.platform == "win32", reason="creating symbolic links needs privileges on Windows"
)


def _one_line_error(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _healthy(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        conn.execute("SELECT COUNT(*) FROM checks").fetchone()
    finally:
        conn.close()


def _stamps_around_now(seconds: int = 8) -> list[str]:
    now = time.time()
    return sorted(
        {time.strftime("%Y%m%d-%H%M%S", time.localtime(now + s)) for s in range(-1, seconds)}
    )


# --- the damaged progress database ------------------------------------------------------


def test_two_damaged_databases_set_aside_in_the_same_second_both_survive(tmp_path, monkeypatch):
    monkeypatch.setattr(store.time, "strftime", lambda *_: "20240101-120000")
    db = tmp_path / "progress.db"
    contents = [b"first damaged file " * 100, b"second damaged file " * 100]
    for content in contents:
        db.write_bytes(content)
        opened = store.connect(db)
        assert opened.warning and "damaged" in opened.warning
        opened.conn.close()
    aside = sorted(tmp_path.glob("progress.db.corrupt-*"))
    assert len(aside) == 2, aside
    assert sorted(p.read_bytes() for p in aside) == sorted(contents)
    assert all("20240101-120000" in p.name for p in aside)
    _healthy(db)


def test_an_earlier_aside_file_is_never_overwritten(run_drill, drill_env):
    home = Path(drill_env["DRILL_HOME"])
    home.mkdir(parents=True)
    earlier = {
        home / f"progress.db.corrupt-{s}": f"earlier {s}".encode() for s in _stamps_around_now()
    }
    for path, content in earlier.items():
        path.write_bytes(content)
    (home / "progress.db").write_bytes(DAMAGED)
    result = run_drill("status")
    assert result.returncode == 0, result
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    for path, content in earlier.items():
        assert path.read_bytes() == content
    new = [p for p in home.glob("progress.db.corrupt-*") if p not in earlier]
    assert [p.read_bytes() for p in new] == [DAMAGED]
    assert str(new[0]) in result.stderr
    _healthy(home / "progress.db")


def test_damaged_twice_in_a_row_keeps_both(run_drill, drill_env):
    home = Path(drill_env["DRILL_HOME"])
    home.mkdir(parents=True)
    contents = [b"one " + DAMAGED, b"two " + DAMAGED]
    for content in contents:
        (home / "progress.db").write_bytes(content)
        result = run_drill("status")
        assert result.returncode == 0 and "damaged" in result.stderr, result
    aside = list(home.glob("progress.db.corrupt-*"))
    assert sorted(p.read_bytes() for p in aside) == sorted(contents)


def _damaged_database(path: Path) -> bytes:
    """A real database with a page in the middle overwritten: `PRAGMA quick_check` has
    to read a while before it finds the damage, which widens the window a race needs."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", ((f"row {i} " * 20,) for i in range(20000)))
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return bytes(data)


_AT_ONCE = (
    "import sys, time\n"
    "from checker.cli import main\n"
    "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def _together(drill_env: dict[str, str], *args: str, n: int = 4) -> list[tuple[int, str, str]]:
    """Run `drill ARGS` in n processes that start the command within a millisecond."""
    go = f"{time.time() + 2.0:.6f}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _AT_ONCE, go, *args],
            env=drill_env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


@pytest.mark.parametrize("round_", range(3))
def test_commands_started_together_on_a_damaged_database(drill_env, round_):
    home = Path(drill_env["DRILL_HOME"])
    home.mkdir(parents=True)
    damaged = _damaged_database(home / "progress.db")
    results = _together(drill_env, "status")
    for code, _, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    aside = list(home.glob("progress.db.corrupt-*"))
    assert len(aside) == 1, aside
    assert aside[0].read_bytes() == damaged
    assert any(str(aside[0]) in err for _, _, err in results)
    _healthy(home / "progress.db")


def test_setting_aside_works_without_file_locks(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "fcntl", None)
    db = tmp_path / "progress.db"
    db.write_bytes(DAMAGED)
    opened = store.connect(db)
    opened.conn.close()
    assert opened.warning and "damaged" in opened.warning
    assert [p.read_bytes() for p in tmp_path.glob("progress.db.corrupt-*")] == [DAMAGED]
    _healthy(db)


# --- start and reset never write through a symbolic link ---------------------------------


@pytest.fixture
def ws(drill_env) -> Path:
    path = Path(drill_env["DRILL_WORKSPACE"])
    path.mkdir(parents=True)
    return path


@pytest.fixture
def outside(tmp_path) -> Path:
    path = tmp_path / "outside"
    path.mkdir()
    return path


@needs_symlinks
@pytest.mark.parametrize("command", ["start", "reset"])
def test_a_symlinked_drill_file_pointing_outside_is_refused(run_drill, ws, outside, command):
    victim = outside / "notes.py"
    victim.write_text("# someone else's file\n")
    (ws / "batchnorm.py").symlink_to(victim)
    result = run_drill(command, "batchnorm")
    _one_line_error(result, 2, "symbolic link", str(ws / "batchnorm.py"), "move it")
    assert victim.read_text() == "# someone else's file\n"
    assert (ws / "batchnorm.py").is_symlink()
    assert not (ws / ".backups").exists()


@needs_symlinks
@pytest.mark.parametrize("command", ["start", "reset"])
def test_a_dangling_symlink_is_not_written_through(run_drill, ws, outside, command):
    victim = outside / "created-by-drill.py"
    (ws / "batchnorm.py").symlink_to(victim)
    result = run_drill(command, "batchnorm")
    _one_line_error(result, 2, "symbolic link")
    assert not victim.exists()
    assert list(outside.iterdir()) == []


@needs_symlinks
@pytest.mark.parametrize("command", ["start", "reset"])
def test_a_symlink_inside_the_workspace_is_refused_too(run_drill, ws, command):
    mine = ws / "my-batchnorm.py"
    mine.write_text("# my real work\n")
    (ws / "batchnorm.py").symlink_to(mine)
    _one_line_error(run_drill(command, "batchnorm"), 2, "symbolic link")
    assert mine.read_text() == "# my real work\n"


@needs_symlinks
def test_reset_refuses_a_symlinked_backups_folder(run_drill, ws, outside):
    (ws / "batchnorm.py").write_text("# precious\n")
    (ws / ".backups").symlink_to(outside, target_is_directory=True)
    result = run_drill("reset", "batchnorm")
    _one_line_error(result, 2, "symbolic link", ".backups", "a folder")
    assert list(outside.iterdir()) == []
    assert (ws / "batchnorm.py").read_text() == "# precious\n"


def test_reset_refuses_a_backups_path_that_is_not_a_folder(run_drill, ws):
    (ws / "batchnorm.py").write_text("# precious\n")
    (ws / ".backups").write_text("not a folder\n")
    _one_line_error(run_drill("reset", "batchnorm"), 2, ".backups")
    assert (ws / "batchnorm.py").read_text() == "# precious\n"
    assert (ws / ".backups").read_text() == "not a folder\n"


@needs_symlinks
def test_reset_never_writes_a_backup_through_a_symlink(run_drill, ws, outside):
    (ws / "batchnorm.py").write_text("# precious\n")
    backups = ws / ".backups"
    backups.mkdir()
    for stamp in _stamps_around_now():
        for name in (f"batchnorm-{stamp}.py", *(f"batchnorm-{stamp}-{n}.py" for n in range(2, 5))):
            (backups / name).symlink_to(outside / name)
    result = run_drill("reset", "batchnorm")
    _one_line_error(result, 2, "symbolic link")
    assert list(outside.iterdir()) == []
    assert (ws / "batchnorm.py").read_text() == "# precious\n"


def test_reset_never_overwrites_an_earlier_backup(run_drill, ws):
    (ws / "batchnorm.py").write_text("# precious\n")
    backups = ws / ".backups"
    backups.mkdir()
    earlier = {}
    for stamp in _stamps_around_now():
        for name in (f"batchnorm-{stamp}.py", f"batchnorm-{stamp}-2.py"):
            earlier[backups / name] = f"# earlier backup {name}\n"
    for path, text in earlier.items():
        path.write_text(text)
    result = run_drill("reset", "batchnorm")
    assert result.returncode == 0, result
    for path, text in earlier.items():
        assert path.read_text() == text
    new = [p for p in backups.iterdir() if p not in earlier]
    assert [p.read_text() for p in new] == ["# precious\n"]
    assert str(new[0]) in result.stdout.replace("\n", "")
    assert (ws / "batchnorm.py").read_text() == STARTER


def test_resets_started_together_keep_every_backup(drill_env, ws):
    (ws / "batchnorm.py").write_text("# precious\n")
    for code, _, err in _together(drill_env, "reset", "batchnorm"):
        assert code == 0, err
        assert "Traceback" not in err
    saved = [p.read_text() for p in (ws / ".backups").iterdir()]
    assert len(saved) == 4, saved
    assert "# precious\n" in saved
    assert (ws / "batchnorm.py").read_text() == STARTER
    assert [p.name for p in ws.iterdir() if p.name != ".backups"] == ["batchnorm.py"]


def test_start_and_reset_still_work_on_regular_files(run_drill, ws):
    (ws / "batchnorm.py").write_text("# in progress\n")
    started = run_drill("start", "batchnorm")
    assert started.returncode == 0 and "already exists" in started.stdout
    assert (ws / "batchnorm.py").read_text() == "# in progress\n"
    assert run_drill("reset", "batchnorm").returncode == 0
    assert (ws / "batchnorm.py").read_text() == STARTER
    (ws / "batchnorm.py").unlink()
    assert run_drill("reset", "batchnorm").returncode == 0
    assert (ws / "batchnorm.py").read_text() == STARTER
    assert [p.read_text() for p in (ws / ".backups").iterdir()] == ["# in progress\n"]


def test_starter_file_gets_ordinary_permissions(run_drill, ws):
    assert run_drill("start", "batchnorm").returncode == 0
    mode = os.stat(ws / "batchnorm.py").st_mode & 0o777
    assert mode & 0o600 == 0o600
