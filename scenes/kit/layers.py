"""Still pictures of what does not move, painted over what does; drawing order in 3-D.

Manim's Cairo renderer keeps a still image of the mobjects that come before the first moving one
and draws everything after it again in every frame. What holds still *over* something moving is
drawn again in every frame: the overlays pinned over the plane (diagram, formula, legend: a
hundred glyphs, each its own Cairo path), or a 3-D surface over the ball's shadow on its floor.

The cameras here add two things to Manim's:

- a ``Snapshot``, a picture of mobjects taken once through the camera, is painted in their place
  with one Cairo paint (a fraction of a millisecond at 720p) instead of tracing each of them;
- in 3-D, mobjects marked ``Beneath`` are drawn first, before every shaded surface, whatever the
  angle (lines on the floor under a surface); Manim's own depth order draws them after every
  shaded face.

``still_runs`` finds, in a play's list of moving mobjects, the runs a snapshot can stand for.
"""

from __future__ import annotations

from collections.abc import Iterable

import cairo
import numpy as np
from manim import Camera, Mobject, ThreeDCamera, VMobject

__all__ = ["Beneath", "LayeredCamera", "LayeredThreeDCamera", "Snapshot", "still_runs"]


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
        self.picture = _picture(camera, list(mobjects))

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


def _picture(camera: Camera, mobjects: list[Mobject]) -> np.ndarray:
    """Draw ``mobjects`` through ``camera`` onto a transparent canvas of the frame's size."""
    frame = camera.pixel_array
    canvas = np.zeros_like(frame)
    camera.pixel_array = canvas
    try:
        camera.capture_mobjects(mobjects)
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


class _PaintsSnapshots:
    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context):
        if isinstance(vmobject, Snapshot):
            vmobject.paint(ctx)
            return self
        return super().display_vectorized(vmobject, ctx)


class LayeredCamera(_PaintsSnapshots, Camera):
    """Manim's camera, which also paints ``Snapshot``s."""


class LayeredThreeDCamera(_PaintsSnapshots, ThreeDCamera):
    """Manim's 3-D camera, which also draws ``Beneath`` mobjects first and paints ``Snapshot``s."""

    def get_mobjects_to_display(self, *args, **kwargs) -> list[Mobject]:
        mobjects = super().get_mobjects_to_display(*args, **kwargs)
        beneath = [m for m in mobjects if getattr(m, "beneath", False)]
        if not beneath:
            return mobjects
        return beneath + [m for m in mobjects if not getattr(m, "beneath", False)]
