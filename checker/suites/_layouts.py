"""How the memory layout of an input (drawn with checker.suitekit.layouts) is shown
next to it when a check fails: describe() shows values, not strides, and a mistake
that only shows on a transposed or sliced array makes no sense without it."""

from __future__ import annotations

import numpy as np

NOTES = {
    "C": "C-contiguous",
    "F": "Fortran order, not C-contiguous (as a transpose gives)",
    "strided": "strided, not contiguous (as a slice such as a[..., ::2] gives)",
}


def note(layout: str | np.ndarray) -> str:
    """The text for a layout name, or for the layout an array actually has (a 1-D
    array drawn in Fortran order is C-contiguous all the same)."""
    if isinstance(layout, np.ndarray):
        if layout.flags.c_contiguous:
            return NOTES["C"]
        return NOTES["F"] if layout.flags.f_contiguous else NOTES["strided"]
    return NOTES.get(layout, layout)
