"""The K-class ending of a layer story: in the last hidden space, the regions where each class's
score wins, the tie lines between them, the points on the wrong side ringed, and a readout with
the accuracy and each class's count. The geometry is :mod:`scenes.kit.classes`; this module
draws it and plays it (``ClassRegionsStory``, mixed into :class:`scenes.kit.story.NetworkStory`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Polygon,
    Rectangle,
    VGroup,
    Write,
    rate_functions,
)

from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF
from scenes.kit.classes import ClassRegions, class_regions, drawn_scores, hidden_steps
from scenes.kit.plane import InPlace, PlaneFigure, PlaneView, RingCloud, class_legend
from scenes.kit.readout import STRIP_HALF_HEIGHT
from scenes.kit.stages import PlaneState, mix_states
from scenes.kit.theme import Theme

__all__ = [
    "ClassRegionsStory",
    "class_accuracy_label",
    "drawn_inside",
    "region_mobjects",
    "section_camera_angles",
]

REGION_FILL_OPACITY = 0.2


def class_accuracy_label(correct: np.ndarray, total: np.ndarray, theme: Theme) -> VGroup:
    """'accuracy = 98.7% (296 / 300)' over one count per class, each in its class's colour."""
    right, count = int(np.sum(correct)), int(np.sum(total))
    percent = f"{100 * right / count:.1f}".rstrip("0").rstrip(".")
    headline = MathTex(
        rf"\text{{accuracy}} = {percent}\%\quad ({right} / {count})", color=theme.boundary
    ).scale(0.7)
    colors = theme.class_colors_for(len(total))
    counts = VGroup(
        *[
            MathTex(rf"y={k}:\ {int(c)} / {int(t)}", color=colors[k]).scale(0.55)
            for k, (c, t) in enumerate(zip(correct, total, strict=True))
        ]
    ).arrange(RIGHT, buff=0.35)
    return VGroup(headline, counts).arrange(DOWN, buff=0.12)


def region_mobjects(
    regions: ClassRegions, view: PlaneView, theme: Theme, dimension: int
) -> tuple[VGroup, VGroup]:
    """The filled regions (faint, in the class colours) and the tie lines (in the decision's
    colour), in scene coordinates for ``view``."""
    colors = theme.class_colors_for(len(regions.polygons))
    fills = VGroup()
    for k, polygons in enumerate(regions.polygons):
        for polygon in polygons:
            corners = view.to_scene(polygon)
            if dimension == 1:
                # an interval of the line, as a band as tall as the strip of points
                height = 2 * (STRIP_HALF_HEIGHT + 0.12)
                left, right = corners[0], corners[-1]
                band = Rectangle(
                    width=max(float(right[0] - left[0]), 1e-3),
                    height=height,
                    stroke_width=0,
                    fill_color=colors[k],
                    fill_opacity=REGION_FILL_OPACITY,
                ).move_to((left + right) / 2)
                fills.add(band)
            else:
                fills.add(
                    Polygon(
                        *corners,
                        stroke_width=0,
                        fill_color=colors[k],
                        fill_opacity=REGION_FILL_OPACITY,
                    )
                )
    ties = VGroup()
    for segment in regions.ties:
        a, b = view.to_scene(segment)
        if dimension == 1:
            half = STRIP_HALF_HEIGHT + 0.2
            ties.add(
                DashedLine(a + half * DOWN, a + half * UP, color=theme.boundary, stroke_width=4)
            )
        else:
            ties.add(Line(a, b, color=theme.boundary, stroke_width=3.5))
    return fills, ties


def section_camera_angles(normal: np.ndarray) -> dict[str, float]:
    """Manim's camera angles (``phi`` from the z-axis, ``theta`` around it) looking straight
    along ``normal``: the regions of a 3-D space, seen across their section plane."""
    normal = np.asarray(normal, dtype=np.float64)
    normal = normal / np.linalg.norm(normal)
    if normal[2] < 0:
        normal = -normal
    phi = float(np.arccos(np.clip(normal[2], -1.0, 1.0)))
    if np.hypot(normal[0], normal[1]) < 1e-9:
        return {"phi": 0.0, "theta": -np.pi / 2}
    return {"phi": phi, "theta": float(np.arctan2(normal[1], normal[0]))}


