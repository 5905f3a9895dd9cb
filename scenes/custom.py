"""Any small network on any 2-D data set, layer by layer (the generator).

``python render.py generate`` describes the network to this scene: the experiment (data set or
CSV, architecture, activations, training, or a network file) in ``NETPLANE_CUSTOM_EXPERIMENT``,
the folder where it left the network it trained in ``NETPLANE_CUSTOM_TRAINED_DIR`` (so the scene
does not train it again), ``--regions`` in ``NETPLANE_CUSTOM_REGIONS`` and ``--show-points`` in
``NETPLANE_CUSTOM_SHOW_POINTS``; ``--training`` renders ``CustomTraining`` instead. Hidden layers
of width 2 are shown in the plane, width 3 in space, wider ones through a projection that the
formula line names.
"""

from __future__ import annotations

import os

from nn_core.experiments import TrainedExperiment, trained_custom
from scenes.kit.learning import NetworkLearning
from scenes.kit.story import NetworkStory

# render.py generate sets them (netplane_render.generate holds the same names: the scene kit
# imports nothing from the render machinery, which imports no scene)
REGIONS_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_REGIONS"
SHOW_POINTS_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_SHOW_POINTS"


class CustomNetwork(NetworkStory):
    """custom: the network and data set given to 'render.py generate', shown layer by layer."""

    def setup(self) -> None:
        self.regions = os.environ.get(REGIONS_ENVIRONMENT_VARIABLE) == "1"
        self.show_points = int(os.environ.get(SHOW_POINTS_ENVIRONMENT_VARIABLE) or self.show_points)
        super().setup()

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()


class CustomTraining(NetworkLearning):
    """custom: the network given to 'render.py generate --training', shown as it learns."""

    def setup(self) -> None:
        self.show_points = int(os.environ.get(SHOW_POINTS_ENVIRONMENT_VARIABLE) or self.show_points)
        super().setup()

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()
