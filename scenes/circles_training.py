"""The 2-4-6-6-4-1 network learning the two circles: decision regions beside loss and accuracy
curves, snapshot by snapshot (from source 004)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    Integer,
    LogBase,
    MathTex,
    Mobject,
    NumberPlane,
    Rectangle,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from nn_core.experiments import TrainedExperiment, trained
from nn_core.landscape import level_segments, output_grid
from nn_core.training import Snapshot
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene, StepRecord
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.entrance import CreateWithLabels
from scenes.kit.plane import DotCloud, PlaneView, class_legend
from scenes.kit.readout import show_value
from scenes.kit.theme import Theme

__all__ = ["CirclesTraining", "RegionRaster", "loss_decimals", "region_levels"]

REGION_OPACITY = (0.06, 0.26)
"""Opacity of a region where the network is unsure (output at the threshold) and where it is sure."""
REGION_LEVELS = 6
"""Opacity steps per class: each step is one VMobject of rectangles."""
DIAGRAM_GAP = 0.3
"""Room between the network's diagram and the plane's frame on its left, the legend on its right."""


def loss_decimals(loss: float) -> int:
    """The decimals that write ``loss`` to three significant digits, as the captions do: a
    fixed count would show the last thousand steps' 0.00015..0.000078 all as 0.0001."""
    text = narration.loss_text(loss)
    return len(text.partition(".")[2])


def region_levels(output: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """``output (h, w)`` -> the predicted class and an opacity step 0..REGION_LEVELS-1 per cell,
    higher where the output is further from the threshold (toward 0 or 1, for sigmoid outputs)."""
    output = np.asarray(output, dtype=np.float64)
    predicted = (output > threshold).astype(np.int64)
    reach = np.where(predicted == 1, 1.0 - threshold, threshold)
    sureness = np.clip(np.abs(output - threshold) / reach, 0.0, 1.0)
    level = np.minimum((np.sqrt(sureness) * REGION_LEVELS).astype(np.int64), REGION_LEVELS - 1)
    return predicted, level


def _rectangle_outlines(corners: np.ndarray) -> np.ndarray:
    """``corners (k, 2, 2)`` as (lower-left, upper-right) -> closed outlines as cubic curves
    ``(16 k, 3)``."""
    (x0, y0), (x1, y1) = corners[:, 0].T, corners[:, 1].T
    loop = np.stack(
        [np.column_stack(c) for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))], axis=1
    )
    thirds = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, None, :, None]
    curves = loop[:, :-1, None, :] + thirds * (loop[:, 1:, None, :] - loop[:, :-1, None, :])
    flat = curves.reshape(-1, 2)
    return np.column_stack([flat, np.zeros(len(flat))])


class RegionRaster(VGroup):
    """Decision regions as a raster of cells: one filled VMobject of rectangles per class and
    opacity step, each rectangle a run of equal cells along a row.

    ``cell_edges_x (w + 1,)`` and ``cell_edges_y (h + 1,)`` are scene coordinates.
    """

    def __init__(self, cell_edges_x: np.ndarray, cell_edges_y: np.ndarray, theme: Theme) -> None:
        super().__init__()
        self.edges_x, self.edges_y = np.asarray(cell_edges_x), np.asarray(cell_edges_y)
        lo, hi = REGION_OPACITY
        self.layers = {
            (label, level): VMobject(
                fill_color=color,
                fill_opacity=lo + (hi - lo) * level / (REGION_LEVELS - 1),
                stroke_width=0,
            )
            for label, color in enumerate(theme.class_colors)
            for level in range(REGION_LEVELS)
        }
        self.add(*self.layers.values())

    def set_cells(self, labels: np.ndarray, levels: np.ndarray) -> RegionRaster:
        """``labels (h, w)`` and ``levels (h, w)``, row 0 at the bottom."""
        code = labels * REGION_LEVELS + levels
        # a run starts where the code changes along a row
        starts = np.ones_like(code, dtype=bool)
        starts[:, 1:] = code[:, 1:] != code[:, :-1]
        rows, first = np.nonzero(starts)
        ends = np.append(first[1:], 0)
        ends[np.append(rows[1:] != rows[:-1], True)] = code.shape[1]
        run_codes = code[rows, first]
        # a sliver of overlap between rows hides antialiasing seams
        overlap = 0.02 * (self.edges_y[1] - self.edges_y[0])
        corners = np.stack(
            [
                np.column_stack([self.edges_x[first], self.edges_y[rows] - overlap]),
                np.column_stack([self.edges_x[ends], self.edges_y[rows + 1] + overlap]),
            ],
            axis=1,
        )
        for (label, level), layer in self.layers.items():
            chosen = corners[run_codes == label * REGION_LEVELS + level]
            layer.set_points(_rectangle_outlines(chosen) if len(chosen) else np.zeros((0, 3)))
        return self

    def cell_labels(self) -> np.ndarray:
        """The class drawn in each cell ``(h, w)``, read back from the rectangles (-1: none)."""
        centres_x = (self.edges_x[:-1] + self.edges_x[1:]) / 2
        centres_y = (self.edges_y[:-1] + self.edges_y[1:]) / 2
        drawn = -np.ones((len(centres_y), len(centres_x)), dtype=np.int64)
        for (label, _), layer in self.layers.items():
            outlines = layer.points.reshape(-1, 16, 3)
            for outline in outlines:
                (x0, y0), (x1, y1) = outline[:, :2].min(axis=0), outline[:, :2].max(axis=0)
                rows = (centres_y > y0) & (centres_y < y1)
                columns = (centres_x > x0) & (centres_x < x1)
                drawn[np.ix_(rows, columns)] = label
        return drawn