def drawn_inside(pose, view: PlaneView, box: tuple[float, float, float, float]) -> np.ndarray:
    """The half-spaces ``(4, 4)`` (rows ``n, offset``: ``n · p + offset >= 0``) of hidden points
    ``p`` that Manim's camera in ``pose`` draws through ``view`` inside the screen rectangle
    ``box`` (x_min, x_max, y_min, y_max). Exact in perspective: the points drawn left of a screen
    line are a half-space bounded by the plane through the eye and that line."""
    from scenes.kit.space_camera import FOCAL_DISTANCE as focal

    rotation = pose.rotation()
    centre, unit = np.asarray(view.center, dtype=np.float64), float(view.unit)
    rows = []
    # screen x = focal * cx / (focal - cz) >= edge  <=>  focal * cx + edge * cz - edge * focal >= 0
    for axis, low, high in ((0, box[0], box[1]), (1, box[2], box[3])):
        for edge, sign in ((low, 1.0), (high, -1.0)):
            across = sign * (focal * rotation[axis] + edge * rotation[2])
            rows.append([*(unit * across), across @ centre - sign * edge * focal])
    return np.array(rows)


def middle(points: np.ndarray) -> np.ndarray:
    """The middle of the box around ``points (n, 3)``."""
    return (points.min(axis=0) + points.max(axis=0)) / 2


def _turn_z_to(direction: np.ndarray) -> np.ndarray:
    """The rotation ``(3, 3)`` taking the z-axis to the unit vector along ``direction``."""
    target = np.asarray(direction, dtype=np.float64)
    target = target / np.linalg.norm(target)
    z = np.array([0.0, 0.0, 1.0])
    axis = np.cross(z, target)
    sine, cosine = np.linalg.norm(axis), float(z @ target)
    if sine < 1e-12:
        return np.eye(3) if cosine > 0 else np.diag([1.0, -1.0, -1.0])
    k = axis / sine
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + sine * cross + (1 - cosine) * cross @ cross


# While the points slide along the section plane's normal the camera looks at least
# KEEP_AWAY from that normal (the slide is seen across), but within this of it (the plane still
# reads as a plane); the regions are then read face-on
SLIDE_VIEW_MAX = np.radians(70.0)


