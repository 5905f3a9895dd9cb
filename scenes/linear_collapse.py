"""Two linear layers are one linear layer (from source 003)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    MathTex,
    RoundedRectangle,
    Tex,
    VGroup,
    Write,
)

from datasets import load_dataset
from nn_core import Architecture, Network, collapse_linear, forward
from scenes.kit import narration
from scenes.kit.base import NetplaneScene, StepRecord
from scenes.kit.camera import Framing, frame_states, plan_camera
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.matrices import value_vector, weight_matrix
from scenes.kit.plane import PlaneFigure, PlaneView, class_legend
from scenes.kit.stages import axis_line_indices, grid_lines, layer_steps

PANEL_CENTERS = (np.array([-3.55, 0.5, 0.0]), np.array([3.55, 0.5, 0.0]))
PANEL_SIZE = (6.6, 4.3)
# Under each panel, its network: diagram and matrices, clear of the points
VOCABULARY_TOP = PANEL_CENTERS[0][1] - PANEL_SIZE[1] / 2 - 0.15
MATRIX_SCALE = 0.42
DOT_RADIUS = 0.035
# How far the points keep from their panel's border
PANEL_MARGIN = 0.25


def panel_framing(center: np.ndarray) -> Framing:
    """The panel at ``center`` less a margin, where its points are drawn: each step's view is
    fitted to the points' extent in it, as large as they allow."""
    half_width, half_height = PANEL_SIZE[0] / 2 - PANEL_MARGIN, PANEL_SIZE[1] / 2 - PANEL_MARGIN
    region = (
        center[0] - half_width,
        center[0] + half_width,
        center[1] - half_height,
        center[1] + half_height,
    )
    return Framing(region, dot_radius=DOT_RADIUS, max_unit=10.0)


