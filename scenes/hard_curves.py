"""The hard curves: one layer fails, two linear layers fail, ReLU folds the plane and succeeds
(entries 9, 10, 11, 13 and 14)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Tex,
    VGroup,
    VMobject,
    Write,
    config,
)

from datasets import load_dataset
from nn_core import accuracy, collapse_linear, forward, predict_labels
from nn_core.experiments import trained
from scenes.kit import narration
from scenes.kit.base import (
    CORNER_BUFF,
    TWO_LAYER_COLUMN,
    LayerStoryScene,
    NetplaneScene,
    NetworkStoryScene,
    OneLayerStoryScene,
    StepRecord,
)
from scenes.kit.half_planes import label_spot
from scenes.kit.matrices import format_number, weight_matrix
from scenes.kit.matrix_layer import caption_handover
from scenes.kit.plane import DotCloud, PlaneFigure, RingCloud, fit_view
from scenes.kit.readout import accuracy_label, input_plane_boundary, wrong_side_count
from scenes.kit.stages import (
    PlaneState,
    axis_line_indices,
    element_wise_layer,
    embed,
    grid_lines,
    layer_steps,
    quadrant_lattice,
)

CAPTION_GAP = 0.2
"""Between relu-fold's quadrant captions and the points below them."""


class HardCurvesDataset(NetworkStoryScene):
    """hard-curves: the two curves pulled together until no straight line separates them."""

    experiment = "one-layer-hard"
    plane_region = None
    # 100 points on 6 units of x1: drawn larger than 1:1 and small, each reads as a point
    # (the two curves, before the pull, still clear the caption at the top)
    grid_x_range = (-5.0, 5.0)
    grid_y_range = (-3.0, 3.0)
    max_unit = 1.4
    dot_radius = 0.025
    # A wrong point's ring: a thin outline just clear of its dot, so neighbouring rings on a
    # curve never reach each other's dots and each marked point still reads as a point
    ring_radius = 0.042
    ring_stroke = 1.0
    tried_lines: tuple[tuple[str, str, str], ...] = (
        (
            "one-layer-trained",
            "the line that split the two curves",
            "the line that split the two curves",
        ),
        (
            "one-layer-random",
            r"$f(x) = [1\ 1]\,x - 2$, the untrained guess",
            "the untrained guess f(x) = [1 1] x - 2",
        ),
        (
            "one-layer-hard",
            "the best line a trained layer finds",
            "the best line a trained layer finds",
        ),
    )
    """Lines to try, as one-layer experiments (name, caption, the caption in words): each boundary
    w · x + b = threshold in the plane."""

    def construct(self) -> None:
        # no basis arrows: this story is about the data, and they would lie across the bumps
        hard = PlaneState(self.input_state.points, self.input_state.grid, None, 2)
        start = PlaneState(embed(load_dataset("two-curves").points), hard.grid, None, 2)
        figure = self.figure = self.get_plane_figure(start)
        legend = self.get_legend()
        caption = self.top_caption("The two curves: one straight line separates them")
        self.narrate("The two curves: one straight line separates them.")
        # the points from the first frame on; the grid is drawn in under them
        self.add(figure.background, figure.grid_lines, figure.axis_lines, *figure.dots)
        self.play(
            Create(figure.grid_lines),
            Create(figure.axis_lines),
            FadeIn(caption),
            run_time=1.2,
        )
        self.play(FadeIn(legend))
        # over the lines being tried, which would otherwise cross it
        self.pin(legend)
        self.wait(1)

        # The article's move: pull the curves together and bend them
        pulled = self.top_caption("Pull them together: the hard curves")
        self.narrate("Pulled together, the two curves become the hard curves.")
        self.play(
            figure.move_to_state(hard, run_time=2.5), caption_handover(caption, pulled, leaving=0.4)
        )
        self.show_input_axes(self.get_input_axes(figure.view, avoid=(legend, pulled)))
        # over the lines being tried: a line crossing an axis name runs under its backing
        self.pin(self.shown_input_axes)
        self.wait(1)
        self.slide_break()

        # Then try straight lines: each leaves points on the wrong side
        self.tried: list[tuple[str, float]] = []
        self.ringed: dict[str, np.ndarray] = {}
        self.shown_lines: dict[str, tuple[VMobject, VGroup]] = {}
        """Per line tried, the line drawn and its side labels."""
        """Per line tried, the indices of the points ringed as on its wrong side."""
        caption = pulled
        for name, description, in_words in self.tried_lines:
            experiment = trained(name)
            network = experiment.network
            output = forward(network, self.trained.data.points).output
            value = accuracy(output, self.labels, experiment.threshold)
            wrong = wrong_side_count(output, self.labels, experiment.threshold)
            total = len(self.labels)
            line = input_plane_boundary(
                figure.view,
                network.weights[0][0],
                network.biases[0][0],
                experiment.threshold,
                self.theme,
                x_range=self.label_box()[:2],
                y_range=self.label_box()[2:],
            )
            readout = accuracy_label(
                value, self.theme, correct=total - wrong, total=total, wrong=wrong
            )
            readout = self.at_bottom(self.backed(readout, opacity=1.0))
            named = self.top_caption(description)
            row, bias = network.weights[0][0], float(network.biases[0][0])
            sides = self.get_side_labels(row, bias, experiment.threshold)
            # the points the count speaks of: where the network's prediction is not their class
            on_wrong_side = np.flatnonzero(
                predict_labels(output, experiment.threshold) != self.labels
            )
            self.ringed[name] = on_wrong_side
            self.shown_lines[name] = (line, sides)
            rings = RingCloud(
                figure.drawn_points()[on_wrong_side],
                color=self.theme.highlight,
                radius=self.ring_radius,
            )
            rings.set_stroke(width=self.ring_stroke)
            self.narrate(narration.tried_line_sentence(in_words, wrong, total))
            self.play(Create(line, run_time=1.2), caption_handover(caption, named, leaving=0.4))
            self.play(FadeIn(sides), run_time=0.6)
            self.play(Write(readout), Create(rings))
            self.pin(readout)
            self.tried.append((name, value))
            self.wait(1.5)
            self.play(*[FadeOut(m) for m in (line, readout, sides, rings)], run_time=0.6)
            self.unpin(readout)
            caption = named
        verdict = self.top_caption("No straight line separates the hard curves")
        self.narrate("No straight line separates the hard curves.")
        self.play(caption_handover(caption, verdict, leaving=0.4))
        self.wait(2)

    def label_box(self) -> tuple[float, float, float, float]:
        """The part of the plane the tried lines and their side labels are drawn in (x_min,
        x_max, y_min, y_max): the grid, inside the frame, clear of the caption at the top and
        the count at the bottom."""
        half = np.array([config.frame_width / 2 - 0.3, config.frame_height / 2 - 0.9, 0.0])
        low, high = self.figure.view.to_coords(-half), self.figure.view.to_coords(half)
        (x_min, x_max), (y_min, y_max) = self.grid_x_range, self.grid_y_range
        return (
            max(float(low[0]), x_min),
            min(float(high[0]), x_max),
            max(float(low[1]), y_min),
            min(float(high[1]), y_max),
        )

    def get_side_labels(self, row: np.ndarray, bias: float, threshold: float) -> VGroup:
        """'predict yellow' and 'predict blue' on their sides of the line ``row · x + bias =
        threshold``, where the line runs clearest of the points; measured with their backing,
        so that too stays clear of the line and the points."""
        labels = [
            self.backed(
                Tex(rf"predict {name} ($y={k}$)", color=self.theme.class_colors[k]).scale(0.55),
                opacity=0.7,
            )
            for k, name in enumerate(("yellow", "blue"))
        ]
        unit = self.figure.view.unit
        spots = label_spot(
            row,
            bias,
            threshold,
            self.label_box(),
            self.trained.data.points,
            offset=0.15 / unit,
            half_width=max(label.width for label in labels) / 2 / unit,
            half_height=max(label.height for label in labels) / 2 / unit,
        )
        for label, spot in zip(labels, spots, strict=True):
            label.move_to(self.figure.view.to_scene(embed(spot[None]))[0])
        return VGroup(*labels)

    def top_caption(self, text: str) -> VGroup:
        caption = Tex(text, color=self.theme.text).scale(0.7)
        # above the lines being tried, which cross the top of the frame
        return self.backed(caption).to_edge(UP, buff=CORNER_BUFF).set_z_index(2)