class ClassRegionsStory:
    """What a K-class network's story adds to a layer story (``NetworkStory`` mixes it in): the
    output layer is not a move of its own; its K scores become the regions where each wins."""

    @property
    def class_count(self) -> int:
        return self.trained.network.architecture.output_size

    @property
    def is_k_class(self) -> bool:
        return self.class_count > 1

    def story_steps(self, points: np.ndarray, grid: np.ndarray) -> list:
        # the steps see a wide last hidden layer through its main axes, where the sheet of
        # points shows its width; the picture turns onto the score axes for the regions
        return hidden_steps(self.trained.network, points, grid, score_axes=False)

    def point_colors(self) -> tuple[str, ...] | None:
        return self.theme.class_colors_for(self.class_count) if self.is_k_class else None

    def make_legend(self) -> VGroup:
        if not self.is_k_class:
            return super().make_legend()
        return class_legend(self.theme, classes=self.class_count).to_corner(
            RIGHT + DOWN, buff=CORNER_BUFF
        )

    def slide_onto_section(self, figure: PlaneFigure, state, plane: np.ndarray):
        """Slide every point (and the grid) along the normal of the section plane onto it, seen
        across the slide (:meth:`pose_across`), then turn to look straight along that normal:
        the scores' differences do not change that way, so no point's winning class does.
        Returns the flattened state."""
        from scenes.kit.space_camera import fit_frame

        centre, axes = plane[0], plane[1:]
        normal = np.cross(axes[0], axes[1])

        def flatten(values: np.ndarray) -> np.ndarray:
            return values - ((values - centre) @ normal)[..., None] * normal

        flat = PlaneState(flatten(state.points), flatten(state.grid), None, 3, state.projected_from)
        layer = self.trained.network.layer_count - 1
        across = self.pose_across(normal, [state, flat])
        across_view = fit_frame(across, [state, flat], self.space_framing()).view()
        self.narrate(narration.slide_to_section_sentence(state.projected_from))
        self.next_pose = across
        self.move_camera(figure, across_view, layer)
        self.play(figure.move_to_state(flat, across_view, run_time=2.5))
        self.turn_face_on(figure, flat, normal)
        self.wait(1.5)
        return flat

    def pose_across(self, normal: np.ndarray, states: list[PlaneState]):
        """The pose from which points moving along ``normal`` are seen moving across the line
        of sight (logged in ``slide_poses`` with the normal, for the tests)."""
        from scenes.kit.space_camera import KEEP_AWAY, choose_pose

        pose = choose_pose(
            states,
            [(normal, KEEP_AWAY)],
            self.current_pose(),
            within=[(normal, SLIDE_VIEW_MAX)],
            room=self.space_framing().room,
        )
        self.slide_poses = [*getattr(self, "slide_poses", []), (pose, np.asarray(normal))]
        return pose

    def turn_face_on(self, figure: PlaneFigure, state: PlaneState, normal: np.ndarray) -> None:
        """Turn (points still) to look straight along ``normal``, the regions' plane face-on."""
        from scenes.kit.space_camera import Pose

        angles = section_camera_angles(normal)
        self.next_pose = Pose(angles["phi"], angles["theta"])
        view = self.regions_view(state, self.next_pose)
        self.move_camera(figure, view, self.trained.network.layer_count - 1)

    def turn_onto_score_axes(self, figure: PlaneFigure, state: PlaneState) -> PlaneState:
        """A wide last hidden layer, seen so far through its main axes, turned onto the axes in
        which the scores differ (:func:`scenes.kit.classes.score_projection`), where the
        regions drawn next are exact. Where the scores differ across a plane, every point drops
        onto it on the way, seen across the drop, and the camera then turns to look straight
        across the plane: along the third axis the points stretch into a long needle that says
        nothing about the classes."""
        from scenes.kit.space_camera import SpaceFrame, fit_frame, held_inside

        network = self.trained.network
        points = self.trained.data.points[self.shown]
        target = hidden_steps(network, points, self.grid)[-1].end
        weight, bias = drawn_scores(network, points, target)
        regions = class_regions(weight, bias, target)
        start_pose = end_pose = self.current_pose()
        flattened = regions.plane is not None and regions.exact
        normal = None
        if flattened:
            centre, normal = regions.plane[0], np.cross(*regions.plane[1:])

            def flatten(values: np.ndarray) -> np.ndarray:
                return values - ((values - centre) @ normal)[..., None] * normal

            unflat = target
            target = PlaneState(
                flatten(target.points), flatten(target.grid), None, 3, target.projected_from
            )
            end_pose = self.pose_across(normal, [unflat, target])
        framing = self.space_framing()
        end_view = fit_frame(end_pose, [target], framing).view()
        # each frame described around the middle of the points it shows: the camera's centre
        # travels with the points (the turned points can lie far from where they started)
        start = SpaceFrame.of(start_pose, figure.view, middle(state.points))
        end = SpaceFrame.of(end_pose, end_view, middle(target.points))

        self.score_axes_turn = (start, end, state, target)  # for the tests

        def turn(_group, alpha: float) -> None:
            moved = target if alpha >= 1 else mix_states(state, target, alpha)
            frame = (
                end if alpha >= 1 else held_inside(start.toward(end, alpha), moved.points, framing)
            )
            self.set_pose(frame.pose)
            figure.set_view(frame.view())
            figure.set_state(moved)

        self.narrate(narration.score_axes_sentence(state.projected_from, flattened=flattened))
        began = self.time
        # slow enough that the picture moves under most of the sentence
        self.play(InPlace(figure.group, turn, run_time=6.0, rate_func=rate_functions.smooth))
        if flattened:
            self.turn_face_on(figure, target, normal)
        self.score_axes_motion = (began, self.time)
        self.wait(1)
        self.slid_onto_section = flattened
        return figure.state

    def class_readout(self) -> VGroup:
        """The accuracy and each class's count, at the bottom (made once: the regions picture is
        framed above it before it is shown)."""
        readout = getattr(self, "_class_readout", None)
        if readout is None:
            correct, total = self.trained.class_counts()
            readout = self.backed(class_accuracy_label(correct, total, self.theme))
            self._class_readout = readout.to_edge(DOWN, buff=CORNER_BUFF)
        return readout

    def regions_framing(self):
        """The space's region under the panels, above the readout: where the regions picture
        draws its points and its fills."""
        framing = self.space_framing()
        x0, x1, y0, y1 = framing.region
        floor = float(self.class_readout().get_top()[1])
        return replace(framing, region=(x0, x1, max(y0, floor), y1))

    def regions_view(self, state, pose) -> PlaneView:
        """A 3-D view in ``pose`` of the points of ``state``, as large as the regions' framing
        holds them (the regions drawn then are cut to it)."""
        from scenes.kit.space_camera import fit_frame

        return fit_frame(pose, [state], self.regions_framing()).view()

    def regions_inside_frame(self, weight, bias, state, view: PlaneView) -> ClassRegions:
        """The regions of ``state`` as the camera draws them through ``view``: in space, cut to
        the regions' framing, so no fill runs past the frame, under a panel or the readout."""
        if state.dimension != 3:
            return class_regions(weight, bias, state)
        keep = drawn_inside(self.current_pose(), view, self.regions_framing().region)
        return class_regions(weight, bias, state, keep=keep)

    def show_class_regions(self, figure: PlaneFigure) -> tuple[VGroup, VGroup]:
        """The K regions in the last hidden space, their ties, the wrong points ringed and the
        readout: in that order, each with its sentence."""
        trained = self.trained
        network = trained.network
        carried = getattr(self, "regions_group", None)
        if carried is not None and getattr(self, "region_states", None):
            # the input plane's colours have come through the layers; the class regions drawn
            # next say the same in the last hidden space, exactly, so they take over
            carried.clear_updaters()
            self.play(FadeOut(carried), run_time=0.8)
            # out of the figure too: a FadeOut restores its mobject, which the figure would
            # then draw on, a stale lattice over the whole frame
            figure.group.remove(carried)
            self.remove(carried)
        # the regions fill the middle of the frame, where a hidden layer's matrices would sit
        # over them: the formula still names the network, the diagram lights the score layer
        self.hide_layer_matrices()
        state = figure.state
        if state.projected_from:
            state = self.turn_onto_score_axes(figure, state)
        weight, bias = drawn_scores(network, trained.data.points[self.shown], state)
        regions = self.class_regions = class_regions(weight, bias, state)
        dimension = state.dimension
        self.narrate(
            narration.class_scores_sentence(
                self.class_count, network.layer_count - 1, dimension=dimension
            )
        )
        diagram = getattr(self, "diagram", None)
        if diagram is not None:
            self.play(diagram.highlight_layer(network.layer_count))
        self.wait(3)
        if getattr(self, "slid_onto_section", False):
            pass  # on the section plane already, seen across it
        elif dimension == 3 and regions.plane is not None and regions.exact:
            state = self.slide_onto_section(figure, state, regions.plane)
        elif dimension == 3:
            view = self.regions_view(state, self.current_pose())
            self.move_camera(figure, view, network.layer_count - 1)
        else:
            # close in on the last hidden space: the regions live among the points
            self.move_camera(figure, self.fit([state]), network.layer_count - 1)
        regions = self.drawn_regions = self.regions_inside_frame(weight, bias, state, figure.view)
        fills, ties = region_mobjects(regions, figure.view, self.theme, dimension)
        # narrated first: the sentence before may still hold the picture for its reader, and
        # the regions must not stand there before they fade in
        self.narrate(
            narration.class_regions_sentence(
                self.class_count,
                self.theme.class_names,
                dimension=dimension,
                exact=regions.exact,
            )
        )
        # under the points: just above the grid in the figure's group
        figure.group.insert(3, fills)
        # the hidden grid has done its work: quiet, so the regions and their ties read
        self.play(
            FadeIn(fills),
            figure.grid_lines.animate.set_stroke(opacity=0.15),
            figure.axis_lines.animate.set_stroke(opacity=0.2),
            run_time=1.5,
        )
        self.log_reveal("regions")
        self.play(Create(ties), run_time=1.5)
        self.log_reveal("ties")
        self.wait(4)
        correct, total = trained.class_counts()
        wrong = (trained.predicted != trained.data.labels)[self.shown]
        readout = self.class_readout()
        self.pending_readout = readout
        self.fix_in_frame(readout)
        outlines = RingCloud(
            figure.drawn_points()[wrong], color=self.theme.highlight, radius=self.dot_radius + 0.05
        ).set_stroke(width=3)
        if dimension == 3 and regions.plane is not None:
            # rings drawn in the section plane, so the camera looking across it sees them round
            outlines._template = outlines._template @ _turn_z_to(np.cross(*regions.plane[1:])).T
            outlines.set_centers(figure.drawn_points()[wrong])
        self.wrong_side_outlines = outlines
        self.ringed_points = np.flatnonzero(wrong)
        self.narrate(narration.class_decision_sentence(correct, total))
        self.play(Write(readout), Create(outlines))
        self.pin(readout)
        self.log_reveal("accuracy")
        if diagram is not None:
            self.play(diagram.highlight_layer(None))
        self.wait(2)
        self.measured_accuracy = float(np.sum(correct) / np.sum(total))
        self.decision, self.readout = VGroup(fills, ties, outlines), readout
        return self.decision, self.readout
