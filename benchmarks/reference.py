"""The scenes the catalogue benchmark measures against (``benchmarks/catalogue.py``).

``HandWrittenReference`` is what a Manim user would write by hand for the same idea as the
catalogue's layer stories: a NumberPlane and 200 dots going through a linear map, then ReLU,
about 16 s of video. ``EncodeFloor`` holds one still frame for ``NETPLANE_FLOOR_SECONDS``
seconds: Manim draws it once and only encodes the rest, so its render time is what the
encoder alone costs for that many frames. Both are encoded with the house x264 settings
(render.py's worker passes them).
"""

from __future__ import annotations

import os

import numpy as np
from manim import (
    BLUE,
    YELLOW,
    ApplyMatrix,
    ApplyPointwiseFunction,
    Dot,
    NumberPlane,
    Scene,
    VGroup,
)
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.kit.encoding import NetplaneFileWriter

__all__ = ["EncodeFloor", "HandWrittenReference"]

# A fixed map: a turn and a stretch, so ReLU then folds part of the plane onto the axes
MATRIX = np.array([[1.2, -0.8], [0.7, 1.1]])


def relu(point: np.ndarray) -> np.ndarray:
    return np.array([max(point[0], 0.0), max(point[1], 0.0), point[2]])


class HandWrittenReference(Scene):
    """A NumberPlane and 200 dots: a linear map, then ReLU (about 16 s)."""

    def construct(self) -> None:
        rng = np.random.default_rng(0)
        plane = NumberPlane(x_range=(-8, 8), y_range=(-5, 5))
        points = rng.uniform((-3.0, -2.5), (3.0, 2.5), size=(200, 2))
        dots = VGroup(
            *[
                Dot((x, y, 0.0), radius=0.05, color=YELLOW if y > 0.3 * x else BLUE)
                for x, y in points
            ]
        )
        self.add(plane, dots)
        self.wait(2)
        self.play(ApplyMatrix(MATRIX, plane), ApplyMatrix(MATRIX, dots), run_time=5)
        self.wait(1)
        self.play(
            ApplyPointwiseFunction(relu, plane),
            *[dot.animate.move_to(relu(dot.get_center())) for dot in dots],
            run_time=5,
        )
        self.wait(3)


class EncodeFloor(Scene):
    """One still frame, held for ``NETPLANE_FLOOR_SECONDS`` seconds, through the file writer the
    catalogue's scenes use (a held frame converted for the encoder once)."""

    def __init__(self, **kwargs) -> None:
        renderer = CairoRenderer(file_writer_class=NetplaneFileWriter)
        super().__init__(renderer=renderer, **kwargs)

    def construct(self) -> None:
        self.add(NumberPlane(x_range=(-8, 8), y_range=(-5, 5)))
        self.wait(float(os.environ.get("NETPLANE_FLOOR_SECONDS", "10")))
