"""The two-curves data set, before and after the one-layer network is trained (entries 2 and 8)."""

from __future__ import annotations

from manim import UL, Create, MathTex, Write

from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, DatasetScene, NetworkStoryScene
from scenes.kit.matrices import format_number
from scenes.kit.readout import input_plane_boundary


class TwoCurvesDataset(DatasetScene):
    """two-curves: 100 yellow (y=0) and 100 blue (y=1) points, the basis vectors and the legend."""

    experiment = "one-layer-trained"


class TwoCurvesRevisited(NetworkStoryScene):
    """two-curves-revisited: the input plane again, with the line where the trained output is 0."""

    experiment = "one-layer-trained"
    plane_region = None

    def construct(self) -> None:
        figure = self.get_plane_figure()
        self.add(figure.group)
        self.add_foreground_mobjects(self.get_legend())
        weights = self.trained.network.weights[0][0]
        bias = self.trained.network.biases[0][0]
        threshold = self.trained.threshold
        line = input_plane_boundary(
            self.view,
            weights,
            bias,
            threshold,
            self.theme,
            x_range=self.grid_x_range,
            y_range=self.grid_y_range,
        )
        w1, w2, b = (format_number(v) for v in (weights[0], weights[1], bias))
        equation = MathTex(
            rf"{w1}\,x_1 + {w2}\,x_2 + ({b}) = {threshold:g}", color=self.theme.boundary
        ).scale(0.75)
        equation = self.backed(equation).to_corner(UL, buff=CORNER_BUFF)
        self.narrate(narration.input_boundary_sentence(weights, bias, threshold))
        self.play(Create(line), run_time=2)
        self.play(Write(equation))
        self.wait(2)
