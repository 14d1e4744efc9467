"""The drill screens as rendered: the catalogue at several widths, solutions, hints."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from rich.console import Console

from checker import paths
from checker.catalogue import Drill, load_all, load_drill
from checker.render.drills import show_catalogue, show_hints, show_solution
from checker.store import DrillProgress

STATUSES = ("new", "started", "passed")
BOX = "│┃║|"


def _console(width: int, terminal: bool = False) -> Console:
    return Console(width=width, record=True, file=io.StringIO(), force_terminal=terminal)


def _rows(statuses=STATUSES) -> list[tuple[Drill, DrillProgress]]:
    return [
        (d, DrillProgress(d.id, statuses[i % len(statuses)], 0, None))
        for i, d in enumerate(load_all())
    ]


def _catalogue(width: int, rows=None, total: int | None = None) -> list[str]:
    rows = _rows() if rows is None else rows
    console = _console(width)
    show_catalogue(console, rows, len(rows) if total is None else total)
    return console.export_text().splitlines()


def _first_line_of(drill_id: str, lines: list[str]) -> int:
    """The line whose first cell is the drill's id: where its row starts."""
    first_cell = re.compile(rf"[{BOX}]? ?(\S+)")  # at the left edge, not an indented cell
    starts = [
        i
        for i, line in enumerate(lines)
        if (m := first_cell.match(line)) and m.group(1) == drill_id
    ]
    assert len(starts) == 1, f"{drill_id}: row found {len(starts)} times"
    return starts[0]


def _in_order(words: list[str], text: str) -> bool:
    rest = text.split()
    for word in words:
        if word not in rest:
            return False
        rest = rest[rest.index(word) + 1 :]
    return True


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_catalogue_shows_every_id_topic_and_title_word_uncut(width):
    lines = _catalogue(width)
    text = "\n".join(lines)
    assert "…" not in text and "..." not in text
    assert max(len(line) for line in lines) <= width
    words = set(text.split())
    for drill, _ in _rows():
        assert drill.id in words
        assert drill.topic in text, f"topic {drill.topic!r} cut or split at {width}"
        for word in drill.title.split():
            assert word in words, f"{word!r} of {drill.title!r} missing at {width}"


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_catalogue_titles_take_at_most_two_lines(width):
    lines = _catalogue(width)
    for drill, _ in _rows():
        first = _first_line_of(drill.id, lines)
        title = drill.title.split()
        assert title[0] in lines[first].split(), f"{drill.title!r} does not start on its row"
        assert _in_order(title, " ".join(lines[first : first + 2])), (
            f"{drill.title!r} spread over more than 2 lines at {width}"
        )


def test_catalogue_at_80_columns_keeps_topic_and_level_on_the_row():
    lines = _catalogue(80)
    for drill, prog in _rows():
        first = _first_line_of(drill.id, lines)
        row = "\n".join(lines[first : first + 4])
        assert drill.difficulty in row.split() and prog.status in row.split()
        assert drill.topic in row


def test_catalogue_at_120_columns_has_every_column_on_the_drills_row():
    """Wide: topic, level and status in columns of their own, on the drill's first line;
    the title starts there too (a long one may take a second line)."""
    lines = _catalogue(120)
    for drill, prog in _rows():
        line = lines[_first_line_of(drill.id, lines)]
        for part in (drill.title.split()[0], drill.topic, drill.difficulty, prog.status):
            assert part in line, f"{part!r} not on the first line of {drill.id}"
    one_line = sum(drill.title in lines[_first_line_of(drill.id, lines)] for drill, _ in _rows())
    assert one_line >= 0.9 * len(_rows()), "most titles fit on one line at 120 columns"


def test_catalogue_at_60_columns_still_names_every_level():
    lines = _catalogue(60)
    for drill, _ in _rows():
        first = _first_line_of(drill.id, lines)
        assert drill.difficulty in " ".join(lines[first : first + 5]).split()


def test_catalogue_footer_counts_and_suggests_a_start_while_drills_remain():
    rows = _rows(("new",))
    text = "\n".join(_catalogue(80, rows))
    assert f"0 of {len(rows)} passed" in " ".join(text.split())
    footer = " ".join(text.split("\n")[-2:])
    assert "drill start ID" in footer and "drill next" in footer


def test_catalogue_footer_when_every_drill_is_passed_points_to_todays_plan():
    rows = _rows(("passed",))
    lines = _catalogue(80, rows)
    footer = " ".join(" ".join(lines[-2:]).split())
    assert f"{len(rows)} of {len(rows)} passed" in footer
    assert "every drill is passed" in footer
    assert footer.rstrip(".").endswith(": drill")
    assert "drill start" not in footer and "drill next" not in footer


