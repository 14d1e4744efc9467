"""LaTeX to terminal text (checker/formulas.py): the tables of how formulas must
read, and properties on arbitrary input: never an exception, never a backslash
or an internal mark left, lines no wider than asked where a break exists."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from checker.formulas import BREAK, BREAK_LOW, GAP, display_formulas, fit, latex_to_text

TABLES = Path(__file__).parent / "formula_renderings"
INLINE = tomllib.loads((TABLES / "inline.toml").read_text(encoding="utf-8"))["cases"]
DISPLAY = tomllib.loads((TABLES / "display.toml").read_text(encoding="utf-8"))["cases"]
MARKS = (BREAK, BREAK_LOW, GAP)


@pytest.mark.parametrize("case", INLINE, ids=[c["rule"] for c in INLINE])
def test_inline_formula_reads_as_tabled(case):
    assert latex_to_text(case["latex"]) == case["text"]


@pytest.mark.parametrize("case", DISPLAY, ids=[c["rule"] for c in DISPLAY])
def test_display_formula_is_laid_out_as_tabled(case):
    lines = [line for f in display_formulas(case["latex"]) for line in fit(f, case["width"])]
    assert lines == case["lines"]


PIECES = [
    *"{}^_\\()[]|+-=,;' xyz12",
    r"\frac", r"\sqrt", r"\sqrt[", r"\left(", r"\right)", r"\left", r"\right", r"\sum_",
    r"\hat", r"\text", r"\mathrel", r"\qquad", r"\quad", r"\lVert", r"\rVert", r"\foo",
    r"\\", "\\", "$", r"\mathbb", r"\operatorname", r"\max_", r"\cdot", r"\partial",
    r"\lfloor", r"\rfloor", "{{{", "}}}", "\x00", "\ue000", "é", "∑",
]  # fmt: skip
latex_soup = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(latex_soup | st.text(max_size=60))
def test_any_input_gives_text_without_backslashes_or_marks(latex):
    text = latex_to_text(latex)
    shown = [line for f in display_formulas(latex) for line in fit(f, 24)]
    for out in [text, *shown]:
        assert "\\" not in out
        assert not any(mark in out for mark in MARKS)


@pytest.mark.parametrize(
    "latex",
    ["{" * 3000 + "x" + "}" * 3000, "x^{" * 2000, r"\frac" * 2000, r"\sqrt{" * 2000,
     r"\left(" * 2000, r"\hat" * 2000, r"\mathrel" * 2000, "x^" * 3000],
    ids=["braces", "scripts", "fractions", "roots", "left", "accents", "mathrel", "carets"],
)  # fmt: skip
def test_deep_nesting_is_flattened_not_a_recursion_error(latex):
    assert "\\" not in latex_to_text(latex)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "bb", "c_1", r"\frac{x}{y}", "(d + e)"]), min_size=1,
             max_size=12),
    st.lists(st.sampled_from(["+", "-"]), min_size=11, max_size=11),
    st.integers(min_value=20, max_value=60),
)  # fmt: skip
def test_a_long_sum_is_broken_to_fit_and_loses_nothing(terms, operators, width):
    rhs = " ".join(f"{op} {t}" for op, t in zip(operators, terms[1:], strict=False))
    latex = f"y = {terms[0]} {rhs}".strip()
    (formula,) = display_formulas(latex)
    lines = fit(formula, width)
    assert " ".join(line.strip() for line in lines) == latex_to_text(latex)
    assert all(cell_len(line) <= width for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])  # under the right-hand side
