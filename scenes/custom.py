"""Any small network on any 2-D data set, layer by layer (the generator).

The network is described by ``python render.py generate``, which trains nothing itself: it passes
the experiment (data set or CSV, architecture, activations, training) to this scene in the
``NETPLANE_CUSTOM_EXPERIMENT`` environment variable. Hidden layers of width 2 are shown in the
plane, width 3 in space, wider ones through a projection that the formula line names.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Tex, VGroup

from nn_core.experiments import TrainedExperiment, trained_custom
from scenes.base import CORNER_BUFF
from scenes.diagram import MAX_SHOWN_NEURONS
from scenes.plane import PlaneFigure
from scenes.space import SpaceStoryScene

__all__ = ["CustomNetwork", "data_grid"]

# Grid lines from the origin to the edge of the grid, about: enough to read positions by,
# few enough to tell apart
GRID_LINES_PER_SIDE = 8


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= value))


def data_grid(points: np.ndarray) -> tuple[float, float]:
    """The half-width of a square grid around ``points (n, 2)`` (the origin in the middle) and
    its line spacing, both round numbers at the data's own scale: moons in [-1, 2] get a grid
    to 2.5 every 0.5 (or so), points in [0, 0.01] one to 0.0125 every 0.0025."""
    reach = max(float(np.abs(points).max()) * 1.15, 1e-9)
    spacing = _nice(reach / GRID_LINES_PER_SIDE)
    return float(np.ceil(reach / spacing) * spacing), spacing


class CustomNetwork(SpaceStoryScene):
    """custom: the network and data set given to 'render.py generate', shown layer by layer."""

    dot_radius = 0.04

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()

    def frame_the_data(self) -> None:
        # Any data set, any scale the generator accepts (from a spread of 0.001 to coordinates
        # of 100): the grid at the data's scale, and zoom in as far as the region allows.
        reach, spacing = data_grid(self.trained.data.points)
        self.grid_x_range = self.grid_y_range = (-reach, reach)
        self.grid_spacing = spacing
        self.max_unit = float("inf")

    def get_diagram(self, **kwargs) -> VGroup:
        # Wide layers make tall columns: space the neurons so the tallest column fits the band
        # above the plane's region.
        sizes = self.trained.network.architecture.sizes
        slots = max(min(size, MAX_SHOWN_NEURONS) for size in sizes)
        room = 4.0 - CORNER_BUFF - self.plane_region[3] - 0.3
        spacing = min(0.75, room / slots)
        kwargs.setdefault("neuron_spacing", spacing)
        kwargs.setdefault("neuron_radius", min(0.22, 0.36 * spacing))
        if spacing < 0.6:
            # names like h_{63} do not fit neurons this small; the column counts say the widths
            kwargs["neuron_labels"] = None
        return super().get_diagram(**kwargs)

    def introduce(self, figure: PlaneFigure) -> None:
        super().introduce(figure)
        if self.trained.experiment.standardize:
            # The plane shows rescaled data: say so for the whole video.
            note = Tex(
                r"inputs standardized:\\ each $x_i$ to mean 0, standard deviation 1",
                color=self.theme.muted_text,
            ).scale(0.45)
            note = self.backed(note).next_to(self.diagram, DOWN, buff=0.3, aligned_edge=LEFT)
            self.pin(note)
            self.narrate(
                "The inputs are standardized: each coordinate is shifted to mean 0 and scaled "
                "to standard deviation 1."
            )
