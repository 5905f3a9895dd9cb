"""Any small network on any 2-D data set, layer by layer (the generator).

The network is described by ``python render.py generate``, which trains nothing itself: it passes
the experiment (data set or CSV, architecture, activations, training) to this scene in the
``NETPLANE_CUSTOM_EXPERIMENT`` environment variable. Hidden layers of width 2 are shown in the
plane, width 3 in space, wider ones through a projection that the formula line names.
"""

from __future__ import annotations

from nn_core.experiments import TrainedExperiment, trained_custom
from scenes.space import SpaceStoryScene


class CustomNetwork(SpaceStoryScene):
    """custom: the network and data set given to 'render.py generate', shown layer by layer."""

    grid_x_range = (-4.0, 4.0)
    grid_y_range = (-4.0, 4.0)
    grid_spacing = 0.5
    dot_radius = 0.04

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()
