"""Typeset matrices and vectors whose columns carry the colours of the basis vectors they move.

Numbers read as a matrix, whatever the weights: every entry of one matrix has the same format
(two decimals, or scientific notation when the largest entry is very large or very small),
entries are right-aligned so their decimal points line up, and columns stand apart by the
widest entry plus a gap, so a minus sign never touches the entry before it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import RIGHT, Matrix

from scenes.kit.theme import Theme

__all__ = [
    "elide_entries",
    "format_entries",
    "format_number",
    "symbolic_matrix",
    "symbolic_vector",
    "value_vector",
    "weight_matrix",
]

# Between the widest entry of one column and the next column, in the matrix's own units.
COLUMN_GAP = 0.55
# Largest magnitudes outside this range are written as a.bc \cdot 10^k.
FIXED_POINT_RANGE = (1e-2, 1e4)


def format_number(value: float, decimals: int = 2) -> str:
    """``-0.5`` as ``-0.50``, with a real minus sign, for MathTex."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "{-}")


def _scientific(value: float, decimals: int) -> str:
    mantissa, exponent = f"{value:.{decimals}e}".split("e")
    return rf"{format_number(float(mantissa), decimals)}{{\cdot}}10^{{{int(exponent)}}}"


def format_entries(values: np.ndarray, decimals: int = 2) -> list[list[str]]:
    """Every entry of ``values (rows, columns)`` as MathTex, in one format for the whole matrix:
    ``decimals`` decimals, or scientific notation when its largest magnitude is below 0.01 or at
    least 10,000 (zeros stay ``0``-like in either form)."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    largest = float(np.abs(values).max()) if values.size else 0.0
    low, high = FIXED_POINT_RANGE
    scientific = largest >= high or (0 < largest < low and decimals > 0)
    if scientific:
        return [[_scientific(v, decimals) for v in row] for row in values]
    return [[format_number(v, decimals) for v in row] for row in values]


def elide_entries(entries: list[list[str]], most: int | None) -> list[list[str]]:
    """``entries`` with at most ``most`` rows and columns: the first ``most - 2``, a row (column)
    of dots, and the last, as a wide layer's matrix is written by hand. ``None``: all."""
    if most is None:
        return entries
    if len(entries) > most:
        entries = [*entries[: most - 2], [r"\vdots"] * len(entries[0]), entries[-1]]
    if len(entries[0]) > most:
        entries = [[*row[: most - 2], r"\cdots", row[-1]] for row in entries]
        for row in entries:
            if row[0] == r"\vdots":
                row[most - 2] = r"\ddots"
    return entries


def _spaced_matrix(entries: list[list[str]], h_buff: float | None) -> Matrix:
    """A Matrix of ``entries``, right-aligned, with columns ``h_buff`` apart (centre to centre)
    or, by default, the widest entry plus ``COLUMN_GAP``."""
    matrix = Matrix(entries, h_buff=h_buff or 1.3, element_alignment_corner=RIGHT)
    if h_buff is None and len(entries[0]) > 1:
        widest = max(entry.width for entry in matrix.get_entries())
        matrix = Matrix(entries, h_buff=widest + COLUMN_GAP, element_alignment_corner=RIGHT)
    return matrix


def _color_columns(matrix: Matrix, theme: Theme, colored: bool) -> Matrix:
    # read by the tests: a weight matrix in the shared vocabulary is on screen
    matrix.column_colored = colored
    if colored:
        for index, column in enumerate(matrix.get_columns()):
            column.set_color(theme.column_color(index))
    else:
        matrix.get_entries().set_color(theme.text)
    matrix.get_brackets().set_color(theme.text)
    return matrix


def weight_matrix(
    weights: np.ndarray,
    theme: Theme,
    *,
    decimals: int = 2,
    colored: bool = True,
    h_buff: float | None = None,
    most: int | None = None,
) -> Matrix:
    """The numbers of ``weights (out, in)``, column n in the colour of basis vector n.

    ``h_buff`` is the distance between column centres; by default the widest entry plus a gap.
    ``most``: at most this many rows and columns, the others elided (:func:`elide_entries`).
    """
    matrix = _spaced_matrix(elide_entries(format_entries(weights, decimals), most), h_buff)
    return _color_columns(matrix, theme, colored)


def symbolic_matrix(
    rows: int, columns: int, theme: Theme, *, name: str = "w", colored: bool = True
) -> Matrix:
    """``[[w_11, w_12], ...]``: entry (m, n) is ``w_{mn}``, the edge from input n to output m."""
    entries = [[f"{name}_{{{m + 1}{n + 1}}}" for n in range(columns)] for m in range(rows)]
    return _color_columns(Matrix(entries, h_buff=1.1), theme, colored)


def symbolic_vector(size: int, theme: Theme, *, name: str = "x") -> Matrix:
    vector = Matrix([[f"{name}_{{{i + 1}}}"] for i in range(size)])
    vector.set_color(theme.text)
    return vector


def value_vector(
    values: Sequence[float], theme: Theme, *, decimals: int = 2, most: int | None = None
) -> Matrix:
    """A column of numbers, decimal points aligned; at most ``most`` of them (the rest elided)."""
    column = np.asarray(values, dtype=np.float64).reshape(-1, 1)
    entries = elide_entries(format_entries(column, decimals), most)
    vector = _spaced_matrix(entries, None)
    vector.set_color(theme.text)
    return vector
