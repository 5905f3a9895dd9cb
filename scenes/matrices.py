"""Typeset matrices and vectors whose columns carry the colours of the basis vectors they move."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Matrix

from scenes.theme import Theme

__all__ = ["format_number", "symbolic_matrix", "symbolic_vector", "value_vector", "weight_matrix"]


def format_number(value: float, decimals: int = 2) -> str:
    """``-0.5`` as ``-0.50``, with a real minus sign, for MathTex."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "{-}")


def _color_columns(matrix: Matrix, theme: Theme, colored: bool) -> Matrix:
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
    h_buff: float = 1.3,
) -> Matrix:
    """The numbers of ``weights (out, in)``, column n in the colour of basis vector n.

    ``h_buff`` is the distance between column centres (narrow numbers such as integers want less).
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    entries = [[format_number(v, decimals) for v in row] for row in weights]
    matrix = Matrix(entries, h_buff=h_buff, element_alignment_corner=np.zeros(3))
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


def value_vector(values: Sequence[float], theme: Theme, *, decimals: int = 2) -> Matrix:
    vector = Matrix([[format_number(v, decimals)] for v in values])
    vector.set_color(theme.text)
    return vector
