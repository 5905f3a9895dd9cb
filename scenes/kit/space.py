"""Stories with a hidden layer of width 3 (or a wider one projected onto 3 axes): the plane is
lifted into space, the camera tilts to follow, and a plane in space separates the classes.
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, FadeIn, FadeOut, Mobject, Polygon, ThreeDScene

from scenes.kit import narration
from scenes.kit.base import SAMPLE_TIMES, LayerStoryScene
from scenes.kit.plane import PlaneFigure, PlaneView
from scenes.kit.stages import PlaneState, Step, plane_section

__all__ = ["SpaceStoryScene", "decision_logit", "view_angles"]

TILTED = {"phi": 62 * DEGREES, "theta": -62 * DEGREES}
FLAT = {"phi": 0.0, "theta": -90 * DEGREES}
# How far the camera leans off the points' own plane: face-on would hide all depth
LEAN = 35 * DEGREES
# The camera's angle from straight down: never so flat that space reads as a plane, never so
# low that up and down swap
PHI_RANGE = (30 * DEGREES, 75 * DEGREES)


def view_angles(points: np.ndarray) -> dict[str, float]:
    """Camera angles (Manim's ``phi`` from the z-axis, ``theta`` around it) that look at the
    spread of ``points (n, 3)``: along the normal of the plane they lie closest to, leaning
    ``LEAN`` along their second axis so the sheet keeps its depth and the first axis runs
    across the screen. The same points always give the same angles."""
    centred = np.asarray(points, dtype=np.float64) - np.mean(points, axis=0)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    if len(singular) < 3 or singular[0] < 1e-12:
        return dict(TILTED)
    normal, second = axes[2], axes[1]
    if normal[2] < 0:
        normal = -normal
    # of the two ways to lean, the one from the -y side, as the catalogue's tilted views: the
    # x-axis then runs left to right on screen
    candidates = [np.cos(LEAN) * normal + sign * np.sin(LEAN) * second for sign in (1.0, -1.0)]
    direction = min(candidates, key=lambda candidate: candidate[1])
    direction /= np.linalg.norm(direction)
    phi = float(np.clip(np.arccos(np.clip(direction[2], -1.0, 1.0)), *PHI_RANGE))
    if np.hypot(direction[0], direction[1]) < 1e-6:
        return {"phi": phi, "theta": TILTED["theta"]}
    return {"phi": phi, "theta": float(np.arctan2(direction[1], direction[0]))}


def decision_logit(output_activation: str, threshold: float) -> float:
    """The last layer's pre-activation where its output equals ``threshold``."""
    if output_activation == "sigmoid":
        return float(np.log(threshold / (1 - threshold)))
    if output_activation == "tanh":
        return float(np.arctanh(threshold))
    if output_activation == "identity":
        return threshold
    raise ValueError(f"no single decision level for a {output_activation} output")


class SpaceStoryScene(LayerStoryScene, ThreeDScene):
    """A layer story in 3-D: tilt into space when a layer lifts the data, show the separating plane
    before the last layer, flatten again for the number line."""

    space_extent: float = 2.6
    """How far, in scene units, the farthest point of a 3-D state may reach from the origin."""
    max_space_unit: float = 2.5
    eye_distance = None

    def setup(self) -> None:
        super().setup()
        self.tilted = False
        self.section: Mobject | None = None

    def fixed_views(self) -> dict[int, PlaneView]:
        """Each step into, within or out of space is framed for space, still: its farthest
        point reaches ``space_extent`` from the origin, seen by the tilted camera. Per step,
        not per layer: a tanh squeezes space into a cube far smaller than the values before it.
        The flat steps around them follow the camera plan."""
        return {
            index: self.space_view([step.at(t) for t in SAMPLE_TIMES])
            for index, step in enumerate(self.steps)
            if 3 in (step.start.dimension, step.end.dimension)
        }

    def space_view(self, states: list[PlaneState]) -> PlaneView:
        """A view in which the farthest point of ``states`` reaches ``space_extent``, with
        the origin in the middle of the plane region."""
        # the farthest point from the origin, not the largest coordinate: the camera turns
        # (and the ambient rotation spins) the points about the origin, so a corner of a cube
        # reaches sqrt(3) times as far on screen as its largest coordinate
        extent = max(max(np.linalg.norm(state.points, axis=1).max() for state in states), 1e-9)
        region = self.plane_region or (0.0, 0.0, 0.0, 0.0)
        middle = ((region[0] + region[1]) / 2, (region[2] + region[3]) / 2, 0.0)
        return PlaneView(unit=min(self.max_space_unit, self.space_extent / extent), center=middle)

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

    def camera_animations(self, step: Step) -> list:
        wanted = step.start.dimension == 3 or step.end.dimension == 3
        if wanted == self.tilted:
            return []
        self.tilted = wanted
        angles = self.space_angles(step) if wanted else FLAT
        animations = [
            self.camera.phi_tracker.animate(run_time=self.step_seconds).set_value(angles["phi"]),
            self.camera.theta_tracker.animate(run_time=self.step_seconds).set_value(
                angles["theta"]
            ),
        ]
        if not wanted and self.section is not None:
            animations.append(FadeOut(self.section, run_time=self.step_seconds / 2))
        return animations

    def space_angles(self, step: Step) -> dict[str, float]:
        """The camera for the 3-D part that ``step`` begins: looking at the spread of the points
        over every 3-D state of its layer."""
        states = [
            state
            for other in self.steps
            if other.layer == step.layer
            for state in (other.start, other.end)
            if state.dimension == 3
        ]
        return view_angles(np.vstack([state.points for state in states]))

    def before_step(self, step: Step, figure: PlaneFigure) -> None:
        last_layer = self.trained.network.layer_count
        if step.layer == last_layer and step.kind == "linear" and step.start.dimension == 3:
            self.show_separating_plane(step, figure)

    def show_separating_plane(self, step: Step, figure: PlaneFigure) -> None:
        """The plane ``w · h + b = z*`` of the last layer, cut to the box around the points."""
        network = self.trained.network
        if step.start.projected_from:
            return  # a plane in the projection would not be the real boundary
        weights, bias = network.weights[-1][0], network.biases[-1][0]
        level = decision_logit(network.architecture.activations[-1], self.trained.threshold)
        # close in on the hidden space first: the plane lives among the points, not the map's reach
        self.move_camera(figure, self.space_view([step.start]), step.layer)
        points = step.start.points
        margin = 0.15 * (points.max(axis=0) - points.min(axis=0)) + 0.1
        corners = plane_section(
            weights, level - bias, points.min(axis=0) - margin, points.max(axis=0) + margin
        )
        if len(corners) < 3:
            return
        self.section = Polygon(
            *figure.view.to_scene(corners),
            stroke_color=self.theme.boundary,
            stroke_width=2,
            fill_color=self.theme.boundary,
            fill_opacity=0.28,
        )
        self.view_at_section = figure.view

        def follow_the_view(section: Polygon) -> None:
            # the plane belongs to the hidden space: it zooms with the points when the camera does
            self.view_at_section = figure.view
            drawn = figure.view.to_scene(corners)
            section.set_points_as_corners([*drawn, drawn[0]])

        self.section.add_updater(follow_the_view)
        self.narrate(narration.boundary_plane_sentence(weights, level - bias))
        self.play(FadeIn(self.section))
        self.begin_ambient_camera_rotation(rate=0.35)
        self.wait(4)
        self.stop_ambient_camera_rotation()
        self.slide_break()
