"""Still pictures of what does not move, painted over what does; drawing order in 3-D.

Manim's Cairo renderer keeps a still image of the mobjects that come before the first moving one
and draws everything after it again in every frame. What holds still *over* something moving is
drawn again in every frame: the overlays pinned over the plane (diagram, formula, legend: a
hundred glyphs, each its own Cairo path), or a 3-D surface over the ball's shadow on its floor.

The cameras here add three things to Manim's:

- a ``Snapshot``, a picture of mobjects taken once through the camera, is painted in their place
  with one Cairo paint (a fraction of a millisecond at 720p) instead of tracing each of them;
- in 3-D, mobjects marked ``Beneath`` are drawn first, before every shaded surface, whatever the
  angle (lines on the floor under a surface); Manim's own depth order draws them after every
  shaded face;
- a vectorized mobject's path is handed to Cairo curve by curve from C (``trace_path``) instead
  of a Python loop that indexes NumPy for every coordinate: the same calls in the same order, so
  the same pixels, for a fraction of the time (a tanh-bent grid is thousands of curves a frame);
- what a frame derives from a mobject's points is kept (``PointsMemo``) and used again while
  they are unchanged: its Cairo path (a still mobject drawn over a moving one is traced again
  in every frame), and in 3-D its projection while the camera holds still, its shaded colours
  (the light does not move with the camera) and the point it is sorted by. Same pixels.

``still_runs`` finds, in a play's list of moving mobjects, the runs a snapshot can stand for.
"""

from __future__ import annotations

import gc
import math
import weakref
from collections import deque
from collections.abc import Callable, Hashable, Iterable

import cairo
import numpy as np
from manim import Camera, Mobject, ThreeDCamera, VMobject

__all__ = [
    "Beneath",
    "LayeredCamera",
    "LayeredThreeDCamera",
    "PointsMemo",
    "Snapshot",
    "closed_subpaths",
    "draws_nothing",
    "drawn_look",
    "few_curve_runs",
    "snapshot_drawable",
    "still_runs",
    "trace_path",
]


class Beneath:
    """Mix-in: drawn before every other mobject of the 3-D scene (e.g. lines on the floor)."""

    beneath = True


class Snapshot(VMobject):
    """``mobjects`` as ``camera`` shows them now, taken once: the camera paints the picture where
    they were, so it stands for them only while neither they nor the camera move.

    The picture is premultiplied ARGB over a transparent background, the format Manim's Cairo
    camera draws in, so painting it over a frame gives what drawing the mobjects there gives.
    """

    def __init__(self, camera: Camera, mobjects: Iterable[Mobject]) -> None:
        super().__init__()
        # one point, so that Manim hands the snapshot to the camera like any vectorized mobject
        self.set_points(np.zeros((4, 3)))
        # the members themselves, not their families: a member's submobject may be in the
        # play's draw list elsewhere (another z level), drawn there
        self.drawn = [m for m in mobjects if m.has_points()]
        """What the picture shows, in the order the camera draws it."""
        self.look = drawn_look(self.drawn)
        self.picture = _picture(camera, self.drawn)

    def still_true(self) -> bool:
        """Whether the mobjects still look as in the picture (nothing changed them in place)."""
        return drawn_look(self.drawn) == self.look

    def paint(self, context: cairo.Context) -> None:
        height, width = self.picture.shape[:2]
        source = cairo.ImageSurface.create_for_data(
            self.picture.data, cairo.FORMAT_ARGB32, width, height
        )
        context.save()
        context.identity_matrix()
        context.set_source_surface(source, 0, 0)
        context.paint()
        context.restore()


def drawn_look(vmobjects: list[VMobject]) -> list[tuple]:
    """Everything Manim's Cairo camera reads to draw ``vmobjects``: a snapshot of them is true
    exactly while this is unchanged (in a camera that does not move)."""
    return [
        (
            id(m),
            m.points.tobytes(),
            m.fill_rgbas.tobytes(),
            m.stroke_rgbas.tobytes(),
            m.background_stroke_rgbas.tobytes(),
            m.stroke_width,
            m.background_stroke_width,
            m.sheen_factor,
            tuple(np.asarray(m.sheen_direction).tolist()),
            m.joint_type,
            m.cap_style,
        )
        for m in vmobjects
    ]