class OneLayerOnHardCurves(OneLayerStoryScene):
    """one-layer-hard: the trained one-layer network leaves the hard curves overlapping."""

    experiment = "one-layer-hard"


class TwoLayerRelu(LayerStoryScene):
    """two-layer-relu: W1, b1, the ReLU fold, W2, b2: the 9-parameter network separates the curves."""

    experiment = "two-layer-relu"
    function_name = "h"
    tall_region = TWO_LAYER_COLUMN


class TwoLinearLayers(LayerStoryScene):
    """two-layer-linear: W1, b1, W2, b2 without activation end where one linear map would."""

    experiment = "two-layer-linear"
    function_name = "g"
    tall_region = TWO_LAYER_COLUMN

    def setup(self) -> None:
        super().setup()
        single = collapse_linear(self.trained.network)
        self.single_steps = layer_steps(single, self.trained.data.points, self.grid)
        self.single_plan = self.plan_camera(self.single_steps)

    def smallest_unit(self) -> float:
        return min(super().smallest_unit(), self.single_plan.smallest_unit)

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
        equation = self.at_bottom(self.backed(equation))
        landed = figure.state
        ghosts = VGroup()
        for label, color in enumerate(self.theme.class_colors):
            ghost = DotCloud(
                figure.view.to_scene(landed.points[self.labels == label]), color=color, radius=0.09
            ).set_stroke(opacity=0.35)
            # where the two layers landed, kept in place on the plane through the camera's moves
            ghost.add_updater(
                lambda cloud, label=label: cloud.set_centers(
                    figure.view.to_scene(landed.points[self.labels == label])
                )
            )
            ghosts.add(ghost)
        self.narrate(narration.single_map_sentence(single.weights[0], single.biases[0]))
        self.play(FadeOut(self.decision), FadeOut(self.readout), FadeIn(ghosts))
        self.unpin(self.readout)
        self.play(Write(equation))
        self.add_foreground_mobject(equation)
        linear, bias = self.single_steps
        plan = self.single_plan
        self.move_camera(figure, plan.input, 0)
        self.play(figure.move_to_state(self.input_state, run_time=1.5))
        single_trace = forward(single, self.trained.data.points)
        names = {"weight_name": "W2 W1", "bias_name": "W2 b1 + b2"}
        for step, shot in zip((linear, bias), plan.shots, strict=True):
            self.narrate(narration.step_sentence(step, single, single_trace, **names))
            self.play_math_step(step, figure, kind=f"single-{step.kind}", shot=shot)
            self.end_narration()
        # Same places, same boundary, same accuracy: measured again from the single map's points
        self.clear_for_decision(figure, equation)
        self.show_decision(figure, plan.readout)
        self.wait(2)


