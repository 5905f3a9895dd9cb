"""Stories with a hidden layer of width 3 (or a wider one projected onto 3 axes): the plane is
lifted into space, seen by a camera planned in :mod:`scenes.kit.space_camera` (never along a
bias or the sheet's normal, the points framed as in 2-D), along labelled h1, h2, h3 axes; a plane
in space separates the classes, drawn in depth order; the camera comes down flat again before
the number line is drawn, so it reads from the front.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UR,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Polygon,
    ThreeDScene,
    VGroup,
    config,
    rate_functions,
)

from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, LayerStoryScene, StepRecord
from scenes.kit.camera import CHECK_TIMES, CameraPlan, Framing, frame_states, plan_camera
from scenes.kit.matrices import value_vector, weight_matrix
from scenes.kit.plane import DotCloud, GridLines, InPlace, PlaneFigure, PlaneView
from scenes.kit.space_camera import (
    FLAT_POSE,
    KEEP_AWAY,
    REGION_GAIN,
    TRACK_SHARE,
    Pose,
    SeenBounds,
    SpaceFrame,
    TurningShot,
    axis_ends,
    axis_name_places,
    choose_pose,
    clear_of_panels,
    drawn_size,
    fit_frame,
    held_inside,
    plan_space,
    section_within,
    surface_normal,
    turn_framing,
)
from scenes.kit.stages import Step, plane_section, second_half
from scenes.kit.theme import Theme

__all__ = ["SpaceAxes", "SpaceStoryScene", "decision_logit", "eye_side"]

# The separating plane is seen nearly edge-on, so its trace divides the classes on screen, but
# not quite, so it still reads as a plane
PLANE_VIEW_ANGLES = (np.radians(58.0), np.radians(78.0))
# opaque enough that the points behind the plane read as behind it
SECTION_OPACITY = 0.55
# A wide layer's W and b show this many rows and columns at most, the rest elided as by hand
MATRIX_MOST = 6
# A wide layer's W is shrunk to this width (scene units), the half frame beside the diagram,
# and a tall one to this height (a 3-row W's), so the panel stays a corner's
MATRIX_PANEL_WIDTH = 6.5
MATRIX_PANEL_HEIGHT = 1.6
# With space_column, the formula is made no wider than this (scene units; a layer's matrices,
# W over b, are about as wide), so the column between the panels keeps the frame's middle
COLUMN_PANEL = 3.8
# How far (scene units) the column a cloud may use in space keeps from the panels beside it
PANEL_GAP = 0.1


def decision_logit(output_activation: str, threshold: float) -> float:
    """The last layer's pre-activation where its output equals ``threshold``."""
    if output_activation == "sigmoid":
        return float(np.log(threshold / (1 - threshold)))
    if output_activation == "tanh":
        return float(np.arctanh(threshold))
    if output_activation == "identity":
        return threshold
    raise ValueError(f"no single decision level for a {output_activation} output")


def eye_side(pose: Pose, view: PlaneView, normal: np.ndarray, offset: float) -> float:
    """Which side of the plane ``normal · h = offset`` (hidden coordinates) the eye of a camera
    in ``pose`` is on, looking through ``view``: the sign of ``normal · eye - offset``."""
    from scenes.kit.space_camera import FOCAL_DISTANCE

    eye = view.to_coords(FOCAL_DISTANCE * pose.direction)
    return float(np.sign(np.dot(normal, eye) - offset))


