"""The 1-D output: number line, decision boundary and the accuracy read from where points landed."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    MathTex,
    NumberLine,
    Tex,
    VGroup,
    config,
)

from nn_core import accuracy
from scenes.kit.plane import PlaneView
from scenes.kit.theme import Theme

__all__ = [
    "accuracy_label",
    "boundary_line",
    "input_plane_boundary",
    "measured_accuracy",
    "number_line",
    "wrong_side_count",
]


def measured_accuracy(coordinates: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    """Accuracy of the points as drawn: class 1 where a point's x-coordinate is right of ``threshold``."""
    return accuracy(np.asarray(coordinates)[:, 0], labels, threshold)


def wrong_side_count(coordinates: np.ndarray, labels: np.ndarray, threshold: float) -> int:
    """How many points, as drawn, lie on the other class's side of ``threshold``."""
    predicted = np.asarray(coordinates)[:, 0] > threshold
    return int(np.count_nonzero(predicted != np.asarray(labels).astype(bool)))


def number_line(view: PlaneView, theme: Theme, *, step: float | None = None) -> NumberLine:
    """The x-axis as a number line with numbers, at the view's scale, across the frame."""
    if step is None:
        step = 1.0 if view.unit >= 0.5 else (2.0 if view.unit >= 0.25 else 5.0)
    # across the frame, wherever the view puts the origin, the outermost numbers clear of the edge
    reach = config.frame_width / 2 - 0.45
    low = np.ceil(view.to_coords(np.array([-reach, 0.0, 0.0]))[0] / step) * step
    high = np.floor(view.to_coords(np.array([reach, 0.0, 0.0]))[0] / step) * step
    line = NumberLine(
        x_range=(low, high, step),
        unit_size=view.unit,
        color=theme.axis,
        include_numbers=True,
        label_direction=DOWN,
        font_size=24,
        decimal_number_config={"num_decimal_places": 0},
    )
    line.numbers.set_color(theme.muted_text)
    line.shift(view.to_scene(np.zeros(3)) - line.n2p(0))
    return line


def boundary_line(
    view: PlaneView, threshold: float, theme: Theme, *, height: float = 2.6
) -> VGroup:
    """A vertical boundary at ``threshold`` with 'predict y=0' on its left and 'predict y=1' right."""
    x = view.to_scene(np.array([threshold, 0.0, 0.0]))
    line = DashedLine(
        x + height / 2 * DOWN, x + height / 2 * UP, color=theme.boundary, stroke_width=4
    )
    left = Tex(r"predict $y=0$", color=theme.class_colors[0]).scale(0.55)
    right = Tex(r"predict $y=1$", color=theme.class_colors[1]).scale(0.55)
    # below the line: the corners above belong to the diagram and the formula
    left.next_to(line.get_bottom(), LEFT, buff=0.15).shift(0.2 * UP)
    right.next_to(line.get_bottom(), RIGHT, buff=0.15).shift(0.2 * UP)
    value = MathTex(f"{threshold:g}", color=theme.boundary).scale(0.55).next_to(line, UP, buff=0.1)
    return VGroup(line, left, right, value)


def input_plane_boundary(
    view: PlaneView,
    row: np.ndarray,
    bias: float,
    threshold: float,
    theme: Theme,
    *,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> DashedLine:
    """Where a one-layer network's output ``row · x + bias`` equals ``threshold``, drawn in the
    input plane across the box ``x_range`` by ``y_range`` (for the steeper lines, across its height)."""
    w1, w2 = row
    level = threshold - bias
    if abs(w2) >= abs(w1):
        xs = np.array(x_range)
        ys = (level - w1 * xs) / w2
    else:
        ys = np.array(y_range)
        xs = (level - w2 * ys) / w1
    ends = view.to_scene(np.column_stack([xs, ys, np.zeros(2)]))
    return DashedLine(ends[0], ends[1], color=theme.boundary, stroke_width=5)


def accuracy_label(
    value: float,
    theme: Theme,
    *,
    correct: int | None = None,
    total: int | None = None,
    wrong: int | None = None,
):
    """'accuracy = 97.5%' (with 'n / N' and 'k on the wrong side' when given), in the colour of
    the decision it measures."""
    percent = f"{100 * value:.1f}".rstrip("0").rstrip(".")
    text = rf"\text{{accuracy}} = {percent}\%"
    if correct is not None and total is not None:
        text += rf"\quad ({correct} / {total})"
    if wrong is not None:
        text += rf"\quad \text{{{wrong} on the wrong side}}"
    return MathTex(text, color=theme.boundary).scale(0.75)
