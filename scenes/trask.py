"""Andrew Trask's 3-4-1 sigmoid network on the 4x3 customer survey (from source 002): why 4x3
times 3x4 gives 4x4, then the four predictions closing in on the answers as training goes on."""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    Arrow,
    Axes,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Integer,
    Line,
    MathTex,
    Matrix,
    Mobject,
    Rectangle,
    SurroundingRectangle,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

from nn_core import forward
from nn_core.experiments import TrainedExperiment, trained
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.entrance import CreateWithLabels
from scenes.kit.matrices import format_number
from scenes.kit.readout import show_value, when_changed

__all__ = ["TraskNetwork"]


class TraskNetwork(NetplaneScene):
    """trask-network: the 3-4-1 sigmoid network on the 4x3 customer survey data: a 4x3 input
    times a 3x4 weight matrix gives 4x4, and the predictions improve over the iterations."""

    experiment = "trask"
    examples = ((0, 0), (2, 3))
    """Entries of the 4x4 product worked out on screen: (customer, hidden neuron)."""
    training_seconds = 12.0

    def setup(self) -> None:
        super().setup()
        self.caption_log: list[tuple[str, frozenset[str]]] = []
        """Per sentence, what was on screen beside it when it ended (:meth:`pictures_on_screen`)."""
        self.trained: TrainedExperiment = trained(self.experiment)
        self.inputs = self.trained.data.points
        self.targets = self.trained.data.labels
        self.first_weights = self.trained.network.weights[0]
        self.history = self.trained.history
        self.predictions = np.array(
            [forward(s.network, self.inputs).output[:, 0] for s in self.history]
        )
        self.snapshot_steps = np.array([s.step for s in self.history])

    def end_narration(self) -> None:
        if self.open_sentence is not None:
            self.caption_log.append((self.open_sentence[1], self.pictures_on_screen()))
        super().end_narration()

    def pictures_on_screen(self) -> frozenset[str]:
        """Which of the scene's pictures are visible now: ``"matrix"`` (a typeset matrix with
        its numbers), ``"table"`` (the prediction bars), ``"diagram"``."""
        shown = set()
        for mobject in self.get_mobject_family_members():
            # (a FadeOut takes what it faded out of the scene)
            if isinstance(mobject, Matrix):
                shown.add("matrix")
            elif isinstance(mobject, NetworkDiagram):
                shown.add("diagram")
        if getattr(self, "table", None) is not None and self.table in self.mobjects:
            shown.add("table")
        return frozenset(shown)

    # --- pieces ------------------------------------------------------------------------------

    def get_input_matrix(self) -> Matrix:
        """X: one row per customer, column n (answer n) in the colour of input neuron n."""
        matrix = Matrix([[f"{int(v)}" for v in row] for row in self.inputs], h_buff=0.8)
        for n, column in enumerate(matrix.get_columns()):
            column.set_color(self.theme.column_color(n))
        matrix.get_brackets().set_color(self.theme.text)
        return matrix

    def get_weight_matrix(self) -> Matrix:
        """W_1 transposed (Trask's syn0, 3x4): row n holds the edges leaving input n."""
        matrix = self.number_matrix(self.first_weights.T)
        for n, row in enumerate(matrix.get_rows()):
            row.set_color(self.theme.column_color(n))
        return matrix

    def get_product_matrix(self) -> Matrix:
        """X W_1^T (4x4): entry (i, m) is hidden neuron m's weighted sum for customer i."""
        return self.number_matrix(self.inputs @ self.first_weights.T)

    def number_matrix(self, values: np.ndarray) -> Matrix:
        """Two-decimal numbers, spaced for entries as wide as '-12.34'."""
        entries = [[format_number(v) for v in row] for row in values]
        matrix = Matrix(entries, h_buff=1.75, element_alignment_corner=RIGHT)
        matrix.set_color(self.theme.text)
        return matrix

    def get_diagram(self) -> NetworkDiagram:
        sizes = self.trained.network.architecture.sizes
        labels = [
            [f"x_{{{n + 1}}}" for n in range(sizes[0])],
            [f"h_{{{m + 1}}}" for m in range(sizes[1])],
            ["y"],
        ]
        # one scale for every iteration: the edges thicken as the weights grow in training
        largest = max(float(np.abs(w).max()) for s in self.history for w in s.network.weights)
        return NetworkDiagram(
            self.trained.network.weights,
            self.theme,
            layer_spacing=1.5,
            neuron_spacing=0.68,
            neuron_radius=0.22,
            neuron_labels=labels,
            weight_scale=largest,
            # iteration 0's weights are a tenth of the trained ones: still seen, still thinner
            weight_exponent=0.4,
        )

    def entry_sum(self, customer: int, hidden: int) -> MathTex:
        """'1 · (5.78) + 0 · (-2.36) + 1 · (0.15) ≈ 5.92', each term in its input's colour: ≈
        where the terms as written do not add up to the total as written."""
        terms = []
        for x, w in zip(self.inputs[customer], self.first_weights[hidden], strict=True):
            terms.append(rf"{int(x)} \cdot ({format_number(w)})")
        inputs, weights = self.inputs[customer], self.first_weights[hidden]
        total = format_number(inputs @ weights)
        parts = []
        for n, term in enumerate(terms):
            parts += ([" + "] if n else []) + [term]
        sign = {"=": " = ", "≈": r" \approx "}[narration.sum_sign(inputs, weights)]
        tex = MathTex(*parts, sign, total, color=self.theme.text).scale(0.85)
        for n in range(len(terms)):
            tex[2 * n].set_color(self.theme.column_color(n))
        tex[-1].set_color(self.theme.highlight)
        return tex

    def shape_label(self, rows: int, columns: int, matrix: Matrix) -> MathTex:
        tex = MathTex(f"{rows}", r"\times", f"{columns}", color=self.theme.muted_text).scale(0.7)
        return tex.next_to(matrix, DOWN, buff=0.25)

    # --- part 1: the product ---------------------------------------------------------------------

    def fit_row(self, row: VGroup, width: float = 13.2, largest: float = 0.85) -> VGroup:
        """``row`` arranged left to right, as large as ``width`` scene units (and ``largest``
        times its own size) allow: the matrices are what a reader has to read."""
        row.arrange(RIGHT, buff=0.3)
        return row.scale(min(largest, width / row.width))

    def show_product(self) -> NetworkDiagram:
        theme = self.theme
        customers, answers = self.inputs.shape
        title = self.title(f"{customers} customers, {answers} yes/no answers each: did they buy?")
        inputs, weights, product = (
            self.get_input_matrix(),
            self.get_weight_matrix(),
            self.get_product_matrix(),
        )
        times, equals = MathTex(r"\cdot", color=theme.text), MathTex("=", color=theme.text)
        row = self.fit_row(VGroup(inputs, times, weights, equals, product))
        row.next_to(title, DOWN, buff=0.75).set_x(0)
        self.matrices = (inputs, weights, product)
        self.product_row_span = (float(row.get_left()[0]), float(row.get_right()[0]))
        self.matrix_scale = inputs.height / self.get_input_matrix().height
        names = VGroup(
            MathTex("X", color=theme.text).scale(0.8).next_to(inputs, UP, buff=0.2),
            MathTex(r"W_1^{\top}", color=theme.text).scale(0.8).next_to(weights, UP, buff=0.2),
            MathTex(r"X W_1^{\top}", color=theme.text).scale(0.8).next_to(product, UP, buff=0.2),
        )
        syn0 = Tex(r"(Trask's \texttt{syn0})", color=theme.muted_text).scale(0.5)
        syn0.next_to(names[1], RIGHT, buff=0.15)
        shapes = VGroup(
            self.shape_label(*self.inputs.shape, inputs),
            self.shape_label(*self.first_weights.T.shape, weights),
            self.shape_label(customers, len(self.first_weights), product),
        )
        diagram = self.get_diagram().to_corner(DL, buff=CORNER_BUFF)
        self.diagram = diagram
        sums_at = np.array([(diagram.get_right()[0] + config.frame_width / 2) / 2, -2.4, 0])

        # The survey is on screen from the first frame; its columns feed the input neurons
        self.add(title, inputs, names[0], shapes[0])
        self.opening_frame = (self.time, [title, inputs])
        self.narrate(narration.survey_sentence(customers, answers))
        self.play(FadeIn(diagram), run_time=0.8)
        # the columns are traced for as long as the sentence is read: no still frame after them
        self.trace_columns(inputs.get_columns(), diagram.layers[0], seconds=self.reading_left())
        self.narrate(narration.trask_weights_sentence(self.first_weights))
        self.play(FadeIn(times), FadeIn(weights), FadeIn(names[1]), FadeIn(syn0), FadeIn(shapes[1]))
        # each column of W1^T is the edges into one hidden neuron
        self.trace_columns(weights.get_columns(), diagram.layers[1], diagram=diagram)
        # The inner sizes meet (3 answers, 3 rows of weights); the outer ones make the result
        inner = VGroup(shapes[0][2], shapes[1][0])
        outer = VGroup(shapes[0][0], shapes[1][2])
        self.narrate(
            narration.product_shape_sentence(self.inputs.shape, self.first_weights.T.shape)
        )
        self.play(inner.animate.set_color(theme.highlight), run_time=0.6)
        self.wait_for_next_cue()
        self.play(
            FadeIn(equals),
            FadeIn(names[2]),
            FadeIn(product.get_brackets()),
            outer.animate.set_color(theme.highlight),
            FadeIn(shapes[2]),
            run_time=0.8,
        )
        shapes[2].set_color(theme.highlight)
        self.slide_break()

        # One entry at a time: a customer's row meets a hidden neuron's column
        entries = product.get_entries()
        shown = VGroup()
        previous = VGroup()
        for customer, hidden in self.examples:
            row_box = SurroundingRectangle(inputs.get_rows()[customer], color=theme.highlight)
            column_box = SurroundingRectangle(weights.get_columns()[hidden], color=theme.highlight)
            entry = entries[customer * len(product.get_columns()) + hidden]
            entry_box = SurroundingRectangle(entry, color=theme.highlight, buff=0.08)
            total = self.entry_sum(customer, hidden).move_to(sums_at)
            edges = diagram.edges_into(1, hidden)
            edge_styles = [(e.get_stroke_color(), e.get_stroke_opacity()) for e in edges]
            self.narrate(
                narration.entry_product_sentence(
                    customer, hidden, self.inputs[customer], self.first_weights[hidden]
                )
            )
            self.play(
                FadeOut(previous),
                Create(row_box),
                Create(column_box),
                # edge by edge: animating the group would pull the edges out of the diagram
                *[edge.animate.set_stroke(color=theme.highlight, opacity=1) for edge in edges],
                diagram.layers[1][hidden].animate.set_stroke(color=theme.highlight, width=4.5),
                run_time=0.8,
            )
            self.play(Write(total), run_time=1.2)
            self.play(Create(entry_box), FadeIn(entry), run_time=0.6)
            shown.add(entry)
            self.wait(0.6)
            self.play(
                *[
                    edge.animate.set_stroke(color=color, opacity=opacity)
                    for edge, (color, opacity) in zip(edges, edge_styles, strict=True)
                ],
                diagram.layers[1][hidden].animate.set_stroke(color=theme.text, width=2.5),
                run_time=0.4,
            )
            previous = VGroup(row_box, column_box, entry_box, total)
        rest = VGroup(*[entry for entry in entries if entry not in shown])
        self.narrate(narration.trask_fill_sentence(len(rest)))
        self.play(FadeOut(previous), FadeIn(rest, lag_ratio=0.05), run_time=1.2)
        self.slide_break()

        first_part = VGroup(inputs, times, weights, equals, names[:2], syn0, shapes[:2])
        product_part = VGroup(product, names[2], shapes[2])
        hidden_part = self.show_hidden_layer(first_part, product_part, diagram, title)
        self.show_output_layer(product_part, hidden_part, diagram)
        self.title_mobject = title
        return diagram

    def trace_columns(
        self,
        columns: VGroup,
        neurons: VGroup,
        diagram: NetworkDiagram | None = None,
        seconds: float = 0.0,
    ) -> None:
        """Column k of a matrix boxed with neuron k of the diagram ringed (and, given the
        ``diagram``, the edges into it lit), one column after the other, in ``seconds`` if that
        is longer than the usual pace."""
        theme = self.theme
        usual = 0.4 + 1.05 * len(columns) + 0.3
        slower = max(1.0, seconds / usual)
        box = SurroundingRectangle(columns[0], color=theme.highlight, buff=0.08)
        self.play(Create(box), run_time=0.4 * slower)
        for k, column in enumerate(columns):
            lit = [neurons[k].animate.set_stroke(color=theme.highlight, width=4.5)]
            edges = diagram.edges_into(1, k) if diagram is not None else VGroup()
            styles = [(e.get_stroke_color(), e.get_stroke_opacity()) for e in edges]
            lit += [e.animate.set_stroke(color=theme.highlight, opacity=1) for e in edges]
            moved = box.animate.become(
                SurroundingRectangle(column, color=theme.highlight, buff=0.08)
            )
            self.play(moved, *lit, run_time=0.5 * slower)
            self.wait(0.25 * slower)
            restore = [neurons[k].animate.set_stroke(color=theme.text, width=2.5)]
            restore += [
                e.animate.set_stroke(color=color, opacity=opacity)
                for e, (color, opacity) in zip(edges, styles, strict=True)
            ]
            self.play(*restore, run_time=0.3 * slower)
        self.play(FadeOut(box), run_time=0.3 * slower)

    def get_hidden(self) -> np.ndarray:
        return forward(self.trained.network, self.inputs).layers[0].activation

    def sigma_arrow(self, label: str = r"\sigma") -> VGroup:
        arrow = Arrow(ORIGIN, 1.3 * RIGHT, buff=0, color=self.theme.text, stroke_width=4)
        tex = MathTex(label, color=self.theme.highlight).scale(0.8).next_to(arrow, UP, buff=0.1)
        return VGroup(arrow, tex)

    def show_hidden_layer(
        self, first_part: VGroup, product_part: VGroup, diagram: NetworkDiagram, title: Mobject
    ) -> VGroup:
        """h = sigmoid(X W1^T + b1) with its numbers: b1 added under each column, then the
        sigmoid of every entry. Returns h (the matrix, its name and its shape)."""
        theme = self.theme
        product = product_part[0]
        scale = self.matrix_scale
        biases = self.trained.network.biases[0]
        hidden = self.get_hidden()
        bias_row = self.number_matrix(biases[None, :]).scale(scale)
        hidden_matrix = self.number_matrix(hidden).scale(scale)
        # column m of h meets row m of W2^T, in hidden neuron m's colour
        for m, column in enumerate(hidden_matrix.get_columns()):
            column.set_color(theme.column_color(m))
        arrow = self.sigma_arrow()
        # where the product goes: the left of the frame, with the sigmoid's arrow and h beside
        target = product.copy().to_edge(LEFT, buff=1.5)
        shift = target.get_center() - product.get_center()
        bias_row.next_to(target, DOWN, buff=0.75).align_to(target, LEFT)
        for entry, column in zip(bias_row.get_entries(), target.get_columns(), strict=True):
            entry.set_x(column.get_x())
        plus = MathTex(r"+\, b_1", color=theme.text).scale(0.8)
        plus.next_to(bias_row, LEFT, buff=0.2)
        arrow.next_to(target, RIGHT, buff=0.35).shift(0.2 * DOWN)
        hidden_matrix.next_to(arrow, RIGHT, buff=0.35).align_to(target, UP)
        name = MathTex(r"h = \sigma(X W_1^{\top} + b_1)", color=theme.text).scale(0.8)
        name.next_to(hidden_matrix, UP, buff=0.2)
        shape = self.shape_label(*hidden.shape, hidden_matrix)
        self.hidden_matrix = hidden_matrix
        self.bias_row = bias_row

        self.narrate(narration.trask_hidden_sentence(hidden))
        self.play(FadeOut(first_part), diagram.highlight_layer(1), run_time=0.6)
        self.play(product_part.animate.shift(shift), run_time=0.8)
        self.play(FadeIn(plus), FadeIn(bias_row), run_time=0.8)
        self.play(GrowArrow(arrow[0]), FadeIn(arrow[1]), run_time=0.6)
        self.wait_for_next_cue()
        self.play(FadeIn(hidden_matrix), FadeIn(name), FadeIn(shape), run_time=1.0)
        self.slide_break()
        self.hidden_parts = VGroup(product_part, plus, bias_row, arrow)
        return VGroup(hidden_matrix, name, shape)

    def show_output_layer(
        self, product_part: VGroup, hidden_part: VGroup, diagram: NetworkDiagram
    ) -> None:
        """y-hat = sigmoid(h W2^T + b2) with its numbers: h times W2^T (its rows in the
        colours of the hidden neurons), plus b2, through the sigmoid."""
        theme = self.theme
        scale = self.matrix_scale
        network = self.trained.network
        second = network.weights[1].T
        output_weights = self.number_matrix(second).scale(scale)
        for m, row in enumerate(output_weights.get_rows()):
            row.set_color(theme.column_color(m))
        bias = self.number_matrix(network.biases[1][None, :]).scale(scale)
        predictions = self.predictions[-1][:, None]
        output = self.number_matrix(predictions).scale(scale)
        output.get_entries().set_color(theme.highlight)
        times = MathTex(r"\cdot", color=theme.text).scale(scale)
        plus = MathTex("+", color=theme.text).scale(scale)
        arrow = self.sigma_arrow()
        hidden_matrix = hidden_part[0]
        target = hidden_matrix.copy()
        row = VGroup(target, times, output_weights, plus, bias, arrow, output)
        row.arrange(RIGHT, buff=0.3).to_edge(LEFT, buff=0.6)
        # the row stays at the height h is at: the matrices' band above the diagram
        for piece in row:
            piece.set_y(hidden_matrix.get_y())
        shift = target.get_center() - hidden_matrix.get_center()
        names = VGroup(
            MathTex(r"W_2^{\top}", color=theme.text)
            .scale(0.8)
            .next_to(output_weights, UP, buff=0.2),
            MathTex("b_2", color=theme.text).scale(0.8).next_to(bias, UP, buff=0.2),
            MathTex(r"\hat{y} = \sigma(h\, W_2^{\top} + b_2)", color=theme.text)
            .scale(0.8)
            .next_to(output, UP, buff=0.2),
        )
        names[2].align_to(output, RIGHT)
        hidden_name = MathTex("h", color=theme.text).scale(0.8)
        hidden_name.next_to(target, UP, buff=0.2)
        shapes = VGroup(
            self.shape_label(*second.shape, output_weights),
            self.shape_label(*predictions.shape, output),
        )
        self.output_matrices = (output_weights, bias, output)

        self.narrate(narration.trask_output_sentence(self.predictions[-1]))
        self.play(FadeOut(self.hidden_parts), diagram.highlight_layer(2), run_time=0.6)
        self.play(
            hidden_part[0].animate.shift(shift),
            hidden_part[2].animate.shift(shift),
            # a crossfade: a formula morphing into a letter is garbled on the way
            FadeOut(hidden_part[1]),
            FadeIn(hidden_name),
            run_time=0.8,
        )
        self.play(FadeIn(times), FadeIn(output_weights), FadeIn(names[0]), FadeIn(shapes[0]))
        self.play(FadeIn(plus), FadeIn(bias), FadeIn(names[1]), run_time=0.8)
        self.play(GrowArrow(arrow[0]), FadeIn(arrow[1]), run_time=0.6)
        self.play(FadeIn(output), FadeIn(names[2]), FadeIn(shapes[1]), run_time=1.0)
        self.slide_break()
        self.output_part = VGroup(
            hidden_part[0], hidden_part[2], hidden_name, times, output_weights, plus, bias,
            arrow, output, names, shapes,
        )  # fmt: skip

    # --- part 2: training --------------------------------------------------------------------

    def get_prediction_table(self, index: ValueTracker) -> VGroup:
        """One row per customer: answers, target y, and a bar for the prediction ŷ in [0, 1]."""
        theme = self.theme
        bar_width, bar_height = 3.2, 0.32
        header = VGroup(
            Tex("answers", color=theme.muted_text).scale(0.55),
            MathTex("y", color=theme.muted_text).scale(0.7),
            MathTex(r"\hat{y}", color=theme.muted_text).scale(0.7),
        )
        rows = VGroup()
        self.bars = []
        for answers, target in zip(self.inputs, self.targets, strict=True):
            answer_tex = MathTex(
                *[f"{int(a)}" for a in answers], arg_separator=r"\;\;", color=theme.text
            ).scale(0.7)
            for n, part in enumerate(answer_tex):
                part.set_color(theme.column_color(n))
            target_tex = MathTex(f"{int(target)}", color=theme.class_colors[target]).scale(0.7)
            frame = Rectangle(width=bar_width, height=bar_height, stroke_color=theme.muted_text)
            frame.set_stroke(width=1.5)
            bar = Rectangle(
                width=bar_width, height=bar_height, stroke_width=0,
                fill_color=theme.class_colors[target], fill_opacity=0.85,
            )  # fmt: skip
            goal = Line(
                frame.get_corner(DOWN + LEFT) + bar_width * target * RIGHT + 0.08 * DOWN,
                frame.get_corner(UP + LEFT) + bar_width * target * RIGHT + 0.08 * UP,
                color=theme.text,
                stroke_width=4,
            )
            value = DecimalNumber(0, num_decimal_places=3, color=theme.text).scale(0.6)
            rows.add(VGroup(answer_tex, target_tex, VGroup(frame, bar, goal), value))
            self.bars.append((frame, bar, value))
        # columns: answers, y, the bar, its value
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.6)
            row[2].next_to(row[1], RIGHT, buff=0.5)
            row[3].next_to(row[2], RIGHT, buff=0.25)
        rows.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        header[0].next_to(rows[0][0], UP, buff=0.3)
        header[1].next_to(rows[0][1], UP, buff=0.3).align_to(header[0], DOWN)
        header[2].next_to(rows[0][2], UP, buff=0.3).align_to(header[0], DOWN)
        scale_numbers = VGroup(
            MathTex("0", color=theme.muted_text).scale(0.5).next_to(rows[-1][2], DOWN, buff=0.1),
            MathTex("1", color=theme.muted_text).scale(0.5).next_to(rows[-1][2], DOWN, buff=0.1),
        )
        scale_numbers[0].align_to(rows[-1][2][0], LEFT).shift(0.05 * LEFT)
        scale_numbers[1].align_to(rows[-1][2][0], RIGHT).shift(0.05 * RIGHT)

        def follow(_table: VGroup, snapshot: int) -> None:
            for (frame, bar, value), prediction in zip(
                self.bars, self.predictions[snapshot], strict=True
            ):
                bar.stretch_to_fit_width(max(prediction * frame.width, 1e-4))
                bar.align_to(frame, LEFT).set_y(frame.get_y())
                show_value(value, prediction)
                value.next_to(frame, RIGHT, buff=0.25)

        table = VGroup(header, rows, scale_numbers)
        # the bars change only with the snapshot, not in every frame of a play or a wait
        table.add_updater(when_changed(lambda: int(round(index.get_value())), follow))
        table.update()
        return table

    def get_loss_axes(self) -> Axes:
        theme = self.theme
        last = int(self.snapshot_steps[-1])
        top = float(np.ceil(10 * max(s.loss for s in self.history)) / 10)
        axes = Axes(
            x_range=(0, last, last // 3),
            y_range=(0, top, top / 2),
            x_length=4.2,
            y_length=1.8,
            tips=False,
            axis_config={"color": theme.axis, "stroke_width": 2},
        )
        axes.x_axis.add_numbers(font_size=18, group_with_commas=False)
        axes.y_axis.add_numbers(font_size=18, num_decimal_places=2)
        VGroup(axes.x_axis.numbers, axes.y_axis.numbers).set_color(theme.muted_text)
        return axes

    def follow_history(self, diagram: NetworkDiagram, index: ValueTracker) -> None:
        """The diagram's edges show the weights of the snapshot ``index`` points at."""

        def follow(_diagram: NetworkDiagram, snapshot: int) -> None:
            diagram.set_weights(self.history[snapshot].network.weights)

        diagram.add_updater(when_changed(lambda: int(round(index.get_value())), follow))

    def show_training(self, diagram: NetworkDiagram) -> None:
        theme = self.theme
        # from the trained weights part 1 worked with, back through the history to iteration 0
        index = self.snapshot_index = ValueTracker(len(self.history) - 1)
        title = self.title("the four predictions as training goes on")
        table = self.get_prediction_table(index).to_edge(RIGHT, buff=0.6).shift(0.3 * UP)
        self.table = table
        axes = self.get_loss_axes().to_corner(UL, buff=CORNER_BUFF).to_edge(DOWN, buff=0.7)
        axes.shift(0.3 * RIGHT)
        loss_label = Tex("mean squared error", color=theme.text).scale(0.5)
        loss_label.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
        iteration = Tex("iteration", color=theme.muted_text).scale(0.5)
        iteration.next_to(axes.x_axis.numbers, DOWN, buff=0.12).set_x(axes.x_axis.get_x())
        counter_label = Tex("iteration", color=theme.text).scale(0.6)
        counter = Integer(0, group_with_commas=False, color=theme.highlight).scale(0.6)
        counter_row = VGroup(counter_label, counter).arrange(RIGHT, buff=0.15)
        counter_row.next_to(table, DOWN, buff=0.5).align_to(table, LEFT)
        counter.add_updater(
            lambda m: show_value(m, int(self.snapshot_steps[int(round(index.get_value()))]))
        )
        losses = np.array([s.loss for s in self.history])
        curve = self.loss_curve = VMobject(stroke_color=theme.text, stroke_width=3)
        head = Dot(radius=0.06, color=theme.text)
        self.loss_axes = axes

        def draw_curve(m: VMobject, shown: int) -> None:
            points = [
                axes.c2p(s, v)
                for s, v in zip(self.snapshot_steps[:shown], losses[:shown], strict=True)
            ]
            m.set_points_as_corners(points if len(points) > 1 else points * 2)
            head.move_to(points[-1])

        curve.add_updater(when_changed(lambda: int(round(index.get_value())) + 1, draw_curve))
        curve.update()
        # The trained predictions, just computed, become the bars; then back to iteration 0
        for follower in (table, counter):
            follower.update()
        # one crossfade, so the frame is never empty between the two parts
        self.play(diagram.highlight_layer(None), run_time=0.4)
        self.play(
            FadeOut(self.output_part),
            FadeOut(self.title_mobject),
            diagram.animate.scale(1.1).to_corner(UL, buff=CORNER_BUFF).shift(0.7 * DOWN),
            FadeIn(title),
            FadeIn(table),
            FadeIn(counter_row),
            run_time=1.0,
        )
        # "before training" is said as the bars rewind to it, not over the trained bars
        self.table_shown_at = self.time
        self.narrate(
            narration.predictions_sentence(
                self.history[0].step, self.predictions[0], self.targets, self.history[0].loss
            )
        )
        self.follow_history(diagram, index)
        self.play(index.animate.set_value(0), run_time=1.5, rate_func=linear)
        for follower in (curve, counter):
            follower.update()
        self.play(CreateWithLabels(axes), FadeIn(loss_label), FadeIn(iteration), FadeIn(curve),
                  FadeIn(head))  # fmt: skip
        self.slide_break()
        self.narrate(
            narration.predictions_sentence(
                self.history[-1].step, self.predictions[-1], self.targets, self.history[-1].loss
            )
        )
        self.play(
            index.animate.set_value(len(self.history) - 1),
            run_time=self.training_seconds,
            rate_func=linear,
        )
        self.wait(2.0)

    def construct(self) -> None:
        diagram = self.show_product()
        self.show_training(diagram)
