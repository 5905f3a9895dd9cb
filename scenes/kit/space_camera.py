"""Where the 3-D camera stands and what it frames while the data moves through space, planned
before anything is drawn (pure NumPy, tested without rendering).

A :class:`Pose` is Manim's camera angles (``phi`` from the z-axis, ``theta`` around it); a
:class:`SpaceFrame` is a pose, a zoom and the point of the hidden space the camera centres on;
:func:`project` draws plane coordinates on the screen exactly as Manim's ``ThreeDCamera`` does
(rotation, then perspective about the screen's centre). The rules :func:`plan_space` keeps for
every step that starts or ends in space:

- the view direction is at least :data:`MIN_ANGLE` away from the step's translation b and from
  the normal of the surface the data lies on at every sampled moment (looking along either
  hides the motion or flattens the sheet); the chooser keeps :data:`KEEP_AWAY`, a margin more;
- the first hidden axis runs left to right on screen (so the number line the story ends on is
  read from the front, class 0 on the left) and the third points up;
- the projected points lie inside the usable region and fill a good part of it, as in 2-D
  (:data:`scenes.kit.camera.MIN_WIDTH_SHARE` of its width or ``MIN_HEIGHT_SHARE`` of its height);
- a plane the data lies on is never seen within :data:`EDGE_ON` of edge-on (a plane seen
  edge-on is a line, which hides the data);
- the camera is still during a bias unless the points would shrink below the rule (then it
  follows them, as in 2-D); during a linear map ending in space it may turn, by at most
  :data:`MAX_TURN`, easing in and out (:func:`turn_pose`), where the map's output then reads
  better (a nearly rank-1 W squeezes the cloud into a sliver best seen broadside); otherwise
  the pose holds through a step and changes only between steps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from scenes.kit.camera import (
    CHECK_TIMES,
    COVER_SLACK,
    FIT_SLACK,
    MIN_HEIGHT_SHARE,
    MIN_WIDTH_SHARE,
    Framing,
    Shot,
)
from scenes.kit.plane import PlaneView, clip_to_box
from scenes.kit.stages import PlaneState, Step, smooth_step

__all__ = [
    "FLAT_POSE",
    "FOCAL_DISTANCE",
    "KEEP_AWAY",
    "MIN_ANGLE",
    "Pose",
    "SpaceFrame",
    "SeenBounds",
    "SpacePlan",
    "Spread",
    "avoided_directions",
    "axis_ends",
    "axis_name_places",
    "axis_reach",
    "choose_pose",
    "EDGE_ON",
    "MAX_TURN",
    "TurningShot",
    "sheet_plane",
    "turn_framing",
    "turn_pose",
    "clear_of_panels",
    "REGION_GAIN",
    "TRACK_SHARE",
    "drawn_size",
    "fit_frame",
    "held_inside",
    "line_angle",
    "plan_space",
    "project",
    "screen_box",
    "section_within",
    "surface_normal",
]

# Manim's ThreeDCamera default: how far the eye is from the screen's plane
FOCAL_DISTANCE = 20.0
# The rule: never look within this many degrees of b or of the data's surface normal
MIN_ANGLE = np.radians(25.0)
# What the chooser keeps, a margin beyond the rule
KEEP_AWAY = np.radians(35.0)
# A plane the data lies on is seen at least this far from edge-on: the view stays within 90°
# minus this of the plane's normal
EDGE_ON = np.radians(20.0)
# The most the camera turns during one linear step (eased in and out, so it never jumps)
MAX_TURN = np.radians(50.0)
# What the least share of the region a linear step's cloud fills (when fitted) is worth to a
# turn of the camera through it, against the sheet's openness
TURN_FILL_WEIGHT = 2.0
# ... and what the share the step's last moment fills is worth: the steps after a turn start
# from its end pose, so a turn that widens the thinnest moment but leaves the map's output (and
# the bias and activation after it) narrow does not pay
TURN_END_WEIGHT = 1.0
# What a turning camera keeps from the sheet's normal at every moment: the rule and a margin
TURN_KEEP_AWAY = MIN_ANGLE + np.radians(3.0)
# Points lie on a plane (for the edge-on rule) where their third spread is at most this share
# of their second, and the second at least ``SHEET_WIDTH`` of the first (a sliver is a line)
SHEET_FLATNESS = 0.05
SHEET_WIDTH = 0.1
# The camera's angle from straight down: low enough to show depth, high enough that h3 points up
PHI_CHOICES = np.radians(np.arange(24.0, 81.0, 4.0))
# Around the z-axis: the first axis always runs left to right (theta in (-180, 0) degrees)
THETA_CHOICES = np.radians(np.arange(-164.0, -15.0, 4.0))
# What a turn of the camera between steps costs a pose, per radian, and any move at all
TURN_COST = 0.3
MOVE_COST = 0.08
# What filling the usable region is worth to a pose, against showing the sheet face-on: a
# 3-D cloud in a wide, short region is drawn largest from where its long side runs across
FILL_WEIGHT = 0.6
# Through a moving step the zoom keeps at least this share of the zoom that would just hold
# each moment (the rest eases from the start's framing to the end's, so a stretch still reads
# as a stretch)
TRACK_SHARE = 0.8


@dataclass(frozen=True)
class Pose:
    """Manim's 3-D camera angles, in radians."""

    phi: float
    theta: float

    def rotation(self) -> np.ndarray:
        """Scene coordinates to camera coordinates ``(3, 3)``, as ``ThreeDCamera`` builds it
        (read-only: computed once per pose, the planner asks for it tens of thousands of times)."""
        return _rotation(self.phi, self.theta)

    @property
    def direction(self) -> np.ndarray:
        """The unit vector from the scene towards the eye."""
        return self.rotation().T @ np.array([0.0, 0.0, 1.0])

    def toward(self, other: Pose, alpha: float) -> Pose:
        return Pose(
            self.phi + alpha * (other.phi - self.phi),
            self.theta + alpha * (other.theta - self.theta),
        )


