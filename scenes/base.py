"""The scene base classes: theme, the plane story of a trained network, and a log for the tests.

``NetplaneScene`` sets the theme and keeps ``step_log``: after each animated step, where the data
points are drawn (in plane coordinates), so tests can compare the picture with nn_core's trace.
``NetworkStoryScene`` loads a named experiment in ``setup`` and offers the pieces a layer-by-layer
story is built from; subclasses only write ``construct``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DR,
    UL,
    UP,
    UR,
    BackgroundRectangle,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Scene,
    Tex,
    VGroup,
    Write,
)

from nn_core.experiments import TrainedExperiment, trained
from scenes.diagram import NetworkDiagram
from scenes.plane import PlaneFigure, PlaneView, background_plane, class_legend, fit_view
from scenes.readout import accuracy_label, boundary_line, measured_accuracy, number_line
from scenes.stages import (
    PlaneState,
    Step,
    axis_line_indices,
    expression_after,
    grid_lines,
    layer_steps,
)
from scenes.theme import current_theme

__all__ = ["NetplaneScene", "NetworkStoryScene", "StepRecord"]

CORNER_BUFF = 0.3


@dataclass(frozen=True)
class StepRecord:
    """What the scene showed after one step: ``coordinates (n, 3)`` of the drawn data points."""

    kind: str
    layer: int
    coordinates: np.ndarray


class NetplaneScene(Scene):
    """Every netplane scene: themed background, step log, slide breaks."""

    def setup(self) -> None:
        self.theme = current_theme()
        self.camera.background_color = self.theme.background
        self.step_log: list[StepRecord] = []

    def slide_break(self) -> None:
        """A point where a slide deck moves to the next slide; render.py's slides mode overrides it."""

    def backed(self, mobject: Mobject, opacity: float = 0.85) -> VGroup:
        """``mobject`` on a rectangle of background colour, so grid lines passing under it stay quiet."""
        backing = BackgroundRectangle(
            mobject, color=self.theme.background, fill_opacity=opacity, buff=0.15
        )
        return VGroup(backing, mobject)

    def title(self, text: str) -> Tex:
        title = Tex(text, color=self.theme.text).scale(0.8)
        return title.to_edge(UP, buff=CORNER_BUFF)


class NetworkStoryScene(NetplaneScene):
    """A trained experiment shown layer by layer on its data.

    Class attributes: ``experiment`` (a name in ``nn_core.experiments``), the input grid's
    ``grid_x_range``/``grid_y_range``, and ``step_seconds`` per animated step.
    """

    experiment: str = ""
    grid_x_range: tuple[float, float] = (-7.0, 7.0)
    grid_y_range: tuple[float, float] = (-4.0, 4.0)
    step_seconds: float = 2.5

    def setup(self) -> None:
        super().setup()
        self.trained: TrainedExperiment = trained(self.experiment)
        self.labels = self.trained.data.labels
        grid = grid_lines(self.grid_x_range, self.grid_y_range)
        self.steps: list[Step] = layer_steps(self.trained.network, self.trained.data.points, grid)
        self.input_state: PlaneState = self.steps[0].start
        self.view: PlaneView = fit_view([self.input_state] + [step.end for step in self.steps])
        self.axis_indices = axis_line_indices(grid)
        self.steps_done = 0

    # --- pieces ------------------------------------------------------------------------------------

    def get_plane_figure(self, state: PlaneState | None = None) -> PlaneFigure:
        return PlaneFigure(
            state or self.input_state,
            self.labels,
            self.view,
            self.theme,
            axis_line_indices=self.axis_indices,
        )

    def get_background(self):
        return background_plane(self.view, self.theme)

    def get_legend(self) -> VGroup:
        return class_legend(self.theme).to_corner(DR, buff=CORNER_BUFF)

    def get_diagram(self, **kwargs) -> VGroup:
        """The trained network's diagram, backed, in the upper-left corner."""
        diagram = NetworkDiagram(self.trained.network.weights, self.theme, **kwargs)
        self.diagram = diagram
        return self.backed(diagram).to_corner(UL, buff=CORNER_BUFF)

    def get_expression(self, count: int) -> VGroup:
        """The formula of what the plane shows after ``count`` steps, backed, upper right."""
        tex = MathTex(expression_after(self.steps, count), color=self.theme.text).scale(0.8)
        return self.backed(tex).to_corner(UR, buff=CORNER_BUFF)

    # --- the story ---------------------------------------------------------------------------------

    def record(self, step: Step, figure: PlaneFigure) -> None:
        self.step_log.append(StepRecord(step.kind, step.layer, figure.data_coordinates()))

    def play_steps(
        self,
        figure: PlaneFigure,
        steps: list[Step] | None = None,
        *,
        expression: VGroup | None = None,
    ) -> VGroup | None:
        """Animate ``steps`` (default: all remaining) with the diagram's layer lit and the formula
        updated; returns the formula mobject now on screen."""
        steps = self.steps[self.steps_done :] if steps is None else steps
        highlighted = None
        for step in steps:
            if getattr(self, "diagram", None) is not None and highlighted != step.layer:
                self.play(self.diagram.highlight_layer(step.layer))
                highlighted = step.layer
            self.steps_done = self.steps.index(step) + 1
            new_expression = self.get_expression(self.steps_done)
            animations = [figure.move_to_state(step.end, run_time=self.step_seconds)]
            if expression is None:
                animations.append(FadeIn(new_expression))
            else:
                animations.append(FadeOut(expression, run_time=0.4))
                animations.append(FadeIn(new_expression, run_time=0.6))
            self.play(*animations)
            self.add_foreground_mobject(new_expression)
            expression = new_expression
            self.record(step, figure)
            self.slide_break()
        if getattr(self, "diagram", None) is not None and highlighted is not None:
            self.play(self.diagram.highlight_layer(None))
        return expression

    def show_decision(self, figure: PlaneFigure) -> tuple[VGroup, MathTex]:
        """The number line, the boundary at the experiment's threshold, and the accuracy measured
        from where the points were drawn."""
        line = number_line(self.view, self.theme)
        boundary = boundary_line(self.view, self.trained.threshold, self.theme)
        coordinates = figure.data_coordinates()
        value = measured_accuracy(coordinates, self.labels, self.trained.threshold)
        correct = int(round(value * len(self.labels)))
        readout = accuracy_label(value, self.theme, correct=correct, total=len(self.labels))
        readout = self.backed(readout).next_to(boundary, UP, buff=0.25)
        self.play(FadeIn(line))
        self.play(FadeIn(boundary))
        self.play(Write(readout))
        self.measured_accuracy = value
        return VGroup(line, boundary), readout
