"""The 1-D output: number line, decision boundary and the accuracy read from where points landed."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    MathTex,
    Mobject,
    NumberLine,
    Tex,
    VGroup,
    config,
)

from nn_core import accuracy
from scenes.kit.narration import percent_text
from scenes.kit.plane import GridLines, PlaneView
from scenes.kit.theme import Theme

__all__ = [
    "accuracy_label",
    "show_value",
    "when_changed",
    "boundary_line",
    "input_plane_boundary",
    "line_in_box",
    "measured_accuracy",
    "number_line",
    "STRIP_HALF_HEIGHT",
    "strip_offsets",
    "tick_label",
    "tick_step",
    "wrong_side_count",
]


def measured_accuracy(coordinates: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    """Accuracy of the points as drawn: class 1 where a point's x-coordinate is right of ``threshold``."""
    return accuracy(np.asarray(coordinates)[:, 0], labels, threshold)


def wrong_side_count(coordinates: np.ndarray, labels: np.ndarray, threshold: float) -> int:
    """How many points, as drawn, lie on the other class's side of ``threshold``."""
    predicted = np.asarray(coordinates)[:, 0] > threshold
    return int(np.count_nonzero(predicted != np.asarray(labels).astype(bool)))


# Half the height of the strip the points spread into on the number line, in scene units
STRIP_HALF_HEIGHT = 0.3
# Tick labels at least this far apart (scene units) beyond their own widths
TICK_LABEL_GAP = 0.35
# Width of one character of a tick label at the number line's font size, in scene units
_TICK_CHARACTER_WIDTH = 0.14


def strip_offsets(labels: np.ndarray, *, half_height: float = STRIP_HALF_HEIGHT) -> np.ndarray:
    """Each point's vertical offset ``(n,)`` in scene units on the number line: class 0 above the
    line, class 1 below, spread evenly in a thin band so that neither class hides the other.

    Deterministic: a low-discrepancy sequence over each class's points in the data's order (the
    golden-ratio steps), not random numbers, so the same data always gives the same picture.
    """
    labels = np.asarray(labels).reshape(-1)
    offsets = np.zeros(len(labels))
    golden = (np.sqrt(5.0) - 1) / 2
    inner = 0.15 * half_height  # a sliver of line left bare, so it reads as the axis
    for label, sign in ((0, 1.0), (1, -1.0)):
        members = np.flatnonzero(labels == label)
        spread = (np.arange(1, len(members) + 1) * golden) % 1.0
        offsets[members] = sign * (inner + spread * (half_height - inner))
    return offsets


def tick_step(unit: float, reach: float) -> float:
    """A tick spacing of 1, 2 or 5 times a power of ten whose labels, at ``unit`` scene units per
    value and values up to ``reach`` in size, stand apart without touching."""
    exponent = int(np.floor(np.log10(max(1e-12, TICK_LABEL_GAP / unit))))
    for power in range(exponent - 1, exponent + 30):
        for mantissa in (1.0, 2.0, 5.0):
            step = mantissa * 10.0**power
            width = _TICK_CHARACTER_WIDTH * len(tick_label(max(reach, step), step))
            if step * unit >= width + TICK_LABEL_GAP:
                return step
    raise ValueError(f"no tick spacing fits a unit of {unit}")


def tick_label(value: float, step: float) -> str:
    """``value`` as a tick label for ticks ``step`` apart: as many decimals as the step needs,
    or ``a·10^k`` when the numbers are very large or the step very small."""
    if value == 0:
        return "0"
    exponent = int(np.floor(np.log10(step) + 1e-9))
    if abs(value) >= 1e5 or step < 1e-3:
        power = int(np.floor(np.log10(abs(value)) + 1e-9))
        mantissa = value / 10.0**power
        digits = max(0, power - exponent)
        text = f"{mantissa:.{min(digits, 3)}f}".replace("-", "{-}")
        return rf"{text}{{\cdot}}10^{{{power}}}"
    decimals = max(0, -exponent)
    return f"{value:.{decimals}f}".replace("-", "{-}")


def number_line(
    view: PlaneView, theme: Theme, *, step: float | None = None, panned: tuple[PlaneView, ...] = ()
) -> NumberLine:
    """The x-axis as a number line at the view's scale, across the frame, its tick labels spaced
    and written for the values in view (``0.002``, ``250``, ``3·10^5``), below the points' strip.
    The labels are the line's ``numbers``. ``panned``: views at the same scale the camera will
    pan to, which the line also spans, so it can slide with the camera."""
    # across the frame, wherever the view puts the origin, the outermost numbers clear of the edge
    reach = config.frame_width / 2 - 0.45
    views = (view, *panned)
    left = min(one.to_coords(np.array([-reach, 0.0, 0.0]))[0] for one in views)
    right = max(one.to_coords(np.array([reach, 0.0, 0.0]))[0] for one in views)
    if step is None:
        step = tick_step(view.unit, max(abs(left), abs(right)))
    low, high = np.ceil(left / step) * step, np.floor(right / step) * step
    # the line across the whole reach, ticks and labels only at the round values inside it
    line = NumberLine(
        x_range=(left, right, right - left),
        length=(right - left) * view.unit,
        color=theme.axis,
        include_ticks=False,
        include_numbers=False,
    )
    line.shift(view.to_scene(np.zeros(3)) - line.n2p(0))
    ticks = np.arange(round(low / step), round(high / step) + 1) * step
    marks = np.array(
        [[line.n2p(value) + 0.1 * DOWN, line.n2p(value) + 0.1 * UP] for value in ticks]
    )
    line.add(GridLines(marks, stroke_color=theme.axis, stroke_width=2))
    numbers = VGroup(
        *[
            MathTex(tick_label(value, step), color=theme.muted_text, font_size=24).next_to(
                line.n2p(value), DOWN, buff=STRIP_HALF_HEIGHT + 0.15
            )
            for value in ticks
        ]
    )
    line.numbers = numbers
    line.add(numbers)
    return line