def test_catalogue_footer_for_a_filtered_all_passed_listing_says_shown():
    rows = _rows(("passed",))[:3]
    lines = _catalogue(80, rows, total=len(load_all()))
    footer = " ".join(" ".join(lines[-2:]).split())
    assert "3 shown, 3 of 3 passed" in footer and "every drill shown is passed" in footer


def test_catalogue_with_nothing_to_show_says_so():
    lines = _catalogue(80, [], total=len(load_all()))
    assert lines and "No drills match" in lines[0]


@pytest.mark.parametrize("drill", load_all(), ids=lambda d: d.id)
def test_piped_solution_is_the_file_byte_for_byte(drill):
    console = _console(40)
    show_solution(console, drill)
    assert console.file.getvalue() == drill.solution_path.read_text(encoding="utf-8")


def test_piped_solution_without_a_final_newline_gets_exactly_one(tmp_path, monkeypatch):
    drill = load_drill("batchnorm")
    (tmp_path / "batchnorm.py").write_text("x = 1\n\ny = 2", encoding="utf-8")
    monkeypatch.setattr(paths, "solutions_dir", lambda: tmp_path)
    console = _console(80)
    show_solution(console, drill)
    assert console.file.getvalue() == "x = 1\n\ny = 2\n"


def test_solution_on_a_terminal_has_line_numbers_and_never_wraps():
    drill = load_drill("fc_net")
    code = drill.solution_path.read_text(encoding="utf-8").splitlines()
    console = _console(60, terminal=True)
    show_solution(console, drill)
    lines = console.export_text().splitlines()
    assert len(lines) == len(code)  # one screen line per code line: nothing wrapped
    assert max(len(line) for line in lines) <= 60
    for number, (shown, source) in enumerate(zip(lines, code, strict=True), start=1):
        label, _, rest = shown.strip(" ").partition(" ")
        assert label == str(number)
        assert source.strip()[:20] in shown


def _hinted(n: int) -> Drill:
    return dataclasses.replace(
        load_drill("batchnorm"), hints=tuple(f"hint-text-{i}" for i in range(1, n + 1))
    )


def _hints(drill: Drill, shown: int, show_all: bool = False) -> str:
    console = _console(100)
    show_hints(console, drill, shown, show_all=show_all)
    return console.export_text()


def test_first_hint_shows_only_it_and_how_to_get_the_next():
    text = _hints(_hinted(3), 1)
    assert "Hint 1 of 3" in text and "hint-text-1" in text
    assert "hint-text-2" not in text
    assert "Next hint: drill hint batchnorm" in text
    assert "--all" not in text and "last hint" not in text


def test_a_later_hint_shows_only_the_new_one_and_offers_all_so_far():
    text = _hints(_hinted(3), 2)
    assert "Hint 2 of 3" in text and "hint-text-2" in text
    assert "Hint 1 of 3" not in text and "hint-text-1" not in text
    assert "hint-text-3" not in text
    assert "Next hint: drill hint batchnorm" in text
    assert "All hints so far: drill hint batchnorm --all" in text


def test_show_all_prints_every_hint_revealed_so_far():
    text = _hints(_hinted(3), 2, show_all=True)
    assert text.index("Hint 1 of 3") < text.index("Hint 2 of 3")
    assert "hint-text-1" in text and "hint-text-2" in text and "hint-text-3" not in text
    assert "Next hint: drill hint batchnorm" in text
    assert "--all" not in text


def test_the_last_hint_says_so():
    text = _hints(_hinted(3), 3)
    assert "Hint 3 of 3" in text and "hint-text-1" not in text
    assert "That was the last hint." in text
    assert "Next hint" not in text
    assert "All hints so far: drill hint batchnorm --all" in text
    everything = _hints(_hinted(3), 3, show_all=True)
    assert all(f"hint-text-{i}" in everything for i in (1, 2, 3))
    assert "That was the last hint." in everything and "--all" not in everything


def test_a_single_hint_is_the_last_with_nothing_more_to_offer():
    text = _hints(_hinted(1), 1)
    assert "Hint 1 of 1" in text and "That was the last hint." in text
    assert "Next hint" not in text and "--all" not in text


def test_a_drill_without_hints_says_so_and_nothing_else():
    assert _hints(_hinted(0), 0) == "This drill has no hints.\n"
    assert _hints(_hinted(0), 0, show_all=True) == "This drill has no hints.\n"
