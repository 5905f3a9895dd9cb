"""The hard curves: one layer fails, two linear layers fail, ReLU folds the plane and succeeds
(entries 9, 10, 11, 13 and 14)."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UR, FadeIn, FadeOut, MathTex, Tex, VGroup, Write

from nn_core import collapse_linear, forward
from scenes import narration
from scenes.base import (
    CORNER_BUFF,
    DatasetScene,
    LayerStoryScene,
    NetplaneScene,
    OneLayerStoryScene,
    StepRecord,
)
from scenes.matrices import format_number, weight_matrix
from scenes.plane import DotCloud, PlaneFigure, PlaneView
from scenes.stages import (
    axis_line_indices,
    element_wise_layer,
    grid_lines,
    layer_steps,
    quadrant_lattice,
)


class HardCurvesDataset(DatasetScene):
    """hard-curves: the two curves pulled together until no straight line separates them."""

    experiment = "one-layer-hard"


class OneLayerOnHardCurves(OneLayerStoryScene):
    """one-layer-hard: the trained one-layer network leaves the hard curves overlapping."""

    experiment = "one-layer-hard"


class TwoLayerRelu(LayerStoryScene):
    """two-layer-relu: W1, b1, the ReLU fold, W2, b2: the 9-parameter network separates the curves."""

    experiment = "two-layer-relu"
    function_name = "h"


class TwoLinearLayers(LayerStoryScene):
    """two-layer-linear: W1, b1, W2, b2 without activation end where one linear map would."""

    experiment = "two-layer-linear"
    function_name = "g"

    def construct(self) -> None:
        super().construct()
        self.slide_break()
        self.replay_as_one_map()

    def replay_as_one_map(self) -> None:
        """Back to the input, then the single equivalent map W2 W1, W2 b1 + b2 in one go."""
        figure = self.figure
        single = collapse_linear(self.trained.network)
        weight = weight_matrix(single.weights[0], self.theme).scale(0.55)
        equation = VGroup(
            MathTex(r"g(x) = (W_2 W_1)\,x + (W_2 b_1 + b_2) =", color=self.theme.text).scale(0.7),
            weight,
            MathTex(rf"x + ({format_number(single.biases[0][0])})", color=self.theme.text).scale(
                0.7
            ),
        ).arrange(RIGHT, buff=0.12)
        equation = self.backed(equation).to_edge(DOWN, buff=1.1)
        landed = figure.state
        ghosts = VGroup(
            *[
                DotCloud(
                    figure.view.to_scene(landed.points[self.labels == label]),
                    color=color,
                    radius=0.09,
                ).set_fill(opacity=0.35)
                for label, color in enumerate(self.theme.class_colors)
            ]
        )
        self.narrate(narration.single_map_sentence(single.weights[0], single.biases[0]))
        self.play(FadeOut(self.decision), FadeOut(self.readout), FadeIn(ghosts))
        self.play(Write(equation))
        self.add_foreground_mobject(equation)
        self.play(figure.move_to_state(self.input_state, self.state_views[0], run_time=1.5))
        linear, bias = layer_steps(single, self.trained.data.points, self.grid)
        single_trace = forward(single, self.trained.data.points)
        names = {"weight_name": "W2 W1", "bias_name": "W2 b1 + b2"}
        for step in (linear, bias):
            self.narrate(narration.step_sentence(step, single, single_trace, **names))
            self.play(
                figure.move_to_state(step.end, self.state_views[-1], run_time=self.step_seconds)
            )
            self.step_log.append(StepRecord(f"single-{step.kind}", 0, figure.data_coordinates()))
        # Same places, same boundary, same accuracy: measured again from the single map's points
        self.show_decision(figure)
        self.wait(2)


class ReluFold(NetplaneScene):
    """relu-fold: ReLU clamps every negative coordinate to 0, folding the plane onto the first
    quadrant and its two edges."""

    def construct(self) -> None:
        view = PlaneView(unit=0.85)
        grid = grid_lines((-4.0, 4.0), (-3.0, 3.0), spacing=0.5, samples=161)
        # A lattice of points coloured by quadrant shows where each quadrant goes
        lattice, quadrant = quadrant_lattice(4.0, 3.0)
        fold = layer_steps(element_wise_layer("relu"), lattice, grid)[-1]
        colors = self.theme.quadrant_colors
        figure = PlaneFigure(
            fold.start,
            quadrant,
            view,
            self.theme,
            axis_line_indices=axis_line_indices(grid),
            point_colors=colors,
            dot_radius=0.07,
        )
        formula = MathTex(
            r"\mathrm{relu}\left(\begin{bmatrix} x_1 \\ x_2 \end{bmatrix}\right) = "
            r"\begin{bmatrix} \max(0, x_1) \\ \max(0, x_2) \end{bmatrix}",
            color=self.theme.text,
        ).scale(0.7)
        formula = self.backed(formula).to_corner(UL, buff=CORNER_BUFF)

        # The plain grid folds first; the lattice waits, transparent, for the second pass
        for cloud in figure.dots:
            cloud.set_fill(opacity=0)
        self.add(figure.group)
        self.play(FadeIn(formula))
        self.add_foreground_mobject(formula)
        self.wait(0.5)
        self.narrate(narration.grid_fold_sentence())
        self.play(figure.move_to_state(fold.end, run_time=3))
        self.wait(1)
        self.slide_break()

        # Then again with the quadrants coloured: each lands on its own piece
        self.play(figure.move_to_state(fold.start, run_time=1.5))
        self.play(*[cloud.animate.set_fill(opacity=1) for cloud in figure.dots])
        captions = VGroup(
            *[
                Tex(text, color=color).scale(0.55)
                for text, color in zip(
                    (
                        r"both $\geq 0$: unchanged",
                        r"$x_1 < 0$: onto the $x_2$-axis",
                        r"both $< 0$: onto the origin",
                        r"$x_2 < 0$: onto the $x_1$-axis",
                    ),
                    colors,
                    strict=True,
                )
            ]
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        captions = self.backed(captions).to_corner(UR, buff=CORNER_BUFF)
        self.narrate(narration.quadrant_sentence(quadrant))
        self.play(FadeIn(captions))
        self.add_foreground_mobject(captions)
        self.play(figure.move_to_state(fold.end, run_time=3))
        self.step_log.append(StepRecord("activation", 1, figure.data_coordinates()))
        self.wait(2)
