"""Any small network on any 2-D data set, layer by layer (the generator).

The network is described by ``python render.py generate``, which trains nothing itself: it passes
the experiment (data set or CSV, architecture, activations, training, or a network file) to this
scene in the ``NETPLANE_CUSTOM_EXPERIMENT`` environment variable, and ``--regions`` in
``NETPLANE_CUSTOM_REGIONS``; ``--training`` renders ``CustomTraining`` instead. Hidden layers of width 2 are shown in the plane, width 3 in space,
wider ones through a projection that the formula line names.
"""

from __future__ import annotations

import os

from nn_core.experiments import TrainedExperiment, trained_custom
from scenes.kit.learning import NetworkLearning
from scenes.kit.story import NetworkStory

# render.py generate sets it (netplane_render.generate holds the same name: the scene kit
# imports nothing from the render machinery, which imports no scene)
REGIONS_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_REGIONS"


class CustomNetwork(NetworkStory):
    """custom: the network and data set given to 'render.py generate', shown layer by layer."""

    def setup(self) -> None:
        self.regions = os.environ.get(REGIONS_ENVIRONMENT_VARIABLE) == "1"
        super().setup()

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()


class CustomTraining(NetworkLearning):
    """custom: the network given to 'render.py generate --training', shown as it learns."""

    def load_trained(self) -> TrainedExperiment:
        return trained_custom()