class ReluFold(NetplaneScene):
    """relu-fold: ReLU clamps every negative coordinate to 0, folding the plane onto the first
    quadrant and its two edges."""

    # under the formula (upper left) and the quadrant captions (upper right)
    plane_region = (-6.7, 6.7, -3.7, 2.1)

    def construct(self) -> None:
        grid = grid_lines((-4.0, 4.0), (-3.0, 3.0), spacing=0.5, samples=161)
        # A lattice of points coloured by quadrant shows where each quadrant goes
        lattice, quadrant = quadrant_lattice(4.0, 3.0)
        fold = layer_steps(element_wise_layer("relu"), lattice, grid)[-1]
        colors = self.theme.quadrant_colors
        captions = self.quadrant_captions = self.get_quadrant_captions(colors)
        # the camera closes in as the plane folds, so the first quadrant fills the room the
        # whole plane had; the points stay below the quadrant captions in the corner
        x_min, x_max, y_min, y_max = self.plane_region
        top = min(y_max, captions.get_bottom()[1] - CAPTION_GAP)
        region = (x_min, x_max, y_min, top)
        view = fit_view([fold.start], max_unit=1.2, region=region)
        folded_view = fit_view([fold.end], max_unit=2.0, region=region)
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

        # The plain grid folds first; the lattice waits, unseen, for the second pass (the dots
        # are round-capped strokes, so it is their stroke that must go)
        for cloud in figure.dots:
            cloud.set_stroke(opacity=0)
        self.add(figure.group)
        self.play(FadeIn(formula))
        self.add_foreground_mobject(formula)
        self.wait(0.5)
        self.narrate(narration.grid_fold_sentence())
        self.play(figure.move_to_state(fold.end, folded_view, run_time=3))
        self.wait(1)
        self.slide_break()

        # Then again with the quadrants coloured: each lands on its own piece
        self.play(figure.move_to_state(fold.start, view, run_time=1.5))
        self.play(*[cloud.animate.set_stroke(opacity=1) for cloud in figure.dots])
        self.narrate(narration.quadrant_sentence(quadrant))
        self.play(FadeIn(captions))
        self.add_foreground_mobject(captions)
        self.play(figure.move_to_state(fold.end, folded_view, run_time=3))
        self.step_log.append(
            StepRecord("activation", 1, figure.data_coordinates(), views=(figure.view,))
        )
        self.wait(2)

    def get_quadrant_captions(self, colors: tuple[str, ...]) -> VGroup:
        """Where each quadrant goes, in its points' colour, backed, in the upper-right corner."""
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
        return self.backed(captions).to_corner(UR, buff=CORNER_BUFF)