def draws_nothing(vmobject: VMobject) -> bool:
    """Whether drawing ``vmobject`` leaves every pixel as it was: its fill and both its strokes
    wholly transparent (or the strokes of no width). Manim would still trace its path and paint
    transparent colour over it, which changes nothing: a hidden label, a basis arrow faded out,
    a ``VectorizedPoint``. A 3-D camera's shading changes colours, never their opacity."""
    return not (
        vmobject.get_fill_rgbas()[:, 3].any()
        or _stroke_shows(vmobject, background=False)
        or _stroke_shows(vmobject, background=True)
    )


def _stroke_shows(vmobject: VMobject, background: bool) -> bool:
    return vmobject.get_stroke_width(background) > 0 and bool(
        vmobject.get_stroke_rgbas(background)[:, 3].any()
    )


def snapshot_drawable(mobjects: Iterable[Mobject]) -> bool:
    """Whether a snapshot can stand for ``mobjects``: vectorized, no background image."""
    return all(
        isinstance(m, VMobject) and m.background_image is None for m in mobjects if m.has_points()
    )


def _picture(camera: Camera, mobjects: list[Mobject]) -> np.ndarray:
    """Draw ``mobjects`` (not their families) through ``camera`` onto a transparent canvas of
    the frame's size."""
    frame = camera.pixel_array
    canvas = np.zeros_like(frame)
    camera.pixel_array = canvas
    try:
        camera.capture_mobjects(mobjects, include_submobjects=False)
    finally:
        camera.pixel_array = frame
        # the camera caches a Cairo context per array id; this array's id may be reused
        camera.pixel_array_to_cairo_context.pop(id(canvas), None)
    return canvas


def still_runs(moving: list[Mobject], still: set[int]) -> list[Mobject | list[Mobject]]:
    """``moving`` (a play's flat draw list) with each run of consecutive members whose id is in
    ``still`` gathered into a list, the order kept: each list can be drawn as one snapshot."""
    runs: list[Mobject | list[Mobject]] = []
    for mobject in moving:
        if id(mobject) not in still:
            runs.append(mobject)
        elif runs and isinstance(runs[-1], list):
            runs[-1].append(mobject)
        else:
            runs.append([mobject])
    return runs


def closed_subpaths(points: np.ndarray, bounds: np.ndarray, tolerance: float) -> np.ndarray:
    """Per subpath ``bounds[i] = (start, end)`` of ``points``, whether its first and last points
    coincide in x and y: ``VMobject.consider_points_equals_2d`` for all of them at once."""
    first, last = points[bounds[:, 0], :2], points[bounds[:, 1] - 1, :2]
    difference = np.abs(first - last)
    close = (first == last) | (
        (difference <= tolerance + 1e-5 * np.abs(last)) & np.isfinite(difference)
    )
    return close.all(axis=1)


# up to this many curves (a glyph has a dozen or two), a mobject's runs of joined curves are
# found in plain Python: NumPy's cost per call is that of a hundred curves
FEW_CURVES = 64


def _coincide(a: float, b: float, tolerance: float) -> bool:
    """``np.isclose(a, b, atol=tolerance)`` for two floats, as Manim compares anchors."""
    if a == b:
        return True
    difference = abs(a - b)
    return difference <= tolerance + 1e-5 * abs(b) and math.isfinite(difference)


