"""Matrix ↔ layer: entry w_mn of W is the edge from input neuron n to output neuron m.

Catalogue entries 3, 4, 12, 15 and 16. Each scene puts a typeset matrix (columns in the colours of
the basis vectors) on the left and the layer's diagram on the right, then lights entries together
with their edges (the shared pieces are in scenes/kit/matrix_layer.py).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    MathTex,
    Matrix,
    NumberPlane,
    Polygon,
    Tex,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import narration
from scenes.kit.base import NetworkStoryScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.matrices import (
    format_number,
    symbolic_matrix,
    symbolic_vector,
    value_vector,
    weight_matrix,
)
from scenes.kit.matrix_layer import (
    RIGHT_SIDE,
    EntryEdgeMixin,
    MatrixLayerScene,
    colored_terms,
    weighted_sum,
)

__all__ = [
    "MatrixLayer2x2",
    "MatrixLayer2x3",
    "MatrixLayerShapes",
    "MatrixTimesVector1x2",
    "MatrixTimesVector1x2Values",
]


class MatrixTimesVector1x2(MatrixLayerScene):
    """matmul-1x2: [w11 w12] times [x1; x2] is the 2-1 network; each w_1n lit with its edge."""

    def construct(self) -> None:
        theme = self.theme
        # The product and the network it is
        title = self.title(r"A $1\times2$ matrix times a vector is a one-layer network")
        matrix = symbolic_matrix(1, 2, theme)
        vector = symbolic_vector(2, theme)
        product = VGroup(MathTex("y =", color=theme.text), matrix, vector).arrange(RIGHT, buff=0.2)
        total = weighted_sum(theme, 0, 2)
        left = self.side_by_side(VGroup(product, total).arrange(DOWN, buff=0.9).scale(1.2))
        total.align_to(product, LEFT)
        diagram = self.get_layer_diagram(np.ones((1, 2)), ["x_1", "x_2"], ["y"], symbolic=True)
        self.narrate(narration.layout_sentence(1, 2))
        self.show_layout(matrix, left, diagram, shown=product, title=title)
        self.slide_break()

        # Row times column: each weight multiplies its own input
        self.narrate(narration.row_times_column_sentence(0, 2))
        self.play(FadeIn(total[:2]))
        for n in range(2):
            weight, value = total[2 + 3 * n], total[3 + 3 * n]
            copies = [TransformFromCopy(matrix.get_rows()[0][n], weight)]
            copies.append(TransformFromCopy(vector.get_rows()[n][0], value))
            if n:
                copies.append(FadeIn(total[4]))
            self.play(*copies, run_time=0.9)
        self.slide_break()

        # Each weight is one edge
        for n in range(2):
            term = total[2 + 3 * n : 4 + 3 * n]
            self.light_entry(matrix, diagram, 0, n, also=[term])
        self.wait(1)
        self.slide_break()


class MatrixTimesVector1x2Values(MatrixLayerScene):
    """matmul-1x2-values: [1 5] times [3; 3] = 18; equal inputs, unequal weights."""

    # The article's worked example, chosen by hand, not trained
    weights = np.array([[1.0, 5.0]])
    inputs = np.array([3.0, 3.0])

    def construct(self) -> None:
        theme = self.theme
        W, x = self.weights, self.inputs
        terms = W[0] * x
        self.result = float((W @ x)[0])

        def number(value: float) -> str:
            return format_number(value, 0)

        # The product beside the network, whose edges are as strong as the weights
        title = self.title("The same with numbers")
        matrix = weight_matrix(W, theme, decimals=0, h_buff=0.75)
        vector = value_vector(x, theme, decimals=0)
        product = VGroup(MathTex("y =", color=theme.text), matrix, vector).arrange(RIGHT, buff=0.2)
        products = colored_terms(
            theme,
            [("=", None), (number(W[0, 0]), 0), (r"\cdot", None), (number(x[0]), None), ("+", None)]
            + [(number(W[0, 1]), 1), (r"\cdot", None), (number(x[1]), None)],
        )
        sums = MathTex("=", number(terms[0]), "+", number(terms[1]), color=theme.text)
        result = MathTex("=", number(self.result), color=theme.text)
        result[1].set_color(theme.highlight)
        lines = VGroup(product, products, sums, result).arrange(DOWN, buff=0.45)
        for line in lines[1:]:
            line.align_to(product[0][0][-1], LEFT)
        left = self.side_by_side(lines.scale(1.1))
        self.result_tex = result

        diagram = self.get_layer_diagram(W, ["x_1", "x_2"], ["y"])
        input_values = VGroup(
            *[
                MathTex(number(value), color=theme.text).scale(0.9).next_to(neuron, LEFT, buff=0.25)
                for value, neuron in zip(x, diagram.layers[0], strict=True)
            ]
        )
        weight_tags = VGroup(
            *[self.get_edge_label(diagram, 0, n, number(W[0, n]), along=0.5) for n in range(2)]
        )
        output = MathTex(number(self.result), color=theme.highlight)
        output.next_to(diagram.layers[1][0], RIGHT, buff=0.25)
        VGroup(diagram, input_values, weight_tags, output).move_to(RIGHT_SIDE)
        self.narrate(narration.values_layout_sentence(W, x))
        self.show_layout(
            matrix,
            left,
            diagram,
            shown=product,
            extras=[input_values, weight_tags],
            right_center=None,
            title=title,
        )
        self.slide_break()

        # Each weight times its input, lit with its edge
        self.products = products
        for n in range(2):
            term = products[1 + 4 * n : 4 + 4 * n]
            self.narrate(narration.product_sentence(n, W[0, n], x[n]))
            # the "=" comes with the first product, the "+" before the second: neither stands alone
            # while the sentence before is still read
            self.play(FadeIn(products[4 * n]), run_time=0.3)
            self.play(
                TransformFromCopy(matrix.get_rows()[0][n], term[0]),
                FadeIn(term[1]),
                TransformFromCopy(input_values[n], term[2]),
                run_time=0.8,
            )
            self.light_entry(
                matrix,
                diagram,
                0,
                n,
                also=[term, input_values[n]],
                tagged=False,
                hold=0.3,
                narrated=False,
            )
        self.slide_break()

        # Step by step to the result
        self.narrate(narration.sum_sentence(terms, self.result))
        self.play(
            FadeIn(sums[0]),
            FadeIn(sums[2]),
            *[
                TransformFromCopy(products[1 + 4 * n : 4 + 4 * n], sums[1 + 2 * n])
                for n in range(2)
            ],
        )
        self.play(FadeIn(result[0]), TransformFromCopy(sums[1:], result[1]))
        # the sum comes in beside y where it stays: a copy flown from the left crossed y's neuron
        self.output_reveal = self.tag_reveal(result[1], output)
        self.play(Indicate(result[1], color=theme.highlight), self.output_reveal)
        self.slide_break()

        # Equal inputs, unequal influence
        caption = self.caption(
            r"Equal inputs, unequal influence: that is why $W$ holds the \emph{weights}."
        )
        self.narrate(narration.influence_sentence(W[0]))
        self.play(FadeIn(caption))
        self.wait(2)
        self.slide_break()


class MatrixLayer2x2(EntryEdgeMixin, NetworkStoryScene):
    """matmul-2x2: trained W1 beside its layer; a column is where a basis vector lands and one neuron's edges."""

    experiment = "two-layer-relu"

    def get_basis_inset(
        self, weights: np.ndarray, center: np.ndarray, size: tuple[float, float] = (4.0, 3.6)
    ) -> tuple[NumberPlane, VGroup]:
        """A small plane, centred at ``center``, big enough for î, ĵ and the columns of
        ``weights``, with î and ĵ as arrows (each with its name) at home."""
        # room for the columns and for the far corner of the square they span
        reach = np.column_stack([weights, weights.sum(axis=1)])
        low = np.floor(np.minimum(reach.min(axis=1), -1.0))
        high = np.ceil(np.maximum(reach.max(axis=1), 1.0))
        unit = min(size[0] / (high[0] - low[0]), size[1] / (high[1] - low[1]))
        plane = NumberPlane(
            x_range=(low[0], high[0], 1),
            y_range=(low[1], high[1], 1),
            x_length=(high[0] - low[0]) * unit,
            y_length=(high[1] - low[1]) * unit,
            background_line_style={"stroke_color": self.theme.background_grid, "stroke_width": 1.5},
            axis_config={"stroke_color": self.theme.axis, "stroke_width": 2},
            faded_line_ratio=1,
        ).move_to(center)
        basis = VGroup(*[self.get_basis_vector(plane, n, np.eye(2)[n]) for n in range(2)])
        return plane, basis

    def get_unit_square(self, plane: NumberPlane) -> VGroup:
        """The square î and ĵ span, ruled in quarters: it deforms with the arrows, so the viewer
        sees the whole plane follow each column."""
        ticks = np.linspace(0.0, 1.0, 5)
        lines = VGroup(
            *[Line(plane.c2p(k, 0), plane.c2p(k, 1)) for k in ticks],
            *[Line(plane.c2p(0, k), plane.c2p(1, k)) for k in ticks],
        ).set_stroke(self.theme.grid, width=2)
        corners = [plane.c2p(*corner) for corner in ((0, 0), (1, 0), (1, 1), (0, 1))]
        cell = Polygon(*corners, stroke_width=0, fill_color=self.theme.grid, fill_opacity=0.3)
        return VGroup(cell, lines)

    def get_basis_vector(self, plane: NumberPlane, n: int, tip: np.ndarray) -> VGroup:
        """Basis vector ``n`` (î or ĵ) drawn to ``tip`` in plane coordinates, named past its tip."""
        color = self.theme.column_color(n)
        start, end = plane.c2p(0, 0), plane.c2p(*tip)
        arrow = Arrow(start, end, buff=0, color=color, stroke_width=5)
        name = MathTex([r"\hat{\imath}", r"\hat{\jmath}"][n], color=color).scale(0.8)
        outward = (end - start) / np.linalg.norm(end - start)
        name.move_to(end + 0.3 * outward)
        return VGroup(arrow, name)

    def construct(self) -> None:
        theme = self.theme
        W1 = self.trained.network.weights[0]
        # The trained matrix between the plane it moves and the layer it is
        title = self.title(r"$W_1$ of the trained two-layer ReLU network")
        matrix = weight_matrix(W1, theme)
        product = VGroup(MathTex("W_1 =", color=theme.text), matrix).arrange(RIGHT, buff=0.2)
        product.scale(0.85).move_to(np.array([-0.55, 0.3, 0]))
        plane, basis = self.get_basis_inset(W1, center=np.array([-4.6, -0.25, 0]))
        square = self.unit_square = self.get_unit_square(plane)
        self.basis_plane, self.basis = plane, basis
        diagram = self.get_layer_diagram(W1, ["x_1", "x_2"], ["h_1", "h_2"])
        self.narrate(narration.trained_layout_sentence(W1))
        # the plane with î and ĵ at home, the matrix and the layer: the poster, from the first frame
        self.show_layout(
            matrix,
            VGroup(plane, basis, product),
            diagram,
            shown=VGroup(plane, square, basis, product),
            title=title,
            right_center=np.array([4.4, -0.25, 0]),
        )
        self.slide_break()

        # Column n: where the n-th basis vector lands, and the edges leaving x_n; the plane
        # (the square) follows, one column at a time
        applied = np.eye(2)
        for n, name in enumerate([r"\hat{\imath}", r"\hat{\jmath}"]):
            self.narrate(narration.column_sentence(n, W1[:, n]))
            so_far = applied.copy()
            so_far[:, n] = W1[:, n]
            step = so_far @ np.linalg.inv(applied)
            applied = so_far
            box = self.entry_box(matrix.get_columns()[n])
            caption = self.caption(
                rf"column {n + 1}: where ${name}$ lands, and the edges leaving $x_{n + 1}$"
            )
            self.play(
                Create(box),
                FadeIn(caption),
                self.focus_edges(diagram, diagram.edges_from(1, n), [diagram.layers[0][n]]),
            )
            self.play(
                Transform(basis[n], self.get_basis_vector(plane, n, W1[:, n])),
                square.animate.apply_matrix(step, about_point=plane.c2p(0, 0)),
                run_time=1.2,
            )
            self.wait(0.6)
            self.play(FadeOut(box), FadeOut(caption), self.rest(diagram), run_time=0.5)
        self.slide_break()

        # Each entry w_mn is the edge from x_n to h_m
        for m in range(2):
            for n in range(2):
                self.light_entry(matrix, diagram, m, n, hold=0.3, value=W1[m, n])
        self.wait(1)
        self.slide_break()


