"""Andrew Trask's 3-4-1 sigmoid network on the 4x3 customer survey (from source 002): why 4x3
times 3x4 gives 4x4, then the four predictions closing in on the answers as training goes on."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Integer,
    Line,
    MathTex,
    Matrix,
    Rectangle,
    SurroundingRectangle,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from nn_core import forward
from nn_core.experiments import TrainedExperiment, trained
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.matrices import format_number
from scenes.kit.readout import show_value

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
        self.trained: TrainedExperiment = trained(self.experiment)
        self.inputs = self.trained.data.points
        self.targets = self.trained.data.labels
        self.first_weights = self.trained.network.weights[0]
        self.history = self.trained.history
        self.predictions = np.array(
            [forward(s.network, self.inputs).output[:, 0] for s in self.history]
        )
        self.snapshot_steps = np.array([s.step for s in self.history])

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
        )

    def entry_sum(self, customer: int, hidden: int) -> MathTex:
        """'1 · (5.78) + 0 · (-2.36) + 1 · (0.15) = 5.92', each term in its input's colour."""
        terms = []
        for x, w in zip(self.inputs[customer], self.first_weights[hidden], strict=True):
            terms.append(rf"{int(x)} \cdot ({format_number(w)})")
        total = format_number(self.inputs[customer] @ self.first_weights[hidden])
        parts = []
        for n, term in enumerate(terms):
            parts += ([" + "] if n else []) + [term]
        tex = MathTex(*parts, " = ", total, color=self.theme.text).scale(0.7)
        for n in range(len(terms)):
            tex[2 * n].set_color(self.theme.column_color(n))
        tex[-1].set_color(self.theme.highlight)
        return tex

    def shape_label(self, rows: int, columns: int, matrix: Matrix) -> MathTex:
        tex = MathTex(f"{rows}", r"\times", f"{columns}", color=self.theme.muted_text).scale(0.6)
        return tex.next_to(matrix, DOWN, buff=0.25)

    # --- part 1: the product ---------------------------------------------------------------------

    def show_product(self) -> tuple[VGroup, NetworkDiagram]:
        theme = self.theme
        customers, answers = self.inputs.shape
        title = self.title(f"{customers} customers, {answers} yes/no answers each: did they buy?")
        inputs, weights, product = (
            self.get_input_matrix(),
            self.get_weight_matrix(),
            self.get_product_matrix(),
        )
        times, equals = MathTex(r"\cdot", color=theme.text), MathTex("=", color=theme.text)
        row = VGroup(inputs, times, weights, equals, product).scale(0.6)
        row.arrange(RIGHT, buff=0.25).move_to(1.3 * UP)
        self.matrices = (inputs, weights, product)
        names = VGroup(
            MathTex("X", color=theme.text).scale(0.7).next_to(inputs, UP, buff=0.2),
            MathTex(r"W_1^{\top}", color=theme.text).scale(0.7).next_to(weights, UP, buff=0.2),
            MathTex(r"X W_1^{\top}", color=theme.text).scale(0.7).next_to(product, UP, buff=0.2),
        )
        syn0 = Tex(r"(Trask's \texttt{syn0})", color=theme.muted_text).scale(0.45)
        syn0.next_to(names[1], RIGHT, buff=0.15)
        shapes = VGroup(
            self.shape_label(*self.inputs.shape, inputs),
            self.shape_label(*self.first_weights.T.shape, weights),
            self.shape_label(customers, len(self.first_weights), product),
        )
        diagram = self.get_diagram().scale(0.9).to_corner(UL, buff=CORNER_BUFF)
        diagram.to_edge(DOWN, buff=0.5)
        self.diagram = diagram

        self.narrate(narration.survey_sentence(customers, answers))
        self.play(Write(title), FadeIn(inputs), FadeIn(names[0]), FadeIn(shapes[0]))
        self.play(FadeIn(diagram))
        self.narrate(narration.trask_weights_sentence(self.first_weights))
        self.play(FadeIn(times), FadeIn(weights), FadeIn(names[1]), FadeIn(syn0), FadeIn(shapes[1]))
        # The inner sizes meet (3 answers, 3 rows of weights); the outer ones make the result
        inner = VGroup(shapes[0][2], shapes[1][0])
        outer = VGroup(shapes[0][0], shapes[1][2])
        self.narrate(
            narration.product_shape_sentence(self.inputs.shape, self.first_weights.T.shape)
        )
        self.play(inner.animate.set_color(theme.highlight), run_time=0.6)
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
            total = self.entry_sum(customer, hidden).next_to(shapes, DOWN, buff=0.55)
            total.set_x(2.2)
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
                edges.animate.set_stroke(color=theme.highlight, opacity=1),
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
        self.narrate(narration.trask_layers_sentence())
        self.play(FadeOut(previous), FadeIn(rest, lag_ratio=0.05), run_time=1.2)
        layer = MathTex(
            r"h = \sigma(X W_1^{\top} + b_1)", r"\quad", r"\hat{y} = \sigma(h\, W_2^{\top} + b_2)",
            color=theme.text,
        ).scale(0.7)  # fmt: skip
        layer.next_to(shapes, DOWN, buff=0.55).set_x(2.2)
        self.play(Write(layer), run_time=1.2)
        self.wait(1.0)
        self.slide_break()
        return VGroup(title, row, names, syn0, shapes, layer), diagram

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

        def follow(_m) -> None:
            shown = self.predictions[int(round(index.get_value()))]
            for (frame, bar, value), prediction in zip(self.bars, shown, strict=True):
                bar.stretch_to_fit_width(max(prediction * frame.width, 1e-4))
                bar.align_to(frame, LEFT).set_y(frame.get_y())
                value.set_value(prediction)
                value.next_to(frame, RIGHT, buff=0.25)

        table = VGroup(header, rows, scale_numbers)
        table.add_updater(follow)
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
        shown = [None]

        def follow(_diagram: NetworkDiagram) -> None:
            snapshot = int(round(index.get_value()))
            if snapshot != shown[0]:
                diagram.set_weights(self.history[snapshot].network.weights)
                shown[0] = snapshot

        diagram.add_updater(follow)

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

        def draw_curve(m: VMobject) -> None:
            shown = int(round(index.get_value())) + 1
            points = [
                axes.c2p(s, v)
                for s, v in zip(self.snapshot_steps[:shown], losses[:shown], strict=True)
            ]
            m.set_points_as_corners(points if len(points) > 1 else points * 2)
            head.move_to(points[-1])

        curve.add_updater(draw_curve)
        curve.update()
        self.narrate(
            narration.predictions_sentence(
                self.history[0].step, self.predictions[0], self.targets, self.history[0].loss
            )
        )
        self.play(
            diagram.animate.scale(1.15)
            .to_corner(UL, buff=CORNER_BUFF)
            .shift(0.7 * DOWN + 0.4 * RIGHT),
            Write(title),
        )
        self.follow_history(diagram, index)
        self.play(index.animate.set_value(0), run_time=1.2, rate_func=linear)
        for follower in (table, curve, counter):
            follower.update()
        self.play(FadeIn(table), Create(axes), FadeIn(loss_label), FadeIn(iteration),
                  FadeIn(counter_row), FadeIn(curve), FadeIn(head))  # fmt: skip
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
        product_part, diagram = self.show_product()
        self.play(FadeOut(product_part))
        self.show_training(diagram)