def few_curve_runs(
    start_x: list[float],
    start_y: list[float],
    end_x: list[float],
    end_y: list[float],
    tolerance: float,
) -> list[tuple[int, int, bool]]:
    """The runs of joined curves, given each curve's start and end anchor: per run its first
    curve, the curve after its last and whether it ends where it began. What
    ``VMobject.get_subpath_split_indices_from_points`` (``n_dims=2``) and ``closed_subpaths``
    give, the same float arithmetic one number at a time."""
    firsts = [0] + [
        curve
        for curve in range(1, len(start_x))
        if not (
            _coincide(end_x[curve - 1], start_x[curve], tolerance)
            and _coincide(end_y[curve - 1], start_y[curve], tolerance)
        )
    ]
    ends = [*firsts[1:], len(start_x)]
    return [
        (
            first,
            end,
            _coincide(start_x[first], end_x[end - 1], tolerance)
            and _coincide(start_y[first], end_y[end - 1], tolerance),
        )
        for first, end in zip(firsts, ends, strict=True)
    ]


def trace_path(ctx: cairo.Context, vmobject: VMobject, points: np.ndarray) -> bool:
    """Set ``ctx``'s path to ``points`` (``vmobject``'s points as the camera shows them), as
    Manim's ``Camera.set_cairo_context_path`` does: a sub-path per run of joined curves, closed
    where it ends where it began. The curves of a sub-path go to Cairo through ``map``, so no Python
    code runs per curve. False (nothing done) for points that are not whole cubic curves,
    which Manim's own tracing handles."""
    per_curve = vmobject.n_points_per_cubic_curve
    if per_curve != 4 or len(points) % 4:
        return False
    ctx.new_path()
    if len(points) == 0:
        return True
    curves = points[:, :2].reshape(-1, 8)
    tolerance = vmobject.tolerance_for_point_equality
    move_to, curve_to, close_path = ctx.move_to, ctx.curve_to, ctx.close_path
    # The lists below are freed as soon as the path is set: no garbage cycle to find, but
    # enough allocations to set off the collector, which in a scene's heap of many mobjects
    # costs more than the tracing itself.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # per curve: start anchor x and y, then the arguments of curve_to (handles, end anchor)
        start_x, start_y, *controls = curves.T.tolist()
        if len(curves) <= FEW_CURVES:
            runs = few_curve_runs(start_x, start_y, controls[4], controls[5], tolerance)
        else:
            bounds = vmobject.get_subpath_split_indices_from_points(points, n_dims=2)
            closed = closed_subpaths(points, bounds, tolerance).tolist()
            runs = [
                (start, end, close)
                for (start, end), close in zip((bounds // 4).tolist(), closed, strict=True)
            ]
        for start, end, close in runs:
            # move_to begins a sub-path itself (Cairo's new_sub_path is part of it)
            move_to(start_x[start], start_y[start])
            if end - start == 1:  # a dot: one curve
                curve_to(*[column[start] for column in controls])
            else:
                deque(map(curve_to, *[column[start:end] for column in controls]), maxlen=0)
            if close:
                close_path()
    finally:
        if collecting:
            gc.enable()
    return True


# at most this many values kept per mobject (path, projection, colours, gradients)
MEMO_PURPOSES = 12


class PointsMemo:
    """Per mobject and purpose, a value computed from arrays (its points, a colour, the camera's
    angles), kept and handed out again while those arrays hold the same numbers. The arrays are
    compared, not trusted by identity: Manim changes points in place (``shift``)."""

    def __init__(self) -> None:
        self._entries: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(
        self, mobject: Mobject, purpose: Hashable, arrays: tuple[np.ndarray, ...], compute: Callable
    ):
        kept = self._entries.setdefault(mobject, {})
        if len(kept) > MEMO_PURPOSES:  # e.g. a gradient for each colour of a fade
            kept.clear()
        entry = kept.get(purpose)
        if entry is not None and all(
            np.array_equal(old, new) for old, new in zip(entry[0], arrays, strict=True)
        ):
            return entry[1]
        value = compute()
        kept[purpose] = (tuple(np.array(a, copy=True) for a in arrays), value)
        return value


class _PaintsSnapshots:
    turning = False
    """Whether the camera's pose changed since the frame before (only a 3-D camera turns)."""
    capturing = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memo = PointsMemo()

    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context):
        if isinstance(vmobject, Snapshot):
            if vmobject.still_true():
                vmobject.paint(ctx)
            else:  # something changed them in place: drawn as they are now
                for member in vmobject.drawn:
                    super().display_vectorized(member, ctx)
            return self
        if draws_nothing(vmobject):
            return self
        return super().display_vectorized(vmobject, ctx)

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject: VMobject):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        if len(points) == 0:
            return super().set_cairo_context_path(ctx, vmobject)
        if self.turning:  # every point moves on screen: nothing to keep
            if not trace_path(ctx, vmobject, points):
                return super().set_cairo_context_path(ctx, vmobject)
            return self
        # Cairo keeps a path in device space: taken and given back there, it is the same path
        matrix = ctx.get_matrix()
        path = self.memo.get(
            vmobject,
            "path",
            (points, np.array(tuple(matrix))),
            lambda: _device_path(ctx, vmobject, points),
        )
        if path is None:  # not whole cubic curves: Manim's own tracing
            return super().set_cairo_context_path(ctx, vmobject)
        ctx.new_path()
        ctx.identity_matrix()
        ctx.append_path(path)
        ctx.set_matrix(matrix)
        return self


