"""The two-curves data set, before and after the one-layer network is trained (entries 2 and 8)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    BackgroundRectangle,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    Polygon,
    Tex,
    ValueTracker,
    VGroup,
    Write,
    config,
    interpolate_color,
    linear,
    smooth,
)

from nn_core import forward
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, DatasetScene, NetworkStoryScene
from scenes.kit.half_planes import half_plane_polygons, label_spot, side_of
from scenes.kit.input_axes import axis_ticks
from scenes.kit.matrices import format_number
from scenes.kit.readout import input_plane_boundary, show_value
from scenes.kit.stages import embed

__all__ = [
    "CurvesFraming",
    "TwoCurvesDataset",
    "TwoCurvesRevisited",
    "crossing_sentence",
    "probe_path",
    "sides_sentence",
]


SHADE_OPACITY = 0.11
"""How strongly each predicted half-plane is shaded in its class's colour."""


RULER_BOUNDARY_REACH = (0.55, 0.09)
"""How far the upright number line's dashed boundary runs left and right of its spine."""
RULER_BOUNDARY_EMPHASIS = 1.4
"""How much the boundary grows when the walked point stands on the line."""
READING_GAP = 0.1
"""Between the walked point's readout and the boundary's left end."""


class CurvesFraming:
    """The two curves close enough to read every point as a point: 100 dots on 6 units of x1
    are 0.06 apart, so the plane is drawn larger than 1:1 and the dots small."""

    grid_x_range = (-4.0, 4.0)
    grid_y_range = (-3.0, 3.0)
    max_unit = 1.7
    dot_radius = 0.03


class TwoCurvesDataset(CurvesFraming, DatasetScene):
    """two-curves: 100 yellow (y=0) and 100 blue (y=1) points, the basis vectors and the legend."""

    experiment = "one-layer-trained"


def _side_words(row: np.ndarray) -> tuple[str, str]:
    """Where class 1's side lies from the line, and class 0's, for ``row`` the normal ``w``."""
    w1, w2 = row
    if abs(w2) >= abs(w1):
        return ("above", "below") if w2 > 0 else ("below", "above")
    return ("right of", "left of") if w1 > 0 else ("left of", "right of")


def sides_sentence(row: np.ndarray, threshold: float) -> str:
    """Which side of the input-plane boundary the network calls which class."""
    blue_side, yellow_side = _side_words(row)
    level = narration.number_text(threshold)
    return (
        f"{blue_side.capitalize()} the line the output is more than {level}: the network predicts "
        f"blue (y = 1); {yellow_side} it, yellow (y = 0)."
    )


def crossing_sentence(threshold: float) -> str:
    """The line in the plane and the boundary on the number line are the same decision."""
    level = narration.number_text(threshold)
    return (
        f"Walk a point across the line: its output f(x) passes {level} on the number line just "
        f"as it crosses. The line is where f(x) = {level}, the number line's boundary."
    )


