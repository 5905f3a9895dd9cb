"""Gradient descent as a ball rolling down a bowl: the loss of a real network over two of its
weights, and the path plain gradient descent takes on them (from sources 002 and 004)."""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    IN,
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
    Mobject,
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
from scenes.kit.matrices import format_number
from scenes.kit.readout import show_value

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


class _BeneathSurface:
    """Drawn before the surface, whatever the camera angle: for lines on the floor under it.

    The 3-D camera draws 3-D mobjects (``shade_in_3d``) from far to near by a reference point, and
    everything else on top of them; these take part in that order with a point far below.
    """

    shade_in_3d = True

    def get_z_index_reference_point(self) -> np.ndarray:
        return self.get_center() + 1000 * IN


class FloorLine(_BeneathSurface, Line):
    pass


class FloorPath(_BeneathSurface, VMobject):
    pass


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

    def keep_in_frame(self, mobject: Mobject) -> Mobject:
        """Fix ``mobject`` to the frame after each of its updaters, which may rebuild its parts."""
        self.camera.add_fixed_in_frame_mobjects(mobject)
        mobject.add_updater(lambda m: self.camera.add_fixed_in_frame_mobjects(m))
        return mobject

    def get_diagram(self, weights: np.ndarray, typeset: VGroup | None = None) -> VGroup:
        """The 2-1 network drawn with ``weights (2,)``: edge width and style follow the ball.

        ``typeset``, an earlier result of this method, lends its formulas (neuron names, w_mn,
        b), which the weights do not move: the ball redraws the diagram in every frame, and
        typesetting the same labels again each time cost more than drawing them."""
        theme = self.theme
        names = [["x_1", "x_2"], ["y"]]
        diagram = NetworkDiagram(
            [np.array([weights])],
            theme,
            layer_spacing=1.8,
            neuron_spacing=1.1,
            neuron_radius=0.24,
            neuron_labels=names if typeset is None else None,
        )
        if typeset is not None:
            earlier, labels, bias = typeset
            diagram.labels = earlier.labels.copy()
            diagram.add(diagram.labels)
            return VGroup(diagram, labels.copy(), bias.copy())
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
        return VGroup(diagram, labels, bias)

    def get_readout(self, step: ValueTracker) -> VGroup:
        """'step 12', 'w11 = -0.12', 'w12 = 0.38' and 'loss 0.7101': the last step the ball
        has reached (the ball glides between steps; the numbers are the steps' own)."""
        theme = self.theme
        path, heights = self.descent.path, self.descent.losses

        def reached() -> int:
            return int(np.floor(step.get_value() + 1e-9))

        def number(value_func, color, decimals=2):
            tex = DecimalNumber(value_func(), num_decimal_places=decimals, color=color)
            tex.scale(0.6)
            tex.add_updater(lambda m: show_value(m, value_func()))
            return self.keep_in_frame(tex)

        counter = Integer(0, color=theme.highlight).scale(0.6)
        counter.add_updater(lambda m: show_value(m, reached()))
        self.keep_in_frame(counter)
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
        corner = diagram.get_corner(UL)
        self.add_fixed_in_frame_mobjects(header, diagram)
        self.remove(header, diagram)
        network = self.trained.network
        self.narrate(
            narration.loss_surface_sentence(
                self.spec.experiment, len(self.trained.data.labels), network.biases[0][0]
            )
        )
        self.play(Create(grid), Create(lines), FadeIn(header), FadeIn(diagram), run_time=1.5)
        self.add_fixed_orientation_mobjects(*texts)
        self.play(FadeIn(texts), run_time=0.8)

        # The bowl: above each pair of weights, the loss they give; the camera settles
        surface = self.surface = self.get_surface(axes)
        self.play(Create(surface), run_time=2.0)
        self.move_camera(phi=self.camera_phi, theta=self.camera_theta, run_time=2.5)
        self.slide_break()

        # The ball where descent starts, its height (the loss) and its shadow on the floor
        ball = self.ball = Dot(radius=0.12, color=theme.highlight)
        ball.set_stroke(theme.background, width=1.5)
        trail = self.trail = VMobject(stroke_color=theme.highlight, stroke_width=4)
        shadow = FloorPath(stroke_color=theme.highlight, stroke_width=2, stroke_opacity=0.7)
        height_line = FloorPath(stroke_color=theme.highlight, stroke_width=2)
        on_surface = [axes.c2p(*p, h) for p, h in zip(path, heights, strict=True)]
        on_floor = [axes.c2p(*p, self.loss_range[0]) for p in path]

        def follow(_m) -> None:
            done = int(np.floor(step.get_value()))
            here = axes.c2p(*weights_now(), loss_now())
            below = axes.c2p(*weights_now(), self.loss_range[0])
            trail.set_points_as_corners([*on_surface[: done + 1], here])
            shadow.set_points_as_corners([*on_floor[: done + 1], below])
            height_line.set_points_as_corners([below, here])
            ball.move_to(here)

        follow(ball)
        readout = self.get_readout(step).to_corner(DL, buff=CORNER_BUFF)
        self.add_fixed_orientation_mobjects(ball)
        self.remove(ball)
        self.add_fixed_in_frame_mobjects(readout)
        self.remove(readout)
        self.add(trail, shadow)
        self.narrate(narration.descent_start_sentence(path[0], heights[0]))
        self.play(FadeIn(ball), Create(height_line), FadeIn(readout), run_time=1.0)
        self.slide_break()

        # Rolling down: each step goes against the slope under the ball. The first steps cross
        # the steep wall, so they get more time than the long slide along the valley.
        drawn_weights = [None]
        typeset = self.get_diagram(path[0])

        def redraw_diagram(m: VGroup) -> None:
            weights = np.asarray(weights_now(), dtype=float)
            if drawn_weights[0] is not None and np.array_equal(weights, drawn_weights[0]):
                return
            drawn_weights[0] = weights
            # built at the same place as `typeset`, so its labels sit on this diagram
            fresh = self.get_diagram(weights, typeset=typeset)
            m.become(self.backed(fresh))
            m.move_to(corner, aligned_edge=UL)

        ball.add_updater(follow)
        diagram.add_updater(redraw_diagram)
        self.keep_in_frame(diagram)
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
