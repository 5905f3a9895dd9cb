"""One dense layer on the two curves: the plane collapses onto a number line (entries 5 to 7)."""

from __future__ import annotations

from scenes.kit.base import OneLayerStoryScene


class OneLayerTransform(OneLayerStoryScene):
    """one-layer-transform: f(x) = [1 1]x - 2 maps the plane onto a number line, then shifts it by -2."""

    experiment = "one-layer-random"
    with_boundary = False


class OneLayerRandomClassifier(OneLayerStoryScene):
    """one-layer-random: the untrained f(x) as a classifier, boundary at 1, accuracy measured."""

    experiment = "one-layer-random"


class OneLayerTrainedClassifier(OneLayerStoryScene):
    """one-layer-trained: the trained layer; its boundary separates the two curves."""

    experiment = "one-layer-trained"
