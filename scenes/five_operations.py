"""The five things a layer y = a(W x + b) does to space (source 001): lower or raise the dimension,
scale, rotate (all three by W), translate (by b) and bend (by the activation).

Each operation is a hand-built one-layer network whose matrices are illustrative choices, not
training results; every position on screen comes from :func:`scenes.kit.stages.layer_steps`, i.e. from
nn_core's forward pass. Lowering and raising run on the two curves and are then undone; scale,
rotate, translate and bend are chained, so the plane ends as one layer tanh(R S x + b) leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UR,
    FadeIn,
    FadeOut,
    LaggedStart,
    MathTex,
    Mobject,
    Tex,
    VGroup,
)

from datasets import load_dataset
from nn_core import Network
from nn_core.architecture import Architecture
from scenes.kit import captions, narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene, StepRecord
from scenes.kit.camera import Framing, frame_states, travel
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.matrices import value_vector, weight_matrix
from scenes.kit.plane import PlaneFigure, PlaneView, class_legend
from scenes.kit.stages import (
    LinearPath,
    PlaneState,
    Step,
    axis_line_indices,
    grid_lines,
    layer_steps,
)

__all__ = [
    "BEND",
    "LOWER",
    "RAISE",
    "ROTATION_DEGREES",
    "SCALE",
    "SHIFT",
    "FiveOperations",
    "Operation",
    "affine_layer",
    "carry",
    "operations",
    "rotation",
]

LOWER = np.array([[0.8, 0.6]])
"""1x2: the plane onto a number line (each point's shadow along the direction (0.8, 0.6))."""
RAISE = LOWER.T
"""2x1: the number line back into the plane, along that same direction."""
SCALE = np.diag([0.75, 0.5])
ROTATION_DEGREES = 30.0
SHIFT = np.array([0.5, -0.5])
BEND = "tanh"
BEND_REGION = (-2.9, 2.9, -2.85, 3.6)
"""Where the bend draws its points (scene x_min, x_max, y_min, y_max): the column between its
card (upper left) and the checklist (upper right), above the running formula."""


def rotation(degrees: float) -> np.ndarray:
    """The 2x2 matrix turning the plane counter-clockwise by ``degrees``."""
    angle = np.deg2rad(degrees)
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


def affine_layer(
    weight: np.ndarray, bias: np.ndarray | None = None, activation: str = "identity"
) -> Network:
    """One dense layer ``activation(weight @ x + bias)`` as an nn_core network."""
    weight = np.atleast_2d(weight)
    bias = np.zeros(weight.shape[0]) if bias is None else bias
    return Network(Architecture(weight.shape[::-1], (activation,)), (weight,), (bias,))


@dataclass(frozen=True)
class Operation:
    """One operation: ``kind`` (also the step log's), its ``number`` in the list of five, the
    ``network`` doing it, its ``name`` and ``formula`` on screen, the matrix or vector shown
    (``symbol = value``), and the running formula after it."""

    kind: str
    number: int
    network: Network
    name: str
    formula: str
    symbol: str
    value: np.ndarray | None
    running: str
    note: str = ""


def operations() -> list[Operation]:
    """The six moves in the order shown: lower, raise, then the chain scale, rotate, translate, bend."""
    identity = np.eye(2)
    return [
        Operation(
            "lower", 1, affine_layer(LOWER), r"lower the dimension: 2-D $\to$ 1-D",
            r"x \mapsto W_{\downarrow}\,x", r"W_{\downarrow} =", LOWER,
            r"y = W_{\downarrow}\,x",
        ),
        Operation(
            "raise", 1, affine_layer(RAISE), r"raise the dimension: 1-D $\to$ 2-D",
            r"x \mapsto W_{\uparrow}\,x", r"W_{\uparrow} =", RAISE,
            r"y = W_{\uparrow}\,W_{\downarrow}\,x",
            r"still a line: the lost direction does not come back\\"
            r"(a $3 \times 2$ $W$ lifts the plane into 3-D: scene \texttt{lift-3d})",
        ),
        Operation(
            "scale", 2, affine_layer(SCALE), "scale", r"x \mapsto S\,x", "S =", SCALE,
            r"y = S\,x",
        ),
        Operation(
            "rotate", 3, affine_layer(rotation(ROTATION_DEGREES)),
            rf"rotate by ${ROTATION_DEGREES:g}^\circ$", r"x \mapsto R\,x", "R =",
            rotation(ROTATION_DEGREES), r"y = R\,S\,x",
        ),
        Operation(
            "translate", 4, affine_layer(identity, SHIFT), "translate", r"x \mapsto x + b",
            "b =", SHIFT, r"y = R\,S\,x + b",
        ),
        Operation(
            "bend", 5, affine_layer(identity, activation=BEND), "bend",
            rf"x \mapsto \{BEND}(x)", r"\text{each coordinate on its own}", None,
            rf"y = \{BEND}(R\,S\,x + b)",
        ),
    ]  # fmt: skip


CHECKLIST = (
    (r"1\ \ raise / lower dimension", "W"),
    (r"2\ \ scale", "W"),
    (r"3\ \ rotate", "W"),
    (r"4\ \ translate", "+\\,b"),
    (r"5\ \ bend", r"a(\cdot)"),
)


def carry(network: Network, state: PlaneState) -> PlaneState:
    """Where ``network`` sends everything in ``state``, taken from ``layer_steps``.

    The basis arrows ride along as three extra points, so chained operations keep moving the
    same arrows (``layer_steps`` would start each layer from a fresh î and ĵ). They are dropped
    where ``layer_steps`` draws none: out of a 1-D space, and through a non-linear activation.
    """
    width = network.weights[0].shape[1]
    count = len(state.points)
    tracked = state.points[:, :width]
    if state.basis is not None:
        tracked = np.vstack([tracked, state.basis[:, :width]])
    end = layer_steps(network, tracked, state.grid[..., :width])[-1].end
    keeps_basis = state.basis is not None and end.basis is not None
    return PlaneState(
        points=end.points[:count],
        grid=end.grid,
        basis=end.points[count:] if keeps_basis else None,
        dimension=end.dimension,
    )


class FiveOperations(NetplaneScene):
    """five-operations: a layer lowers or raises the dimension, scales, rotates (W), translates (b)
    and bends (the activation) the plane, one operation at a time."""

    view = PlaneView(unit=0.9, center=(0.0, -0.35, 0.0))
    step_seconds = 2.2

    def setup(self) -> None:
        super().setup()
        self.data = load_dataset("two-curves")
        self.grid = grid_lines((-10.0, 10.0), (-8.0, 8.0), 1.0)
        # The input, with î and ĵ: a layer_steps start state of any 2-D layer
        self.input_state = layer_steps(affine_layer(np.eye(2)), self.data.points, self.grid)[
            0
        ].start
        self.operations = operations()
        self.basis_log: dict[str, np.ndarray] = {}

    # --- pieces ------------------------------------------------------------------------------------

    def get_checklist(self) -> VGroup:
        rows = VGroup()
        for name, part in CHECKLIST:
            rows.add(
                VGroup(
                    Tex(name, color=self.theme.muted_text).scale(0.5),
                    MathTex(part, color=self.theme.muted_text).scale(0.55),
                )
            )
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.25)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        # the parts of the layer line up in a column
        right = max(row[0].get_right()[0] for row in rows) + 0.3
        for row in rows:
            row[1].set_x(right + row[1].width / 2)
        header = MathTex(r"y = a(W x + b)", color=self.theme.text).scale(0.65)
        box = VGroup(header, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.checklist_rows = rows
        # opaque: the raised line runs from corner to corner, through this corner
        return self.backed(box, opacity=1.0).to_corner(UR, buff=CORNER_BUFF)

    def build_checklist(self, checklist: VGroup) -> None:
        """The checklist comes in row by row under the sentence's first cue, then each row is
        lit as the rest of the sentence names it: the picture moves with the words instead of
        waiting for them."""
        first, *rest = captions.cue_texts(self.open_sentence[1])
        whole = captions.sentence_seconds(self.open_sentence[1])
        coming = captions.reading_seconds(first) if rest else whole / 2
        backing, (header, rows) = checklist
        self.play(
            LaggedStart(
                FadeIn(VGroup(backing, header)),
                *[FadeIn(row, shift=0.1 * LEFT) for row in rows],
                lag_ratio=0.4,
            ),
            run_time=coming,
        )
        # as named: W's three (dimension, scale, rotate), then b, then the activation
        named = ((1,), (2, 3), (4,), (5,))
        for numbers in named:
            self.play(*self.light_up(*numbers), run_time=(whole - coming) / len(named))

    def light_up(self, *numbers: int) -> list:
        """Animations that light the checklist rows ``numbers`` (1-based) and dim the others."""
        return [
            row.animate.set_color(
                self.theme.highlight if index in numbers else self.theme.muted_text
            )
            for index, row in enumerate(self.checklist_rows, 1)
        ]

    def get_operation_card(self, operation: Operation) -> VGroup:
        """Name, formula, the layer's W (and b where it has one) and its diagram, backed,
        upper left. A move that is not W's shows W = I: it mixes no coordinates."""
        weight, bias = operation.network.weights[0], operation.network.biases[0]
        named = operation.value is not None and operation.value.ndim == 2
        details: list[tuple[str, Mobject | None]] = [
            (operation.symbol if named else "W =", weight_matrix(weight, self.theme))
        ]
        if bias.any():
            details.append(("b =", value_vector(bias, self.theme)))
        if operation.value is None:
            details.append((operation.symbol, None))
        return self.get_card(
            operation.name, operation.formula, details, weight, note=operation.note
        )

    def get_card(
        self,
        name: str,
        formula: str,
        details: list[tuple[str, Mobject | None]],
        weight: np.ndarray,
        *,
        note: str = "",
    ) -> VGroup:
        """A backed card in the upper-left corner: ``name``, ``formula``, rows of
        ``symbol = matrix`` over the diagram of the layer ``weight`` (out, in), and an
        optional note."""
        rows = VGroup()
        for symbol, shown in details:
            parts = [MathTex(symbol, color=self.theme.text).scale(0.6)]
            if shown is not None:
                parts.append(shown.scale(0.55))
            rows.add(VGroup(*parts).arrange(RIGHT, buff=0.15))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        diagram = NetworkDiagram(
            [weight], self.theme, layer_spacing=1.1, neuron_spacing=0.5, neuron_radius=0.14
        )
        parts = [
            Tex(name, color=self.theme.highlight).scale(0.6),
            MathTex(formula, color=self.theme.text).scale(0.65),
            rows,
            # under the numbers, not beside them: the card stays narrow, clear of the points
            diagram,
        ]
        if note:
            parts.append(
                Tex(note, color=self.theme.muted_text, tex_environment="flushleft").scale(0.5)
            )
        card = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        return self.backed(card).to_corner(UL, buff=CORNER_BUFF)

    def get_running_formula(self, operation: Operation) -> VGroup:
        tex = MathTex(operation.running, color=self.theme.highlight).scale(0.8)
        return self.backed(tex).to_edge(DOWN, buff=CORNER_BUFF)

    # --- the story ---------------------------------------------------------------------------------

    def construct(self) -> None:
        figure = self.figure = PlaneFigure(
            self.input_state,
            self.data.labels,
            self.view,
            self.theme,
            axis_line_indices=axis_line_indices(self.grid),
            dot_radius=0.05,
        )
        self.add(figure.group)
        legend = class_legend(self.theme).to_corner(DR, buff=CORNER_BUFF)
        checklist = self.checklist = self.get_checklist()
        self.pin(legend, checklist)
        self.narrate(narration.checklist_sentence())
        self.build_checklist(checklist)
        self.slide_break()

        lower, raise_, *chained = self.operations
        card, running = self.apply(lower, figure)
        card, running = self.apply(raise_, figure, card, running)

        # Undo both: back to the two curves, with î and ĵ, for the chain of four
        self.narrate(narration.reset_sentence())
        self.play(
            FadeOut(card),
            FadeOut(running),
            figure.move_to_state(self.input_state, run_time=1.5),
        )
        self.unpin(card, running)
        self.step_log.append(StepRecord("reset", 0, figure.data_coordinates()))
        card = running = None
        for operation in chained:
            card, running = self.apply(operation, figure, card, running)
        self.show_layer(card)

    def apply(
        self,
        operation: Operation,
        figure: PlaneFigure,
        card: VGroup | None = None,
        running: VGroup | None = None,
    ) -> tuple[VGroup, VGroup]:
        """Show ``operation``'s card and formula, then move the plane through its network."""
        new_card = self.get_operation_card(operation)
        new_running = self.get_running_formula(operation)
        swaps = [FadeIn(new_card), *self.light_up(operation.number)]
        if card is not None:
            swaps.append(FadeOut(card))
        # the caption before may hold the picture: the card is pinned (shown) only after it
        self.narrate(narration.operation_sentence(operation.kind, operation.value, BEND))
        self.pin(new_card)
        self.play(*swaps, run_time=0.8)
        if card is not None:
            self.unpin(card)

        end = carry(operation.network, figure.state)
        network = operation.network
        # a linear map turns and stretches along a path that never collapses by accident
        linear = network.architecture.activations[0] == "identity" and not network.biases[0].any()
        step = Step(
            operation.kind,
            operation.number,
            network.architecture.activations[0],
            figure.state,
            end,
            LinearPath(network.weights[0]) if linear else None,
        )
        shot = None
        if operation.kind == "bend":
            # everything ends in (-1, 1)^2: the camera closes in as the points are squashed,
            # never leaving them a small box (a map, not a shift: the camera may travel)
            framing = Framing(BEND_REGION, dot_radius=0.05, max_unit=2.6)
            close = frame_states([end], framing)
            shot = travel(figure.view, close, step, framing)
            self.bend_camera = (step, shot, framing)
        moves = [figure.move_along(step, shot, run_time=self.step_seconds)]
        moves.append(FadeIn(new_running))
        if running is not None:
            moves.append(FadeOut(running, run_time=0.5))
        self.pin(new_running)
        on_screen = self.vocabulary_on_screen()
        self.play(*moves)
        on_screen &= self.vocabulary_on_screen()
        if running is not None:
            self.unpin(running)
        self.step_log.append(
            StepRecord(
                operation.kind, operation.number, figure.data_coordinates(), on_screen=on_screen
            )
        )
        if end.basis is not None:
            # origin and the arrows this space has (the figure also keeps a k̂ for 3-D)
            self.basis_log[operation.kind] = figure.basis_coordinates()[: len(end.basis)]
        self.wait(0.6)
        self.slide_break()
        return new_card, new_running

    def show_layer(self, card: VGroup) -> None:
        """All four together are one layer tanh(W x + b), with W = R S."""
        scale, rotate, translate, _ = self.operations[2:]
        weight = rotate.value @ scale.value
        layer_card = self.get_card(
            "all four: one layer",
            rf"y = \{BEND}(W x + b)",
            [
                (r"W = R\,S =", weight_matrix(weight, self.theme)),
                ("b =", value_vector(translate.value, self.theme)),
            ],
            weight,
        )
        # pinned (shown) only once the caption before has had its time
        self.narrate(narration.one_layer_sentence(weight, translate.value, BEND))
        self.pin(layer_card)
        self.play(FadeOut(card), FadeIn(layer_card), *self.light_up(2, 3, 4, 5))
        self.unpin(card)
        self.wait(2.5)