def boundary_line(
    view: PlaneView,
    threshold: float,
    theme: Theme,
    *,
    height: float = 2.2,
    ruler: NumberLine | None = None,
) -> VGroup:
    """A vertical boundary at ``threshold`` with 'predict y=0' on its left and 'predict y=1' right.

    With the number line ``ruler`` under it, the dashes stop short of any tick label they would
    cross (the "0" of a boundary at 0), so the label stays readable beside the boundary."""
    x = view.to_scene(np.array([threshold, 0.0, 0.0]))
    bottom, top = x + height / 2 * DOWN, x + height / 2 * UP
    gaps = _label_gaps(x[0], ruler, low=bottom[1], high=top[1])
    pieces = []
    start = bottom[1]
    for gap_low, gap_high in gaps:
        pieces.append((start, gap_low))
        start = gap_high
    pieces.append((start, top[1]))
    line = VGroup(
        *[
            DashedLine([x[0], low, x[2]], [x[0], high, x[2]], color=theme.boundary, stroke_width=4)
            for low, high in pieces
            if high - low > 0.05
        ]
    )
    left = Tex(r"predict $y=0$", color=theme.class_colors[0]).scale(0.55)
    right = Tex(r"predict $y=1$", color=theme.class_colors[1]).scale(0.55)
    # below the line: the corners above belong to the diagram and the formula
    left.next_to(line.get_bottom(), LEFT, buff=0.15).shift(0.2 * UP)
    right.next_to(line.get_bottom(), RIGHT, buff=0.15).shift(0.2 * UP)
    value = MathTex(f"{threshold:g}", color=theme.boundary).scale(0.55).next_to(line, UP, buff=0.1)
    return VGroup(line, left, right, value)


def _label_gaps(
    x: float, ruler: NumberLine | None, *, low: float, high: float, pad: float = 0.06
) -> list[tuple[float, float]]:
    """The heights (bottom, top) a vertical line at scene ``x`` leaves free for the tick labels
    of ``ruler`` it would cross, in order, within ``low``..``high``."""
    if ruler is None or not hasattr(ruler, "numbers"):
        return []
    gaps = []
    for label in ruler.numbers:
        if label.get_left()[0] - pad <= x <= label.get_right()[0] + pad:
            bottom, top = label.get_bottom()[1] - pad, label.get_top()[1] + pad
            if top > low and bottom < high:
                gaps.append((max(low, bottom), min(high, top)))
    return sorted(gaps)


def line_in_box(
    row: np.ndarray, level: float, box: tuple[float, float, float, float]
) -> np.ndarray | None:
    """The two ends (2, 2) of the part of the line ``row · x = level`` inside ``box`` (x_min,
    x_max, y_min, y_max), or None where the line misses the box."""
    row = np.asarray(row, dtype=np.float64)
    norm = float(np.linalg.norm(row))
    normal = row / norm
    foot = normal * level / norm
    along = np.array([-normal[1], normal[0]])
    low, high = -np.inf, np.inf
    for axis, (start, stop) in enumerate((box[:2], box[2:])):
        if abs(along[axis]) < 1e-12:
            if not start <= foot[axis] <= stop:
                return None
            continue
        ends = sorted(((start - foot[axis]) / along[axis], (stop - foot[axis]) / along[axis]))
        low, high = max(low, ends[0]), min(high, ends[1])
    if high <= low:
        return None
    return np.stack([foot + low * along, foot + high * along])


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
    input plane across the box ``x_range`` by ``y_range`` and no further."""
    ends = line_in_box(row, threshold - bias, (*x_range, *y_range))
    if ends is None:
        raise ValueError("the boundary does not cross the plane's drawn region")
    scene_ends = view.to_scene(np.column_stack([ends, np.zeros(2)]))
    return DashedLine(scene_ends[0], scene_ends[1], color=theme.boundary, stroke_width=5)


def _thousands(count: int) -> str:
    """``184{,}181``: a thousands comma in math mode, without the space TeX puts after one."""
    return f"{count:,}".replace(",", "{,}")


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
    percent = percent_text(value)
    text = rf"\text{{accuracy}} = {percent}\%"
    if correct is not None and total is not None:
        text += rf"\quad ({_thousands(correct)} / {_thousands(total)})"
    if wrong is not None:
        text += rf"\quad \text{{{wrong:,} on the wrong side}}"
    return MathTex(text, color=theme.boundary).scale(0.75)


def show_value(number, value: float) -> None:
    """Set a DecimalNumber or Integer to ``value``, typesetting it again only if its digits
    change: ``set_value`` copies a glyph per character and restyles them all (milliseconds a
    number), and a readout's updater runs in every frame while what it shows changes only at
    a training step, or when a moving value reaches its next shown decimal."""
    if number.get_value() == value:
        return
    if number._get_num_string(value) == number._get_num_string(number.get_value()):
        number.number = value
        return
    number.set_value(value)


def when_changed(key: Callable[[], Hashable], redraw: Callable[[Mobject, Hashable], None]):
    """An updater that calls ``redraw(mobject, key())`` only when ``key()`` differs from the
    last call's (the first call always redraws): a picture that follows a training snapshot
    changes a few dozen times in a scene, while its updater runs in every frame of every play
    and wait."""
    last: list = []

    def update(mobject: Mobject) -> None:
        now = key()
        if last and last[0] == now:
            return
        last[:] = [now]
        redraw(mobject, now)

    return update
