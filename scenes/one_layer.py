"""One dense layer on the two curves: the plane collapses onto a number line (entries 5 to 7)."""

from __future__ import annotations

from manim import UR, Create, FadeIn, MathTex, VGroup

from scenes.base import CORNER_BUFF, NetworkStoryScene
from scenes.matrices import format_number, weight_matrix
from scenes.readout import number_line


class OneLayerStory(NetworkStoryScene):
    """Shared script: the plane, the diagram, then W and b applied step by step."""

    with_boundary = False

    def formula(self) -> VGroup:
        """f(x) = [w11 w12] x + (b) with the experiment's numbers, columns coloured like î and ĵ."""
        network = self.trained.network
        matrix = weight_matrix(network.weights[0], self.theme).scale(0.6)
        bias = format_number(network.biases[0][0])
        left = MathTex("f(x) =", color=self.theme.text).scale(0.8)
        right = MathTex(rf"x + ({bias})", color=self.theme.text).scale(0.8)
        formula = VGroup(left, matrix, right).arrange(buff=0.15)
        return self.backed(formula).to_corner(UR, buff=CORNER_BUFF)

    def construct(self) -> None:
        figure = self.get_plane_figure()
        self.add(self.get_background(), figure.group)
        self.add_foreground_mobjects(self.get_legend())
        diagram = self.get_diagram(neuron_labels=[["x_1", "x_2"], ["y"]])
        formula = self.formula()
        self.play(FadeIn(diagram), FadeIn(formula))
        self.add_foreground_mobjects(diagram, formula)
        self.wait(0.5)
        self.slide_break()
        expression = self.play_steps(figure)
        self.remove_foreground_mobject(expression)
        self.remove(expression)
        if self.with_boundary:
            self.show_decision(figure)
        else:
            self.play(Create(number_line(self.view, self.theme)))
        self.wait(2)


class OneLayerTransform(OneLayerStory):
    """one-layer-transform: f(x) = [1 1]x - 2 maps the plane onto a number line, then shifts it by -2."""

    experiment = "one-layer-random"


class OneLayerRandomClassifier(OneLayerStory):
    """one-layer-random: the untrained f(x) as a classifier, boundary at 1, accuracy measured."""

    experiment = "one-layer-random"
    with_boundary = True


class OneLayerTrainedClassifier(OneLayerStory):
    """one-layer-trained: the trained layer; its boundary separates the two curves."""

    experiment = "one-layer-trained"
    with_boundary = True