class BoundaryLines(VMobject):
    """Line segments ``(k, 2, 3)`` in scene coordinates, all in one VMobject."""

    def set_segments(self, segments: np.ndarray) -> BoundaryLines:
        segments = np.asarray(segments, dtype=np.float64)
        thirds = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
        curves = segments[:, :1] + thirds * (segments[:, 1:] - segments[:, :1])
        self.set_points(curves.reshape(-1, 3))
        return self


class CirclesTraining(NetplaneScene):
    """circles-training: the 2-4-6-6-4-1 network on the two circles, its decision regions changing
    as training goes on, with the loss and accuracy curves drawn alongside."""

    experiment = "circles-deep"
    half_extent = 3.0
    """The input square shown, [-3, 3]^2 in plane coordinates."""
    cells = 80
    """Raster cells along each side of the square."""
    plane_view = PlaneView(unit=1.1, center=(-3.65, -0.25, 0.0))
    early_seconds = 12.0
    late_seconds = 8.0

    def setup(self) -> None:
        super().setup()
        self.trained: TrainedExperiment = trained(self.experiment)
        self.history: tuple[Snapshot, ...] = self.trained.history
        self.snapshot_steps = np.array([snapshot.step for snapshot in self.history])
        # the raster's cells, left to right and bottom to top
        self.cell_edges = np.linspace(-self.half_extent, self.half_extent, self.cells + 1)
        self.cell_centres = (self.cell_edges[:-1] + self.cell_edges[1:]) / 2
        self.outputs = [
            output_grid(snapshot.network, self.cell_centres, self.cell_centres)
            for snapshot in self.history
        ]
        self.tick_numbers: dict[float, VMobject] = {}
        self.tex_labels: dict[str, MathTex] = {}

    # --- pieces ------------------------------------------------------------------------------

    def show_snapshot(self, index: int) -> None:
        """Regions and boundary of snapshot ``index``."""
        self.shown_snapshot = index
        if getattr(self, "diagram", None) is not None:
            self.diagram.set_weights(self.history[index].network.weights)
        self.regions.set_cells(*region_levels(self.outputs[index], self.trained.threshold))
        self.boundary.set_segments(self.boundary_segments(index))

    def boundary_segments(self, index: int) -> np.ndarray:
        """The threshold's contour for snapshot ``index`` in scene coordinates, ``(k, 2, 3)``."""
        segments = level_segments(
            self.outputs[index], self.cell_centres, self.cell_centres, self.trained.threshold
        )
        lifted = np.concatenate([segments, np.zeros((*segments.shape[:2], 1))], axis=-1)
        return self.plane_view.to_scene(lifted)

    def get_plane(self) -> VGroup:
        """A faint coordinate grid, its frame, the boundary and the data points; the region
        raster (``self.regions``) goes under them."""
        view, theme, side = self.plane_view, self.theme, 2 * self.half_extent
        cell_edges = view.to_scene(
            np.column_stack([self.cell_edges, self.cell_edges, 0 * self.cell_edges])
        )
        regions = RegionRaster(cell_edges[:, 0], cell_edges[:, 1], theme)
        centre = view.to_scene(np.zeros(3))
        grid = NumberPlane(
            x_range=(-self.half_extent, self.half_extent, 1),
            y_range=(-self.half_extent, self.half_extent, 1),
            x_length=side * view.unit,
            y_length=side * view.unit,
            background_line_style={"stroke_color": theme.background_grid, "stroke_width": 1},
            axis_config={"stroke_color": theme.muted_text, "stroke_width": 1.5},
            faded_line_ratio=1,
        ).move_to(centre)
        grid.set_stroke(opacity=0.6)
        frame = Rectangle(
            width=side * view.unit, height=side * view.unit, stroke_color=theme.muted_text
        ).move_to(centre)
        frame.set_stroke(width=1.5)
        boundary = BoundaryLines(stroke_color=theme.boundary, stroke_width=3)
        points, labels = self.trained.data.points, self.trained.data.labels
        lifted = np.column_stack([points, np.zeros(len(points))])
        dots = VGroup(
            *[
                DotCloud(view.to_scene(lifted[labels == label]), color=color, radius=0.045)
                for label, color in enumerate(theme.class_colors)
            ]
        )
        self.regions, self.boundary, self.dots = regions, boundary, dots
        self.plane_frame = frame
        self.show_snapshot(0)
        return VGroup(grid, frame, boundary, dots)

    def get_diagram(self, legend: Mobject) -> NetworkDiagram:
        """The network's diagram under the curves, its edges those of the snapshot shown (one
        scale for the whole run, so edges thicken as the weights grow), between the plane's
        frame and the ``legend`` in the lower-right corner, clear of both."""
        largest = max(np.abs(w).max() for s in self.history for w in s.network.weights)
        diagram = NetworkDiagram(
            self.history[self.shown_snapshot].network.weights,
            self.theme,
            layer_spacing=0.8,
            neuron_spacing=0.32,
            neuron_radius=0.1,
            weight_scale=largest,
        )
        diagram.layers.set_stroke(width=1.5)
        left = self.plane_frame.get_right()[0] + DIAGRAM_GAP
        right = legend.get_left()[0] - DIAGRAM_GAP
        if diagram.width > right - left:
            diagram.scale_to_fit_width(right - left)
        diagram.move_to([(left + right) / 2, -2.8, 0])
        self.diagram = diagram
        return diagram

    def get_curves_axes(self, limit: float) -> tuple[Axes, Axes]:
        """Loss (log scale) above accuracy, both over training steps 0 to ``limit``, on the right."""
        theme = self.theme
        ticks = (25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
        tick = next((t for t in ticks if limit / t <= 4), ticks[-1])
        common = {
            "x_range": (0, limit, tick),
            "x_length": 5.0,
            "tips": False,
            "axis_config": {"color": theme.axis, "stroke_width": 2},
        }
        low = int(np.floor(np.log10(min(s.loss for s in self.history))))
        high = int(np.ceil(np.log10(max(s.loss for s in self.history))))
        loss_axes = Axes(
            y_range=(low, high, 1),
            y_length=1.8,
            y_axis_config={"scaling": LogBase(custom_labels=True)},
            **common,
        )
        accuracy_axes = Axes(y_range=(0, 1, 0.25), y_length=1.1, **common)
        labels = VGroup()
        for axes in (loss_axes, accuracy_axes):
            axis = axes.x_axis
            axis.numbers = VGroup(
                *[
                    self.tick_number(axis, value).next_to(
                        axis.number_to_point(value),
                        direction=axis.label_direction,
                        buff=axis.line_to_number_buff,
                    )
                    for value in np.arange(tick, limit + 1e-9, tick)
                ]
            )
            axis.add(axis.numbers)
            labels.add(axis.numbers)
        loss_axes.y_axis.add_labels(
            {10.0**k: self.tex_label(f"10^{{{k}}}") for k in range(low, high + 1)}, font_size=18
        )
        accuracy_axes.y_axis.add_labels(
            {value: self.tex_label(f"{int(100 * value)}\\%") for value in (0.0, 0.5, 1.0)},
            font_size=18,
        )
        labels.add(loss_axes.y_axis.labels, accuracy_axes.y_axis.labels)
        labels.set_color(theme.muted_text)
        # y-axes at x = 1.4, the loss axes' bottom at y = 1.15, the accuracy axes' at -1.0;
        # the network's diagram goes under them
        loss_axes.shift(np.array([1.4, 1.15, 0]) - loss_axes.c2p(0, 10.0**low))
        accuracy_axes.shift(np.array([1.4, -1.0, 0]) - accuracy_axes.c2p(0, 0))
        self.axes_limit = limit
        return loss_axes, accuracy_axes

    def tick_number(self, axis, value: float) -> VMobject:
        """A copy of the step axis' label for ``value``, typeset once per value: the axes are
        rebuilt in every frame of the zoom, and their labels are what costs."""
        if value not in self.tick_numbers:
            self.tick_numbers[value] = axis.get_number_mobject(
                value, font_size=20, group_with_commas=False, num_decimal_places=0
            )
        return self.tick_numbers[value].copy()

    def tex_label(self, tex: str) -> MathTex:
        """A copy of ``MathTex(tex)``, typeset once per text."""
        if tex not in self.tex_labels:
            self.tex_labels[tex] = MathTex(tex)
        return self.tex_labels[tex].copy()

    def early_steps(self) -> int:
        """Where training has done most of its work: twice the first step at which accuracy
        reaches its final value, rounded up to 50. The scene spends most of its time before it."""
        final = self.history[-1].accuracy
        first = next(s.step for s in self.history if s.accuracy >= final)
        return int(min(np.ceil(2 * max(first, 1) / 50) * 50, self.snapshot_steps[-1]))

    def get_readout(self, name: str, tracker_value, axes: Axes, *, percent: bool) -> VGroup:
        """'loss 0.0984' over the axes' top-left corner, following ``tracker_value()``."""
        label = Tex(name, color=self.theme.text).scale(0.6)
        number = DecimalNumber(
            0, num_decimal_places=1 if percent else 4, unit=r"\%" if percent else None
        )
        number.set_color(self.theme.highlight).scale(0.6)

        def follow(shown: DecimalNumber) -> None:
            if percent:
                show_value(shown, 100 * tracker_value())
                return
            value = tracker_value()
            decimals = loss_decimals(value)
            if decimals != shown.num_decimal_places:
                shown.num_decimal_places = decimals
                shown.set_value(value)
            show_value(shown, value)

        number.add_updater(follow)
        number.update()
        row = VGroup(label, number).arrange(RIGHT, buff=0.2, aligned_edge=DOWN)
        row.next_to(axes.y_axis.get_top(), UP, buff=0.3).align_to(axes.y_axis.labels, LEFT)
        return row

    # --- values along the training ------------------------------------------------------------

    def shown_index(self, step: float) -> int:
        """The last snapshot at or before ``step``."""
        return int(np.searchsorted(self.snapshot_steps, step + 1e-9, side="right") - 1)

    def curve_points(self, axes: Axes, values: np.ndarray, step: float) -> np.ndarray:
        """The polyline of ``values`` per snapshot up to ``step`` (interpolated at its end)."""
        index = self.shown_index(step)
        steps = list(self.snapshot_steps[: index + 1])
        ys = list(values[: index + 1])
        if index + 1 < len(values) and step > steps[-1]:
            steps.append(step)
            ys.append(np.interp(step, self.snapshot_steps, values))
        if len(steps) == 1:
            steps, ys = steps * 2, ys * 2
        return np.asarray(axes.c2p(np.column_stack([steps, ys])))

    # --- the story ---------------------------------------------------------------------------

    def construct(self) -> None:
        theme = self.theme
        losses = np.array([snapshot.loss for snapshot in self.history])
        accuracies = np.array([snapshot.accuracy for snapshot in self.history])
        step = ValueTracker(0.0)
        self.step_tracker = step

        # The plane: data first, then what the untrained network makes of it
        plane = self.get_plane()
        grid, frame, boundary, dots = plane
        legend = self.legend = class_legend(theme).to_corner(DR, buff=CORNER_BUFF)
        architecture = self.trained.network.architecture.spec
        self.narrate(
            narration.untrained_sentence(
                architecture, self.trained.experiment.dataset, len(self.trained.data.labels)
            )
        )
        # the points from the first frame on; grid and frame are drawn in under them
        self.add(grid, frame, dots)
        # over the time the first caption is read: no still frame after it
        self.play(
            FadeIn(grid), Create(frame), FadeIn(legend), run_time=max(1.5, self.reading_left())
        )
        self.narrate(
            narration.snapshot_sentence(
                self.history[0], "Before training, each region shows the class it predicts"
            )
        )
        # under the grid, added only now: the caption above may hold the frame
        self.add(self.regions)
        self.regions_shown_at = self.time
        self.bring_to_back(self.regions)
        self.play(FadeIn(self.regions), FadeIn(boundary), run_time=1.0)
        self.bring_to_front(dots)

        # The curves, empty, with the step counter
        last_step = float(self.snapshot_steps[-1])
        early = self.early_steps()
        limit = ValueTracker(early)
        loss_axes, accuracy_axes = self.get_curves_axes(early)
        self.loss_axes, self.accuracy_axes = loss_axes, accuracy_axes
        shown_axes = VGroup(loss_axes, accuracy_axes).copy()

        def follow_limit(group: VGroup) -> None:
            # The step axis zooms out: rebuilt at the new limit, the curves drawn on the new
            # axes. become() reshapes the mobjects on screen in place (the renderer keeps a
            # list of them during an animation, so replaced ones would linger).
            if limit.get_value() != self.axes_limit:
                self.loss_axes, self.accuracy_axes = self.get_curves_axes(limit.get_value())
                group.become(VGroup(self.loss_axes, self.accuracy_axes))

        step_label = Tex("training step", color=theme.muted_text).scale(0.5)
        step_label.next_to(accuracy_axes.x_axis.numbers, DOWN, buff=0.15)
        step_label.set_x(accuracy_axes.x_axis.get_center()[0])
        # Numbers are those of the snapshot shown, never interpolated between snapshots
        loss_readout = self.get_readout(
            "loss", lambda: losses[self.shown_index(step.get_value())], loss_axes, percent=False
        )
        accuracy_readout = self.get_readout(
            "accuracy",
            lambda: accuracies[self.shown_index(step.get_value())],
            accuracy_axes,
            percent=True,
        )
        self.readouts = (loss_readout[1], accuracy_readout[1])
        heading = Tex(f"{architecture} network, step ", color=theme.text).scale(0.6)
        counter = Integer(0, group_with_commas=False).set_color(theme.highlight).scale(0.6)
        header = VGroup(heading, counter).arrange(RIGHT, buff=0.12, aligned_edge=DOWN)
        header.next_to(self.plane_frame, UP, buff=0.2)
        counter.add_updater(
            lambda m: show_value(m, int(self.snapshot_steps[self.shown_index(step.get_value())]))
        )
        self.counter = counter
        diagram = self.get_diagram(legend)
        self.play(
            FadeIn(header),
            FadeIn(diagram),
            CreateWithLabels(shown_axes),
            FadeIn(step_label),
            FadeIn(loss_readout),
            FadeIn(accuracy_readout),
            run_time=1.5,
        )
        self.slide_break()

        # Training: regions, boundary, curves and counter all follow the step
        loss_curve = VMobject(stroke_color=theme.text, stroke_width=3)
        accuracy_curve = VMobject(stroke_color=theme.boundary, stroke_width=3)
        self.loss_curve, self.accuracy_curve = loss_curve, accuracy_curve
        curves = ((loss_curve, "loss_axes", losses), (accuracy_curve, "accuracy_axes", accuracies))
        heads = VGroup()
        for curve, axes_name, values in curves:
            head = Dot(radius=0.06, color=curve.get_stroke_color())
            curve.add_updater(
                lambda m, axes_name=axes_name, values=values: m.set_points_as_corners(
                    self.curve_points(getattr(self, axes_name), values, step.get_value())
                )
            )
            head.add_updater(lambda m, curve=curve: m.move_to(curve.get_end()))
            heads.add(head)

        def follow_snapshot(_mobject) -> None:
            index = self.shown_index(step.get_value())
            if index != self.shown_snapshot:
                self.show_snapshot(index)

        self.regions.add_updater(follow_snapshot)
        for mobject in (loss_curve, accuracy_curve, heads):
            mobject.update()
        self.add(loss_curve, accuracy_curve, heads)
        # The renderer draws what comes before the first moving mobject once per animation and
        # redraws the rest in every frame; the regions, at the back, move. So what stays still
        # and lies clear of the plane goes first (the picture is the same: nothing overlaps).
        self.remove(header, loss_readout, accuracy_readout)
        self.add(counter, *self.readouts)
        self.bring_to_back(
            legend, heading, step_label, loss_readout[0], accuracy_readout[0], shown_axes
        )
        self.narrate(narration.snapshot_sentence(self.history[self.shown_index(early)], "Training"))
        self.play_training(step.animate.set_value(early), run_time=self.early_seconds)
        self.slide_break()
        # Zoom the step axis out to the whole run, then train on
        shown_axes.add_updater(follow_limit)
        self.narrate(
            narration.snapshot_sentence(
                self.history[-1], "The step axis zooms out to the whole run"
            )
        )
        self.play(limit.animate.set_value(last_step), run_time=1.5)
        shown_axes.remove_updater(follow_limit)
        self.play_training(step.animate.set_value(last_step), run_time=self.late_seconds)
        self.wait(2)

    def play_training(self, motion, run_time: float) -> None:
        """Play the step counter's ``motion`` (everything follows it), logged as ``training``."""
        on_screen = self.vocabulary_on_screen()
        self.play(motion, run_time=run_time, rate_func=linear)
        points = self.trained.data.points
        self.step_log.append(
            StepRecord(
                "training",
                0,
                np.column_stack([points, np.zeros(len(points))]),
                on_screen=on_screen & self.vocabulary_on_screen(),
            )
        )
