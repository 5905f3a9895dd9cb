"""The input plane's axes as a reader reads a plot: tick labels in the data's own units along
the frame's edges, and each axis's name (a CSV file's header names, ``x1`` and ``x2`` for the
built-in data sets).

Only the input plane is labelled: once a layer has moved the points, its coordinates are no
longer the data's (the hidden spaces carry their own ``h1``, ``h2`` axes). The labels sit
outside the points' drawn box, at the frame's bottom and left edges, so they never cover a
point; labels that would overlap an overlay (legend, diagram, formula) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    BackgroundRectangle,
    Line,
    MathTex,
    Mobject,
    Tex,
    VGroup,
    config,
)

from scenes.kit.plane import PlaneView
from scenes.kit.readout import tick_label
from scenes.kit.theme import Theme

__all__ = ["HALO_WIDTH", "AxisTicks", "InputAxes", "axis_name_tex", "axis_ticks", "input_axes"]

# Tick labels at least this far apart on screen (scene units), centre to centre
MIN_LABEL_SPACING = 0.75
MAX_LABELS = 7
# Room between the points' drawn box and the labels, and between the labels and the frame
DATA_GAP = 0.3
EDGE_GAP = 0.12
FONT_SIZE = 22
# Between the second axis's name and the plane's horizontal axis line
AXIS_GAP = 0.06
# The outline of background colour round a label's glyphs, where ``halo`` asks for one
HALO_WIDTH = 5


@dataclass(frozen=True)
class AxisTicks:
    """One axis's ticks: ``values (k,)`` in the data's units, ``step`` apart, and where each
    sits in plane coordinates, ``coordinates (k,)``."""

    values: np.ndarray
    step: float
    coordinates: np.ndarray

    def labels(self) -> list[str]:
        return [tick_label(float(value), self.step) for value in self.values]


def axis_ticks(
    low: float,
    high: float,
    unit: float,
    *,
    offset: float = 0.0,
    scale: float = 1.0,
) -> AxisTicks:
    """Round ticks (1, 2 or 5 times a power of ten) over the plane coordinates ``low..high``,
    drawn at ``unit`` scene units per coordinate, read in the data's units
    ``value = offset + scale * coordinate`` (a standardized input's mean and spread).

    At most ``MAX_LABELS`` labels, at least ``MIN_LABEL_SPACING`` apart on screen, and at least
    two whenever the range allows.
    """
    value_low, value_high = sorted((offset + scale * low, offset + scale * high))
    span = max(value_high - value_low, 1e-12)
    # scene units per data unit, along this axis
    drawn_per_value = unit / abs(scale)
    exponent = int(np.floor(np.log10(span))) - 2
    step = None
    for power in range(exponent, exponent + 6):
        for mantissa in (1.0, 2.0, 5.0):
            candidate = mantissa * 10.0**power
            count = np.floor(value_high / candidate) - np.ceil(value_low / candidate) + 1
            if candidate * drawn_per_value >= MIN_LABEL_SPACING and count <= MAX_LABELS:
                step = candidate
                break
        if step is not None:
            break
    if step is None:
        step = 10.0 ** (exponent + 6)
    first, last = int(np.ceil(value_low / step - 1e-9)), int(np.floor(value_high / step + 1e-9))
    values = np.arange(first, last + 1) * step
    # -0.0 reads as "0"; rounding keeps 0.30000000000000004 off the labels' arithmetic
    values = np.round(values / step) * step + 0.0
    return AxisTicks(values, step, (values - offset) / scale)


def axis_name_tex(name: str, theme: Theme) -> Mobject:
    """An axis name as typeset: ``x1`` as :math:`x_1`, anything else as plain text."""
    match = re.fullmatch(r"([a-zA-Z])_?(\d+)", name)
    if match:
        return MathTex(f"{match[1]}_{{{match[2]}}}", color=theme.text, font_size=30)
    special = {c: "\\" + c for c in "#$%&_{}"}
    special.update({"~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})
    escaped = "".join(special.get(c, c) for c in name.replace("\\", "/"))
    return Tex(escaped, color=theme.text, font_size=26)


class InputAxes(VGroup):
    """Tick marks and labels along the bottom (first coordinate) and left (second) edges of the
    points' drawn box, and the two axis names. ``ticks`` holds each axis's :class:`AxisTicks`,
    ``names`` the two names, ``tick_labels`` each axis's labels drawn (in ``ticks`` order,
    those left out for an overlay missing) and ``name_labels`` the names drawn."""

    def __init__(
        self,
        ticks: tuple[AxisTicks, AxisTicks],
        names: tuple[str, str],
        tick_labels: tuple[VGroup, VGroup],
        name_labels: list[Mobject],
        marks: tuple[VGroup, VGroup],
    ) -> None:
        super().__init__(marks[0], tick_labels[0], marks[1], tick_labels[1], *name_labels)
        self.ticks, self.names = ticks, names
        self.tick_labels, self.name_labels = tick_labels, name_labels


def input_axes(
    view: PlaneView,
    points: np.ndarray,
    names: tuple[str, str],
    theme: Theme,
    *,
    units: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 1.0), (0.0, 1.0)),
    dot_radius: float = 0.05,
    avoid: tuple[Mobject, ...] = (),
    halo: bool = False,
) -> InputAxes:
    """The input plane's axes for ``points (n, 2)`` (plane coordinates) drawn in ``view``.

    ``units`` gives, per axis, ``(offset, scale)`` so that a coordinate ``c`` reads as the
    data's ``offset + scale * c`` (``(0, 1)``: the plane shows the data's own numbers).
    Labels whose box meets one of ``avoid`` are left out. Each label is kept legible over the
    grid lines by a backing box, or with ``halo`` by an outline of background colour round
    its glyphs only (a box would show as a dark patch over a shaded region).
    """
    points = np.asarray(points, dtype=np.float64)[:, :2]
    low, high = points.min(axis=0), points.max(axis=0)
    margin = 0.04 * np.maximum(high - low, 1e-9)
    ticks = tuple(
        axis_ticks(low[i] - margin[i], high[i] + margin[i], view.unit, offset=o, scale=s)
        for i, (o, s) in enumerate(units)
    )
    drawn_low = view.to_scene(np.array([low[0], low[1], 0.0])) - dot_radius
    half_width, half_height = config.frame_width / 2, config.frame_height / 2
    x_name, y_name = (axis_name_tex(name, theme) for name in names)
    # read bottom to top, along the left edge, left of the y labels
    y_name.rotate(PI / 2)
    y_texts = [
        MathTex(text, color=theme.muted_text, font_size=FONT_SIZE) for text in ticks[1].labels()
    ]
    widest = max((label.width for label in y_texts), default=0.0)
    row_y = max(drawn_low[1] - DATA_GAP, -half_height + EDGE_GAP + 0.25)
    column_x = max(
        drawn_low[0] - DATA_GAP, -half_width + EDGE_GAP + y_name.width + 0.15 + widest + 0.16
    )

    def clear(mobject: Mobject) -> bool:
        return not any(_overlap(mobject, other) for other in avoid)

    x_marks, x_labels = VGroup(), VGroup()
    for value_text, coordinate in zip(ticks[0].labels(), ticks[0].coordinates, strict=True):
        x = view.to_scene(np.array([coordinate, 0.0, 0.0]))[0]
        mark = Line([x, row_y, 0], [x, row_y - 0.1, 0], stroke_width=2, color=theme.axis)
        label = MathTex(value_text, color=theme.muted_text, font_size=FONT_SIZE)
        label.next_to(mark, DOWN, buff=0.06)
        if clear(label) and abs(x) < half_width - 0.2:
            x_marks.add(mark)
            x_labels.add(label)
    y_marks, y_labels = VGroup(), VGroup()
    for label, coordinate in zip(y_texts, ticks[1].coordinates, strict=True):
        y = view.to_scene(np.array([0.0, coordinate, 0.0]))[1]
        mark = Line([column_x, y, 0], [column_x - 0.1, y, 0], stroke_width=2, color=theme.axis)
        label.next_to(mark, LEFT, buff=0.06)
        if clear(label) and abs(y) < half_height - 0.2:
            y_marks.add(mark)
            y_labels.add(label)
    # after the last label, else under the labels, else above the row's right end
    anchor = x_labels[-1] if len(x_labels) else x_marks
    row = VGroup(x_marks, x_labels)
    places = [
        lambda name: name.next_to(anchor, RIGHT, buff=0.3).align_to(anchor, DOWN),
        # between the last two labels, where the axis runs on towards its positive end
        lambda name: name.next_to(row, DOWN, buff=0.06).set_x(
            (x_labels[-2].get_x() + x_labels[-1].get_x()) / 2 if len(x_labels) > 1 else row.get_x()
        ),
        lambda name: name.next_to(anchor, UP, buff=0.12).align_to(anchor, RIGHT),
    ]
    for place in places:
        place(x_name)
        inside = (
            x_name.get_right()[0] < half_width - EDGE_GAP
            and x_name.get_bottom()[1] > -half_height + 0.04
        )
        if inside and clear(x_name):
            break
    column = y_labels if len(y_labels) else y_marks
    y_name.next_to(column, LEFT, buff=0.15)
    # beside the column's middle, else the nearest place up or down it clear of ``avoid`` and
    # of the plane's horizontal axis, whose line would run through the name
    middle_y = y_name.get_y()
    axis_y = view.to_scene(np.zeros(3))[1]
    for shift in (0.0, 0.4, -0.4, 0.8, -0.8, 1.2, -1.2):
        y_name.set_y(middle_y + shift)
        off_axis = abs(y_name.get_y() - axis_y) > y_name.height / 2 + AXIS_GAP
        inside = abs(y_name.get_y()) + y_name.height / 2 < half_height - 0.2
        if clear(y_name) and inside and off_axis:
            break
    else:
        y_name.set_y(middle_y)
    shown_names = [name for name in (x_name, y_name) if clear(name)]
    # grid lines pass under the labels: a backing keeps each legible
    for label in [*x_labels, *y_labels, *shown_names]:
        if halo:
            label.set_stroke(theme.background, width=HALO_WIDTH, background=True)
            continue
        backing = BackgroundRectangle(label, color=theme.background, fill_opacity=0.85, buff=0.04)
        label.add_to_back(backing)
    return InputAxes(ticks, tuple(names), (x_labels, y_labels), shown_names, (x_marks, y_marks))


def _overlap(first: Mobject, second: Mobject) -> bool:
    (a_left, a_bottom, _), (a_right, a_top, _) = (
        first.get_corner(DOWN + LEFT),
        first.get_corner(UP + RIGHT),
    )
    (b_left, b_bottom, _), (b_right, b_top, _) = (
        second.get_corner(DOWN + LEFT),
        second.get_corner(UP + RIGHT),
    )
    return a_left < b_right and b_left < a_right and a_bottom < b_top and b_bottom < a_top