class LinearCollapse(NetplaneScene):
    """linear-collapse: W2(W1 x + b1) + b2 and (W2 W1) x + (W2 b1 + b2) move the same points to
    the same places, step by step on the left and in one step on the right."""

    # An illustrative pair of layers (a turn and stretch, then a shear), not a trained result
    first_weight = np.array([[0.8, -0.6], [0.6, 0.8]]) * 1.2
    first_bias = np.array([0.5, -0.3])
    second_weight = np.array([[1.0, 0.7], [0.0, 0.6]])
    second_bias = np.array([-0.4, 0.4])

    def construct(self) -> None:
        two_layers = Network(
            Architecture((2, 2, 2), ("identity", "identity")),
            (self.first_weight, self.second_weight),
            (self.first_bias, self.second_bias),
        )
        one_layer = collapse_linear(two_layers)
        data = load_dataset("two-curves")
        grid = grid_lines((-2.0, 2.0), (-2.0, 2.0), spacing=0.5)
        stepwise = layer_steps(two_layers, data.points, grid)
        at_once = layer_steps(one_layer, data.points, grid)
        framings = [panel_framing(center) for center in PANEL_CENTERS]
        plans = [
            plan_camera(steps, framing)
            for steps, framing in zip((stepwise, at_once), framings, strict=True)
        ]
        figures = [
            PlaneFigure(
                steps[0].start,
                data.labels,
                plan.input,
                self.theme,
                axis_line_indices=axis_line_indices(grid),
                dot_radius=DOT_RADIUS,
            )
            for steps, plan in zip((stepwise, at_once), plans, strict=True)
        ]
        frames = VGroup(
            *[
                RoundedRectangle(
                    corner_radius=0.15,
                    width=PANEL_SIZE[0],
                    height=PANEL_SIZE[1],
                    stroke_color=self.theme.muted_text,
                    stroke_width=1.5,
                ).move_to(center)
                for center in PANEL_CENTERS
            ]
        )
        titles = VGroup(
            MathTex(r"W_2\,(W_1 x + b_1) + b_2", color=self.theme.text).scale(0.7),
            MathTex(r"(W_2 W_1)\,x + (W_2 b_1 + b_2)", color=self.theme.text).scale(0.7),
        )
        for title, frame in zip(titles, frames, strict=True):
            title.next_to(frame, UP, buff=0.15)
        legend = class_legend(self.theme).scale(0.7).to_corner(UP + RIGHT, buff=0.1)
        for figure in figures:
            figure.background.set_opacity(0)
        self.add(frames, *[figure.group for figure in figures])
        self.pin(legend)
        stepwise_names = ((r"W_1", r"b_1"), (r"W_2", r"b_2"))
        at_once_names = ((r"W_2 W_1", r"W_2 b_1 + b_2"),)
        vocabularies = [
            self.get_vocabulary(two_layers, stepwise_names, PANEL_CENTERS[0][0]),
            self.get_vocabulary(one_layer, at_once_names, PANEL_CENTERS[1][0], stacked=True),
        ]
        self.diagrams = [diagram for diagram, _ in vocabularies]
        sides = [VGroup(*pair) for pair in vocabularies]
        self.narrate(narration.collapse_intro_sentence())
        # each side comes with the words that name it
        for index, (title, side) in enumerate(zip(titles, sides, strict=True)):
            if index:
                self.wait_for_next_cue()
            self.play(Write(title), FadeIn(side), run_time=2.0)
        # nothing moves over them: first in the scene, the matrices are drawn once per
        # animation, not in every frame (Manim redraws from the first moving mobject on); the
        # diagrams, lit step by step, come after them
        self.remove(*sides)
        self.bring_to_back(*self.diagrams)
        self.bring_to_back(*[rows for _, rows in vocabularies])
        self.slide_break()

        # Left: two layers, one step at a time
        left, right = figures
        traces = forward(two_layers, data.points), forward(one_layer, data.points)
        for index, step in enumerate(stepwise):
            self.narrate(narration.step_sentence(step, two_layers, traces[0]))
            caption = self.step_caption(step.label, PANEL_CENTERS[0])
            if step.kind == "linear":
                self.restart_basis(left, step.start)
            self.play_move(left, plans[0].moves[index])
            shot = plans[0].shots[index]
            self.play_step(f"two-{step.kind}", step, left, self.diagrams[0], caption, shot)
        self.play(self.diagrams[0].highlight_layer(None))
        self.slide_break()

        # Right: the single equivalent layer
        names = {"weight_name": "W2 W1", "bias_name": "W2 b1 + b2"}
        for index, step in enumerate(at_once):
            self.narrate(narration.step_sentence(step, one_layer, traces[1], **names))
            caption = self.step_caption(step.label.replace("_1", r"_{\ast}"), PANEL_CENTERS[1])
            self.play_move(right, plans[1].moves[index])
            shot = plans[1].shots[index]
            self.play_step(f"one-{step.kind}", step, right, self.diagrams[1], caption, shot)
        self.play(self.diagrams[1].highlight_layer(None))
        self.slide_break()

        # The same places, and why: the product of the matrices. The arrows go: the left ones
        # are the second layer's own basis, not the columns of the product
        # both panels framed alike on the same end points, so their places compare at a glance
        self.narrate(
            narration.same_places_sentence(
                one_layer.weights[0], one_layer.biases[0], len(data.points)
            )
        )
        self.play(
            left.fade_basis(0.0),
            right.fade_basis(0.0),
            *[
                figure.move_view(frame_states([steps[-1].end], framing))
                for figure, steps, framing in zip(
                    figures, (stepwise, at_once), framings, strict=True
                )
            ],
        )
        verdict = Tex(
            "same points, same places: stacking linear layers adds no power",
            color=self.theme.highlight,
        ).scale(0.6)
        verdict.to_edge(DOWN, buff=0.12)
        # the verdict comes with the words that say it
        self.wait_for_next_cue()
        self.play(FadeIn(verdict))
        # the frames are traced while the verdict is read, and the last frame stays 2 s
        self.play(
            *[Create(frame.copy().set_stroke(self.theme.highlight, 3)) for frame in frames],
            run_time=max(1.0, self.reading_left() - 2.0),
        )
        self.wait(2)

    def play_move(self, figure: PlaneFigure, view: PlaneView | None) -> None:
        """The camera step the plan puts before a step, if any."""
        if view is not None:
            self.play(figure.move_view(view, run_time=0.8))

    def play_step(
        self, kind: str, step, figure: PlaneFigure, diagram: NetworkDiagram, caption, shot
    ):
        """``step`` on ``figure`` through ``shot`` with its layer lit in ``diagram``, logged as
        ``kind``."""
        animations = [figure.move_along(step, shot, run_time=1.8), FadeIn(caption, run_time=0.5)]
        if diagram.lit_layer != step.layer:
            animations.append(diagram.highlight_layer(step.layer))
        on_screen = self.vocabulary_on_screen()
        self.play(*animations)
        self.remove(caption)
        self.step_log.append(
            StepRecord(
                kind,
                step.layer,
                figure.data_coordinates(),
                on_screen=on_screen & self.vocabulary_on_screen(),
            )
        )

    def get_vocabulary(
        self, network: Network, names, center_x: float, *, stacked: bool = False
    ) -> tuple[NetworkDiagram, VGroup]:
        """``network``'s diagram beside its matrices and biases (one row per layer, named
        ``names``; ``stacked``: each bias under its matrix, for long names), centred under the
        panel at ``center_x``."""
        diagram = NetworkDiagram(
            network.weights,
            self.theme,
            layer_spacing=1.0,
            neuron_spacing=0.55,
            neuron_radius=0.16,
        )
        rows = VGroup()
        for (weight_name, bias_name), weight, bias in zip(
            names, network.weights, network.biases, strict=True
        ):
            weight_part = VGroup(
                MathTex(f"{weight_name} =", color=self.theme.text).scale(0.55),
                weight_matrix(weight, self.theme).scale(MATRIX_SCALE),
            ).arrange(RIGHT, buff=0.12)
            bias_part = VGroup(
                MathTex(f"{bias_name} =", color=self.theme.text).scale(0.55),
                value_vector(bias, self.theme).scale(MATRIX_SCALE),
            ).arrange(RIGHT, buff=0.12)
            row = VGroup(weight_part, bias_part)
            if stacked:
                row.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            else:
                row.arrange(RIGHT, buff=0.3)
            rows.add(row)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        group = VGroup(diagram, rows).arrange(RIGHT, buff=0.45)
        group.move_to([center_x, 0, 0]).align_to([0, VOCABULARY_TOP, 0], UP)
        return diagram, rows

    def step_caption(self, label: str, center: np.ndarray):
        caption = MathTex(label, color=self.theme.highlight).scale(0.7)
        return self.backed(caption).move_to(
            center + np.array([-PANEL_SIZE[0] / 2 + 0.8, PANEL_SIZE[1] / 2 - 0.4, 0])
        )