@lru_cache(maxsize=4096)
def _rotation(phi: float, theta: float) -> np.ndarray:
    turn = -theta - np.pi / 2
    c, s = np.cos(turn), np.sin(turn)
    about_z = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    c, s = np.cos(-phi), np.sin(-phi)
    about_x = np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    rotation = about_x @ about_z
    rotation.setflags(write=False)
    return rotation


FLAT_POSE = Pose(0.0, -np.pi / 2)


@dataclass(frozen=True)
class SpaceFrame:
    """What the camera shows: ``pose``, ``unit`` scene units per hidden unit, and the hidden
    point ``look_at`` drawn at ``target`` (camera coordinates: screen x, y and depth)."""

    pose: Pose
    unit: float
    look_at: tuple[float, float, float]
    target: tuple[float, float, float]

    def view(self) -> PlaneView:
        """The plane-to-scene view that puts ``look_at`` at ``target`` in this pose."""
        center = self.pose.rotation().T @ np.asarray(self.target) - self.unit * np.asarray(
            self.look_at
        )
        return PlaneView(unit=float(self.unit), center=tuple(float(c) for c in center))

    def toward(self, other: SpaceFrame, alpha: float) -> SpaceFrame:
        """``alpha`` of the way to ``other``: angles and points linear, the zoom geometric."""

        def mix(a, b):
            return tuple(float(x + alpha * (y - x)) for x, y in zip(a, b, strict=True))

        unit = self.unit * (other.unit / self.unit) ** alpha
        return SpaceFrame(
            self.pose.toward(other.pose, alpha),
            float(unit),
            mix(self.look_at, other.look_at),
            mix(self.target, other.target),
        )

    @classmethod
    def of(cls, pose: Pose, view: PlaneView, look_at: np.ndarray) -> SpaceFrame:
        """The frame ``view`` shows in ``pose``, described around the hidden point ``look_at``."""
        look_at = np.asarray(look_at, dtype=np.float64)
        target = pose.rotation() @ view.to_scene(look_at)
        return cls(pose, view.unit, tuple(map(float, look_at)), tuple(map(float, target)))


def project(pose: Pose, view: PlaneView, coords: np.ndarray) -> np.ndarray:
    """Where Manim's ``ThreeDCamera`` in ``pose`` draws the plane coordinates ``coords (n, 3)``
    shown through ``view``: screen x, y ``(n, 2)``."""
    return _drawn(pose, view.to_scene(coords))[0]


