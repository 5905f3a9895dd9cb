"""The input plane and everything that moves with it: grid, basis vectors, data points, legend.

Positions arrive as :class:`scenes.kit.stages.PlaneState` (plane coordinates from nn_core's trace);
:class:`PlaneView` maps them to scene coordinates, and :class:`PlaneFigure` moves every piece to a
state in one animation. Data points are a :class:`DotCloud`: one VMobject per class holding every
dot as a sub-path, so thousands of points cost about as much as a few.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    OUT,
    PI,
    RIGHT,
    UP,
    Animation,
    Arrow,
    CapStyleType,
    Circle,
    Indicate,
    MathTex,
    Mobject,
    RoundedRectangle,
    Succession,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
    rate_functions,
)
from manim.utils.space_ops import angle_between_vectors, normalize, rotation_matrix

from scenes.kit.matrices import format_number
from scenes.kit.stages import PlaneState, Step, mix_states
from scenes.kit.theme import Theme

__all__ = [
    "DotCloud",
    "FlatBounds",
    "InPlace",
    "GridLines",
    "PlaneFigure",
    "PlaneView",
    "RingCloud",
    "arrow_presence",
    "background_plane",
    "basis_landing",
    "clip_to_box",
    "class_legend",
    "fit_view",
    "legible_dot_radius",
    "place_arrow",
]


@dataclass(frozen=True)
class PlaneView:
    """Plane coordinates to scene coordinates: ``scene = center + unit * coords``."""

    unit: float = 1.0
    center: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def to_scene(self, coords: np.ndarray) -> np.ndarray:
        return np.asarray(self.center) + self.unit * np.asarray(coords, dtype=np.float64)

    def to_coords(self, points: np.ndarray) -> np.ndarray:
        return (np.asarray(points, dtype=np.float64) - np.asarray(self.center)) / self.unit

    def toward(self, other: PlaneView, alpha: float) -> PlaneView:
        """``alpha`` of the way to ``other``: the zoom is geometric, so it feels even."""
        start = np.asarray(self.center)
        center = start + alpha * (np.asarray(other.center) - start)
        unit = self.unit * (other.unit / self.unit) ** alpha
        return PlaneView(unit=float(unit), center=tuple(float(c) for c in center))


def fit_view(
    states: list[PlaneState],
    *,
    max_unit: float = 1.0,
    half_width: float | None = None,
    half_height: float | None = None,
    center: tuple[float, float, float] = (0.0, 0.0, 0.0),
    region: tuple[float, float, float, float] | None = None,
) -> PlaneView:
    """The largest unit (up to ``max_unit``) that keeps every data point of every state on screen.

    With ``region`` (scene ``x_min, x_max, y_min, y_max``) the points' bounding box is fitted and
    centred in that rectangle instead, so they use the room the overlays leave free; otherwise
    the origin stays at ``center``.
    """
    if region is not None:
        points = np.vstack([s.points for s in states])[:, :2]
        low, high = points.min(axis=0), points.max(axis=0)
        size = np.maximum(high - low, 1e-9)
        unit = min(max_unit, (region[1] - region[0]) / size[0], (region[3] - region[2]) / size[1])
        middle = np.array([(region[0] + region[1]) / 2, (region[2] + region[3]) / 2])
        origin = middle - unit * (low + high) / 2
        return PlaneView(unit=float(unit), center=(float(origin[0]), float(origin[1]), 0.0))
    half_width = (config.frame_width / 2 - 0.4) if half_width is None else half_width
    half_height = (config.frame_height / 2 - 0.4) if half_height is None else half_height
    points = np.vstack([s.points for s in states])
    extent_x = max(np.abs(points[:, 0]).max(), 1e-9)
    extent_y = max(np.abs(points[:, 1]).max(), 1e-9)
    unit = min(max_unit, half_width / extent_x, half_height / extent_y)
    return PlaneView(unit=float(unit), center=center)


class InPlace(UpdateFromAlphaFunc):
    """``UpdateFromAlphaFunc`` without the starting copy: an update function that places
    everything itself never reads it, and copying a whole plane (grid, dots, arrows) at the
    start of every step costs more than many frames."""

    def create_starting_mobject(self) -> Mobject:
        return Mobject()


# A dot's radius at most this share of the distance between the two closest points of its
# class, so a gap of half a dot shows between any two: dots drawn wider than their spacing run
# together into a solid line (100 points on a curve at one-layer-transform's scale) ...
DOT_SPACING_SHARE = 1 / 3
# ... and never smaller than this (scene units): 4 px wide in a 720p video, still a dot
SMALLEST_DOT_RADIUS = 0.02


def legible_dot_radius(
    centers: np.ndarray,
    labels: np.ndarray,
    largest: float,
    *,
    smallest: float = SMALLEST_DOT_RADIUS,
) -> float:
    """The radius at which the dots at ``centers (n, 2 or 3)`` (scene coordinates) read as
    points: ``largest``, or less where two points of one class lie closer together than three
    times that (:data:`DOT_SPACING_SHARE`); at least ``smallest`` (or ``largest``, if that is
    smaller)."""
    from scipy.spatial import cKDTree

    centers = np.asarray(centers, dtype=np.float64)[:, :2]
    labels = np.asarray(labels).reshape(-1)
    radius = largest
    for label in np.unique(labels):
        members = centers[labels == label]
        if len(members) < 2:
            continue
        nearest, _ = cKDTree(members).query(members, k=2)
        radius = min(radius, DOT_SPACING_SHARE * float(nearest[:, 1].min()))
    return float(max(radius, min(smallest, largest)))


# Manim's Cairo camera draws a stroke of width w as w * 0.01 scene units wide
_CAIRO_WIDTH_PER_STROKE_UNIT = 0.01


class DotCloud(VMobject):
    """Many dots of one colour as one VMobject: ``centers (n, 3)`` in scene coordinates.

    Each dot is a tiny segment stroked with a round cap as wide as the dot: one curve per dot
    for Cairo to trace instead of the several a filled circle needs.
    """

    def __init__(self, centers: np.ndarray, *, color: str, radius: float = 0.06, **kwargs) -> None:
        super().__init__(
            stroke_color=color,
            stroke_width=2 * radius / _CAIRO_WIDTH_PER_STROKE_UNIT,
            fill_opacity=0,
            cap_style=CapStyleType.ROUND,
            **kwargs,
        )
        self._template = np.array([[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0]]) * (radius * 1e-3)
        self.set_centers(centers)

    def set_centers(self, centers: np.ndarray) -> DotCloud:
        centers = np.asarray(centers, dtype=np.float64).reshape(-1, 3)
        self._centers = centers.copy()
        self.set_points((centers[:, None, :] + self._template[None, :, :]).reshape(-1, 3))
        return self

    def get_centers(self) -> np.ndarray:
        """Dot centres in scene coordinates, ``(n, 3)``, read back from the drawn points."""
        per_dot = len(self._template)
        if len(self.points) == 0:
            return np.zeros((0, 3))
        drawn = self.points.reshape(-1, per_dot, 3)
        return drawn.mean(axis=1) - self._template.mean(axis=0)


class RingCloud(VMobject):
    """Rings of one colour around ``centers (n, 3)`` (scene coordinates), as one VMobject: the
    outline that marks points, such as those on the wrong side of a boundary."""

    def __init__(self, centers: np.ndarray, *, color: str, radius: float = 0.09, **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=1.6, fill_opacity=0, **kwargs)
        self._template = Circle(radius=radius).points.copy()
        self.set_centers(centers)

    def set_centers(self, centers: np.ndarray) -> RingCloud:
        centers = np.asarray(centers, dtype=np.float64).reshape(-1, 3)
        self.set_points((centers[:, None, :] + self._template[None, :, :]).reshape(-1, 3))
        return self


def clip_to_box(
    start: np.ndarray, end: np.ndarray, box: tuple[float, float, float, float]
) -> tuple[np.ndarray, bool]:
    """Where the segment from ``start`` (inside ``box``: x_min, x_max, y_min, y_max) towards
    ``end`` leaves the box, and whether it does; ``end`` itself when it stays inside."""
    direction = np.asarray(end, dtype=np.float64) - start
    reach = 1.0
    for axis, (low, high) in enumerate((box[:2], box[2:])):
        if direction[axis] > 1e-12:
            reach = min(reach, (high - start[axis]) / direction[axis])
        elif direction[axis] < -1e-12:
            reach = min(reach, (low - start[axis]) / direction[axis])
    reach = max(reach, 0.0)
    return start + reach * direction, reach < 1.0


@dataclass(frozen=True)
class FlatBounds:
    """Where a flat scene's basis arrows are cut: at ``box`` (scene x_min, x_max, y_min, y_max),
    the screen being the scene's own x, y."""

    box: tuple[float, float, float, float]

    def clip(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, bool]:
        """The arrow from ``start`` towards ``end`` cut where it leaves the box, and whether it
        is (an arrow starting outside the box is drawn whole)."""
        if not _inside(start, self.box):
            return end, False
        return clip_to_box(start, end, self.box)

    def presence(self, start: np.ndarray) -> float:
        """How visible arrows from ``start`` are (here always: the box is the frame)."""
        return 1.0

    def across(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """A unit vector (scene) drawn across the arrow from ``start`` to ``end``."""
        along = (end - start) / np.linalg.norm(end - start)
        return np.array([-along[1], along[0], 0.0])


def _turn(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The rotation matrix about OUT that turns the direction ``old`` to ``new`` (both in the
    plane z = 0)."""
    angle = np.arctan2(new[1], new[0]) - np.arctan2(old[1], old[0])
    cos, sin = np.cos(angle), np.sin(angle)
    return np.array([[cos, -sin, 0.0], [sin, cos, 0.0], [0.0, 0.0, 1.0]])


# Off the plane, below this sine of an arrow's angle to the z axis (or of a turn near a half
# turn) Manim's tip roll is set by rounding: only Manim's own steps give its numbers there
WELL_TURNED = 1e-3
# the arrows that have once been placed where that is so: Manim places them from then on
MANIM_PLACED: weakref.WeakSet = weakref.WeakSet()


def _turn_in_space(
    arrow: Arrow, tip_vector: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray | None:
    """The rotation Manim's ``put_start_and_end_on`` gives an arrow's tip off the plane: first
    about OUT, as ``position_tip`` turns it to the shaft's azimuth (the roll that depends on the
    arrow's history), then the shortest turn from the arrow's direction to the new one, about
    their cross product. ``tip_vector`` is the tip's, from its base to its point. None where
    either is ill-conditioned (``WELL_TURNED``)."""
    current = arrow.tip.tip_point - arrow.points[0]
    target = end - start
    lengths = np.linalg.norm(current) * np.linalg.norm(target)
    cross = np.cross(current, target)
    if (
        np.hypot(*current[:2]) <= WELL_TURNED * np.linalg.norm(current)
        or np.hypot(*target[:2]) <= WELL_TURNED * np.linalg.norm(target)
        or (current @ target < 0 and np.linalg.norm(cross) <= WELL_TURNED * lengths)
    ):
        return None
    azimuth = np.arctan2(-current[1], -current[0])  # of the shaft's last handle from its end
    tip_angle = np.angle(complex(*tip_vector[:2]))  # ArrowTip.tip_angle
    roll = rotation_matrix(azimuth - PI - tip_angle, OUT)
    axis = normalize(cross) if np.linalg.norm(cross) != 0 else OUT
    return rotation_matrix(angle_between_vectors(current, target), axis) @ roll


def place_arrow(arrow: Arrow, start: np.ndarray, end: np.ndarray) -> None:
    """``arrow.put_start_and_end_on(start, end)``, computed directly: the tip turned and moved to
    ``end``, the shaft straight from ``start`` to the tip's base, the shaft's width from its
    length, as Manim leaves them (to 1e-9), in a fraction of the time of Manim's own steps
    (scale, pop and re-add the tip, rotate), which place the basis arrows in every frame of a
    map. In the plane z = 0 the tip turns about OUT; off it, as Manim turns it
    (``_turn_in_space``), and where that is ill-conditioned Manim places it, from then on."""
    start, end = np.asarray(start, dtype=np.float64), np.asarray(end, dtype=np.float64)
    tip = arrow.tip
    off_plane = start[2] or end[2] or np.any(tip.points[:, 2]) or np.any(arrow.points[:, 2])
    turn = None
    if not (off_plane and arrow in MANIM_PLACED):
        old_tip, old_base = tip.tip_point, tip.base
        if off_plane:
            turn = _turn_in_space(arrow, old_tip - old_base, start, end)
        else:
            turn = _turn(old_tip - old_base, end - start)
    if turn is None:
        # from then on Manim's roll is its rounding's, which only its own steps reproduce
        MANIM_PLACED.add(arrow)
        arrow.put_start_and_end_on(start, end)
        return
    tip.points = (tip.points - old_tip) @ turn.T + end
    # the tip moves rigidly: its base with it (ArrowTip.base measures half its outline again)
    base = (old_base - old_tip) @ turn.T + end
    arrow.points = start + np.array([0.0, 1 / 3, 2 / 3, 1.0])[:, None] * (base - start)
    shaft = float(np.linalg.norm(base - start))
    width = min(arrow.initial_stroke_width, arrow.max_stroke_width_to_length_ratio * shaft)
    arrow.set_stroke(width=width, family=False)


# Below this length (scene units) an arrow is a stray tip, not a vector: it fades out over the
# range, so a basis vector that a map sends to (almost) zero vanishes instead
ARROW_FADE_LENGTHS = (0.06, 0.3)


def arrow_presence(length: float) -> float:
    """How visible (0 to 1) a basis arrow of ``length`` scene units is drawn."""
    low, high = ARROW_FADE_LENGTHS
    return float(np.clip((length - low) / (high - low), 0.0, 1.0))


def basis_landing(
    view: PlaneView,
    values: np.ndarray,
    theme: Theme,
    *,
    lane_heights: tuple[float, ...] = (0.65, 1.05),
    frame_box: tuple[float, float, float, float] | None = None,
) -> VGroup:
    """Where î and ĵ landed on the number line, readable: each as an arrow from 0 to its value
    ``values[n]`` (the 1xN map's column n), in its own lane ``lane_heights[n]`` scene units
    above the line (clear of the points' strip), its value written at its tip.

    Returns one ``VGroup(arrow, label)`` per basis vector; an arrow too short to be one is
    invisible and its label sits at 0.
    """
    names = (r"\hat{\imath}", r"\hat{\jmath}", r"\hat{k}")
    landing = VGroup()
    for n, value in enumerate(np.ravel(values)):
        lift = lane_heights[n] * UP
        start = view.to_scene(np.zeros(3)) + lift
        end = view.to_scene(np.array([value, 0.0, 0.0])) + lift
        if frame_box is not None:
            end, _ = clip_to_box(start, end, frame_box)
        length = float(np.linalg.norm(end - start))
        arrow = Arrow(
            start,
            end if length > 1e-6 else start + 1e-6 * RIGHT,
            buff=0,
            color=theme.basis_colors[n],
            stroke_width=5,
            max_tip_length_to_length_ratio=0.3,
        )
        arrow.set_opacity(arrow_presence(length))
        label = MathTex(
            rf"{names[n]} \mapsto {format_number(float(value))}", color=theme.basis_colors[n]
        ).scale(0.6)
        side = RIGHT if value >= 0 else LEFT
        label.next_to(end, side, buff=0.12)
        if frame_box is not None and not (
            frame_box[0] <= label.get_left()[0] and label.get_right()[0] <= frame_box[1]
        ):
            # past the frame's edge: inside, before the tip
            label.next_to(end, -side, buff=0.12).shift(0.3 * UP)
        landing.add(VGroup(arrow, label))
    return landing


class GridLines(VMobject):
    """Polylines through ``samples (lines, k, 3)`` scene points, all in one VMobject.

    A sample that lies on the straight segment between its neighbours is left out: a line that
    a linear map, a bias or ReLU moved is drawn with its few corners (two points when straight)
    instead of every sample, which is the same picture for a fraction of Cairo's work.
    """

    def __init__(self, samples: np.ndarray, **kwargs) -> None:
        super().__init__(fill_opacity=0, **kwargs)
        self.set_samples(samples)

    def set_samples(self, samples: np.ndarray) -> GridLines:
        samples = np.asarray(samples, dtype=np.float64)
        if samples.size == 0:
            self.set_points(np.zeros((0, 3)))
            return self
        keep = np.ones(samples.shape[:2], dtype=bool)
        if samples.shape[1] > 2:
            before = samples[:, 1:-1] - samples[:, :-2]
            after = samples[:, 2:] - samples[:, 1:-1]
            cross = np.linalg.norm(np.cross(before, after), axis=-1)
            lengths = np.linalg.norm(before, axis=-1) * np.linalg.norm(after, axis=-1)
            forward = np.einsum("...i,...i->...", before, after) > 0
            # on the segment, going on the same way (a line folded back on itself keeps its turn)
            keep[:, 1:-1] = ~(forward & (cross <= 1e-9 * lengths))
        kept = samples[keep]
        line = np.nonzero(keep)[0]
        joined = line[:-1] == line[1:]
        starts, ends = kept[:-1][joined], kept[1:][joined]
        thirds = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
        curves = starts[:, None, :] + thirds * (ends - starts)[:, None, :]
        self.set_points(curves.reshape(-1, 3))
        return self


def class_legend(theme: Theme, radius: float = 0.09, classes: int = 2) -> VGroup:
    """The boxed legend 'yellow y = 0, blue y = 1' (and on to ``y = K-1`` for ``classes`` K),
    meant for the lower-right corner."""
    rows = VGroup()
    for label, color in enumerate(theme.class_colors_for(classes)):
        dot = Circle(radius=radius, fill_color=color, fill_opacity=1, stroke_width=0)
        text = MathTex(f"y = {label}", color=theme.text).scale(0.6)
        rows.add(VGroup(dot, text).arrange(RIGHT, buff=0.18))
    if classes <= 2:
        # side by side: low enough in its corner to stay below the region the points use
        rows.arrange(RIGHT, buff=0.35)
    else:
        # a legend of more classes packs its rows closer, so six still fit the corner
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
    box = RoundedRectangle(
        corner_radius=0.1,
        width=rows.width + 0.4,
        height=rows.height + 0.3,
        stroke_color=theme.muted_text,
        stroke_width=1,
        fill_color=theme.background,
        # opaque: no grid line or boundary shows through between the rows
        fill_opacity=1.0,
    ).move_to(rows)
    return VGroup(box, rows)


class PlaneFigure:
    """Grid, axes, basis arrows and data points that move together from one state to the next.

    Not a Mobject itself: it owns the mobjects (``self.group``) and builds the animations, and the
    scene decides when to add and play them. ``labels (n,)`` colour the points by class, or by
    ``point_colors[label]`` when given.
    """

    def __init__(
        self,
        state: PlaneState,
        labels: np.ndarray,
        view: PlaneView,
        theme: Theme,
        *,
        axis_line_indices: tuple[int, ...] = (),
        dot_radius: float = 0.05,
        smallest_unit: float | None = None,
        point_colors: tuple[str, ...] | None = None,
        eye_distance: float | None = None,
        strip_offsets: np.ndarray | None = None,
        frame_box: tuple[float, float, float, float] | None = None,
    ) -> None:
        self.view = view
        self.strip_offsets = (
            np.zeros(len(np.ravel(labels))) if strip_offsets is None else np.asarray(strip_offsets)
        )
        """Per point, how far (scene units) it is drawn above or below the number line once
        the points spread there (``spread_on_line``): a strip plot, so overlap shows."""
        self.strip_amount = 0.0
        self.arrow_bounds = None if frame_box is None else FlatBounds(frame_box)
        """Where the basis arrows are cut, with a mark where they are: a :class:`FlatBounds`, or
        in 3-D the screen's box through the camera (``space_camera.SeenBounds``), which the
        scene sets as its camera turns; ``None``: arrows drawn whole."""
        self.eye_distance = eye_distance
        """In a flat scene, how far (scene units) the eye is from the screen: a plane turning
        through space (a flip) is drawn in perspective, its near side larger. ``None``: a 3-D
        camera draws depth itself."""
        self.theme = theme
        self.labels = np.asarray(labels).reshape(-1)
        self.state = state
        self.axis_line_indices = axis_line_indices
        self.grid_lines = GridLines(
            self._grid_samples(state, axes=False), stroke_color=theme.grid, stroke_width=1.2
        )
        self.axis_lines = GridLines(
            self._grid_samples(state, axes=True), stroke_color=theme.axis, stroke_width=2.0
        )
        self.dots = [
            DotCloud(
                self._to_screen(state.points[self.labels == label]),
                color=color,
                radius=dot_radius,
            )
            for label, color in enumerate(point_colors or theme.class_colors)
        ]
        self.basis = VGroup(
            *[
                Arrow(
                    np.zeros(3),
                    direction,
                    buff=0,
                    color=theme.basis_colors[i],
                    stroke_width=5,
                    max_tip_length_to_length_ratio=0.3,
                )
                for i, direction in enumerate((RIGHT, UP, OUT))
            ]
        )
        # two short strokes across an arrow cut at the frame's edge: it goes on beyond
        self.clip_marks = VGroup(
            *[
                VGroup(
                    *[VMobject(stroke_color=theme.basis_colors[i], stroke_width=4) for _ in "//"]
                )
                for i in range(3)
            ]
        )
        self._clipped = [False, False, False]
        self._presence = [1.0, 1.0, 1.0]
        """Per arrow, how visible its length lets it be (:func:`arrow_presence`)."""
        self._arrows_in_use = 2
        self._basis_opacity = 0.0
        if state.basis is not None:
            self._place_basis(state.basis)
            self.set_basis_opacity(1.0)
        else:
            self.set_basis_opacity(0.0)
        self.background = background_plane(view, theme, smallest_unit=smallest_unit)
        self._background_unit = view.unit
        # The current space's own axes (h1 = 0, h2 = 0), which stay put while the grid moves
        self.space_axes = GridLines(
            np.zeros((0, 2, 3)), stroke_color=theme.axis, stroke_width=3.0, stroke_opacity=0.0
        )
        self.space_axis_labels = VGroup()
        self._space_axes_region: tuple[float, float, float, float] | None = None
        # The background belongs to the group so that zooms, which rescale it, are redrawn
        self.group = VGroup(
            self.background,
            self.grid_lines,
            self.axis_lines,
            self.space_axes,
            *self.dots,
            self.basis,
            self.clip_marks,
            self.space_axis_labels,
        )

    # --- state -----------------------------------------------------------------------------------

    def _grid_samples(self, state: PlaneState, *, axes: bool) -> np.ndarray:
        chosen = [i for i in range(len(state.grid)) if (i in self.axis_line_indices) == axes]
        if not chosen:
            return np.zeros((0, 2, 3))
        return self._to_screen(state.grid[chosen])

    def _to_screen(self, coords: np.ndarray) -> np.ndarray:
        scene = self.view.to_scene(coords)
        if self.eye_distance is None:
            return scene
        center = np.asarray(self.view.center)
        depth = scene[..., 2] - center[2]
        if not np.any(depth):
            return scene
        # the eye is never reached: a flip's depth is at most the plane's own radius
        factor = self.eye_distance / np.maximum(self.eye_distance - depth, 1e-3)
        drawn = center + (scene - center) * factor[..., None]
        drawn[..., 2] = center[2]
        return drawn

    def _place_basis(self, basis: np.ndarray) -> None:
        origin, *tips = self._to_screen(basis)
        if len(tips) != self._arrows_in_use:
            self._arrows_in_use = len(tips)
            self.set_basis_opacity(self._basis_opacity)
        for index, (arrow, tip) in enumerate(zip(self.basis, tips, strict=False)):
            if np.linalg.norm(tip - origin) < 1e-6:
                tip = origin + 1e-6 * RIGHT
            clipped = False
            if self.arrow_bounds is not None:
                tip, clipped = self.arrow_bounds.clip(origin, tip)
            place_arrow(arrow, origin, tip)
            presence = arrow_presence(float(np.linalg.norm(tip - origin)))
            if self.arrow_bounds is not None:
                presence *= self.arrow_bounds.presence(origin)
            if presence != self._presence[index]:
                self._presence[index] = presence
                self.set_basis_opacity(self._basis_opacity)
            if clipped != self._clipped[index]:
                self._clipped[index] = clipped
                self.set_basis_opacity(self._basis_opacity)
            if clipped:
                self._place_clip_mark(self.clip_marks[index], origin, tip)

    def _place_clip_mark(self, mark: VGroup, origin: np.ndarray, tip: np.ndarray) -> None:
        along = (tip - origin) / np.linalg.norm(tip - origin)
        slant = 0.14 * (self.arrow_bounds.across(origin, tip) + 0.5 * along)
        for count, stroke in enumerate(mark):
            middle = tip - (0.45 + 0.12 * count) * along
            stroke.set_points_as_corners([middle - slant, middle + slant])

    def set_basis_opacity(self, opacity: float) -> None:
        """Show the arrows the current space has (î, ĵ and, in 3-D, k̂) at ``opacity``."""
        self._basis_opacity = opacity
        for index, arrow in enumerate(self.basis):
            in_use = index < self._arrows_in_use
            arrow.set_opacity(opacity * self._presence[index] if in_use else 0.0)
            marked = in_use and self._clipped[index]
            shown = opacity * self._presence[index]
            self.clip_marks[index].set_stroke(opacity=shown if marked else 0.0)

    @property
    def basis_shown(self) -> bool:
        return self._basis_opacity > 0

    def fade_basis(self, opacity: float, **kwargs) -> Animation:
        start = self._basis_opacity

        def update(_group: VGroup, alpha: float) -> None:
            self.set_basis_opacity(start + alpha * (opacity - start))

        return InPlace(self.basis, update, **kwargs)

    def pulse_dots(self, **kwargs) -> Animation:
        """The data points, on screen from the first frame, pulse class after class."""
        return Succession(
            *[
                Indicate(cloud, scale_factor=1.06, color=cloud.get_stroke_color())
                for cloud in self.dots
            ],
            **kwargs,
        )

    def set_state(self, state: PlaneState) -> None:
        """Jump to ``state`` (no animation)."""
        self.state = state
        self.grid_lines.set_samples(self._grid_samples(state, axes=False))
        if self.axis_line_indices:
            self.axis_lines.set_samples(self._grid_samples(state, axes=True))
        if state.dimension != 1:
            self.strip_amount = 0.0
        self._place_dots()
        if state.basis is not None:
            self._place_basis(state.basis)

    def _place_dots(self) -> None:
        drawn = self._to_screen(self.state.points)
        drawn[:, 1] += self.strip_amount * self.strip_offsets
        for label, cloud in enumerate(self.dots):
            cloud.set_centers(drawn[self.labels == label])

    def spread_on_line(self, amount: float = 1.0, **kwargs) -> Animation:
        """On the number line: every point rises or sinks to its strip offset (``amount`` 1) or
        back onto the line (0). Only the vertical moves: each x stays the point's value."""
        start = self.strip_amount

        def update(_group: VGroup, alpha: float) -> None:
            self.strip_amount = start + alpha * (amount - start)
            self._place_dots()

        kwargs.setdefault("rate_func", rate_functions.smooth)
        return InPlace(VGroup(*self.dots), update, **kwargs)

    # --- the current space's axes ----------------------------------------------------------------

    def set_space_axes(
        self,
        region: tuple[float, float, float, float],
        labels: tuple[Mobject, Mobject],
    ):
        """Place the axes h1 = 0 and h2 = 0 across the scene rectangle ``region`` (x_min, x_max,
        y_min, y_max) in whatever view the camera is in, with ``labels`` at their positive
        ends; still invisible."""
        self._space_axes_region = region
        self.space_axis_labels.become(VGroup(*labels))
        self._place_space_axes()
        return self

    def _place_space_axes(self) -> None:
        if self._space_axes_region is None:
            return
        region = self._space_axes_region
        low = self.view.to_coords(np.array([region[0], region[2], 0.0]))
        high = self.view.to_coords(np.array([region[1], region[3], 0.0]))
        # the origin always on them, even where the camera looks away from it
        (x_low, y_low), (x_high, y_high) = np.minimum(low[:2], 0), np.maximum(high[:2], 0)
        lines = np.array([[[x_low, 0, 0], [x_high, 0, 0]], [[0, y_low, 0], [0, y_high, 0]]])
        drawn = self.view.to_scene(lines)
        self.space_axes.set_samples(drawn)
        if len(self.space_axis_labels) == 2:
            first, second = self.space_axis_labels
            first.next_to(drawn[0, 1], RIGHT, buff=0.1)
            second.next_to(drawn[1, 1], UP, buff=0.1)

    def show_space_axes(self, opacity: float = 1.0, **kwargs) -> Animation:
        start = self.space_axes.get_stroke_opacity()

        def update(_group: VGroup, alpha: float) -> None:
            level = start + alpha * (opacity - start)
            self.space_axes.set_stroke(opacity=level)
            self.space_axis_labels.set_opacity(level)

        # on the axes themselves, already in the scene under the points: a new group holding them
        # would be added on top, the h1 axis then drawn over the points on it (two-layer-linear
        # at 24.4 s lost them all for 0.3 s); the labels' change is redrawn all the same
        return InPlace(self.space_axes, update, **kwargs)

    @property
    def space_axes_shown(self) -> bool:
        return self.space_axes.get_stroke_opacity() > 0

    def set_view(self, view: PlaneView) -> None:
        """Zoom and pan: draw at ``view`` from now on, the background grid following."""
        old_center, new_center = np.asarray(self.view.center), np.asarray(view.center)
        self.background.shift(-old_center)
        self.background.scale(view.unit / self._background_unit, about_point=np.zeros(3))
        self.background.shift(new_center)
        self._background_unit = view.unit
        self.view = view
        self._place_space_axes()

    def move_view(self, end_view: PlaneView, **kwargs) -> Animation:
        """The camera step: zoom and pan to ``end_view`` while nothing in the plane moves."""
        start_view, state = self.view, self.state

        def update(_group: VGroup, alpha: float) -> None:
            self.set_view(end_view if alpha >= 1 else start_view.toward(end_view, alpha))
            self.set_state(state)

        kwargs.setdefault("rate_func", rate_functions.smooth)
        return InPlace(self.group, update, **kwargs)

    def move_along(self, step: Step, shot=None, **kwargs) -> Animation:
        """``step`` played with the camera through ``shot`` (a :class:`scenes.kit.camera.Shot`;
        ``None``: the current view): every tracked point at ``step.at(t)``, drawn in
        ``shot.at(t)``.

        ``step.at`` eases each phase itself, so the animation runs at constant rate. Arrows the
        end has no place for (through an activation, say) fade out on the way.
        """
        fading = step.start.basis is not None and step.end.basis is None
        shown = self._basis_opacity

        def update(_group: VGroup, alpha: float) -> None:
            if shot is not None and not shot.still:
                self.set_view(shot.at(alpha))
            self.set_state(step.at(alpha))
            if fading:
                self.set_basis_opacity(shown * (1 - alpha))

        kwargs.setdefault("rate_func", rate_functions.linear)
        return InPlace(self.group, update, **kwargs)

    def move_to_state(
        self, end: PlaneState, end_view: PlaneView | None = None, **kwargs
    ) -> Animation:
        """Every point moving in a straight line from its current place to its place in ``end``.

        For a linear map this is exactly x -> ((1-t) I + t W) x, for the bias a translation, and
        for an activation x -> (1-t) x + t a(x): the dense grid samples make folds bend smoothly.
        With ``end_view`` the camera zooms on the way, geometrically, so the zoom feels even.
        Build the animation right before playing it: it starts from the figure's state now.
        """
        start = self.state
        start_view = self.view
        show_basis_start = start.basis is not None
        show_basis_end = end.basis is not None

        def update(_group: VGroup, alpha: float) -> None:
            if end_view is not None:
                if alpha >= 1:
                    self.set_view(end_view)
                else:
                    ratio = end_view.unit / start_view.unit
                    start_center = np.asarray(start_view.center)
                    center = start_center + alpha * (np.asarray(end_view.center) - start_center)
                    unit = start_view.unit * ratio**alpha
                    self.set_view(PlaneView(unit=unit, center=tuple(center)))
            self.set_state(end if alpha >= 1 else mix_states(start, end, alpha))
            if show_basis_start and not show_basis_end:
                self.set_basis_opacity(1 - alpha)
            elif show_basis_end and not show_basis_start:
                self.set_basis_opacity(alpha)

        kwargs.setdefault("rate_func", rate_functions.smooth)
        return InPlace(self.group, update, **kwargs)

    def shown_arrow_ends(self) -> np.ndarray:
        """Start and end (scene) of each basis arrow drawn now ``(m, 2, 3)``: in use and seen."""
        shown = [
            (arrow.get_start(), arrow.get_end())
            for index, arrow in enumerate(self.basis)
            if index < self._arrows_in_use and self._basis_opacity * self._presence[index] > 0
        ]
        return np.array(shown).reshape(-1, 2, 3)

    def drawn_points(self) -> np.ndarray:
        """Where the data points are drawn, in scene coordinates, in the data's order ``(n, 3)``."""
        drawn = np.zeros((len(self.labels), 3))
        for label, cloud in enumerate(self.dots):
            drawn[self.labels == label] = cloud.get_centers()
        return drawn

    def data_coordinates(self) -> np.ndarray:
        """Where the data points are drawn, back in plane coordinates, in the data's order ``(n, 3)``."""
        coords = np.zeros((len(self.labels), 3))
        for label, cloud in enumerate(self.dots):
            coords[self.labels == label] = self.view.to_coords(cloud.get_centers())
        return coords

    def basis_coordinates(self) -> np.ndarray:
        """Origin and the tips of the three basis arrows in plane coordinates, ``(4, 3)``."""
        origin = self.basis[0].get_start()
        tips = [arrow.get_end() for arrow in self.basis]
        return self.view.to_coords(np.array([origin, *tips]))


# Lines of the background grid across the frame's width, at most
MAX_BACKGROUND_LINES = 60


def _inside(point: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[1] and box[2] <= point[1] <= box[3]


def background_plane(
    view: PlaneView, theme: Theme, *, smallest_unit: float | None = None
) -> VGroup:
    """A faint coordinate grid that stays put while the plane moves (it only follows zooms).

    It covers the frame down to ``smallest_unit``, the most the scene will zoom out. Its lines
    are two VMobjects (the grid, then the axes over it), one sub-path per line, rather than a
    NumberPlane's mobject per line: the grid is drawn in every frame.
    """
    reach = min(view.unit, smallest_unit or view.unit)
    # a margin beyond the frame, so that panning with a zoom never shows the grid's edge
    half_w = np.ceil((config.frame_width / 2 + 4) / reach)
    half_h = np.ceil((config.frame_height / 2 + 4) / reach)
    step = 1.0 if reach >= 0.3 else 2.0
    if reach > 3:
        # zoomed in on small values (a generated network's data can be that small): a line
        # about every scene unit, at a round value
        step = 10.0 ** np.floor(np.log10(1.0 / reach))
        step *= next(m for m in (1.0, 2.0, 5.0, 10.0) if m * step * reach >= 0.75)
    # a zoomed-out layer (wide layers sum to large values) would otherwise ask for thousands of
    # lines: space them so each direction has at most MAX_BACKGROUND_LINES
    while 2 * half_w / step > MAX_BACKGROUND_LINES:
        step *= 2.5 if str(step).startswith("2") else 2.0

    def offsets(half: float) -> np.ndarray:
        count = np.floor(half / step)
        values = np.arange(-count, count + 1) * step
        return values[values != 0]

    def segments(xs, ys) -> np.ndarray:
        ends = [[[x, -half_h, 0.0], [x, half_h, 0.0]] for x in xs]
        ends += [[[-half_w, y, 0.0], [half_w, y, 0.0]] for y in ys]
        return view.to_scene(np.array(ends).reshape(-1, 2, 3))

    lines = GridLines(
        segments(offsets(half_w), offsets(half_h)),
        stroke_color=theme.background_grid,
        stroke_width=1,
    )
    axes = GridLines(segments([0.0], [0.0]), stroke_color=theme.background_grid, stroke_width=1.5)
    return VGroup(lines, axes)
