"""Cameras that draw what did not change since the last frame from a cached picture.

A frame costs what Cairo traces. In a story scene most of what is on screen holds still for
seconds at a time (the formula, the diagram, the legend, the running expression, the number line)
while the plane under them moves; Manim's own static image only covers mobjects *below* the
first moving one, and pinned overlays sit above the plane, so Manim traces every glyph of them
again in every frame. These cameras split each frame's draw list into runs by the scene-level
mobject each piece belongs to, and a run whose pieces drew the same picture in the previous
frame (same mobjects, same points, colours and widths, and, outside the frame-fixed overlays
of a 3-D scene, the same camera) is traced once into a transparent layer and from then on only
composited: one Cairo paint instead of a path per glyph.

Nothing has to declare itself static: a run that changes is drawn directly, exactly as Manim
draws it, and a run that changes back is traced again. Only vectorized mobjects are layered
(images and point clouds are drawn as Manim draws them).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable

import cairo
import numpy as np
from manim import Camera, Mobject, ThreeDCamera, VMobject

__all__ = ["LayeredCamera", "LayeredThreeDCamera", "enabled"]

# What a vectorized mobject's picture is made of, besides the camera: arrays, then numbers
_RENDER_ARRAYS = ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")
_RENDER_VALUES = ("stroke_width", "background_stroke_width", "sheen_factor", "z_index")


def _fingerprint(mobject: VMobject) -> tuple:
    """What a mobject's picture depends on, cheaply: its identity, a checksum of its arrays and
    its widths."""
    checksum = 0
    shapes = []
    for name in _RENDER_ARRAYS:
        value = getattr(mobject, name)
        shapes.append(value.shape)
        checksum = zlib.crc32(value if value.flags.c_contiguous else value.tobytes(), checksum)
    values = [getattr(mobject, name, None) for name in _RENDER_VALUES]
    values = [v.tobytes() if isinstance(v, np.ndarray) else v for v in values]
    direction = np.asarray(mobject.sheen_direction, dtype=np.float64).tobytes()
    return (id(mobject), checksum, tuple(shapes), *values, direction)


class _Layer:
    """One run's picture: a transparent ARGB surface and the pixel box it covers."""

    def __init__(self, pixels: np.ndarray, box: tuple[int, int, int, int]) -> None:
        self.pixels = pixels
        self.box = box
        height, width = pixels.shape[:2]
        self.surface = cairo.ImageSurface.create_for_data(
            pixels.data, cairo.FORMAT_ARGB32, width, height
        )