def _drawn(pose: Pose, scene: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the scene points ``scene (n, 3)`` are drawn in ``pose`` ``(n, 2)``, and each one's
    distance from the eye's plane (the perspective's divisor)."""
    camera = np.asarray(scene, dtype=np.float64) @ pose.rotation().T
    depth = np.maximum(FOCAL_DISTANCE - camera[:, 2], 1e-3)
    return camera[:, :2] * (FOCAL_DISTANCE / depth)[:, None], depth


# Basis arrows fade out as the origin they start from is drawn within this far (scene units) of
# the region's edge, and are gone once it is outside: they leave with it, as a point would
ARROW_EDGE_FADE = 0.3


@dataclass(frozen=True)
class SeenBounds:
    """Where a 3-D scene's basis arrows are cut: where they leave ``box`` (screen x_min, x_max,
    y_min, y_max) as the camera in ``pose`` draws them, as the hidden axes are
    (:func:`axis_ends`), so an arrow a map stretches past the frame never runs under the
    caption or off the screen; arrows whose origin a bias carries out of the box fade out."""

    pose: Pose
    box: tuple[float, float, float, float]

    def clip(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, bool]:
        """The scene point where the arrow from ``start`` towards ``end`` is drawn leaving the
        box, and whether it does (one starting outside is cut to nothing: see ``presence``)."""
        (seen_start, seen_end), (near, far) = _drawn(self.pose, np.array([start, end]))
        if _inside_by(seen_start, self.box) < 0:
            return start + 1e-6 * (end - start), False
        cut, clipped = clip_to_box(seen_start, seen_end, self.box)
        if not clipped:
            return end, False
        drawn_share = np.linalg.norm(cut - seen_start) / np.linalg.norm(seen_end - seen_start)
        # the perspective maps a share of the drawn segment to a share of the segment in space
        share = drawn_share * near / (drawn_share * near + (1 - drawn_share) * far)
        return start + share * (end - start), True

    def presence(self, start: np.ndarray) -> float:
        """How visible (0 to 1) arrows from ``start`` are: fading near the box's edge."""
        inside = _inside_by(_drawn(self.pose, np.array([start]))[0][0], self.box)
        return float(np.clip(inside / ARROW_EDGE_FADE, 0.0, 1.0))

    def across(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """A unit vector (scene) that is drawn across the arrow from ``start`` to ``end``."""
        seen = np.diff(_drawn(self.pose, np.array([start, end]))[0], axis=0)[0]
        seen = seen / max(float(np.linalg.norm(seen)), 1e-12)
        return self.pose.rotation().T @ np.array([-seen[1], seen[0], 0.0])


def _inside_by(point: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """How far ``point`` (screen x, y) is inside ``box`` from its nearest edge (< 0: outside)."""
    return float(min(point[0] - box[0], box[1] - point[0], point[1] - box[2], box[3] - point[1]))


def line_angle(a: np.ndarray, b: np.ndarray) -> float:
    """The angle (radians, 0 to pi/2) between the lines along ``a`` and ``b``."""
    cosine = abs(float(np.dot(a, b))) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-300)
    return float(np.arccos(min(cosine, 1.0)))


def surface_normal(points: np.ndarray) -> np.ndarray | None:
    """The normal of the plane ``points (n, 3)`` lie closest to (the data is a sheet: the
    input plane carried through the layers), or, where they lie on a line, that line's
    direction (looking along it hides the line just as well); ``None`` for a single point."""
    centred = np.asarray(points, dtype=np.float64) - np.mean(points, axis=0)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    if len(singular) < 3 or singular[0] < 1e-12:
        return None
    if singular[1] < 1e-6 * singular[0]:
        return axes[0]
    return axes[2]


def axis_reach(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """How far the hidden axes h1, h2, h3 are drawn around ``points (n, 3)``: from ``low`` to
    ``high`` along each (the points' box and the origin, with a margin ``pad``); each axis's
    name goes half a margin beyond its positive end."""
    low = np.minimum(points.min(axis=0), 0.0)
    high = np.maximum(points.max(axis=0), 0.0)
    pad = 0.12 * float(np.max(high - low)) + 1e-9
    return low - pad, high + pad, pad


# Where along an axis its drawn part is looked for: this many points from end to end
AXIS_SAMPLES = 241


def axis_ends(
    points: np.ndarray, frame: SpaceFrame | None = None, framing: Framing | None = None
) -> np.ndarray:
    """The ends ``(3, 2, 3)`` of the hidden axes h1, h2, h3 drawn around ``points (n, 3)``:
    as far as :func:`axis_reach`, or, seen in ``frame``, the longest part of each that is drawn
    inside ``framing``'s usable region (an axis running on under the caption or off the frame
    is cut where it leaves the region; one never in it is drawn as a point at the origin)."""
    low, high, _ = axis_reach(points)
    ends = np.zeros((3, 2, 3))
    for axis in range(3):
        ends[axis, 0, axis], ends[axis, 1, axis] = low[axis], high[axis]
    if frame is None or framing is None:
        return ends
    view, usable = frame.view(), framing.usable(2)
    for axis in range(3):
        along = np.zeros((AXIS_SAMPLES, 3))
        along[:, axis] = np.linspace(low[axis], high[axis], AXIS_SAMPLES)
        drawn = project(frame.pose, view, along)
        inside = (
            (drawn[:, 0] >= usable[0])
            & (drawn[:, 0] <= usable[1])
            & (drawn[:, 1] >= usable[2])
            & (drawn[:, 1] <= usable[3])
        )
        first, last = _longest_run(inside)
        # the segment between two points drawn inside a rectangle is drawn inside it
        ends[axis] = along[[first, last]] if first is not None else 0.0
    return ends


def _longest_run(flags: np.ndarray) -> tuple[int | None, int | None]:
    """The first and last index of the longest run of true ``flags`` (``None`` where none)."""
    best, start = (None, None), None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if best[0] is None or index - 1 - start > best[1] - best[0]:
                best = (start, index - 1)
            start = None
    return best


def axis_name_places(
    points: np.ndarray, frame: SpaceFrame | None = None, framing: Framing | None = None
) -> np.ndarray:
    """Where the names of the three hidden axes go ``(3, 3)``: half a margin beyond each axis's
    positive end, or, seen in ``frame`` where that end is drawn outside ``framing``'s usable
    region (less :data:`LABEL_ROOM`), drawn back along the axis to where it leaves the region.

    The names follow the axes into the region rather than the camera zooming out to keep the
    axes' ends in it: an axis may run past the frame, as the grid does, but the points fill it.
    """
    _, high, pad = axis_reach(points)
    places = np.diag(high + 0.5 * pad)
    if frame is None or framing is None:
        return places
    view = frame.view()
    middle = np.clip(np.mean(points, axis=0), 0.0, None)
    for axis in range(3):
        inner = np.zeros(3)
        inner[axis] = min(middle[axis], places[axis, axis])
        if _names_inside(frame.pose, view, places[axis][None], framing):
            continue
        low_s, high_s = inner[axis], places[axis, axis]
        for _ in range(30):
            mid = (low_s + high_s) / 2
            trial = np.zeros((1, 3))
            trial[0, axis] = mid
            if _names_inside(frame.pose, view, trial, framing):
                low_s = mid
            else:
                high_s = mid
        places[axis, axis] = low_s
    return places


def avoided_directions(step: Step, times: np.ndarray = CHECK_TIMES) -> list[np.ndarray]:
    """Directions the camera must not look along during ``step``: its translation b (a bias)
    and the data's surface normal at every moment of ``times``."""
    directions = []
    if step.kind == "bias":
        shift = step.end.points[0] - step.start.points[0]
        if np.linalg.norm(shift) > 1e-9:
            directions.append(shift)
    for t in times:
        normal = surface_normal(step.at(float(t)).points)
        if normal is not None:
            directions.append(normal)
    return directions


def sheet_plane(points: np.ndarray) -> np.ndarray | None:
    """The normal of the plane ``points (n, 3)`` lie on, where they lie on one (flat, and not
    a sliver: see :data:`SHEET_FLATNESS`, :data:`SHEET_WIDTH`); ``None`` otherwise."""
    centred = np.asarray(points, dtype=np.float64) - np.mean(points, axis=0)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    if len(singular) < 3 or singular[1] < SHEET_WIDTH * singular[0]:
        return None
    return axes[2] if singular[2] <= SHEET_FLATNESS * singular[1] else None


def faced_directions(states: list[PlaneState]) -> list[tuple[np.ndarray, float]]:
    """``(normal, angle)`` the view must stay within for ``states``: each plane the points lie
    on, seen at least :data:`EDGE_ON` from edge-on."""
    normals = [sheet_plane(state.points) for state in states]
    return [(normal, np.pi / 2 - EDGE_ON) for normal in normals if normal is not None]


def spread_share(pose: Pose, points: np.ndarray) -> float:
    """How much of the points' spread the pose shows: the area of their projected spread
    over the largest area any view shows (1 face-on to their sheet, 0 edge-on)."""
    return Spread.of(points).share(pose)


@dataclass(frozen=True)
class Spread:
    """A cloud's points about their mean and its spread along its main axes (the singular
    values), which no pose changes: worked out once, then judged from every pose."""

    centred: np.ndarray
    full: np.ndarray

    @classmethod
    def of(cls, points: np.ndarray) -> Spread:
        centred = np.asarray(points, dtype=np.float64) - np.mean(points, axis=0)
        return cls(centred, np.linalg.svd(centred, compute_uv=False))

    def share(self, pose: Pose) -> float:
        """:func:`spread_share` of the cloud in ``pose``."""
        full = self.full
        if full[0] < 1e-12:
            return 1.0
        shown = np.linalg.svd(self.centred @ pose.rotation()[:2].T, compute_uv=False)
        if full[1] < 1e-6 * full[0]:
            # a line: its projected length over its length
            return float(shown[0] / full[0])
        return float(shown[0] * shown[1] / (full[0] * full[1]))


def fill_share(pose: Pose, points: np.ndarray, room: tuple[float, float]) -> float:
    """How much of a ``room`` (width, height) region the points' projected box fills when
    zoomed to just fit it (1 where its shape is the region's; perspective left out)."""
    drawn = np.asarray(points, dtype=np.float64) @ pose.rotation()[:2].T
    span = np.maximum(drawn.max(axis=0) - drawn.min(axis=0), 1e-12)
    shape = (span[0] / span[1]) / (room[0] / room[1])
    return float(min(shape, 1.0 / shape))


def across_share(pose: Pose) -> float:
    """How nearly the first axis runs straight across the screen (1) rather than up it (0)."""
    on_screen = pose.rotation()[:2, 0]
    return float(abs(on_screen[0]) / max(np.linalg.norm(on_screen), 1e-12))


def choose_pose(
    states: list[PlaneState],
    avoided: list[tuple[np.ndarray, float]],
    previous: Pose | None = None,
    *,
    across: float = 0.1,
    within: list[tuple[np.ndarray, float]] = (),
    room: tuple[float, float] | None = None,
) -> Pose:
    """The pose from which ``states`` read best (the least of their :func:`spread_share`),
    looking at least the given angle away from each ``(direction, angle)`` of ``avoided``.

    Every turn of the camera is a move the viewer has to follow: a pose far from ``previous``
    pays :data:`TURN_COST` per radian. ``across`` weighs how nearly the first axis runs across
    the screen (a collapse onto the number line asks it strongly). ``within`` holds
    ``(direction, angle)`` the view must stay within (a plane seen nearly, not quite, edge-on).
    Given the usable region's ``room`` (width, height), a pose also earns
    :data:`FILL_WEIGHT` times the least :func:`fill_share` of the states. Where no pose keeps
    the margins the angles shrink towards the rule's :data:`MIN_ANGLE`.
    """
    directions = np.array([d / np.linalg.norm(d) for d, _ in avoided]).reshape(-1, 3)
    limits = np.array([angle for _, angle in avoided])
    clouds = [np.asarray(state.points) for state in states]
    spreads = [Spread.of(cloud) for cloud in clouds]
    grid = [Pose(float(p), float(t)) for p in PHI_CHOICES for t in THETA_CHOICES]
    if previous is not None and previous.phi > 0:
        grid.append(previous)
    for relax in (0.0, np.radians(5.0), np.radians(10.0), None):
        # the margins shrink to the rule's angle; past that, the least bad pose
        floor = np.zeros_like(limits) if relax is None else np.maximum(limits - relax, MIN_ANGLE)
        candidates = grid
        if len(directions):
            cosines = np.abs(np.array([pose.direction for pose in grid]) @ directions.T)
            angles = np.arccos(np.minimum(cosines, 1.0))
            candidates = [pose for pose, a in zip(grid, angles, strict=True) if np.all(a >= floor)]
        if within and relax is not None:
            candidates = [
                pose
                for pose in candidates
                if all(line_angle(d, pose.direction) <= angle for d, angle in within)
            ]
        if not candidates:
            continue

        def score(pose: Pose) -> float:
            value = min(spread.share(pose) for spread in spreads)
            value += across * across_share(pose)
            if room is not None:
                value += FILL_WEIGHT * min(fill_share(pose, cloud, room) for cloud in clouds)
            if previous is not None:
                turn = float(np.arccos(np.clip(pose.direction @ previous.direction, -1.0, 1.0)))
                value -= TURN_COST * turn + (0.0 if pose == previous else MOVE_COST)
            return value

        return max(candidates, key=score)
    return previous or Pose(np.radians(62.0), np.radians(-62.0))


def turn_angle(a: Pose, b: Pose) -> float:
    """How far (radians) the view direction turns from ``a`` to ``b``."""
    return float(np.arccos(np.clip(a.direction @ b.direction, -1.0, 1.0)))


def pose_path(start: Pose, end: Pose, times: np.ndarray = CHECK_TIMES) -> list[Pose]:
    """The camera turning from ``start`` to ``end`` through a step, at ``times``: eased in and
    out, so it leaves the pose it holds and arrives at the next without a jolt."""
    return [start.toward(end, smooth_step(float(t))) for t in times]


# The moments of a step a turn is judged at (every fourth check, the last included)
TURN_TIMES = np.arange(0, len(CHECK_TIMES), 4)


def turn_pose(
    start: Pose,
    samples: list[PlaneState],
    room: tuple[float, float],
    *,
    across: float = 0.1,
) -> Pose | None:
    """Where the camera ends a linear step it starts in ``start``: the pose, at most
    :data:`MAX_TURN` away, whose eased path (:func:`pose_path`) shows ``samples`` (the step at
    :data:`CHECK_TIMES`) best: the mean of each moment's :func:`spread_share` and
    :data:`TURN_FILL_WEIGHT` times the least :func:`fill_share` of ``room`` any moment has (the
    thinnest moment, a sliver, is what a turn is for) and :data:`TURN_END_WEIGHT` times the
    last moment's, less :data:`TURN_COST` per radian
    turned. Every moment of the path keeps :data:`TURN_KEEP_AWAY` from the sheet's normal, and
    its end stays :data:`EDGE_ON` from seeing the plane the map ends on edge-on. ``start`` where turning does not pay; ``None`` where not even
    ``start`` keeps the rules."""
    moments = [samples[k] for k in TURN_TIMES]
    clouds = [_thinned(state.points) for state in moments]
    spreads = [Spread.of(cloud) for cloud in clouds]
    normals = [surface_normal(state.points) for state in moments]
    plane = sheet_plane(samples[-1].points)
    grid = [Pose(float(p), float(t)) for p in PHI_CHOICES for t in THETA_CHOICES]
    reachable = [start] + [pose for pose in grid if turn_angle(start, pose) <= MAX_TURN]

    def keeps(path: list[Pose]) -> bool:
        for pose, normal in zip(path, normals, strict=True):
            if normal is not None and line_angle(normal, pose.direction) < TURN_KEEP_AWAY:
                return False
        # the plane the map ends on is not seen edge-on
        return plane is None or line_angle(plane, path[-1].direction) <= np.pi / 2 - EDGE_ON

    paths = [(end, pose_path(start, end, CHECK_TIMES[TURN_TIMES])) for end in reachable]
    paths = [(end, path) for end, path in paths if keeps(path)]
    if not paths:
        return None

    def score(item: tuple[Pose, list[Pose]]) -> float:
        end, path = item
        spread = np.mean([s.share(p) for p, s in zip(path, spreads, strict=True)])
        least = min(fill_share(p, c, room) for p, c in zip(path, clouds, strict=True))
        ends = fill_share(path[-1], clouds[-1], room)
        value = float(spread) + TURN_FILL_WEIGHT * least + TURN_END_WEIGHT * ends
        value += across * across_share(end)
        return value - TURN_COST * turn_angle(start, end) - (0.0 if end == start else MOVE_COST)

    return max(paths, key=score)[0]


# A cloud's shape is judged on at most this many of its points
SHAPE_POINTS = 240


def _thinned(points: np.ndarray) -> np.ndarray:
    points = np.asarray(points, dtype=np.float64)
    return points[:: max(1, len(points) // SHAPE_POINTS)]


def screen_box(frame: SpaceFrame, states: list[PlaneState]) -> tuple[np.ndarray, np.ndarray]:
    """The low and high corners of where ``states``' points are drawn in ``frame``."""
    view = frame.view()
    drawn = np.vstack([project(frame.pose, view, state.points) for state in states])
    return drawn.min(axis=0), drawn.max(axis=0)


def fit_frame(
    pose: Pose,
    states: list[PlaneState],
    framing: Framing,
    *,
    max_unit: float = np.inf,
    extra: np.ndarray | None = None,
) -> SpaceFrame:
    """The frame in ``pose`` that holds every point of ``states`` (and the hidden points
    ``extra (k, 3)``) inside the usable region, centred in it, as large as fits (at most
    ``max_unit``), perspective included."""
    usable = framing.usable(2)
    room = np.array([usable[1] - usable[0], usable[3] - usable[2]])
    middle = np.array([(usable[0] + usable[1]) / 2, (usable[2] + usable[3]) / 2])
    shown = [PlaneState(state.points, state.grid, None, 3) for state in states]
    if extra is not None:
        shown.append(PlaneState(np.asarray(extra, dtype=np.float64), np.zeros((0, 2, 3)), None, 3))
    points = np.vstack([state.points for state in shown])
    rotated = points @ pose.rotation().T
    low, high = rotated.min(axis=0), rotated.max(axis=0)
    look_at = pose.rotation().T @ ((low + high) / 2)
    size = np.maximum((high - low)[:2], 1e-12)
    unit = min(max_unit, FIT_SLACK * float(np.min(room / size)))
    frame = SpaceFrame(pose, unit, tuple(map(float, look_at)), (middle[0], middle[1], 0.0))
    for _ in range(40):
        drawn_low, drawn_high = screen_box(frame, shown)
        span = np.maximum(drawn_high - drawn_low, 1e-12)
        scale = min(1.0 if unit >= max_unit else np.inf, FIT_SLACK * float(np.min(room / span)))
        # perspective draws the near side larger: re-centre what is drawn, then rescale
        shift = middle - (drawn_low + drawn_high) / 2
        target = np.asarray(frame.target) + np.array([*shift, 0.0])
        unit = min(max_unit, frame.unit * min(scale, 1.25))
        frame = SpaceFrame(pose, float(unit), frame.look_at, tuple(map(float, target)))
        if abs(scale - 1.0) < 1e-3 and np.abs(shift).max() < 1e-3:
            break
    while not _inside(frame, shown, framing) or not _labels_inside(frame, extra, framing):
        frame = SpaceFrame(pose, frame.unit * 0.99, frame.look_at, frame.target)
    return frame


def section_within(frame: SpaceFrame, corners: np.ndarray, framing: Framing) -> np.ndarray:
    """The polygon ``corners (k, 3)`` (a plane's section of the points' box) shrunk in its
    own plane about its centre until ``frame`` draws it inside the usable region: the camera
    frames the points, and the plane that splits them is cut to the frame rather than the
    points shrunk to show the plane's far corners."""
    corners = np.asarray(corners, dtype=np.float64)
    centre = corners.mean(axis=0)
    state = PlaneState(corners, np.zeros((0, 2, 3)), None, 3)
    if _inside(frame, [state], framing):
        return corners
    low, high = 0.0, 1.0
    for _ in range(30):
        scale = (low + high) / 2
        state = PlaneState(centre + scale * (corners - centre), np.zeros((0, 2, 3)), None, 3)
        if _inside(frame, [state], framing):
            low = scale
        else:
            high = scale
    return centre + low * (corners - centre)


def held_inside(frame: SpaceFrame, points: np.ndarray, framing: Framing) -> SpaceFrame:
    """``frame``, zoomed out about its target as far as needed for ``points (n, 3)`` to be
    drawn inside the usable region (a camera turning between two framed views can swing a
    long line across the region's short side on the way); with a ``tall`` column, inside
    whichever of the two regions holding the target needs the less zoom."""
    state = [PlaneState(np.asarray(points, dtype=np.float64), np.zeros((0, 2, 3)), None, 3)]
    for _ in range(60):
        low, high = screen_box(frame, state)
        target = np.asarray(frame.target[:2])
        regions = [region.usable(2) for region in framing.alternatives()]
        holding = [u for u in regions if u[0] <= target[0] <= u[1] and u[2] <= target[1] <= u[3]]
        scales = []
        for usable in holding or regions[:1]:
            reach = np.array(
                [
                    (usable[0] - target[0]) / min(low[0] - target[0], -1e-12),
                    (usable[1] - target[0]) / max(high[0] - target[0], 1e-12),
                    (usable[2] - target[1]) / min(low[1] - target[1], -1e-12),
                    (usable[3] - target[1]) / max(high[1] - target[1], 1e-12),
                ]
            )
            scales.append(float(np.min(reach)))
        scale = max(scales)
        if scale >= 1.0 - 1e-9:
            return frame
        frame = SpaceFrame(frame.pose, frame.unit * max(scale, 0.5), frame.look_at, frame.target)
    return frame


def turn_framing(framing: Framing, ends: list[SpaceFrame], points: np.ndarray) -> Framing:
    """Where the points may be drawn while the camera turns between the flat plane and space,
    from the frame ``ends[0]`` to ``ends[1]``: ``framing``'s region, or the box both ends draw
    ``points (n, 3)`` in (a flat input plane fills the frame's height, a cloud the column
    between the panels: held to the flat band alone, the turn shrank the plane to half its
    size and back)."""
    state = [PlaneState(np.asarray(points, dtype=np.float64), np.zeros((0, 2, 3)), None, 3)]
    boxes = [screen_box(frame, state) for frame in ends]
    low = np.min([box[0] for box in boxes], axis=0) - framing.dot_radius
    high = np.max([box[1] for box in boxes], axis=0) + framing.dot_radius
    box = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
    return replace(framing, tall=box)


# How far (scene units) a name placed at one of the ``extra`` points keeps from the region's
# edge: half a label's height, so the axes' names never slip under the panels around it
LABEL_ROOM = 0.18


def _labels_inside(frame: SpaceFrame, extra: np.ndarray | None, framing: Framing) -> bool:
    if extra is None:
        return True
    return _names_inside(frame.pose, frame.view(), extra, framing)


def _names_inside(pose: Pose, view: PlaneView, places: np.ndarray, framing: Framing) -> bool:
    usable = framing.usable(2)
    drawn = project(pose, view, np.asarray(places, dtype=np.float64))
    return bool(
        drawn[:, 0].min() >= usable[0] + LABEL_ROOM - 1e-9
        and drawn[:, 0].max() <= usable[1] - LABEL_ROOM + 1e-9
        and drawn[:, 1].min() >= usable[2] + LABEL_ROOM - 1e-9
        and drawn[:, 1].max() <= usable[3] - LABEL_ROOM + 1e-9
    )


def _inside(frame: SpaceFrame, states: list[PlaneState], framing: Framing) -> bool:
    usable = framing.usable(2)
    low, high = screen_box(frame, states)
    return bool(
        low[0] >= usable[0] - 1e-9
        and high[0] <= usable[1] + 1e-9
        and low[1] >= usable[2] - 1e-9
        and high[1] <= usable[3] + 1e-9
    )


def _covers(frame: SpaceFrame, state: PlaneState, framing: Framing) -> bool:
    low, high = screen_box(frame, [state])
    room = framing.room
    span = high - low
    return bool(
        span[0] >= MIN_WIDTH_SHARE * room[0] - 1e-9 or span[1] >= MIN_HEIGHT_SHARE * room[1] - 1e-9
    )


def _fits(frame: SpaceFrame, state: PlaneState, framing: Framing) -> bool:
    return _inside(frame, [state], framing) and _covers(frame, state, framing)


# How much wider than tall a region usefully is for a cloud in space: width beyond this many
# heights counts for nothing when a region clear of the panels is chosen
SPACE_ASPECT = 2.5


def clear_of_panels(
    region: tuple[float, float, float, float],
    panels: list[tuple[float, float, float, float]],
    gap: float = 0.1,
) -> tuple[float, float, float, float]:
    """``region`` (scene x_min, x_max, y_min, y_max) cut clear of the ``panels`` boxes that
    reach into it: its top lowered under them, or its side pulled in beside them, whichever
    leaves the larger room for a cloud in space (width counted up to :data:`SPACE_ASPECT`
    heights)."""

    def room(box):
        width, height = box[1] - box[0], box[3] - box[2]
        return min(width, SPACE_ASPECT * height) * height if width > 0 and height > 0 else -1.0

    for _ in range(len(panels)):
        x0, x1, y0, y1 = region
        inside = [p for p in panels if p[0] < x1 and p[1] > x0 and p[2] < y1 and p[3] > y0]
        if not inside:
            break
        candidates = [
            (x0, x1, y0, min(p[2] for p in inside) - gap),
            (x0, min(p[0] for p in inside) - gap, y0, y1),
            (max(p[1] for p in inside) + gap, x1, y0, y1),
            (x0, x1, max(p[3] for p in inside) + gap, y1),
        ]
        region = max(candidates, key=room)
    return region


def frame_along(frames: tuple[SpaceFrame, ...], t: float) -> SpaceFrame:
    """The frame at ``t`` in [0, 1] of ``frames`` (at :data:`CHECK_TIMES`), between its two
    nearest: angles and points linear, the zoom geometric."""
    if len(frames) == 1 or t <= 0.0:
        return frames[0]
    if t >= 1.0:
        return frames[-1]
    place = t * (len(frames) - 1)
    low = min(int(place), len(frames) - 2)
    return frames[low].toward(frames[low + 1], place - low)


@dataclass(frozen=True)
class SpacePlan:
    """The camera through a story's steps in space: per step index, the pose it starts in (and
    holds, unless it turns through a linear step) and the frames at :data:`CHECK_TIMES` (one
    when still), each with its pose."""

    poses: dict[int, Pose]
    frames: dict[int, tuple[SpaceFrame, ...]]
    follow: frozenset[int] = frozenset()
    framings: dict[int, Framing] | None = None
    """Per step index, the region its points are framed in (the band or the tall column)."""

    def frame_at(self, index: int, t: float) -> SpaceFrame:
        frames = self.frames[index]
        if len(frames) == 1 or t <= 0.0:
            return frames[0]
        if t >= 1.0:
            return frames[-1]
        if index in self.follow:
            return frames[0].toward(frames[-1], smooth_step(t))
        return frame_along(frames, t)

    def shot(self, index: int) -> Shot:
        """The step's camera as a flat plan's :class:`scenes.kit.camera.Shot` of plane views
        (the pose is still through a step, so the views say the rest)."""
        views = tuple(frame.view() for frame in self.frames[index])
        if len(views) == 1:
            return Shot(views[0], views[0])
        if index in self.follow:
            return Shot(views[0], views[-1], follow=True)
        if self.turns(index):
            return TurningShot(views[0], views[-1], views, frames=self.frames[index])
        return Shot(views[0], views[-1], views)

    def turns(self, index: int) -> bool:
        """Whether the camera turns during step ``index`` (a linear step, see :func:`turn_pose`)."""
        return len({frame.pose for frame in self.frames[index]}) > 1

    def end_pose(self, index: int) -> Pose:
        return self.frames[index][-1].pose


@dataclass(frozen=True)
class TurningShot(Shot):
    """A shot through a step during which the camera turns: at ``t`` the view and the pose of
    ``frames`` (at :data:`CHECK_TIMES`) between their two nearest, so the two always agree."""

    frames: tuple[SpaceFrame, ...] = ()

    def frame_at(self, t: float) -> SpaceFrame:
        return frame_along(self.frames, t)

    def at(self, t: float) -> PlaneView:
        return self.frame_at(t).view()

    def pose_at(self, t: float) -> Pose:
        return self.frame_at(t).pose


def in_space(step: Step) -> bool:
    return 3 in (step.start.dimension, step.end.dimension)


def plan_space(
    steps: list[Step],
    framing: Framing,
    *,
    first_pose: Pose | None = None,
    track_share: float = TRACK_SHARE,
) -> SpacePlan:
    """The pose and frames of every step of ``steps`` that starts or ends in space (see the
    module's rules); through a moving step the zoom keeps ``track_share`` of the zoom that
    just holds each moment (:func:`_travel`). With a ``tall`` column in ``framing``, each step is framed in whichever
    region (the band or the column) draws its points larger; the step's region is kept through
    the step, and kept from the step before unless the other draws the points
    :data:`REGION_GAIN` times larger."""
    poses: dict[int, Pose] = {}
    frames: dict[int, tuple[SpaceFrame, ...]] = {}
    framings: dict[int, Framing] = {}
    follow: set[int] = set()
    previous: Pose | None = None
    previous_region: Framing | None = None
    for index, step in enumerate(steps):
        if not in_space(step):
            continue
        samples = [step.at(float(t)) for t in CHECK_TIMES]
        options = []
        for region in framing.alternatives():
            pose, shown, follows = _plan_step(step, samples, region, previous, track_share)
            size = drawn_size(pose, shown, samples)
            if previous_region is not None and region != previous_region:
                size /= REGION_GAIN
            options.append((size, pose, shown, follows, region))
        _, pose, shown, follows, region = max(options, key=lambda option: option[0])
        poses[index], frames[index], framings[index] = pose, shown, region
        if follows:
            follow.add(index)
        previous, previous_region = shown[-1].pose, region
    return SpacePlan(poses, frames, frozenset(follow), framings)


# A step moves to the other region only where that draws its points this many times larger
# (a camera hopping between the band and the column for a few percent is a move for nothing)
REGION_GAIN = 1.05


def drawn_size(pose: Pose, frames: tuple[SpaceFrame, ...], samples: list[PlaneState]) -> float:
    """How large the points are drawn through a step: the mean over ``samples`` (at
    :data:`CHECK_TIMES`) of the square root of their projected box's area."""
    plan = SpacePlan({0: pose}, {0: frames})
    sizes = []
    for t, state in zip(CHECK_TIMES, samples, strict=True):
        low, high = screen_box(plan.frame_at(0, float(t)), [state])
        sizes.append(float(np.sqrt(np.prod(np.maximum(high - low, 0.0)))))
    return float(np.mean(sizes))


def _plan_step(
    step: Step,
    samples: list[PlaneState],
    framing: Framing,
    previous: Pose | None,
    track_share: float = TRACK_SHARE,
) -> tuple[Pose, tuple[SpaceFrame, ...], bool]:
    """The pose and frames of one step in space framed in ``framing``'s region, and whether
    the camera follows a bias (pans at a constant zoom) through it."""
    avoided = [(d, KEEP_AWAY) for d in avoided_directions(step)]
    collapse = step.end.dimension == 1
    judged = samples[::4] + [samples[-1]]
    pose = choose_pose(
        judged,
        avoided,
        previous,
        across=0.6 if collapse else 0.1,
        within=faced_directions([samples[0], samples[-1]]),
        room=framing.room,
    )
    if step.kind == "linear" and step.end.dimension == 3:
        end = turn_pose(pose, samples, framing.room)
        if end is not None and end != pose:
            return pose, _travel(pose_path(pose, end), samples, framing, track_share), False
    if step.kind == "bias":
        still = fit_frame(pose, samples, framing)
        if all(_covers(still, state, framing) for state in samples):
            return pose, (still,), False
        start = fit_frame(pose, [samples[0]], framing)
        shift = step.end.points[0] - step.start.points[0]
        end = SpaceFrame(pose, start.unit, tuple(np.asarray(start.look_at) + shift), start.target)
        return pose, (start, end), True
    return pose, _travel([pose] * len(samples), samples, framing, track_share), False


def _travel(
    poses: list[Pose],
    samples: list[PlaneState],
    framing: Framing,
    track_share: float = TRACK_SHARE,
) -> tuple[SpaceFrame, ...]:
    """Frames through a moving step, in ``poses`` (one per sample): centred on the points, the
    zoom easing geometrically from the start's framing to the end's, held within
    ``track_share`` of the zoom that just holds each moment (and never below what keeps the
    points inside and large enough)."""
    first = fit_frame(poses[0], [samples[0]], framing)
    last = fit_frame(poses[-1], [samples[-1]], framing)
    path = []
    for t, state, pose in zip(CHECK_TIMES, samples, poses, strict=True):
        fitted = fit_frame(pose, [state], framing)
        eased = smooth_step(float(t))
        unit = first.unit * (last.unit / first.unit) ** eased
        low, high = screen_box(fitted, [state])
        span = np.maximum(high - low, 1e-12)
        room = framing.room
        needed = fitted.unit * min(
            MIN_WIDTH_SHARE * room[0] / span[0], MIN_HEIGHT_SHARE * room[1] / span[1]
        )
        floor = max(needed * COVER_SLACK, track_share * fitted.unit)
        unit = float(np.clip(unit, min(floor, fitted.unit), fitted.unit))
        frame = SpaceFrame(pose, unit, fitted.look_at, fitted.target)
        while not _inside(frame, [state], framing):
            frame = SpaceFrame(pose, frame.unit * 0.99, frame.look_at, frame.target)
        path.append(frame)
    return tuple(path)
