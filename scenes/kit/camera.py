"""Where the camera looks at every moment of a network's story, planned before anything is drawn.

The drawn points are what the frame is for. :func:`plan_camera` reads the steps (nn_core's trace,
through :func:`scenes.kit.stages.layer_steps`) and returns a :class:`CameraPlan`: one
:class:`Shot` per step, the view at every moment of it. The rules:

- at every sampled moment of every step the points lie inside the usable region and fill a good
  part of it (:data:`MIN_WIDTH_SHARE` of its width or :data:`MIN_HEIGHT_SHARE` of its height);
- the camera may travel while a linear map or an activation moves the points (towards the view
  the next still moment needs), but stands still during a bias, so the translation is seen
  against the fixed background grid; where b is so large, next to the data, that a still view
  would shrink the points below the rule, the camera follows the points instead;
- the view after a layer's collapse onto the number line is the view of its bias, so the
  number line is drawn once for the bias; the readout (the boundary at the threshold, with room
  for its labels on both sides) keeps it. Where a still view of the story's last bias would
  leave the points at one side, much smaller than the readout's centred view, the collapse
  ends at the readout's scale instead and the camera follows that bias onto the readout's view
  (:func:`_ruler_view`): the ruler slides, and nothing re-zooms while the points stand still;
- no camera move while the points stand still, except where a 3-D scene asks for a view of its
  own (``fixed``) and the next flat step needs another.

Pure NumPy: no Manim object is made here, so the plan is tested without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scenes.kit.plane import PlaneView
from scenes.kit.stages import PlaneState, Step, smooth_step

__all__ = [
    "CHECK_TIMES",
    "CameraPlan",
    "Framing",
    "MIN_HEIGHT_SHARE",
    "MIN_WIDTH_SHARE",
    "Shot",
    "coverage",
    "drawn_points",
    "frame_states",
    "plan_camera",
    "travel",
]

# The points' bounding box on screen covers at least this share of the usable width, or ...
MIN_WIDTH_SHARE = 0.35
# ... at least this share of its height
MIN_HEIGHT_SHARE = 0.5
# Where the plan checks each step (a superset of the step log's SAMPLE_TIMES)
CHECK_TIMES = np.linspace(0.0, 1.0, 41)
# The number line's framing: room above the line for the boundary's value, below for its sides
LINE_MARGIN = 1.3
# The number line's outermost points keep this far from the region's sides (a line framed
# edge to edge put its last dots against the frame's edge, lift-3d's blue ones at 44-55 s)
LINE_END_ROOM = 0.5
# Beside the boundary on the number line, room for 'predict y = 0' and 'predict y = 1'
SIDE_ROOM = 2.0
# The camera holds still through a map if that keeps at least this much of the zoom the
# next still moment would be framed at
STILL_ENOUGH = 0.8
# Rising into the tall column mid-step, the zoom grows or shrinks by at most this factor
# from one checked moment to the next
COLUMN_GROWTH = 1.07
# ... and leaves this much of the column's top free, for an axis name above the points
COLUMN_HEADROOM = 0.4
# A little slack when a view is fitted, so rounding never puts a dot on the region's edge
FIT_SLACK = 0.995
# ... and a little more zoom than the share the rule asks
COVER_SLACK = 1.002


@dataclass(frozen=True)
class Framing:
    """Where the data may be drawn.

    ``region`` (scene x_min, x_max, y_min, y_max) is the usable rectangle (``None``: the whole
    frame less a margin, the origin kept at the frame's centre); ``dot_radius`` keeps dots whole
    inside it; ``max_unit`` is the zoom the plane prefers not to exceed (exceeded where the
    points would otherwise be too small); ``eye_distance`` draws a plane turning through space
    in perspective, as :class:`scenes.kit.plane.PlaneFigure` does.
    """

    region: tuple[float, float, float, float] | None
    dot_radius: float = 0.05
    max_unit: float = 1.0
    eye_distance: float | None = None
    frame_size: tuple[float, float] = (14.222222222222221, 8.0)
    tall: tuple[float, float, float, float] | None = None
    """A second usable rectangle (same form as ``region``) for shapes taller than wide: the free
    column between the corner panels, from the bottom panel to the frame's top. A moment is
    framed in whichever of the two shows its points larger; each rectangle's own width and
    height are what the points' share is measured against."""

    def alternatives(self) -> tuple[Framing, ...]:
        """The framings a moment may be drawn in: this one, and the ``tall`` column's."""
        if self.tall is None or self.region is None:
            return (self,)
        band = replace(self, tall=None)
        return (band, replace(band, region=self.tall))

    @property
    def room(self) -> tuple[float, float]:
        """The region's width and height: what the points' share of it is measured against."""
        x0, x1, y0, y1 = self.usable(2) if self.region is None else self.region
        return x1 - x0, y1 - y0

    def usable(self, dimension: int) -> tuple[float, float, float, float]:
        """The rectangle dot centres may use for a state of ``dimension`` (1: the number line,
        in the middle of the region with room above and below)."""
        if self.region is None:
            half_w, half_h = self.frame_size[0] / 2 - 0.4, self.frame_size[1] / 2 - 0.4
            x0, x1, y0, y1 = -half_w, half_w, -half_h, half_h
        else:
            x0, x1, y0, y1 = self.region
        r = self.dot_radius
        x0, x1, y0, y1 = x0 + r, x1 - r, y0 + r, y1 - r
        if dimension == 1 and self.region is not None:
            x0, x1 = x0 + LINE_END_ROOM, x1 - LINE_END_ROOM
            y0, y1 = y0 + LINE_MARGIN, y1 - LINE_MARGIN
        return x0, x1, y0, y1


@dataclass(frozen=True)
class Shot:
    """The camera through one step: the view at time ``t`` in [0, 1] is ``at(t)``.

    A still shot has ``start == end``. A travelling one goes through ``path``, its views at
    :data:`CHECK_TIMES` (zoom geometric and pan linear between two of them). A following shot
    (``follow``) pans at a constant zoom with the easing a bias moves the points with, so they
    hold their place on screen.
    """

    start: PlaneView
    end: PlaneView
    path: tuple[PlaneView, ...] = ()
    follow: bool = False

    @property
    def still(self) -> bool:
        return self.start == self.end and not self.path

    def at(self, t: float) -> PlaneView:
        if self.still or t <= 0.0:
            return self.start
        if t >= 1.0:
            return self.end
        if self.follow or not self.path:
            return self.start.toward(self.end, smooth_step(t))
        place = t * (len(self.path) - 1)
        index = min(int(place), len(self.path) - 2)
        return self.path[index].toward(self.path[index + 1], place - index)

    def views(self) -> list[PlaneView]:
        return [self.start, *self.path, self.end]


@dataclass(frozen=True)
class CameraPlan:
    """The camera for a whole story: ``input`` before the first step, ``shots[i]`` during step
    ``i``, ``moves[i]`` a camera step of its own before step ``i`` (``None``: none), and
    ``readout`` the framing of the number line with the boundary (equal to the last shot's end
    unless the last bias had to be followed)."""

    input: PlaneView
    shots: tuple[Shot, ...]
    moves: tuple[PlaneView | None, ...]
    readout: PlaneView | None = None
    number_line: PlaneView | None = None
    """The view the number line is drawn at: the view after the first step onto it."""

    def all_views(self) -> list[PlaneView]:
        views = [self.input, *(m for m in self.moves if m is not None)]
        views += [view for shot in self.shots for view in shot.views()]
        return views + ([self.readout] if self.readout is not None else [])

    @property
    def smallest_unit(self) -> float:
        return min(view.unit for view in self.all_views())


def drawn_points(view: PlaneView, state: PlaneState, framing: Framing) -> np.ndarray:
    """Where ``state``'s data points are drawn in ``view`` (scene x, y: ``(n, 2)``), in
    perspective when the plane has depth (a flip)."""
    scene = view.to_scene(state.points)
    if framing.eye_distance is not None:
        center = np.asarray(view.center)
        depth = scene[:, 2] - center[2]
        if np.any(depth):
            factor = framing.eye_distance / np.maximum(framing.eye_distance - depth, 1e-3)
            scene = center + (scene - center) * factor[:, None]
    return scene[:, :2]


def coverage(drawn: np.ndarray, framing: Framing) -> tuple[float, float]:
    """The share of the region's width and of its height that the bounding box of ``drawn``
    ``(n, 2)`` covers."""
    span = np.ptp(drawn, axis=0)
    room = framing.room
    return float(span[0] / room[0]), float(span[1] / room[1])


def _fits(view: PlaneView, state: PlaneState, framing: Framing) -> bool:
    """Whether ``state`` drawn in ``view`` lies inside the usable region and fills enough of it
    (a state whose points all coincide cannot fill anything: inside is enough); with a ``tall``
    column, inside either rectangle, filling enough of that one."""
    if framing.tall is not None:
        return any(_fits(view, state, one) for one in framing.alternatives())
    usable = framing.usable(state.dimension)
    drawn = drawn_points(view, state, framing)
    tolerance = 1e-9 * max(1.0, np.abs(drawn).max())
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    if low[0] < usable[0] - tolerance or high[0] > usable[1] + tolerance:
        return False
    if low[1] < usable[2] - tolerance or high[1] > usable[3] + tolerance:
        return False
    if framing.region is None:
        return True
    if np.ptp(state.points[:, :2], axis=0).max() < 1e-12:
        return True
    width, height = coverage(drawn, framing)
    if state.dimension == 1:
        return width >= MIN_WIDTH_SHARE - 1e-9
    return width >= MIN_WIDTH_SHARE - 1e-9 or height >= MIN_HEIGHT_SHARE - 1e-9


def frame_states(
    states: list[PlaneState], framing: Framing, *, extra: np.ndarray | None = None
) -> PlaneView:
    """The view that holds every point of ``states`` (and the plane points ``extra (k, 3)``)
    inside the usable region, centred in it, as large as ``framing.max_unit`` allows, or larger
    where the points would otherwise fill too little of it. In perspective the view shrinks
    until the nearer side of a turning plane fits too. With a ``tall`` column: the larger of
    the two rectangles' views, of those that hold every state."""
    if framing.tall is not None:
        ranked = []
        for one in framing.alternatives():
            view = frame_states(states, one, extra=extra)
            inside = not _any_outside(view, states, one)
            ranked.append((inside and _still_fits(view, states, one), inside, view.unit, view))
        return max(ranked, key=lambda rank: rank[:3])[3]
    dimension = max(state.dimension for state in states)
    if all(state.dimension == 1 for state in states):
        dimension = 1
    usable = framing.usable(dimension)
    points = np.vstack([state.points for state in states] + ([extra] if extra is not None else []))
    if framing.region is None:
        # the origin stays at the frame's centre (a data set shown on its own)
        extent = np.maximum(np.abs(points[:, :2]).max(axis=0), 1e-9)
        unit = min(framing.max_unit, usable[1] / extent[0], usable[3] / extent[1])
        return PlaneView(unit=float(unit))
    low, high = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    size = np.maximum(high - low, 1e-12)
    width, height = usable[1] - usable[0], usable[3] - usable[2]
    largest = min(width / size[0], height / size[1])
    if dimension == 1:
        # a line has no grid to keep readable: zoom as far as the values need
        unit = largest * FIT_SLACK
    else:
        # the points must fill a share of the width or of the height, whichever asks less zoom
        needed = min(
            MIN_WIDTH_SHARE * framing.room[0] / size[0],
            MIN_HEIGHT_SHARE * framing.room[1] / size[1],
        )
        unit = min(largest * FIT_SLACK, max(framing.max_unit, needed * COVER_SLACK))
    middle = np.array([(usable[0] + usable[1]) / 2, (usable[2] + usable[3]) / 2])
    view = _centred(unit, low, high, middle)
    if framing.eye_distance is not None and _any_outside(view, states, framing):
        # the near side of a plane turning through space is drawn larger: fit what is drawn
        view = _inside(unit, np.asarray(view.center[:2]), states, framing)
    return view


def _any_outside(view: PlaneView, states: list[PlaneState], framing: Framing) -> bool:
    for state in states:
        usable = framing.usable(state.dimension)
        drawn = drawn_points(view, state, framing)
        if drawn[:, 0].min() < usable[0] or drawn[:, 0].max() > usable[1]:
            return True
        if drawn[:, 1].min() < usable[2] or drawn[:, 1].max() > usable[3]:
            return True
    return False


def _centred(unit: float, low: np.ndarray, high: np.ndarray, middle: np.ndarray) -> PlaneView:
    origin = middle - unit * (low + high) / 2
    return PlaneView(unit=float(unit), center=(float(origin[0]), float(origin[1]), 0.0))


def _samples(step: Step) -> list[PlaneState]:
    return [step.at(float(t)) for t in CHECK_TIMES]


def _line_view(states: list[PlaneState], framing: Framing, threshold: float) -> PlaneView:
    """The readout's framing on the number line: every point of ``states`` and the boundary at
    ``threshold``, far enough from the region's edges for its labels on both sides."""
    mark = np.array([[threshold, 0.0, 0.0]])
    view = frame_states(states, framing, extra=mark)
    if framing.region is None:
        return view
    x = view.to_scene(mark[0])[0]
    region = framing.region
    narrower = (
        region[0] + max(0.0, SIDE_ROOM - (x - region[0])),
        region[1] - max(0.0, SIDE_ROOM - (region[1] - x)),
        region[2],
        region[3],
    )
    if narrower == tuple(region):
        return view
    narrow = Framing(narrower, framing.dot_radius, framing.max_unit, framing.eye_distance)
    return frame_states(states, narrow, extra=mark)


def travel(start: PlaneView, end: PlaneView, step: Step, framing: Framing) -> Shot:
    """A shot from ``start`` to ``end`` through ``step``: the camera eases from one to the
    other, except where that would let the points leave the region or shrink; there it zooms
    and pans just enough (:func:`_clamped`), so points that turn or shrink mid-step stay about
    as large, against the largest they could be drawn, as at the shot's two ends.

    With a ``tall`` column, each moment is framed in one of the two rectangles, changing at
    most twice (out into the column and back, say): of those paths, the one drawing the points
    largest among those whose camera never jumps (from one checked moment to the next) much
    more than the steadiest's.
    """
    states = _samples(step)
    options = [_travel_path(start, end, states, one) for one in framing.alternatives()]
    path = options[0]
    if len(options) == 2:
        path = _grown_into_column(_steady_and_large(options, states, framing), states, framing)
    if all(view == start for view in path):
        return Shot(start, start)
    return Shot(start, end, tuple(path))


def _travel_path(
    start: PlaneView, end: PlaneView, states: list[PlaneState], framing: Framing
) -> list[PlaneView]:
    """The views at :data:`CHECK_TIMES` from ``start`` to ``end`` through ``states``, each
    clamped in ``framing``'s one rectangle: at least the rule's share, and a share of the
    largest fitting zoom eased between the two ends' own (kept monotone, the way the shot
    zooms, so a shape that changes fast mid-step does not pull the camera in and back out)."""
    first = _fill_share(start, states[0], framing)
    last = _fill_share(end, states[-1], framing)
    eased = np.array([smooth_step(float(t)) for t in CHECK_TIMES])
    held = (first + eased * (last - first)) * [_largest_unit(s, framing) for s in states]
    # the floor only ever moves the way the shot zooms, so the camera never zooms in and out
    floors = (
        np.minimum.accumulate(held)
        if end.unit <= start.unit
        else np.minimum.accumulate(held[::-1])[::-1]
    )
    path = [
        _clamped(start.toward(end, float(e)), state, framing, float(floor))
        for e, state, floor in zip(eased, states, floors, strict=True)
    ]
    path[0], path[-1] = start, end
    return path


def _grown_into_column(
    path: list[PlaneView], states: list[PlaneState], framing: Framing
) -> list[PlaneView]:
    """``path`` zoomed in, about the bottom of the points' box, wherever their box stands
    inside the tall column's width: as far as the column's height lets them grow, but by at
    most :data:`COLUMN_GROWTH` from one checked moment to the next (so the points rise into
    the column and come back down without a jump), and not at the path's two ends."""
    column = replace(framing, tall=None, region=framing.tall)
    room = []
    for view, state in zip(path, states, strict=True):
        zoom = _column_room(drawn_points(view, state, framing), column.usable(state.dimension))
        grown = _zoomed(view, state, framing, zoom)
        fits = zoom > 1.0 and _fits(grown, state, column)
        room.append(np.log(zoom) if fits else 0.0)
    room[0] = room[-1] = 0.0
    # the largest growth under every moment's room that changes by at most the step's rate
    ticks = np.arange(len(room))
    rate = np.log(COLUMN_GROWTH)
    growth = [min(r + rate * abs(i - ticks[j]) for j, r in enumerate(room)) for i in ticks]
    return [
        _zoomed(view, state, framing, float(np.exp(g))) if g > 1e-9 else view
        for view, state, g in zip(path, states, growth, strict=True)
    ]


def _column_room(drawn: np.ndarray, usable: tuple[float, float, float, float]) -> float:
    """How much ``drawn`` may grow about the bottom middle of its box and stay inside
    ``usable``, :data:`COLUMN_HEADROOM` under its top (1: not at all, or it is not inside to
    begin with)."""
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    x0, x1, y0, y1 = np.asarray(usable) + [-1e-6, 1e-6, -1e-6, 1e-6]
    if low[0] < x0 or high[0] > x1 or low[1] < y0 or high[1] > y1:
        return 1.0
    middle = (low[0] + high[0]) / 2
    half = max((high[0] - low[0]) / 2, 1e-9)
    limits = [
        (middle - usable[0]) / half,
        (usable[1] - middle) / half,
        (usable[3] - COLUMN_HEADROOM - low[1]) / max(high[1] - low[1], 1e-9),
    ]
    return max(1.0, float(min(limits)))


def _zoomed(view: PlaneView, state: PlaneState, framing: Framing, zoom: float) -> PlaneView:
    """``view`` zoomed by ``zoom`` about the bottom middle of ``state``'s drawn box."""
    drawn = drawn_points(view, state, framing)
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    fixed = np.array([(low[0] + high[0]) / 2, low[1]])
    center = fixed + zoom * (np.asarray(view.center[:2]) - fixed)
    return PlaneView(unit=view.unit * zoom, center=(float(center[0]), float(center[1]), 0.0))


def _largest_unit(state: PlaneState, framing: Framing) -> float:
    """The largest zoom at which ``state``'s points fit the usable region."""
    usable = framing.usable(state.dimension)
    size = np.maximum(np.ptp(state.points[:, :2], axis=0), 1e-12)
    return FIT_SLACK * min((usable[1] - usable[0]) / size[0], (usable[3] - usable[2]) / size[1])


def _fill_share(view: PlaneView, state: PlaneState, framing: Framing) -> float:
    """How much of the largest zoom that fits ``state`` in the region ``view`` has (at most 1;
    0 for points that all coincide, which fill nothing)."""
    if np.ptp(state.points[:, :2], axis=0).max() < 1e-9:
        return 0.0
    return min(1.0, view.unit / _largest_unit(state, framing))


def _steady_and_large(
    options: list[list[PlaneView]], states: list[PlaneState], framing: Framing
) -> list[PlaneView]:
    """Of the paths taking each moment from one of the two ``options`` (changing at most
    twice), the one drawing the points largest (mean log of their box's larger side) among
    those whose largest camera jump is within 0.05 of the steadiest's."""
    drawn = [[drawn_points(v, s, framing) for v, s in zip(o, states, strict=True)] for o in options]
    before = [
        [drawn_points(v, s, framing) for v, s in zip(o, states[1:], strict=False)] for o in options
    ]
    # jumps[a][b][i]: the camera's own move from moment i in option a to moment i + 1 in b
    jumps = np.array(
        [
            [
                [np.abs(d - p).mean() for d, p in zip(drawn[b][1:], before[a], strict=True)]
                for b in (0, 1)
            ]
            for a in (0, 1)
        ]
    )
    sizes = np.log(np.maximum([[np.ptp(d, axis=0).max() for d in o] for o in drawn], 1e-9))
    count = len(states)
    choices = [np.zeros(count, dtype=int)]
    for first in range(1, count):
        for second in range(first + 1, count + 1):
            choice = np.zeros(count, dtype=int)
            choice[first:second] = 1
            choices += [choice, 1 - choice]
    steps = np.arange(count - 1)
    worst = np.array([jumps[c[:-1], c[1:], steps].max() for c in choices])
    size = np.array([sizes[c, np.arange(count)].mean() for c in choices])
    size[worst > worst.min() + 0.05] = -np.inf
    best = choices[int(np.argmax(size))]
    return [options[c][i] for i, c in enumerate(best)]


def _clamped(
    view: PlaneView,
    state: PlaneState,
    framing: Framing,
    floor: float = 0.0,
) -> PlaneView:
    """``view``, zoomed (about the region's middle) and panned as little as needed for
    ``state`` to lie inside the usable region and fill enough of it: the rule's share, and at
    least the zoom ``floor``, never beyond the largest that fits; with a ``tall`` column, in
    whichever rectangle leaves the points drawn nearest to where ``view`` draws them."""
    if framing.tall is not None:
        natural = drawn_points(view, state, framing)

        def moved(option: PlaneView) -> float:
            return float(np.abs(drawn_points(option, state, framing) - natural).mean())

        options = [_clamped(view, state, one, floor) for one in framing.alternatives()]
        return min(options, key=moved)
    usable = framing.usable(state.dimension)
    middle = np.array([(usable[0] + usable[1]) / 2, (usable[2] + usable[3]) / 2])
    size = np.maximum(np.ptp(state.points[:, :2], axis=0), 1e-12)
    largest = _largest_unit(state, framing)
    if framing.region is None or size.max() < 1e-9:
        needed = 0.0
    elif state.dimension == 1:
        needed = MIN_WIDTH_SHARE * framing.room[0] / size[0]
    else:
        needed = min(
            MIN_WIDTH_SHARE * framing.room[0] / size[0],
            MIN_HEIGHT_SHARE * framing.room[1] / size[1],
        )
    unit = min(max(view.unit, needed * COVER_SLACK, floor), largest)
    looked_at = view.to_coords(np.array([*middle, 0.0]))[:2]
    return _inside(unit, middle - unit * looked_at, [state], framing)


def _inside(
    unit: float, center: np.ndarray, states: list[PlaneState], framing: Framing
) -> PlaneView:
    """The view at ``unit`` and ``center``, panned by what the drawn points overflow the
    usable region; zoomed out a little at a time while they cannot fit (a plane turning
    through space, drawn larger on its near side)."""
    usable = [framing.usable(state.dimension) for state in states]
    lows = np.array([[u[0], u[2]] for u in usable]).max(axis=0)
    highs = np.array([[u[1], u[3]] for u in usable]).min(axis=0)
    for _ in range(60):
        view = PlaneView(unit=float(unit), center=(float(center[0]), float(center[1]), 0.0))
        drawn = np.vstack([drawn_points(view, state, framing) for state in states])
        low, high = drawn.min(axis=0), drawn.max(axis=0)
        if np.all(high - low <= highs - lows + 1e-12):
            shift = np.maximum(0.0, lows - low) - np.maximum(0.0, high - highs)
            center = np.asarray(center[:2]) + shift
            return PlaneView(unit=float(unit), center=(float(center[0]), float(center[1]), 0.0))
        looked_at = (lows + highs) / 2
        coords = (looked_at - np.asarray(center[:2])) / unit
        unit *= 0.97
        center = looked_at - unit * coords
    return view


def _still_fits(view: PlaneView, states: list[PlaneState], framing: Framing) -> bool:
    return all(_fits(view, state, framing) for state in states)


def plan_camera(
    steps: list[Step],
    framing: Framing,
    *,
    threshold: float | None = None,
    fixed: dict[int, PlaneView] | None = None,
    arriving: bool = False,
) -> CameraPlan:
    """The camera through ``steps`` (see the module's rules).

    ``threshold``: where the boundary goes on the final number line (the readout's framing is
    then planned with the last layer's bias). ``fixed``: steps (by index) that a 3-D scene frames
    itself, still, in the view given. ``arriving``: the camera comes to these steps from
    elsewhere (down from space), so its first view frames the whole first still moment (a
    bias's whole way), not only the state it starts from.
    """
    fixed = fixed or {}
    if arriving:
        current = start_view = _phase_view(steps, 0, framing, threshold, fixed)
    else:
        current = start_view = frame_states([steps[0].start], framing)
    shots: list[Shot] = []
    moves: list[PlaneView | None] = []
    number_line: PlaneView | None = None
    for index, step in enumerate(steps):
        move = None
        if index in fixed:
            shot = Shot(fixed[index], fixed[index])
            move = fixed[index] if fixed[index] != current else None
        else:
            own = _phase_view(steps, index, framing, threshold, fixed)
            after_fixed = index - 1 in fixed and current.unit < STILL_ENOUGH * own.unit
            if after_fixed or not _fits(current, step.start, framing):
                # after a 3-D step, a flat one starts elsewhere: a camera step of its own
                move = current = own
            samples = _samples(step)
            if step.kind == "bias":
                still = _still_fits(current, samples, framing)
                shot = Shot(current, current) if still else _follow(current, step)
            else:
                phase = _phase_states(steps, index + 1, fixed)
                final = _is_final(steps, index + 1, threshold)
                target = _phase_view(steps, index + 1, framing, threshold, fixed)
                still = (
                    _still_fits(current, samples + phase, framing)
                    and (not final or _holds_boundary(current, phase[-1], framing, threshold))
                    # a still camera that leaves the points much smaller than the next still
                    # moment's own framing would is not worth it
                    and current.unit >= STILL_ENOUGH * target.unit
                )
                shot = Shot(current, current) if still else travel(current, target, step, framing)
        moves.append(move)
        shots.append(shot)
        current = shot.end
        if number_line is None and step.end.dimension == 1:
            number_line = current
    readout = None
    if threshold is not None and steps[-1].end.dimension == 1:
        readout = current
        # the last bias was seen against a still ruler, which leaves the points at one side:
        # before the boundary, the camera centres them where that makes them much larger
        centred = _line_view([steps[-1].end], framing, threshold)
        off_centre = current.unit < STILL_ENOUGH * centred.unit
        if off_centre or not _holds_boundary(current, steps[-1].end, framing, threshold):
            readout = centred
    return CameraPlan(
        input=start_view,
        shots=tuple(shots),
        moves=tuple(moves),
        readout=readout,
        number_line=number_line,
    )


def _holds_boundary(
    view: PlaneView, state: PlaneState, framing: Framing, threshold: float | None
) -> bool:
    """Whether ``view`` shows ``state`` on the number line and the boundary at ``threshold``
    with room for its labels."""
    if not _fits(view, state, framing):
        return False
    if framing.region is None or threshold is None:
        return True
    x = view.to_scene(np.array([threshold, 0.0, 0.0]))[0]
    region = framing.region
    return region[0] + SIDE_ROOM - 1e-6 <= x <= region[1] - SIDE_ROOM + 1e-6


def _phase_states(steps: list[Step], index: int, fixed: dict[int, PlaneView]) -> list[PlaneState]:
    """The states the camera holds still for from step ``index`` on: every moment of a bias,
    or, before a step that may travel (or at the story's end), the state it starts from."""
    if index < len(steps) and index not in fixed and steps[index].kind == "bias":
        return _samples(steps[index])
    return [steps[index].start if index < len(steps) else steps[-1].end]


def _is_final(steps: list[Step], index: int, threshold: float | None) -> bool:
    """Whether the still moment from step ``index`` on is the story's last, on the number line,
    where the readout's boundary goes."""
    if threshold is None or steps[-1].end.dimension != 1:
        return False
    return index >= len(steps) or (index == len(steps) - 1 and steps[index].kind == "bias")


def _phase_view(
    steps: list[Step],
    index: int,
    framing: Framing,
    threshold: float | None,
    fixed: dict[int, PlaneView],
) -> PlaneView:
    """The view for the still moment from step ``index`` on: a bias's whole way (with the
    readout's boundary when it ends the story on the number line, unless :func:`_ruler_view`
    has the camera follow it at the readout's scale), or, where a still view would shrink the
    points below the rule, the state the bias starts from (it is then followed)."""
    states = _phase_states(steps, index, fixed)
    if _is_final(steps, index, threshold):
        view = _line_view(states, framing, threshold)
        if _still_fits(view, states, framing):
            if index < len(steps) and index not in fixed:
                return _ruler_view(steps[index], view, framing, threshold)
            return view
    view = frame_states(states, framing)
    if _still_fits(view, states, framing):
        return view
    return frame_states(states[:1], framing)


def _ruler_view(
    bias: Step, still: PlaneView, framing: Framing, threshold: float | None
) -> PlaneView:
    """Where the camera is as the story's last ``bias`` starts on the number line:
    ``still``, the view that holds the bias's whole way and the boundary, unless that leaves
    the points much smaller than the readout's centred framing would; then the readout's
    scale, the points drawn where the readout will draw them, so the ruler is made once at
    its final scale and the camera follows the bias (:func:`_follow`) onto the readout's view,
    never re-zooming while the points stand still."""
    centred = _line_view([bias.end], framing, threshold)
    if still.unit >= STILL_ENOUGH * centred.unit:
        return still
    shift = bias.end.points[0] - bias.start.points[0]
    center = np.asarray(centred.center) + centred.unit * shift
    return PlaneView(unit=centred.unit, center=(float(center[0]), float(center[1]), 0.0))


def _follow(start: PlaneView, step: Step) -> Shot:
    """A bias too large for a still view: the camera pans with the points at ``start``'s zoom,
    so they hold their place on screen while the background grid shows the move."""
    shift = step.end.points[0] - step.start.points[0]
    center = np.asarray(start.center) - start.unit * shift
    end = PlaneView(unit=start.unit, center=(float(center[0]), float(center[1]), 0.0))
    return Shot(start, end, follow=True)
