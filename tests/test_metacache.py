"""The drill.toml cache is a shortcut only: whatever state it is in, the catalogue
reads what the files say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import metacache
from checker.catalogue import CatalogueError, load_all
from checker.paths import drills_dir


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """Two real drills in a folder of their own, and a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "drills"
    for name in ("dropout", "adam"):
        shutil.copytree(drills_dir() / name, root / name)
    return root


def _retitle(root: Path, name: str, title: str) -> None:
    meta = root / name / "drill.toml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = f'title = "{title}"\n'
    meta.write_text("".join(lines), encoding="utf-8")


def test_a_second_read_comes_from_the_cache_and_says_the_same(tree):
    first = load_all(tree)
    assert metacache.cache_file().is_file()
    assert load_all(tree) == first


def test_an_edited_file_is_read_again(tree):
    load_all(tree)
    _retitle(tree, "adam", "Adam, edited (a longer title than before)")
    assert {d.id: d.title for d in load_all(tree)}["adam"].startswith("Adam, edited")


@pytest.mark.parametrize("junk", ["", "{not json", '{"version": 1, "entries": []}', "[1, 2]"])
def test_a_corrupt_cache_is_ignored_and_rewritten(tree, junk):
    expected = load_all(tree)
    metacache.cache_file().write_text(junk, encoding="utf-8")
    assert load_all(tree) == expected
    assert load_all(tree) == expected


def test_an_unwritable_cache_folder_changes_nothing(tree, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert sorted(d.id for d in load_all(tree)) == ["adam", "dropout"]
    assert not metacache.cache_file().exists()


def test_a_broken_file_still_fails_loudly_after_being_cached(tree):
    load_all(tree)
    (tree / "dropout" / "drill.toml").write_text("title = [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_all(tree)
