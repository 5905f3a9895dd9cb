"""The teaser: a small network pulls two tangled classes apart (entry 1)."""

from __future__ import annotations

from manim import UP, FadeIn, FadeOut, Tex

from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, LayerStoryScene


class IntroTeaser(LayerStoryScene):
    """intro: the two-layer ReLU network turns, shifts, folds and flattens the hard curves apart."""

    experiment = "two-layer-relu"
    step_seconds = 1.8
    # W1 stands the curves upright: they go in the column between the diagram (upper left)
    # and the formula (upper right), from the running formula to the frame's top
    tall_region = (-2.7, 1.3, -2.9, 3.7)

    def construct(self) -> None:
        figure = self.figure = self.get_plane_figure()
        self.add(figure.group)
        self.add_foreground_mobjects(self.get_legend())
        question = Tex(
            "Can a network with 9 numbers pull these two curves apart?", color=self.theme.text
        ).scale(0.8)
        question = self.backed(question).to_edge(UP, buff=CORNER_BUFF)
        self.narrate(narration.teaser_sentence(self.trained.network, self.labels))
        self.play(FadeIn(question))
        self.wait(1.5)
        self.play(FadeOut(question))
        # the whole vocabulary through every step: the network and its 9 numbers
        diagram = self.get_diagram(neuron_labels=self.neuron_labels())
        formula = self.formula()
        self.pin(diagram, formula)
        self.play(FadeIn(diagram), FadeIn(formula))
        self.slide_break()
        expression = self.play_steps(figure)
        self.play(FadeOut(expression))
        self.remove_foreground_mobject(expression)
        self.show_decision(figure)
        self.wait(2)