class MatrixLayer2x3(MatrixLayerScene):
    """matmul-2x3: a 2x3 matrix beside a layer with 3 inputs and 2 outputs, z = Wx + b."""

    def construct(self) -> None:
        theme = self.theme
        # z = Wx + b beside the layer it describes
        title = self.title(r"A $2\times3$ matrix: 3 inputs, 2 outputs")
        matrix = symbolic_matrix(2, 3, theme)
        equation = VGroup(
            symbolic_vector(2, theme, name="z"),
            MathTex("=", color=theme.text),
            matrix,
            symbolic_vector(3, theme),
            MathTex("+", color=theme.text),
            symbolic_vector(2, theme, name="b"),
        ).arrange(RIGHT, buff=0.15)
        rows = VGroup(
            *[
                weighted_sum(theme, m, 3, bias=f"b_{{{m + 1}}}", out=f"z_{{{m + 1}}}")
                for m in range(2)
            ]
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        # The written-out rows are wide: this layout gives the equations more room
        left = self.side_by_side(
            VGroup(equation, rows).arrange(DOWN, buff=0.7), 7.0, np.array([-3.2, -0.25, 0])
        )
        diagram = self.get_layer_diagram(
            np.ones((2, 3)), ["x_1", "x_2", "x_3"], ["z_1", "z_2"], symbolic=True, max_width=3.8
        )
        biases = VGroup(
            *[
                MathTex(f"+b_{{{m + 1}}}", color=theme.muted_text).scale(0.8).next_to(neuron, RIGHT)
                for m, neuron in enumerate(diagram.layers[1])
            ]
        )
        self.narrate(narration.layout_sentence(2, 3, with_bias=True))
        self.show_layout(
            matrix,
            left,
            diagram,
            title=title,
            shown=equation,
            extras=[biases],
            right_center=np.array([4.25, -0.25, 0]),
        )
        self.slide_break()

        # Every entry is one edge
        for m in range(2):
            for n in range(3):
                self.light_entry(matrix, diagram, m, n, hold=0.2)
        self.slide_break()

        # Row m is everything flowing into z_m
        for m in range(2):
            self.narrate(narration.row_times_column_sentence(m, 3, with_bias=True))
            row_box = self.entry_box(matrix.get_rows()[m])
            self.play(
                Create(row_box),
                self.focus_edges(diagram, diagram.edges_into(1, m), [diagram.layers[1][m]]),
                Indicate(biases[m], color=theme.highlight),
            )
            self.play(Write(rows[m]))
            self.wait(0.4)
            self.play(FadeOut(row_box), self.rest(diagram), run_time=0.5)
        self.wait(1)
        self.slide_break()


class MatrixLayerShapes(MatrixLayerScene):
    """matmul-more: 3x2, 3x3 and 2x4 matrices beside their layers; which edge each w_mn is."""

    shapes: tuple[tuple[int, int], ...] = ((3, 2), (3, 3), (2, 4))
    walks: tuple[tuple[tuple[int, int], ...], ...] = (
        ((2, 1), (0, 0), (1, 1)),
        ((0, 2), (2, 0)),
        ((1, 3), (0, 1)),
    )

    def get_shape(self, rows: int, columns: int) -> tuple[VGroup, Matrix, NetworkDiagram]:
        matrix = symbolic_matrix(rows, columns, self.theme)
        shape = Tex(
            rf"${rows}\times{columns}$: {columns} inputs, {rows} outputs", color=self.theme.text
        ).scale(0.8)
        left = self.side_by_side(VGroup(matrix, shape).arrange(DOWN, buff=0.5))
        diagram = self.get_layer_diagram(
            np.ones((rows, columns)),
            [f"x_{{{n + 1}}}" for n in range(columns)],
            [f"z_{{{m + 1}}}" for m in range(rows)],
            symbolic=True,
        )
        return left, matrix, diagram

    def construct(self) -> None:
        title = self.title(r"Row $m$ is output neuron $z_m$, column $n$ is input neuron $x_n$")
        shown: VGroup | None = None
        for index, ((rows, columns), walk) in enumerate(zip(self.shapes, self.walks, strict=True)):
            # A new shape slides in
            left, matrix, diagram = self.get_shape(rows, columns)
            sentence = narration.layout_sentence(rows, columns)
            if index == 0:
                # the title comes in with the first shape, so its sentence does too
                sentence = f"{narration.rows_and_columns_sentence()} {sentence}"
            self.narrate(sentence)
            if shown is not None:
                self.play(FadeOut(shown, shift=2 * LEFT), run_time=0.6)
            self.show_layout(matrix, left, diagram, title=None if index else title, shift=2 * LEFT)
            if index == 0:
                # the rule is said once, over the first shape; a later shape's own sentence is
                # read over its layout as it slides in (about 3.5 s), which a walk would only
                # make dearer
                self.walk_shape(matrix, diagram)
            shown = VGroup(left, diagram)
            # The last shape asks first: which entry is this edge?
            quiz = index == len(self.shapes) - 1
            for m, n in walk:
                note = self.caption(
                    rf"$w_{{{m + 1}{n + 1}}}$: row {m + 1} $\to$ into $z_{m + 1}$,"
                    rf" column {n + 1} $\to$ out of $x_{n + 1}$"
                )
                self.light_entry(matrix, diagram, m, n, note=note, edge_first=quiz, hold=0.4)
            self.slide_break()
        self.wait(1)
