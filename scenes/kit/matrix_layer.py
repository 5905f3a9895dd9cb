"""The pieces of the matrix ↔ layer scenes (scenes/matmul.py): layout, lit entries and edges.

Entry w_mn of W is the edge from input neuron n to output neuron m. Every lit pair is logged in
``lit_log`` and every matrix/diagram pair shown in ``layouts``, so the tests can check the
picture's geometry rather than its pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    UP,
    Animation,
    AnimationGroup,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Matrix,
    Mobject,
    Succession,
    SurroundingRectangle,
    Tex,
    Transform,
    VGroup,
    VMobject,
    Wait,
    Write,
)

from scenes.kit import narration
from scenes.kit.base import NetplaneScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.theme import Theme

__all__ = [
    "EntryEdgeMixin",
    "Layout",
    "LitEntry",
    "MatrixLayerScene",
    "colored_terms",
    "weighted_sum",
]

# The frame is 14.2 x 8: the matrix side is centred left, the diagram side right, under the title
LEFT_SIDE = np.array([-3.6, -0.25, 0.0])
RIGHT_SIDE = np.array([3.6, -0.25, 0.0])
DIAGRAM_SCALE = 2.8
DIAGRAM_MAX_SIZE = (4.6, 4.8)
CAPTION_Y = -3.35
SYMBOLIC_EDGE_WIDTH = 4.0
LIT_EDGE_WIDTH = 10.0
DIMMED_EDGE_OPACITY = 0.12
QUIZ_SECONDS = 2.5
# How long the highlight takes to come in, to move to the next row or column, and to go
# (walk_shape): the rest of the sentence's time it stands still
SHAPE_MOVE_SECONDS = 0.4


@dataclass(frozen=True)
class Layout:
    """A matrix and its layer on screen together: ``left`` is the whole matrix side once written,
    ``right`` the diagram with its tags."""

    matrix: Matrix
    left: Mobject
    right: Mobject
    diagram: NetworkDiagram


@dataclass(frozen=True)
class LitEntry:
    """Entry ``(m, n)`` of ``matrix`` lit together with ``edge`` of ``diagram`` (layer 1)."""

    m: int
    n: int
    entry: Mobject
    edge: VMobject
    matrix: Matrix
    diagram: NetworkDiagram


def colored_terms(theme: Theme, parts: Sequence[tuple[str, int | None]]) -> MathTex:
    """A MathTex of ``parts``, each ``(tex, column)`` coloured like its matrix column (or text)."""
    tex = MathTex(*[part for part, _ in parts], color=theme.text)
    for piece, (_, column) in zip(tex, parts, strict=True):
        if column is not None:
            piece.set_color(theme.column_color(column))
    return tex


def weighted_sum(
    theme: Theme, row: int, inputs: int, *, bias: str | None = None, out: str = "y"
) -> MathTex:
    """``y = w_m1 x_1 + ... (+ b_m)`` with one MathTex part per weight, input and sign."""
    parts: list[tuple[str, int | None]] = [(out, None), ("=", None)]
    for n in range(inputs):
        if n:
            parts.append(("+", None))
        parts += [(f"w_{{{row + 1}{n + 1}}}", n), (f"x_{{{n + 1}}}", None)]
    if bias is not None:
        parts += [("+", None), (bias, None)]
    return colored_terms(theme, parts)


class EntryEdgeMixin:
    """Pieces shared by the matrix ↔ layer scenes; mixed into a NetplaneScene subclass."""

    def setup(self) -> None:
        super().setup()
        self.lit_log: list[LitEntry] = []
        self.layouts: list[Layout] = []
        self.resting: dict[int, tuple[list, list]] = {}

    # --- pieces ------------------------------------------------------------------------------------

    def get_layer_diagram(
        self,
        weights: np.ndarray,
        input_names: Sequence[str],
        output_names: Sequence[str],
        *,
        symbolic: bool = False,
        max_width: float = DIAGRAM_MAX_SIZE[0],
    ) -> NetworkDiagram:
        """One layer's diagram, large enough to read, centred on the diagram side.

        ``symbolic`` draws every edge alike (pass weights of ones) at a moderate width.
        """
        diagram = NetworkDiagram(
            [weights],
            self.theme,
            layer_spacing=1.4,
            neuron_labels=[list(input_names), list(output_names)],
        )
        max_height = DIAGRAM_MAX_SIZE[1]
        diagram.scale(min(DIAGRAM_SCALE, max_width / diagram.width, max_height / diagram.height))
        if symbolic:
            diagram.edges.set_stroke(width=SYMBOLIC_EDGE_WIDTH)
        return diagram.move_to(RIGHT_SIDE)

    def get_edge_label(
        self, diagram: NetworkDiagram, m: int, n: int, text: str, *, along: float = 0.3
    ) -> MathTex:
        """``text`` beside edge w_mn, ``along`` of the way from its input neuron.

        Near the input end, edges leaving different neurons have not crossed yet; the label goes
        on the side of its edge away from the diagram's middle, clear of the edge itself.
        """
        edge = diagram.edge(1, m, n)
        start, end = edge.get_start(), edge.get_end()
        point = start + along * (end - start)
        direction = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-direction[1], direction[0], 0.0])
        if point[1] < diagram.layers[0].get_center()[1] - 1e-6:
            normal = -normal
        label = MathTex(text, color=self.theme.column_color(n)).scale(0.9)
        reach = abs(normal[0]) * label.width / 2 + abs(normal[1]) * label.height / 2
        return label.move_to(point + (reach + 0.12) * normal)

    def tag_reveal(self, entry: Mobject, tag: Mobject) -> Animation:
        """``tag``, the value of ``entry`` beside its edge, coming in where it stays, from the
        entry's size to its own while the entry is lit: a copy flown from the entry crossed
        the vector, the bracket and the neurons between them, garbled over their glyphs."""
        return FadeIn(tag, scale=entry.height / tag.height)

    def entry_box(self, mobject: Mobject) -> SurroundingRectangle:
        return SurroundingRectangle(
            mobject, color=self.theme.highlight, buff=0.1, corner_radius=0.06, stroke_width=3
        )

    def neuron_ring(self, neuron: Mobject) -> Circle:
        """A ring in the highlight colour over ``neuron``'s outline, as ``focus_edges`` draws one,
        but a mobject of its own: moving it redraws it alone, not the diagram under it."""
        ring = Circle(radius=neuron.width / 2).move_to(neuron)
        return ring.set_stroke(color=self.theme.highlight, width=6)

    def focus_edges(
        self, diagram: NetworkDiagram, edges: Sequence[VMobject], neurons: Sequence[Mobject] = ()
    ) -> AnimationGroup:
        """Thicken ``edges``, dim every other edge, ring ``neurons`` in the highlight colour.

        Grouped under ``diagram``: a default AnimationGroup would add its own group of these
        mobjects to the scene, drawing the neurons over their labels.
        """
        lit = {id(edge) for edge in edges}
        animations = []
        for edge in diagram.edges[0]:
            if id(edge) in lit:
                animations.append(edge.animate.set_stroke(width=LIT_EDGE_WIDTH, opacity=1))
            else:
                animations.append(edge.animate.set_stroke(opacity=DIMMED_EDGE_OPACITY))
        for neuron in neurons:
            animations.append(neuron.animate.set_stroke(color=self.theme.highlight, width=6))
        return AnimationGroup(*animations, group=diagram)

    def rest(self, diagram: NetworkDiagram) -> AnimationGroup:
        """Every edge and neuron of ``diagram`` back to how ``show_layout`` found it.

        Cheaper than save_state/Restore, which deep-copies the whole diagram with its labels.
        """
        edges, neurons = self.resting[id(diagram)]
        animations = [edge.animate.set_stroke(width=w, opacity=o) for edge, w, o in edges]
        animations += [neuron.animate.set_stroke(color=c, width=w) for neuron, c, w in neurons]
        return AnimationGroup(*animations, group=diagram)

    # --- the story ---------------------------------------------------------------------------------

    def show_layout(
        self,
        matrix: Matrix,
        left: Mobject,
        diagram: NetworkDiagram,
        *,
        shown: Mobject | None = None,
        extras: Sequence[Mobject] = (),
        right_center: np.ndarray | None = RIGHT_SIDE,
        title: Mobject | None = None,
        **fade_kwargs,
    ) -> Layout:
        """Bring in ``shown`` (default: all of ``left``), the diagram and its ``extras`` (centred
        together on ``right_center`` unless None), and remember the diagram's resting look.

        A ``title`` is written at the same time: a title alone on screen is a wait for nothing.
        """
        right = VGroup(diagram, *extras)
        if right_center is not None:
            right.move_to(right_center)
        written = [Write(title, run_time=1)] if title is not None else []
        if self.time == 0:
            # the matrix and its layer are the poster: on screen from the first frame
            self.opening(left if shown is None else shown, right)
            if written:
                self.play(*written)
        else:
            self.play(
                FadeIn(left if shown is None else shown, **fade_kwargs),
                FadeIn(right, **fade_kwargs),
                *written,
            )
        self.resting[id(diagram)] = (
            [
                (edge, edge.get_stroke_width(), edge.get_stroke_opacity())
                for edge in diagram.edges[0]
            ],
            [
                (neuron, neuron.get_stroke_color(), neuron.get_stroke_width())
                for layer in diagram.layers
                for neuron in layer
            ],
        )
        layout = Layout(matrix, left, right, diagram)
        self.layouts.append(layout)
        return layout

    def walk_shape(self, matrix: Matrix, diagram: NetworkDiagram) -> None:
        """One highlight walks down the rows of ``matrix``, each with its output neuron, then
        across its columns, each with its input neuron, while the open sentence is read.

        The shape read off the layer instead of a still layout under a long sentence. Only the
        box and the ring move, and the walk is one play: every play redraws the still picture
        under it and opens a video segment of its own, so a walk of one play per move (or one
        that re-lit the diagram itself, redrawn in every frame) cost matmul-more 29-37 % more
        CPU.
        """
        pairs = [
            *zip(matrix.get_rows(), diagram.layers[1], strict=True),
            *zip(matrix.get_columns(), diagram.layers[0], strict=True),
        ]
        moves = len(pairs) + 1
        hold = max(self.reading_left() - moves * SHAPE_MOVE_SECONDS, 0.0) / len(pairs)
        box, ring = self.entry_box(pairs[0][0]), self.neuron_ring(pairs[0][1])
        steps = [AnimationGroup(Create(box), Create(ring), run_time=SHAPE_MOVE_SECONDS)]
        for entries, neuron in pairs[1:]:
            if hold > 0:
                steps.append(Wait(hold))
            # the ring goes out on one neuron and comes in on the next: flown between them it
            # crossed the neurons and their names on the way (next-door ones overlap it)
            following = self.neuron_ring(neuron)
            steps.append(
                AnimationGroup(
                    Transform(box, self.entry_box(entries)),
                    FadeOut(ring),
                    Create(following),
                    run_time=SHAPE_MOVE_SECONDS,
                )
            )
            ring = following
        if hold > 0:
            steps.append(Wait(hold))
        steps.append(AnimationGroup(FadeOut(box), FadeOut(ring), run_time=SHAPE_MOVE_SECONDS))
        self.play(Succession(*steps))

    def light_entry(
        self,
        matrix: Matrix,
        diagram: NetworkDiagram,
        m: int,
        n: int,
        *,
        also: Sequence[Mobject] = (),
        tagged: bool = True,
        note: Mobject | None = None,
        edge_first: bool = False,
        hold: float = 0.6,
        value: float | None = None,
        narrated: bool = True,
    ) -> None:
        """Entry (m, n) and edge w_mn lit together, with boxes around ``also`` (e.g. its term).

        ``tagged``: the entry's value appears beside its edge. ``note`` comes and goes with the
        entry. ``edge_first`` lights the edge with a question before the entry answers it.
        ``value`` is the entry's number for the subcaption, ``narrated=False`` leaves the
        subcaption to the caller.
        """
        if narrated:
            # a question is asked first and answered as the entry lights up, never answered
            # in words while the picture still asks it
            self.narrate(
                narration.entry_question_sentence(m, n)
                if edge_first
                else narration.entry_sentence(m, n, value)
            )
        entry = matrix.get_rows()[m][n]
        edge = diagram.edge(1, m, n)
        ends = [diagram.layers[0][n], diagram.layers[1][m]]
        boxes = VGroup(self.entry_box(entry), *[self.entry_box(mobject) for mobject in also])
        transient = VGroup(boxes)
        reveal = [Create(boxes)]
        if tagged:
            tag = self.get_edge_label(diagram, m, n, entry.tex_string)
            reveal.append(self.tag_reveal(entry, tag))
            transient.add(tag)
        if note is not None:
            transient.add(note)
        focus = self.focus_edges(diagram, [edge], ends)
        if edge_first:
            asked = self.get_edge_label(diagram, m, n, "?")
            question = self.caption(r"Which entry of $W$ is this edge?")
            self.play(focus, FadeIn(asked), FadeIn(question))
            # long enough to answer before the entry does
            self.wait(QUIZ_SECONDS)
            if narrated:
                self.narrate(narration.entry_answer_sentence(m, n, value))
            # the question's caption leaves before the note comes in at its place: the two
            # crossing there read as neither
            handover = [FadeOut(question)] if note is None else [caption_handover(question, note)]
            self.play(FadeOut(asked), *handover, *reveal)
        else:
            self.play(focus, *reveal, *([] if note is None else [FadeIn(note)]))
        self.lit_log.append(LitEntry(m, n, entry, edge, matrix, diagram))
        self.wait(hold)
        if narrated:
            # read while the entry and its edge are still lit, not after they went out
            self.end_narration()
        self.play(FadeOut(transient), self.rest(diagram), run_time=0.5)

    def side_by_side(
        self, left: Mobject, max_width: float = 6.4, center: np.ndarray = LEFT_SIDE
    ) -> Mobject:
        """``left`` centred on the matrix side, shrunk if it would reach the diagram side."""
        if left.width > max_width:
            left.scale_to_fit_width(max_width)
        return left.move_to(center)

    def caption(self, text: str) -> Tex:
        return Tex(text, color=self.theme.muted_text).scale(0.7).move_to(CAPTION_Y * UP)


def caption_handover(old: Mobject, new: Mobject, leaving: float = 0.35) -> Succession:
    """``old`` out over ``leaving`` seconds, then ``new`` in at its place, in 1 s together: the
    two crossing in one place read as neither."""
    return Succession(FadeOut(old, run_time=leaving), FadeIn(new, run_time=1.0 - leaving))


class MatrixLayerScene(EntryEdgeMixin, NetplaneScene):
    """A matrix beside the layer it is, with no trained network behind it."""
