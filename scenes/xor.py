"""XOR: four points no line separates, solved by a 2-2-1 tanh network (from source 003)."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, Tex

from scenes.kit.base import LayerStoryScene
from scenes.kit.narration import CLASS_NAMES, vector_text
from scenes.kit.plane import PlaneFigure
from scenes.kit.stages import Step

__all__ = ["XorSolved", "coinciding_pairs", "coincidence_sentence"]


def coinciding_pairs(
    points: np.ndarray, labels: np.ndarray, within: float
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of points of one class that lie within ``within`` of each
    other in ``points (n, d)``: drawn, they are one dot."""
    points = np.asarray(points, dtype=np.float64)
    pairs = []
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            close = np.linalg.norm(points[i] - points[j]) <= within
            if close and labels[i] == labels[j]:
                pairs.append((i, j))
    return pairs


def coincidence_sentence(
    activation: str, label: int, inputs: np.ndarray, landed: np.ndarray
) -> str:
    """Two points of class ``label`` (``inputs (2, 2)``) that ``activation`` sends to almost the
    same place (``landed (2, 2)``)."""
    first, second = (vector_text(point) for point in inputs)
    where = vector_text(np.mean(landed, axis=0))
    return (
        f"{activation} puts both {CLASS_NAMES[label]} corners, {first} and {second}, on almost "
        f"one point, {where}: now one line can split the classes."
    )


class XorSolved(LayerStoryScene):
    """xor: the four XOR corners, bent apart by a tanh hidden layer, then split on the number line."""

    experiment = "xor"
    grid_x_range = (-2.0, 3.0)
    grid_y_range = (-2.0, 3.0)
    max_unit = 2.5
    dot_radius = 0.14
    grid_spacing = 0.5

    def setup(self) -> None:
        super().setup()
        self.coincidences: list[tuple[int, tuple[int, int]]] = []
        """Per pair of same-class points that an activation put on one spot: the step's index
        and the two points' indices."""
        self.ring_times: list[tuple[float, float]] = []
        """Per coincidence, when its ring and note were fully up and when they were gone."""

    def after_step(self, step: Step, figure: PlaneFigure) -> None:
        super().after_step(step, figure)
        if step.kind != "activation" or step.end.dimension != 2:
            return
        # one dot on screen: centres closer than a dot's radius
        within = self.dot_radius / figure.view.unit
        pairs = coinciding_pairs(step.end.points[:, :2], self.labels, within)
        for pair in pairs:
            self.coincidences.append((self.steps.index(step), pair))
            self.show_coincidence(step, figure, pair)

    def show_coincidence(self, step: Step, figure: PlaneFigure, pair: tuple[int, int]) -> None:
        """Ring the spot where two points landed, name both, and say it."""
        drawn = figure.drawn_points()[list(pair)]
        centre = drawn.mean(axis=0)
        ring = Circle(radius=2.2 * self.dot_radius, color=self.theme.highlight, stroke_width=4)
        ring.move_to(centre)
        inputs = self.trained.data.points[list(pair)]
        first, second = (vector_text(point) for point in inputs)
        note = Tex(rf"{first} and {second}\\both land here", color=self.theme.highlight).scale(0.55)
        # beside the ring, on the side away from the frame's nearer edge
        side = LEFT if centre[0] > 0 else RIGHT
        note.next_to(ring, side, buff=0.2)
        if abs(note.get_center()[1]) > 2.5:
            note.shift((DOWN if centre[1] > 0 else UP) * 0.4)
        note = self.backed(note, opacity=0.8)
        label = int(self.labels[pair[0]])
        landed = step.end.points[list(pair), :2]
        activation = step.activation or "the activation"
        self.narrate(coincidence_sentence(activation, label, inputs, landed))
        self.play(Create(ring), FadeIn(note), run_time=0.8)
        shown = self.time
        # on screen while its caption is read, so the words never speak of a spot no longer
        # marked; it fades under the caption's last half second
        fade = 0.5
        self.wait(max(self.reading_left() - fade, 1.0))
        self.play(FadeOut(ring), FadeOut(note), run_time=fade)
        self.ring_times.append((shown, self.time))
        self.end_narration()
