"""Gradient descent as a ball rolling down a bowl: the loss of a real network over two of its
weights, and the path plain gradient descent takes on them (from sources 002 and 004)."""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    Integer,
    Line,
    MathTex,
    Surface,
    Tex,
    ThreeDAxes,
    ThreeDScene,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from nn_core.experiments import TrainedExperiment, trained
from nn_core.landscape import Descent, SliceDescent, loss_grid, slice_descent
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.layers import Beneath, Snapshot
from scenes.kit.matrices import format_number

__all__ = ["LossSurface"]


def bilinear(grid: np.ndarray, first: np.ndarray, second: np.ndarray, u: float, v: float) -> float:
    """``grid (n2, n1)`` sampled at ``first (n1,)`` x ``second (n2,)``, read at ``(u, v)``.

    Exact at the samples; along a cell edge it is the straight line between the two corners.
    """
    j = int(np.clip(np.searchsorted(first, u, side="right") - 1, 0, len(first) - 2))
    i = int(np.clip(np.searchsorted(second, v, side="right") - 1, 0, len(second) - 2))
    s = (u - first[j]) / (first[j + 1] - first[j])
    t = (v - second[i]) / (second[i + 1] - second[i])
    bottom = (1 - s) * grid[i, j] + s * grid[i, j + 1]
    top = (1 - s) * grid[i + 1, j] + s * grid[i + 1, j + 1]
    return float((1 - t) * bottom + t * top)


class FloorLine(Beneath, Line):
    """A line on the floor: drawn under the surface, whatever the camera angle."""


class FloorPath(Beneath, VMobject):
    """A path on the floor, or rising from it under the surface (the ball's height)."""


