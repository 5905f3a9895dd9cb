"""The teaser: a small network pulls two tangled classes apart (entry 1)."""

from __future__ import annotations

from manim import UP, FadeIn, FadeOut, Tex

from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, TWO_LAYER_COLUMN, LayerStoryScene


class IntroTeaser(LayerStoryScene):
    """intro: the two-layer ReLU network turns, shifts, folds and flattens the hard curves apart."""

    experiment = "two-layer-relu"
    step_seconds = 1.8
    tall_region = TWO_LAYER_COLUMN

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
        self.clear_for_decision(figure, expression)
        self.show_decision(figure)
        self.wait(2)