class _LayeredMixin:
    """Keeps the previous frame's runs and their pictures (see the module's docstring)."""

    def _layer_state(self) -> dict:
        if not hasattr(self, "_netplane_layers"):
            self._netplane_layers = {"previous": {}, "pictures": {}}
        return self._netplane_layers

    def camera_key(self, members: list[Mobject]) -> tuple:
        """What else a run's picture depends on: where the camera is."""
        return (tuple(np.round(self.frame_center, 12)), self.frame_width, self.frame_height)

    def capture_mobjects(self, mobjects: Iterable[Mobject], **kwargs) -> None:
        mobjects = list(mobjects)
        drawn = self.get_mobjects_to_display(mobjects, **kwargs)
        owner: dict[int, int] = {}
        for index, top in enumerate(mobjects):
            if id(top) in owner:
                # Manim often passes families already flattened: a member of an earlier
                # mobject is its, and so is its own family, which needs no second walk
                continue
            for member in top.get_family():
                owner.setdefault(id(member), index)
        # consecutive pieces of the draw list that belong to the same scene-level mobject
        chunks: list[tuple[int, list[Mobject]]] = []
        for member in drawn:
            index = owner.get(id(member), -1)
            if chunks and chunks[-1][0] == index:
                chunks[-1][1].append(member)
            else:
                chunks.append((index, [member]))
        state = self._layer_state()
        previous, pictures = state["previous"], state["pictures"]
        current: dict[tuple, tuple] = {}
        used: dict[tuple, _Layer] = {}
        run: list[tuple[tuple, list[Mobject]]] = []

        def flush() -> None:
            if not run:
                return
            key = tuple(fingerprint for fingerprint, _ in run)
            layer = pictures.get(key) or self._trace_layer([m for _, ms in run for m in ms])
            used[key] = layer
            self._paint_layer(layer)
            run.clear()

        for index, members in chunks:
            cacheable = index >= 0 and all(isinstance(m, VMobject) for m in members)
            if cacheable:
                fingerprint = (
                    tuple(_fingerprint(m) for m in members),
                    self.camera_key(members),
                )
                chunk_id = (index, id(mobjects[index]))
                current[chunk_id] = fingerprint
                if previous.get(chunk_id) == fingerprint:
                    run.append((fingerprint, members))
                    continue
            flush()
            self._draw(members, self.pixel_array)
        flush()
        state["previous"], state["pictures"] = current, used

    def _draw(self, members: list[Mobject], pixel_array: np.ndarray) -> None:
        start = 0
        while start < len(members):
            kind = self.type_or_raise(members[start])
            end = start
            while end < len(members) and self.type_or_raise(members[end]) is kind:
                end += 1
            self.display_funcs[kind](members[start:end], pixel_array)
            start = end

    def _trace_layer(self, members: list[Mobject]) -> _Layer:
        pixels = np.zeros_like(self.pixel_array)
        try:
            self._draw(members, pixels)
        finally:
            # the context cache is keyed by id(): a later array could reuse this one's
            self.pixel_array_to_cairo_context.pop(id(pixels), None)
        alpha = pixels[:, :, 3]
        rows = np.flatnonzero(alpha.any(axis=1))
        columns = np.flatnonzero(alpha.any(axis=0))
        if len(rows) == 0:
            return _Layer(pixels, (0, 0, 0, 0))
        box = (
            int(columns[0]),
            int(rows[0]),
            int(columns[-1] - columns[0] + 1),
            int(rows[-1] - rows[0] + 1),
        )
        return _Layer(pixels, box)

    def _paint_layer(self, layer: _Layer) -> None:
        if layer.box[2] == 0:
            return
        ctx = self.get_cairo_context(self.pixel_array)
        ctx.save()
        ctx.identity_matrix()
        ctx.rectangle(*layer.box)
        ctx.clip()
        ctx.set_source_surface(layer.surface, 0, 0)
        ctx.paint()
        ctx.restore()


class LayeredCamera(_LayeredMixin, Camera):
    """Manim's Cairo camera, drawing unchanged runs of the frame from cached layers."""


class LayeredThreeDCamera(_LayeredMixin, ThreeDCamera):
    """Manim's 3-D camera with cached layers; a run that is not fixed in the frame also
    depends on the camera's angles, distance and zoom."""

    def capture_mobjects(self, mobjects: Iterable[Mobject], **kwargs) -> None:
        self.reset_rotation_matrix()
        _LayeredMixin.capture_mobjects(self, mobjects, **kwargs)

    def camera_key(self, members: list[Mobject]) -> tuple:
        fixed = self.fixed_in_frame_mobjects
        if all(member in fixed for member in members):
            return super().camera_key(members)
        pose = np.concatenate(
            [
                np.ravel(self.get_rotation_matrix()),
                [self.get_focal_distance(), self.get_zoom()],
            ]
        )
        return (*super().camera_key(members), tuple(np.round(pose, 12)))


def enabled() -> bool:
    """Whether scenes draw through the layered cameras: ``NETPLANE_FRAME_CACHE=off`` draws every
    mobject in every frame as Manim does (to compare pictures or timings)."""
    return os.environ.get("NETPLANE_FRAME_CACHE", "on").lower() not in {"off", "0", "no"}