class SpaceAxes:
    """The hidden space's own axes h1, h2, h3 through its origin, as long as the points reach
    (and a little more), each named at its positive end; the names face the camera."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.lines = GridLines(np.zeros((0, 2, 3)), stroke_color=theme.axis, stroke_width=2.5)
        self.labels = VGroup()
        self.name = ""
        # what the lines and names were last placed for: an updater places them in every frame,
        # and while the points, the view and the camera hold, the search along each axis for
        # where it leaves the region (most of a held frame's cost) finds the same ends again
        self.placed: tuple | None = None

    def make_labels(self, name: str) -> VGroup:
        self.name = name
        return VGroup(
            *[MathTex(f"{name}_{{{n}}}", color=self.theme.axis).scale(0.6) for n in (1, 2, 3)]
        )

    def place(
        self, view: PlaneView, points: np.ndarray, pose: Pose | None = None, framing=None
    ) -> None:
        """The axes around ``points``; seen from ``pose``, each line and name kept in
        ``framing``'s region, clear of the caption and the legend under it (see
        :func:`scenes.kit.space_camera.axis_ends` and ``axis_name_places``)."""
        if self.placed_for(view, points, pose, framing):
            return
        self.placed = (view, pose, framing, self.labels, np.array(points, dtype=np.float64))
        frame = None if pose is None else SpaceFrame.of(pose, view, np.zeros(3))
        self.lines.set_samples(view.to_scene(axis_ends(points, frame, framing)))
        places = axis_name_places(points, frame, framing)
        for label, place in zip(self.labels, places, strict=False):
            label.move_to(view.to_scene(place))

    def placed_for(self, view: PlaneView, points: np.ndarray, pose: Pose | None, framing) -> bool:
        """Whether the lines and these names were last placed for the same view, pose, framing
        and points (compared as numbers: points move in place)."""
        if self.placed is None:
            return False
        kept_view, kept_pose, kept_framing, kept_labels, kept_points = self.placed
        return (
            kept_labels is self.labels
            and kept_view == view
            and kept_pose == pose
            and kept_framing == framing
            and np.array_equal(kept_points, points)
        )


class SpaceStoryScene(LayerStoryScene, ThreeDScene):
    """A layer story in 3-D: the camera turns into space when a layer lifts the data and holds a
    planned pose through each step, the separating plane is shown before the last layer, and
    the camera comes down flat for the number line."""

    eye_distance = None
    space_region: tuple[float, float, float, float] | None = None
    """Where the points go in space (scene x_min, x_max, y_min, y_max); ``None``: worked out
    from the panels (:meth:`space_framing`)."""
    space_column_region: tuple[float, float, float, float] | None = None
    space_column: bool = False
    """Frame a step's cloud in the free column between the diagram and the formula (from the
    bottom of ``plane_region`` to the frame's top, cut clear of the panels) where that draws it
    larger than the band under the panels (:attr:`scenes.kit.camera.Framing.tall`)."""
    space_track_share: float = TRACK_SHARE
    """Through a moving step in space the zoom keeps this share of the zoom that just holds each
    moment: lower, a stretch reads as a stretch; higher, a cloud a map squeezes thin on its way
    (a nearly rank-1 W) stays large."""
    basis_leaves_with_collapse: bool = False
    """Fade the basis arrows through the second half of a map from space onto the number
    line: they grow with the map's weights, past the frame the points are framed in (lift-3d's
    k-hat, -5.86 long, ran off the left edge); the matrix beside it still says where they land."""
    layer_matrices: bool | None = None
    """Show the current layer's W and b, typeset, under the formula while its steps play;
    ``None``: wherever the formula does not list them (a network with too many numbers to list
    at once), so every step of every story shows a matrix."""

    def choose_dot_radius(self) -> float:
        """``dot_radius`` as declared: a cloud in space is seen from many poses and depths, so
        the input plane's spacing on screen says little about it, and its flat start is drawn
        at the size the cloud keeps in space."""
        return self.dot_radius

    def setup(self) -> None:
        self.next_pose: Pose | None = None
        # the region the points are framed in now (a step's, or the separating plane's view)
        self.framing_in_space: Framing | None = None
        # each layer's W and b, typeset once for the plan (the panels' boxes) and shown later
        self.unshown_matrix_panels: dict[int, VGroup] = {}
        super().setup()
        self.section: Mobject | None = None
        self.space_axes: SpaceAxes | None = None
        self.matrix_panel: VGroup | None = None
        self.matrix_layer = 0

    # --- one layer's matrices at a time -----------------------------------------------------------

    def formula(self) -> VGroup:
        panel = super().formula()
        if self.space_column and not self.formula_lists_matrices() and panel.width > COLUMN_PANEL:
            panel.scale_to_fit_width(COLUMN_PANEL).to_corner(UR, buff=CORNER_BUFF)
        self.formula_panel = panel
        return panel

    def formula_lists_matrices(self) -> bool:
        """Not where the current layer's matrices are shown under the formula anyway: the
        formula shrinks to its one line, which leaves the cloud room between the panels."""
        return self.layer_matrices is not True and super().formula_lists_matrices()

    def shows_layer_matrices(self) -> bool:
        if self.layer_matrices is not None:
            return self.layer_matrices
        listed = getattr(self, "formula_panel", None)
        return listed is None or not any(
            getattr(part, "column_colored", False) for part in listed.get_family()
        )

    def layer_matrix_panel(self, layer: int) -> VGroup:
        """``W_k = [...]  b_k = [...]`` of layer ``layer``, W's columns in the basis colours,
        backed, under the formula in the upper-right corner."""
        network = self.trained.network
        weights = VGroup(
            MathTex(f"W_{{{layer}}} =", color=self.theme.text).scale(0.7),
            weight_matrix(network.weights[layer - 1], self.theme, most=MATRIX_MOST).scale(0.5),
        ).arrange(RIGHT, buff=0.15)
        bias = VGroup(
            MathTex(f"b_{{{layer}}} =", color=self.theme.text).scale(0.7),
            value_vector(network.biases[layer - 1], self.theme, most=MATRIX_MOST).scale(0.5),
        ).arrange(RIGHT, buff=0.15)
        rows = 2 if self.space_column else 1
        if rows == 2:
            # W over b: a narrow panel leaves the column between the panels its width
            row = VGroup(weights, bias).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        else:
            row = VGroup(weights, bias).arrange(RIGHT, buff=0.3)
        panel = self.backed(row)
        if panel.width > MATRIX_PANEL_WIDTH:
            panel.scale_to_fit_width(MATRIX_PANEL_WIDTH)
        if panel.height > rows * MATRIX_PANEL_HEIGHT:
            panel.scale_to_fit_height(rows * MATRIX_PANEL_HEIGHT)
        return self.under_formula(panel)

    def under_formula(self, panel: VGroup) -> VGroup:
        return panel.next_to(self.formula_panel, DOWN, buff=0.1, aligned_edge=RIGHT)

    def show_layer_matrices(self, layer: int) -> None:
        if not self.shows_layer_matrices() or layer == self.matrix_layer:
            return
        panel = self.unshown_matrix_panels.pop(layer, None)
        panel = self.layer_matrix_panel(layer) if panel is None else self.under_formula(panel)
        old = self.matrix_panel
        self.pin(panel)
        animations = [FadeIn(panel)]
        if old is not None:
            animations.append(FadeOut(old))
        self.play(*animations, run_time=0.6)
        if old is not None:
            self.unpin(old)
            self.remove(old)
        self.matrix_panel, self.matrix_layer = panel, layer

    def hide_layer_matrices(self) -> None:
        """Fade the current layer's matrices out (the steps are over; a picture of the whole
        space follows)."""
        if self.matrix_panel is None:
            return
        self.play(FadeOut(self.matrix_panel), run_time=0.6)
        self.unpin(self.matrix_panel)
        self.remove(self.matrix_panel)
        self.matrix_panel = None

    # --- the plan ----------------------------------------------------------------------------

    def plan_camera(self, steps: list[Step] | None = None) -> CameraPlan:
        """:func:`scenes.kit.space_camera.plan_space` for the steps in space, and the flat plan
        (:func:`scenes.kit.camera.plan_camera`) for each run of steps on a plane or a line,
        which starts with a camera step of its own when it follows space."""
        if steps is not None:
            return super().plan_camera(steps)
        framing = self.framing()
        self.space_plan = plan_space(
            self.steps, self.space_framing(), track_share=self.space_track_share
        )
        shots, moves = [], []
        start_view, readout, number_line = None, None, None
        index = 0
        while index < len(self.steps):
            if index in self.space_plan.poses:
                shots.append(self.space_plan.shot(index))
                moves.append(None)
                index += 1
                continue
            end = index
            while end < len(self.steps) and end not in self.space_plan.poses:
                end += 1
            last = end == len(self.steps)
            flat = plan_camera(
                self.steps[index:end],
                framing,
                threshold=self.trained.threshold if last else None,
                arriving=index > 0,
            )
            if index == 0:
                start_view = flat.input
            shots += flat.shots
            moves += [flat.moves[0] if index == 0 else flat.input, *flat.moves[1:]]
            if last:
                readout, number_line = flat.readout, flat.number_line
            index = end
        return CameraPlan(
            input=start_view or frame_states([self.steps[0].start], framing),
            shots=tuple(shots),
            moves=tuple(moves),
            readout=readout,
            number_line=number_line,
        )

    def space_framing(self) -> Framing:
        """Where the points go while the camera is in space: ``plane_region`` cut clear of the
        panels at the top (the diagram, the formula and a layer's matrices), which a flat
        plane's data rarely reaches but a cloud turning in space does; with ``space_column``,
        the free column between the diagram and the formula as the ``tall`` alternative."""
        if self.space_region is None:
            diagram = self.get_diagram(neuron_labels=self.neuron_labels())
            formula = self.formula_panel = self.beside(self.formula(), diagram)
            panels = [diagram, formula]
            if self.shows_layer_matrices():
                layers = range(1, self.trained.network.layer_count + 1)
                self.unshown_matrix_panels = {
                    layer: self.layer_matrix_panel(layer) for layer in layers
                }
                panels += list(self.unshown_matrix_panels.values())
            boxes = [
                (p.get_left()[0], p.get_right()[0], p.get_bottom()[1], p.get_top()[1])
                for p in panels
            ]
            self.space_region = clear_of_panels(self.plane_region, boxes)
            if self.space_column:
                column = (
                    boxes[0][1] + PANEL_GAP,
                    boxes[1][0] - PANEL_GAP,
                    self.plane_region[2],
                    config.frame_height / 2 - CORNER_BUFF,
                )
                self.space_column_region = clear_of_panels(column, boxes)
        return replace(self.framing(), region=self.space_region, tall=self.space_column_region)

    def step_space_framing(self, step: Step | None) -> Framing:
        """The region ``step``'s points are framed in (the band or the column), as planned."""
        framing = self.space_framing()
        index = None if step is None else self.steps.index(step)
        chosen = (self.space_plan.framings or {}).get(index)
        return chosen or replace(framing, tall=None)

    # --- the camera ----------------------------------------------------------------------------

    def pin(self, *mobjects: Mobject) -> None:
        self.add_fixed_in_frame_mobjects(*mobjects)
        super().pin(*mobjects)

    def unpin(self, *mobjects: Mobject) -> None:
        self.remove_fixed_in_frame_mobjects(*mobjects)
        super().unpin(*mobjects)

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)

    def camera_pose(self) -> tuple[float, ...]:
        return (self.camera.get_phi(), self.camera.get_theta(), self.camera.get_zoom())

    def current_pose(self) -> Pose:
        return Pose(float(self.camera.get_phi()), float(self.camera.get_theta()))

    def set_pose(self, pose: Pose) -> None:
        self.camera.set_phi(pose.phi)
        self.camera.set_theta(pose.theta)
        self.bound_arrows()

    def bound_arrows(self) -> None:
        """Cut the basis arrows where the camera draws them leaving the region the points are
        framed in now, as the hidden axes are: a map that stretches them past it (W2's, 5.8
        long) would run them under the caption and off the frame."""
        figure = getattr(self, "figure", None)
        if figure is None or self.framing_in_space is None:
            return
        figure.arrow_bounds = SeenBounds(self.current_pose(), self.framing_in_space.usable(2))

    def camera_animations(self, step: Step) -> list:
        """No animations of their own: the camera step before ``step`` turns to the pose the
        space plan holds through it (flat for a step on the plane or the line)."""
        self.next_pose = self.space_plan.poses.get(self.steps.index(step), FLAT_POSE)
        self.framing_in_space = self.step_space_framing(step)
        self.bound_arrows()
        return []

    def step_motion(self, figure: PlaneFigure, step: Step, shot, run_time: float):
        """The step as planned; where the camera turns through it (a :class:`TurningShot`), each
        frame's pose set with its view."""
        motion = super().step_motion(figure, step, shot, run_time)
        if not isinstance(shot, TurningShot):
            return motion

        def turn(_group, alpha: float) -> None:
            self.set_pose(shot.pose_at(alpha))
            motion.interpolate_mobject(alpha)

        return InPlace(figure.group, turn, run_time=run_time, rate_func=rate_functions.linear)

    def sample_motion(self, figure: PlaneFigure, motion, step: Step | None = None) -> dict:
        pose = self.current_pose()
        sampled = super().sample_motion(figure, motion, step)
        self.set_pose(pose)
        return sampled

    def move_camera(self, figure: PlaneFigure, view: PlaneView, layer: int, animations=()) -> None:
        """Pan and zoom to ``view``, turning to the pose asked for (``next_pose``) on the way:
        the point the camera centres on stays where it is drawn while the camera turns."""
        pose, self.next_pose = self.next_pose or self.current_pose(), None
        start_pose = self.current_pose()
        if pose == start_pose:
            super().move_camera(figure, view, layer, animations)
            return
        points = figure.state.points
        centre = (points.min(axis=0) + points.max(axis=0)) / 2
        start = SpaceFrame.of(start_pose, figure.view, centre)
        end = SpaceFrame.of(pose, view, centre)

        # between two poses in space the region clear of the panels; to or from the flat plane
        # the plane's (which holds the space one)
        in_space = FLAT_POSE not in (pose, start_pose)
        if in_space:
            framing = self.space_framing()
        else:
            framing = turn_framing(self.framing(), [start, end], points)

        def turn(_group, alpha: float) -> None:
            frame = end if alpha >= 1 else held_inside(start.toward(end, alpha), points, framing)
            self.set_pose(frame.pose)
            figure.set_view(frame.view())
            figure.set_state(figure.state)

        turned = np.degrees(np.arccos(np.clip(start_pose.direction @ pose.direction, -1, 1)))
        run_time = 1.2 if turned < 40 else 2.0
        motion = InPlace(figure.group, turn, run_time=run_time, rate_func=rate_functions.smooth)
        leaving, entering = pose == FLAT_POSE, start_pose == FLAT_POSE
        extras = list(animations)
        if entering:
            # a floor seen at a slant only flickers: the hidden axes are the reference in space
            extras.append(self.fade_background(figure, 0.0, run_time))
        if leaving:
            extras.append(self.fade_background(figure, 1.0, run_time))
            if self.space_axes is not None and self.space_axes.labels in self.mobjects:
                extras.append(FadeOut(self.space_axes.labels, run_time=run_time / 2))
                extras.append(FadeOut(self.space_axes.lines, run_time=run_time / 2))
        if leaving and self.section is not None and self.section in self.mobjects:
            extras.append(FadeOut(self.section, run_time=run_time / 2))
        before = self.camera_pose()
        sampled = self.sample_motion(figure, motion)
        self.play(motion, *extras)
        if leaving and self.space_axes is not None:
            self.remove_space_axes(figure)
        self.step_log.append(
            StepRecord(
                "camera",
                layer,
                figure.data_coordinates(),
                **sampled,
                camera=(before, self.camera_pose()),
            )
        )

    def fade_background(self, figure: PlaneFigure, opacity: float, run_time: float):
        start = figure.background.get_stroke_opacity()

        def update(group: VGroup, alpha: float) -> None:
            group.set_stroke(opacity=start + alpha * (opacity - start))

        return InPlace(figure.background, update, run_time=run_time)

    # --- the hidden space's axes ---------------------------------------------------------------

    def axes_name(self, step: Step) -> str:
        """The name of the space ``step`` ends in: h (h^{k} in deeper networks), with a tilde
        where it is drawn through a projection."""
        name = self.space_name(step.layer)
        return rf"\tilde{{{name}}}" if step.end.projected_from else name

    def prepare_step(self, step: Step, figure: PlaneFigure) -> None:
        super().prepare_step(step, figure)
        if step.end.dimension == 3:
            self.show_space_axes_3d(step, figure)

    def show_space_axes_3d(self, step: Step, figure: PlaneFigure) -> None:
        """The axes of the space ``step`` ends in, named; renamed when a layer moves the points
        into the next space."""
        name = self.axes_name(step)
        axes = self.space_axes
        if axes is not None and axes.name == name:
            return
        if axes is None:
            axes = self.space_axes = SpaceAxes(self.theme)
            labels = axes.labels = axes.make_labels(name)
            self.place_space_axes(figure)
            # under the points, over the grid
            figure.group.insert(4, axes.lines)
            axes.lines.add_updater(lambda _l: self.place_space_axes(figure))
            self.add_fixed_orientation_mobjects(*labels)
            self.shown_axis_names = list(labels)
            self.play(FadeIn(axes.lines), FadeIn(labels), run_time=0.8)
            return
        old = axes.labels
        labels = axes.labels = axes.make_labels(name)
        self.place_space_axes(figure)
        self.add_fixed_orientation_mobjects(*labels)
        self.shown_axis_names = list(labels)
        self.play(FadeOut(old), FadeIn(labels), run_time=0.6)
        self.remove_fixed_orientation_mobjects(*old)

    def place_space_axes(self, figure: PlaneFigure) -> None:
        framing = self.framing_in_space or self.step_space_framing(None)
        self.space_axes.place(figure.view, figure.state.points, self.current_pose(), framing)

    def remove_space_axes(self, figure: PlaneFigure) -> None:
        axes = self.space_axes
        axes.lines.clear_updaters()
        figure.group.remove(axes.lines)
        self.remove(axes.lines, axes.labels)
        self.remove_fixed_orientation_mobjects(*axes.labels)
        self.space_axes = None

    # --- the separating plane and the way down to the number line -------------------------------

    def before_step(self, step: Step, figure: PlaneFigure) -> None:
        self.show_layer_matrices(step.layer)
        last_layer = self.trained.network.layer_count
        if step.layer == last_layer and step.kind == "linear" and step.start.dimension == 3:
            self.show_separating_plane(step, figure)

    def step_animations(self, step: Step, run_time: float) -> list:
        animations = super().step_animations(step, run_time)
        collapse = step.kind == "linear" and step.start.dimension == 3 and step.end.dimension == 1
        if self.basis_leaves_with_collapse and collapse and self.figure.basis_shown:
            fade = self.figure.fade_basis(0.0, run_time=run_time, rate_func=second_half)
            animations.append(fade)
        return animations

    def after_step(self, step: Step, figure: PlaneFigure) -> None:
        if step.start.dimension == 3 and step.end.dimension == 1:
            # down to the plane before the number line is drawn: read from the front, with
            # class 0 on the left, and never turned round under the viewer's eyes; the
            # collapse's caption stays on through the turn and the ruler it brings
            index = self.steps.index(step)
            if index + 1 < len(self.steps):
                view = self.plan.moves[index + 1] or self.plan.shots[index + 1].start
            else:
                view = self.plan.readout or figure.view
            self.next_pose = FLAT_POSE
            # the basis arrows showed their landing in space; seen flat, at the number line's
            # scale, they would reach past the frame's edges: they go as the turn starts
            fades = [figure.fade_basis(0.0, run_time=0.4)] if figure.basis_shown else []
            self.move_camera(figure, view, step.layer, fades)
        super().after_step(step, figure)

    def show_number_line(self, figure: PlaneFigure) -> None:
        self.number_line_pose = self.camera_pose()
        super().show_number_line(figure)

    def show_separating_plane(self, step: Step, figure: PlaneFigure) -> None:
        """The plane ``w · h + b = z*`` of the last layer, cut to the box around the points,
        seen nearly edge-on so its trace divides the classes on screen; the points on the eye's
        side drawn over it, the others seen through it."""
        network = self.trained.network
        if step.start.projected_from:
            return  # a plane in the projection would not be the real boundary
        weights, bias = network.weights[-1][0], network.biases[-1][0]
        level = decision_logit(network.architecture.activations[-1], self.trained.threshold)
        points = step.start.points
        margin = 0.05 * (points.max(axis=0) - points.min(axis=0)) + 0.02
        corners = plane_section(
            weights, level - bias, points.min(axis=0) - margin, points.max(axis=0) + margin
        )
        if len(corners) < 3:
            return
        avoided = [(weights, PLANE_VIEW_ANGLES[0])]
        normal = surface_normal(points)
        if normal is not None:
            avoided.append((normal, KEEP_AWAY))
        # seen in whichever region draws the points larger, as the plan frames a step
        options = []
        for framing in self.space_framing().alternatives():
            pose = choose_pose(
                [step.start],
                avoided,
                self.current_pose(),
                within=[(weights, PLANE_VIEW_ANGLES[1])],
                room=framing.room,
            )
            frame = fit_frame(pose, [step.start], framing)
            size = drawn_size(pose, (frame,), [step.start] * len(CHECK_TIMES))
            if self.framing_in_space is not None and framing != self.framing_in_space:
                size /= REGION_GAIN
            options.append((size, pose, frame, framing))
        _, pose, frame, framing = max(options, key=lambda option: option[0])
        corners = section_within(frame, corners, framing)
        self.framing_in_space = framing
        self.next_pose = pose
        # the sentence comes with the turn to the plane: no moment without a caption
        self.narrate(narration.boundary_plane_sentence(weights, level - bias))
        self.move_camera(figure, frame.view(), step.layer)
        self.section = Polygon(
            *figure.view.to_scene(corners),
            stroke_color=self.theme.boundary,
            stroke_width=2,
            fill_color=self.theme.boundary,
            fill_opacity=SECTION_OPACITY,
        )
        self.view_at_section = figure.view
        # in depth order: the plane over every point, then the points on the eye's side again
        side = eye_side(pose, figure.view, weights, level - bias)
        front = np.sign(points @ weights - (level - bias)) == side
        drawn = figure.drawn_points()
        colors = self.point_colors() or self.theme.class_colors
        in_front = VGroup(
            *[
                DotCloud(drawn[front & (self.labels == label)], color=color, radius=self.dot_radius)
                for label, color in enumerate(colors)
            ]
        )
        layer = VGroup(self.section, in_front)
        self.play(FadeIn(self.section))
        self.add(in_front)
        self.wait(4)
        self.slide_break()
        self.play(FadeOut(layer), run_time=0.6)
        self.remove(layer)