def probe_path(
    points: np.ndarray, labels: np.ndarray, row: np.ndarray, avoid: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A walk from a yellow point to a blue one straight across the boundary (``(2,)`` each):
    a class-0 point of the middle half along the line (the one farthest along it from the
    places ``avoid (k, 2)``, e.g. the side labels; else the middle one), and the class-1 point
    nearest to the line through it along the boundary's normal ``row``."""
    yellow, blue = points[labels == 0, :2], points[labels == 1, :2]
    normal = np.asarray(row, dtype=np.float64) / np.linalg.norm(row)
    along = np.array([-normal[1], normal[0]])
    position = yellow @ along
    low, high = np.percentile(position, [25, 75])
    middle = np.flatnonzero((position >= low) & (position <= high))
    if avoid is None or not len(avoid):
        start = yellow[middle[np.argsort(position[middle])[len(middle) // 2]]]
    else:
        clearance = np.abs(position[middle, None] - (np.asarray(avoid) @ along)[None]).min(axis=1)
        start = yellow[middle[np.argmax(clearance)]]
    end = blue[np.argmin(np.abs((blue - start) @ along))]
    return start, end


def _overlap(first, second) -> bool:
    low_a, high_a = first.get_corner(DOWN + LEFT), first.get_corner(UP + RIGHT)
    low_b, high_b = second.get_corner(DOWN + LEFT), second.get_corner(UP + RIGHT)
    return bool(np.all(low_a[:2] < high_b[:2]) and np.all(low_b[:2] < high_a[:2]))


class TwoCurvesRevisited(CurvesFraming, NetworkStoryScene):
    """two-curves-revisited: the input plane again, with the line where the trained output
    equals the number line's boundary, the two sides it predicts, and a point walked across."""

    experiment = "one-layer-trained"
    # below the boundary's formula in the upper-left corner, which would else meet the blue
    # curve's left end (and above the x1 labels)
    plane_region = (-5.4, 5.4, -3.1, 2.75)
    ruler_x = 6.15
    """Where the upright number line of f(x) stands (scene x), right of the points."""
    ruler_ends = (-2.3, 2.9)

    def construct(self) -> None:
        figure = self.figure = self.get_plane_figure()
        # the story is the boundary: î and ĵ would only lie across the labels
        figure.set_basis_opacity(0.0)
        self.add(figure.group)
        legend = self.get_legend()
        self.add_foreground_mobjects(legend)
        network = self.trained.network
        row, bias = network.weights[0][0], float(network.biases[0][0])
        threshold = self.trained.threshold
        self.boundary_terms = (row, bias, threshold)
        line = input_plane_boundary(
            self.view,
            row,
            bias,
            threshold,
            self.theme,
            # short of the upright number line, whose own boundary it must not run into
            x_range=(self.grid_x_range[0], self.plane_x(self.ruler_x - 1.5)),
            y_range=self.grid_y_range,
        )
        w1, w2, b = (format_number(v) for v in (row[0], row[1], bias))
        equation = MathTex(
            rf"{w1}\,x_1 + {w2}\,x_2 + ({b}) = {threshold:g}", color=self.theme.boundary
        ).scale(0.75)
        equation = self.backed(equation).to_corner(UL, buff=CORNER_BUFF)
        self.equation, self.boundary_line = equation, line
        # outlined, not boxed: the shaded sides come under them
        axes = self.get_input_axes(self.view, avoid=(legend, equation, line), halo=True)
        self.show_input_axes(axes)
        self.narrate(narration.input_boundary_sentence(row, bias, threshold))
        self.play(Create(line), run_time=2)
        self.play(Write(equation))
        self.wait(1)

        # The two sides: the half-planes the network gives each class
        shades, side_labels = self.get_sides(row, bias, threshold)
        self.side_labels = side_labels
        self.narrate(sides_sentence(row, threshold))
        # under the grid and the points (added only now: the caption above may hold the frame)
        self.add(shades)
        self.bring_to_back(shades)
        self.play(FadeIn(shades), FadeIn(side_labels), run_time=1.2)
        self.wait(1.5)
        self.slide_break()

        # The line is the number line's boundary: walk a point across both at once
        self.walk_across(row, bias, threshold)
        self.wait(2)

    # --- the two sides ---------------------------------------------------------------------------

    def plane_x(self, scene_x: float) -> float:
        """The plane's x1 drawn at scene x ``scene_x``."""
        return float((scene_x - self.view.center[0]) / self.view.unit)

    def visible_box(self) -> tuple[float, float, float, float]:
        """The frame in plane coordinates (x_min, x_max, y_min, y_max)."""
        half = np.array([config.frame_width / 2, config.frame_height / 2, 0.0])
        low, high = self.view.to_coords(-half), self.view.to_coords(half)
        return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))

    def get_sides(self, row: np.ndarray, bias: float, threshold: float) -> tuple[VGroup, VGroup]:
        """Each class's half-plane shaded in its colour, and 'predict yellow' / 'predict blue'
        written just off the line on its side, where the line is clear of points."""
        theme = self.theme
        box = self.visible_box()
        self.predicted_regions = half_plane_polygons(row, bias, threshold, box)
        shades = VGroup()
        for label, polygon in enumerate(self.predicted_regions):
            if len(polygon) >= 3:
                shades.add(
                    Polygon(
                        *self.view.to_scene(embed(polygon)),
                        stroke_width=0,
                        fill_color=theme.class_colors[label],
                        fill_opacity=SHADE_OPACITY,
                    )
                )
        names = ("yellow", "blue")
        labels = [
            Tex(rf"predict {names[k]} ($y={k}$)", color=theme.class_colors[k]).scale(0.6)
            for k in (0, 1)
        ]
        half_width = max(label.width for label in labels) / 2 / self.view.unit
        # the x1-axis is kept clear too: a label on it reads as sitting in the axis
        x1_axis = np.column_stack([np.linspace(box[0], box[1], 121), np.zeros(121)])
        spots = label_spot(
            row,
            bias,
            threshold,
            box,
            np.vstack([self.trained.data.points, x1_axis]),
            offset=0.25 / self.view.unit,
            half_width=half_width,
            half_height=max(label.height for label in labels) / 2 / self.view.unit,
        )
        for label, spot in zip(labels, spots, strict=True):
            label.move_to(self.view.to_scene(embed(spot[None]))[0])
        return shades, VGroup(*[self.shade_backed(label, k) for k, label in enumerate(labels)])

    def shade_backed(self, mobject: Mobject, side: int | None = None) -> VGroup:
        """``mobject`` on a box of the colour its side's shade gives the background (the side
        it stands on, unless ``side`` says): it hides the grid lines under the text as a
        backing does, without showing as a dark patch on the shaded half-plane."""
        if side is None:
            centre = self.view.to_coords(mobject.get_center())[:2]
            side = int(side_of(centre[None], *self.boundary_terms)[0])
        color = interpolate_color(
            ManimColor(self.theme.background),
            ManimColor(self.theme.class_colors[side]),
            SHADE_OPACITY,
        )
        return VGroup(
            BackgroundRectangle(mobject, color=color, fill_opacity=1.0, buff=0.1), mobject
        )

    # --- the number line, upright, beside the plane ---------------------------------------------

    def ruler_y(self, value: float) -> float:
        """Where output ``value`` sits on the upright number line (scene y)."""
        low, high = self.ruler_range
        bottom, top = self.ruler_ends
        return bottom + (value - low) / (high - low) * (top - bottom)

    def get_ruler(self, threshold: float) -> VGroup:
        """The output's number line standing beside the plane, its boundary dashed at
        ``threshold`` with each side's colour, as the one-layer scenes drew it."""
        theme = self.theme
        outputs = forward(self.trained.network, self.trained.data.points).output[:, 0]
        low, high = min(outputs.min(), threshold), max(outputs.max(), threshold)
        pad = 0.08 * (high - low)
        self.ruler_range = (float(low - pad), float(high + pad))
        bottom, top = self.ruler_ends
        x = self.ruler_x
        spine = Line([x, bottom, 0], [x, top, 0], color=theme.axis, stroke_width=3)
        ticks = axis_ticks(*self.ruler_range, (top - bottom) / (high - low + 2 * pad))
        marks, numbers = VGroup(), VGroup()
        for value, text in zip(ticks.values, ticks.labels(), strict=True):
            y = self.ruler_y(value)
            marks.add(Line([x - 0.08, y, 0], [x + 0.08, y, 0], color=theme.axis, stroke_width=2))
            number = MathTex(text, color=theme.muted_text, font_size=22)
            numbers.add(number.next_to([x + 0.1, y, 0], RIGHT, buff=0.08))
        y = self.ruler_y(threshold)
        # left of the spine only: the tick label on its right stays readable
        left, right = RULER_BOUNDARY_REACH
        boundary = DashedLine(
            [x - left, y, 0], [x + right, y, 0], color=theme.boundary, stroke_width=4
        )
        # the threshold's label is the number line's own tick when there is one
        name = MathTex("f(x)", color=theme.text, font_size=28).next_to(spine, UP, buff=0.12)
        upper = Line([x, y, 0], [x, top, 0], color=theme.class_colors[1], stroke_width=5)
        lower = Line([x, bottom, 0], [x, y, 0], color=theme.class_colors[0], stroke_width=5)
        self.ruler_boundary = boundary
        return VGroup(spine, lower.set_opacity(0.5), upper.set_opacity(0.5), marks, numbers,
                      boundary, name)  # fmt: skip

    def get_reading(self, value: float) -> DecimalNumber:
        """The walked point's output as a number, as it reads beside the number line."""
        reading = DecimalNumber(value, num_decimal_places=2, color=self.theme.highlight)
        return reading.scale(0.55)

    def reading_place(self, value: float, width: float) -> np.ndarray:
        """Where the readout of output ``value``, ``width`` wide, is centred: level with its dot
        on the number line and left of the dashed boundary even when it is emphasised, so it
        passes neither the boundary nor a tick label (they are right of the spine)."""
        left, right = RULER_BOUNDARY_REACH
        middle, half = (right - left) / 2, (left + right) / 2
        clear_x = self.ruler_x + middle - RULER_BOUNDARY_EMPHASIS * half - READING_GAP
        return np.array([clear_x - width / 2, self.ruler_y(value), 0.0])

    def walk_across(self, row: np.ndarray, bias: float, threshold: float) -> None:
        theme = self.theme
        ruler = self.ruler = self.get_ruler(threshold)
        label_places = np.array(
            [self.view.to_coords(label.get_center())[:2] for label in self.side_labels]
        )
        start, end = probe_path(
            self.trained.data.points, self.trained.data.labels, row, avoid=label_places
        )
        walked = ValueTracker(0.0)

        def where() -> np.ndarray:
            return start + walked.get_value() * (end - start)

        def output() -> float:
            return float(where() @ row + bias)

        probe = Dot(radius=0.09, color=theme.highlight).set_z_index(3)
        probe.add_updater(lambda m: m.move_to(self.view.to_scene(embed(where()[None]))[0]))
        twin = Dot(radius=0.09, color=theme.highlight).set_z_index(3)
        twin.add_updater(lambda m: m.move_to([self.ruler_x, self.ruler_y(output()), 0]))
        reading = self.get_reading(output())
        level_start, level_end = start @ row + bias, end @ row + bias
        self.probe_outputs = (float(level_start), float(level_end))

        def follow(m: DecimalNumber) -> None:
            show_value(m, output())
            m.move_to(self.reading_place(output(), m.width))

        reading.add_updater(follow)
        for follower in (probe, twin, reading):
            follower.update()
        self.narrate(crossing_sentence(threshold))
        self.play(FadeIn(ruler), run_time=1.0)
        self.play(FadeIn(probe), FadeIn(twin), FadeIn(reading), run_time=0.6)
        # stop on the line: there the output is exactly the boundary value
        crossing = float((threshold - level_start) / (level_end - level_start))
        self.probe_crossing = start + crossing * (end - start)
        self.play(walked.animate.set_value(crossing), run_time=2.0, rate_func=smooth)
        self.probe_output_on_line = output()
        note = MathTex(rf"f(x) = {threshold:g}", color=theme.boundary).scale(0.6)
        # beside the probe, on whichever side the side labels leave free
        for side in (RIGHT + UP, LEFT + UP, RIGHT + DOWN, LEFT + DOWN):
            note.next_to(probe, side, buff=0.25)
            if not any(_overlap(note, label) for label in self.side_labels):
                break
        note = self.shade_backed(note)
        self.play(FadeIn(note, shift=0.1 * DOWN),
                  self.ruler_boundary.animate.scale(RULER_BOUNDARY_EMPHASIS),
                  run_time=0.6)  # fmt: skip
        self.wait(1.2)
        self.play(walked.animate.set_value(1.0), note.animate.set_opacity(0), run_time=1.6,
                  rate_func=linear)  # fmt: skip
        self.remove(note)
