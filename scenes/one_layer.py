"""One dense layer on the two curves: the plane collapses onto a number line (entries 5 to 7)."""

from __future__ import annotations

from manim import UR, MathTex, VGroup

from scenes.base import CORNER_BUFF, LayerStoryScene
from scenes.matrices import format_number, weight_matrix


class OneLayerStory(LayerStoryScene):
    """A one-layer story, its formula written as the article does: f(x) = [w11 w12] x + (b)."""

    def formula(self) -> VGroup:
        network = self.trained.network
        matrix = weight_matrix(network.weights[0], self.theme).scale(0.6)
        bias = format_number(network.biases[0][0])
        left = MathTex("f(x) =", color=self.theme.text).scale(0.8)
        right = MathTex(rf"x + ({bias})", color=self.theme.text).scale(0.8)
        formula = VGroup(left, matrix, right).arrange(buff=0.15)
        return self.backed(formula).to_corner(UR, buff=CORNER_BUFF)


class OneLayerTransform(OneLayerStory):
    """one-layer-transform: f(x) = [1 1]x - 2 maps the plane onto a number line, then shifts it by -2."""

    experiment = "one-layer-random"
    with_boundary = False


class OneLayerRandomClassifier(OneLayerStory):
    """one-layer-random: the untrained f(x) as a classifier, boundary at 1, accuracy measured."""

    experiment = "one-layer-random"


class OneLayerTrainedClassifier(OneLayerStory):
    """one-layer-trained: the trained layer; its boundary separates the two curves."""

    experiment = "one-layer-trained"