class LossSurface(NetplaneScene, ThreeDScene):
    """loss-surface: gradient descent as a ball rolling down a bowl, on the real loss surface over
    two weights of a trained network and the real path gradient descent takes on them."""

    descent_name = "hard-curves-bowl"
    first_range = (-3.0, 3.0)
    second_range = (-1.5, 5.0)
    loss_range = (0.0, 3.0)
    cells = (16, 18)
    """Surface faces along w11 and w12."""
    wall_seconds = 4.5
    """Time for the first steps, down the steep wall (where the loss drops by nine tenths)."""
    slide_seconds = 8.0
    camera_phi = 58 * DEGREES
    camera_theta = -100 * DEGREES

    def setup(self) -> None:
        super().setup()
        self.spec: SliceDescent
        self.descent: Descent
        self.spec, self.descent = slice_descent(self.descent_name)
        self.trained: TrainedExperiment = trained(self.spec.experiment)
        self.first = np.linspace(*self.first_range, self.cells[0] + 1)
        self.second = np.linspace(*self.second_range, self.cells[1] + 1)
        data = self.trained.data
        self.losses = loss_grid(
            self.trained.network,
            data.points,
            data.labels,
            self.trained.experiment.config.loss,
            self.spec.parameters,
            self.first,
            self.second,
        )

    # --- pieces ------------------------------------------------------------------------------

    def get_axes(self) -> ThreeDAxes:
        """Coordinates only (w11, w12, loss) -> scene; the floor draws its own axes."""
        theme = self.theme
        axes = ThreeDAxes(
            x_range=(*self.first_range, 1),
            y_range=(*self.second_range, 1),
            z_range=(*self.loss_range, 1),
            x_length=6.0,
            y_length=6.5,
            z_length=3.6,
            axis_config={"color": theme.axis, "stroke_width": 2, "include_tip": False},
        )
        return axes

    def get_surface(self, axes: ThreeDAxes) -> Surface:
        theme = self.theme

        def lift(u: float, v: float) -> np.ndarray:
            return axes.c2p(u, v, bilinear(self.losses, self.first, self.second, u, v))

        surface = Surface(
            lift,
            u_range=self.first_range,
            v_range=self.second_range,
            resolution=self.cells,
            fill_opacity=0.8,
            stroke_color=theme.background,
            stroke_width=0.5,
        )
        low, high = float(self.losses.min()), float(self.losses.max())
        surface.set_fill_by_value(
            axes=axes, colorscale=[(theme.grid, low), (theme.text, high)], axis=2
        )
        return surface

    def surface_point(self, axes: ThreeDAxes, weights: np.ndarray, loss: float) -> np.ndarray:
        return axes.c2p(weights[0], weights[1], loss)

    def get_floor(self, axes: ThreeDAxes) -> tuple[VGroup, VGroup, VGroup]:
        """The floor grid (every pair of weights), three axes along the box's near edges and the
        loss axis at the near-right corner, and their labels and numbers (to keep facing the
        camera)."""
        theme = self.theme
        (u0, u1), (v0, v1), (z0, z1) = self.first_range, self.second_range, self.loss_range
        grid = VGroup()
        for u in np.arange(np.ceil(u0), u1 + 1e-9):
            grid.add(FloorLine(axes.c2p(u, v0, z0), axes.c2p(u, v1, z0)))
        for v in np.arange(np.ceil(v0), v1 + 1e-9):
            grid.add(FloorLine(axes.c2p(u0, v, z0), axes.c2p(u1, v, z0)))
        grid.set_stroke(theme.background_grid, width=1.5)
        lines = VGroup(
            Line(axes.c2p(u0, v0, z0), axes.c2p(u1, v0, z0)),
            Line(axes.c2p(u0, v0, z0), axes.c2p(u0, v1, z0)),
            Line(axes.c2p(u1, v0, z0), axes.c2p(u1, v0, z1)),
        ).set_stroke(theme.axis, width=2)
        texts = VGroup()
        for u in range(int(np.ceil(u0)), int(u1) + 1):
            texts.add(self.number(u).move_to(axes.c2p(u, v0 - 0.45, z0)))
        for v in range(int(np.ceil(v0)), int(v1) + 1):
            texts.add(self.number(v).move_to(axes.c2p(u0 - 0.45, v, z0)))
        for z in range(int(np.ceil(z0)) + 1, int(z1) + 1):
            texts.add(self.number(z).move_to(axes.c2p(u1 + 0.35, v0, z)))
        first = MathTex("w_{11}", color=theme.basis_colors[0]).scale(0.8)
        second = MathTex("w_{12}", color=theme.basis_colors[1]).scale(0.8)
        height = Tex("loss", color=theme.text).scale(0.7)
        first.move_to(axes.c2p((u0 + u1) / 2, v0 - 1.1, z0))
        second.move_to(axes.c2p(u0 - 1.1, (v0 + v1) / 2, z0))
        height.move_to(axes.c2p(u1, v0, z1 + 0.4))
        texts.add(first, second, height)
        return grid, lines, texts

    def number(self, value: float) -> MathTex:
        return MathTex(format_number(value, 0), color=self.theme.muted_text).scale(0.45)

    def readout_number(self, number: DecimalNumber, value_func) -> DecimalNumber:
        """``number`` showing ``value_func()`` in every frame, fixed to the frame.

        Typeset again only when its digits change: the value moves at every step of descent,
        its two or four shown decimals much less often, and typesetting is the dear part."""

        def update(m: DecimalNumber) -> None:
            value = value_func()
            if m.number == value:
                return
            if m._get_num_string(value) == m._get_num_string(m.number):
                m.number = value
                return
            m.set_value(value)
            # set_value builds new glyphs: fix them to the frame too
            self.camera.add_fixed_in_frame_mobjects(m)

        self.camera.add_fixed_in_frame_mobjects(number)
        return number.add_updater(update)

    def get_diagram(self, weights: np.ndarray) -> VGroup:
        """The 2-1 network drawn with ``weights (2,)``, its edges named w11 and w12, and b."""
        theme = self.theme
        diagram = self.network_diagram(weights, neuron_labels=[["x_1", "x_2"], ["y"]])
        labels = VGroup(
            MathTex("w_{11}", color=theme.basis_colors[0]).scale(0.55),
            MathTex("w_{12}", color=theme.basis_colors[1]).scale(0.55),
        )
        labels[0].next_to(diagram.edge(1, 0, 0).get_center(), UP, buff=0.12)
        labels[1].next_to(diagram.edge(1, 0, 1).get_center(), DOWN, buff=0.12)
        bias = MathTex(
            "b = " + format_number(self.trained.network.biases[0][0]), color=theme.muted_text
        ).scale(0.5)
        bias.next_to(diagram.layers[1], RIGHT, buff=0.15)
        self.drawn_diagram = diagram
        return VGroup(diagram, labels, bias)

    def network_diagram(self, weights: np.ndarray, **kwargs) -> NetworkDiagram:
        return NetworkDiagram(
            [np.array([weights])],
            self.theme,
            layer_spacing=1.8,
            neuron_spacing=1.1,
            neuron_radius=0.24,
            **kwargs,
        )

    def show_weights(self, diagram: NetworkDiagram, weights: np.ndarray) -> None:
        """Give ``diagram``'s two edges the width, opacity and dashes ``weights (2,)`` give a
        diagram drawn with them (at their own scale, the larger drawn at full width). Only the
        edges change, in place: the neurons and formulas stay, so the ball moves the diagram
        without building, typesetting or copying one in every frame."""
        diagram.weight_scale = float(np.abs(weights).max()) or 1.0
        diagram.set_weights([np.array([weights])])

    def get_readout(self, step: ValueTracker) -> VGroup:
        """'step 12', 'w11 = -0.12', 'w12 = 0.38' and 'loss 0.7101': the last step the ball
        has reached (the ball glides between steps; the numbers are the steps' own)."""
        theme = self.theme
        path, heights = self.descent.path, self.descent.losses

        def reached() -> int:
            return int(np.floor(step.get_value() + 1e-9))

        def number(value_func, color, decimals=2):
            tex = DecimalNumber(value_func(), num_decimal_places=decimals, color=color)
            return self.readout_number(tex.scale(0.6), value_func)

        counter = self.readout_number(Integer(0, color=theme.highlight).scale(0.6), reached)
        first = number(lambda: path[reached(), 0], theme.basis_colors[0])
        second = number(lambda: path[reached(), 1], theme.basis_colors[1])
        loss = number(lambda: heights[reached()], theme.highlight, decimals=4)
        self.readout_numbers = {"step": counter, "w11": first, "w12": second, "loss": loss}
        rows = VGroup(
            VGroup(Tex("gradient descent step", color=theme.text).scale(0.6), counter),
            VGroup(MathTex("w_{11} =", color=theme.basis_colors[0]).scale(0.6), first),
            VGroup(MathTex("w_{12} =", color=theme.basis_colors[1]).scale(0.6), second),
            VGroup(Tex("loss", color=theme.text).scale(0.6), loss),
        )
        for row in rows:
            row.arrange(RIGHT, buff=0.15)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return self.backed(rows)

    # --- the story ---------------------------------------------------------------------------

    def construct(self) -> None:
        theme = self.theme
        self.set_camera_orientation(phi=50 * DEGREES, theta=-125 * DEGREES, zoom=0.8)
        axes = self.axes = self.get_axes()
        axes.shift(-axes.c2p(0, 1.75, 1.2))
        step = self.step_tracker = ValueTracker(0.0)
        path, heights = self.descent.path, self.descent.losses
        steps = np.arange(len(path))

        def weights_now() -> np.ndarray:
            return np.array([np.interp(step.get_value(), steps, path[:, k]) for k in (0, 1)])

        def loss_now() -> float:
            return float(np.interp(step.get_value(), steps, heights))

        # The floor: every point a pair of weights; the overlays say what is held
        grid, lines, texts = self.get_floor(axes)
        title = Tex("the loss over two weights", color=theme.text).scale(0.7)
        held = Tex(r"the bias held at its trained value", color=theme.muted_text).scale(0.5)
        header = VGroup(title, held).arrange(DOWN, buff=0.12).to_corner(UR, buff=CORNER_BUFF)
        diagram = self.backed(self.get_diagram(path[0])).to_corner(UL, buff=CORNER_BUFF)
        # what the floor is (the title, the network's two weights) is on screen from the first
        # frame, which is never empty
        self.add_fixed_in_frame_mobjects(header, diagram)
        self.opening_frame = (self.time, [header, diagram])
        network = self.trained.network
        self.narrate(
            narration.loss_surface_sentence(
                self.spec.experiment, len(self.trained.data.labels), network.biases[0][0]
            )
        )
        self.play(Create(grid), Create(lines), run_time=1.5)
        self.add_fixed_orientation_mobjects(*texts)
        self.play(FadeIn(texts), run_time=0.8)

        # The bowl: above each pair of weights, the loss they give; the camera settles. The bowl
        # comes after the floor and before the box in the scene, so it is drawn over the one
        # and under the other from its first frame.
        surface = self.surface = self.get_surface(axes)
        self.remove(lines, header, diagram, texts)
        self.add(surface, lines, header, diagram, texts)
        self.play(Create(surface), run_time=2.0)
        self.move_camera(phi=self.camera_phi, theta=self.camera_theta, run_time=2.5)
        self.slide_break()

        # The ball where descent starts, its height (the loss) and its shadow on the floor; the
        # bowl's words are read over the bowl, before the ball's height line goes up with its own
        self.end_narration()
        ball = self.ball = Dot(radius=0.12, color=theme.highlight)
        ball.set_stroke(theme.background, width=1.5)
        trail = self.trail = VMobject(stroke_color=theme.highlight, stroke_width=4)
        shadow = FloorPath(stroke_color=theme.highlight, stroke_width=2, stroke_opacity=0.7)
        height_line = FloorPath(stroke_color=theme.highlight, stroke_width=2)
        on_surface = [axes.c2p(*p, h) for p, h in zip(path, heights, strict=True)]
        on_floor = [axes.c2p(*p, self.loss_range[0]) for p in path]
        shown_weights = [path[0]]

        def follow(_m) -> None:
            done = int(np.floor(step.get_value()))
            weights = weights_now()
            here = axes.c2p(*weights, loss_now())
            below = axes.c2p(*weights, self.loss_range[0])
            trail.set_points_as_corners([*on_surface[: done + 1], here])
            shadow.set_points_as_corners([*on_floor[: done + 1], below])
            height_line.set_points_as_corners([below, here])
            ball.move_to(here)
            if not np.array_equal(weights, shown_weights[0]):
                shown_weights[0] = weights
                self.show_weights(self.drawn_diagram, weights)

        follow(ball)
        readout = self.get_readout(step).to_corner(DL, buff=CORNER_BUFF)
        self.add_fixed_orientation_mobjects(ball)
        self.add_fixed_in_frame_mobjects(readout)
        # From here on neither the camera nor the world moves: the bowl, the box, its numbers and
        # the header become one picture, painted over the floor and what moves on it (the
        # shadow, the ball's height) and under the ball and its trail.
        still = Snapshot(
            self.camera, [m for part in (surface, lines, texts, header) for m in part.get_family()]
        )
        self.remove(grid, surface, lines, header, diagram, texts, ball, readout)
        self.add(grid, shadow, height_line, still, trail, diagram)
        self.ball_shown_at = self.time
        self.narrate(narration.descent_start_sentence(path[0], heights[0]))
        self.play(FadeIn(ball), Create(height_line), FadeIn(readout), run_time=1.0)
        self.slide_break()

        # Rolling down: each step goes against the slope under the ball. The first steps cross
        # the steep wall, so they get more time than the long slide along the valley. The first
        # mobject in the scene carries the updater, so Manim redraws all that follows it.
        shadow.add_updater(follow)
        total_drop = heights[0] - heights[-1]
        wall_steps = max(1, int(np.argmax(heights - heights[-1] <= 0.1 * total_drop)))
        self.narrate(
            narration.descent_sentence(
                wall_steps, path[wall_steps], heights[wall_steps], final=False
            )
        )
        self.play(step.animate.set_value(wall_steps), run_time=self.wall_seconds, rate_func=linear)
        last = len(path) - 1
        self.narrate(narration.descent_sentence(last, path[last], heights[last], final=True))
        self.play(
            step.animate.set_value(len(path) - 1), run_time=self.slide_seconds, rate_func=linear
        )
        self.wait(2.5)