def _device_path(ctx: cairo.Context, vmobject: VMobject, points: np.ndarray) -> cairo.Path | None:
    """``points`` traced on ``ctx`` (``trace_path``), the path copied out in device space; None
    where ``trace_path`` cannot trace them."""
    if not trace_path(ctx, vmobject, points):
        return None
    matrix = ctx.get_matrix()
    ctx.identity_matrix()
    path = ctx.copy_path()
    ctx.set_matrix(matrix)
    return path


class LayeredCamera(_PaintsSnapshots, Camera):
    """Manim's camera, which also paints ``Snapshot``s."""


class LayeredThreeDCamera(_PaintsSnapshots, ThreeDCamera):
    """Manim's 3-D camera, which also draws ``Beneath`` mobjects first and paints ``Snapshot``s."""

    projected_together: dict[int, tuple] = {}

    def get_mobjects_to_display(self, *args, **kwargs) -> list[Mobject]:
        # ThreeDCamera's depth order, each shaded mobject's reference point kept while its
        # points are unchanged (its centre: the bounds of all its points, in every frame)
        mobjects = Camera.get_mobjects_to_display(self, *args, **kwargs)
        rotation = self.get_rotation_matrix()

        def depth(mobject: Mobject) -> float:
            if not getattr(mobject, "shade_in_3d", False):
                return np.inf
            return np.dot(self.depth_reference(mobject), rotation.T)[2]

        mobjects = sorted(mobjects, key=depth)
        if self.turning and self.capturing:
            self.projected_together = self.project_together(mobjects)
        beneath = [m for m in mobjects if getattr(m, "beneath", False)]
        if not beneath:
            return mobjects
        return beneath + [m for m in mobjects if not getattr(m, "beneath", False)]

    def project_together(self, mobjects: list[Mobject]) -> dict[int, tuple]:
        """While the camera turns every point moves on screen: the points of all of a frame's
        mobjects projected in one go (a surface is hundreds of faces, each projected on its
        own before), per mobject id its points array and their projection. NumPy's product
        gives each row the same numbers either way; a lone point goes through another routine
        and a mobject fixed to the frame is placed otherwise, so those are left out."""
        members = [
            m
            for m in mobjects
            if len(m.points) > 1
            and m not in self.fixed_in_frame_mobjects
            and m not in self.fixed_orientation_mobjects
            and np.isfinite(m.points).all()
        ]
        if not members:
            return {}
        projected = self.project_points(np.concatenate([m.points for m in members]))
        ends = np.cumsum([len(m.points) for m in members])[:-1]
        parts = np.split(projected, ends)
        return {id(m): (m.points, part) for m, part in zip(members, parts, strict=True)}

    def capture_mobjects(self, mobjects: Iterable[Mobject], **kwargs) -> None:
        self.reset_rotation_matrix()
        pose, before = self.pose(), getattr(self, "posed", None)
        self.turning = before is not None and not np.array_equal(pose, before)
        self.posed = pose
        # kept projections are used while capturing only: a scene may turn the camera and ask
        # where a point lands before the next frame
        self.capturing = True
        try:
            Camera.capture_mobjects(self, mobjects, **kwargs)
        finally:
            self.capturing = False
            self.projected_together = {}

    def depth_reference(self, mobject: Mobject) -> np.ndarray:
        """``mobject.get_z_index_reference_point()``, kept while a lone mobject's points hold."""
        if mobject.submobjects or getattr(mobject, "z_index_group", mobject) is not mobject:
            return mobject.get_z_index_reference_point()
        return self.memo.get(
            mobject, "depth", (mobject.points,), mobject.get_z_index_reference_point
        )

    def transform_points_pre_display(self, mobject: Mobject, points: np.ndarray) -> np.ndarray:
        """The projection of a mobject's own points, kept while they and the camera hold still;
        while it turns, the frame's projection of them all (``project_together``)."""
        together = self.projected_together.get(id(mobject)) if self.turning else None
        if together is not None and together[0] is points and self.capturing:
            return together[1]
        if (
            self.turning
            or not self.capturing
            or points is not mobject.points
            or mobject in self.fixed_in_frame_mobjects
            or mobject in self.fixed_orientation_mobjects
        ):
            return super().transform_points_pre_display(mobject, points)
        return self.memo.get(
            mobject,
            "projected",
            (points, self.posed),
            lambda: super(LayeredThreeDCamera, self).transform_points_pre_display(mobject, points),
        )

    def pose(self) -> np.ndarray:
        """Everything the projection reads of the camera."""
        return np.array(
            [
                *self.get_rotation_matrix().ravel(),
                self.get_focal_distance(),
                self.get_zoom(),
                *self.frame_center,
                self.exponential_projection,
            ],
            dtype=float,
        )

    def set_cairo_context_color(self, ctx: cairo.Context, rgbas: np.ndarray, vmobject: VMobject):
        """A shaded face's gradient (between two of its corners, as the camera sees them), kept
        while its points, its colours and the camera hold."""
        if (
            self.turning
            or not self.capturing
            or len(rgbas) == 1
            or not getattr(vmobject, "shade_in_3d", False)
            or vmobject in self.fixed_in_frame_mobjects
            or vmobject in self.fixed_orientation_mobjects
        ):
            return super().set_cairo_context_color(ctx, rgbas, vmobject)

        def gradient() -> cairo.Pattern:
            super(LayeredThreeDCamera, self).set_cairo_context_color(ctx, rgbas, vmobject)
            return ctx.get_source()

        ctx.set_source(
            self.memo.get(
                vmobject, ("gradient", rgbas.tobytes()), (vmobject.points, self.posed), gradient
            )
        )
        return self

    def get_fill_rgbas(self, vmobject: VMobject) -> np.ndarray:
        return self._shaded("fill", vmobject, vmobject.get_fill_rgbas())

    def get_stroke_rgbas(self, vmobject: VMobject, background: bool = False) -> np.ndarray:
        purpose = "background stroke" if background else "stroke"
        return self._shaded(purpose, vmobject, vmobject.get_stroke_rgbas(background))

    def _shaded(self, purpose: str, vmobject: VMobject, rgbas: np.ndarray) -> np.ndarray:
        """``modified_rgbas``, kept while the mobject's points, colours and the light hold: the
        shading depends on them only, not on where the camera looks from."""
        if not (self.should_apply_shading and vmobject.shade_in_3d and vmobject.has_points()):
            return self.modified_rgbas(vmobject, rgbas)
        return self.memo.get(
            vmobject,
            purpose,
            (vmobject.points, rgbas, self.light_source.points),
            lambda: self.modified_rgbas(vmobject, rgbas),
        )
