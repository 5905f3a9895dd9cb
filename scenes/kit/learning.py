"""A network as it learns (``render.py generate --training``): the last hidden layer's space with
the points moving and the output layer's separating line (or plane) moving with them, beside the
input plane with its decision regions and the loss and accuracy curves.

The weights move from the random start to the trained values through the training history's
snapshots, interpolated linearly between two snapshots; every position drawn is nn_core's forward
pass of the interpolated network, never an interpolation of positions. The numbers shown (step,
loss, accuracy) are those of the last snapshot reached.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    DecimalNumber,
    Dot,
    FadeIn,
    Integer,
    Line,
    MathTex,
    Polygon,
    Rectangle,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from datasets.sampling import DEFAULT_SHOWN_POINTS, ShownSample, shown_sample
from nn_core import Network, forward
from nn_core.activations import sigmoid
from nn_core.experiments import TrainedExperiment
from nn_core.landscape import level_segments, output_grid
from nn_core.training import Snapshot
from scenes.circles_training import BoundaryLines, RegionRaster, region_levels
from scenes.kit import captions, narration
from scenes.kit.base import CORNER_BUFF, NetplaneScene
from scenes.kit.plane import DotCloud, class_legend
from scenes.kit.readout import show_value
from scenes.kit.space import decision_logit
from scenes.kit.stages import plane_section, principal_axes

__all__ = [
    "LearningPanel",
    "NetworkLearning",
    "interpolated_network",
    "last_hidden",
    "line_in_box",
    "tilted",
]

TILT_PHI = np.radians(62)
TILT_THETA = np.radians(-62)


# --- pure functions over arrays ---------------------------------------------------------------


def interpolated_network(history: tuple[Snapshot, ...], position: float) -> Network:
    """The network at ``position`` along ``history`` (0 = first snapshot, ``len - 1`` = last):
    parameters interpolated linearly between the two snapshots around it."""
    position = float(np.clip(position, 0, len(history) - 1))
    low = int(np.floor(position))
    high = min(low + 1, len(history) - 1)
    alpha = position - low
    start = history[low].network
    if alpha == 0 or high == low:
        return start
    end = history[high].network
    flat = start.flat_parameters() + alpha * (end.flat_parameters() - start.flat_parameters())
    return start.with_flat_parameters(flat)


def last_hidden(network: Network, points: np.ndarray) -> np.ndarray:
    """What the output layer sees: the last hidden layer's activation ``(n, width)`` (the input
    itself, ``(n, d_in)``, for a network without hidden layers)."""
    return forward(network, points).layers[-1].inputs


def line_in_box(normal: np.ndarray, offset: float, lower: np.ndarray, upper: np.ndarray):
    """The segment ``(2, 2)`` of the line ``normal · p = offset`` inside the box [lower, upper]
    of the plane, or ``None`` when the line misses it."""
    normal = np.asarray(normal, dtype=np.float64)
    corners = np.array([lower, [upper[0], lower[1]], upper, [lower[0], upper[1]]], dtype=np.float64)
    crossings = []
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        va, vb = a @ normal - offset, b @ normal - offset
        if va == vb or va * vb > 0:
            continue
        crossings.append(a + (va / (va - vb)) * (b - a))
    if len(crossings) < 2:
        return None
    crossings = np.array(crossings)
    distances = np.linalg.norm(crossings[:, None] - crossings[None], axis=-1)
    i, j = np.unravel_index(distances.argmax(), distances.shape)
    return crossings[[i, j]]


def tilted(points: np.ndarray, phi: float = TILT_PHI, theta: float = TILT_THETA) -> np.ndarray:
    """3-D points ``(n, 3)`` as a camera at polar angle ``phi`` and azimuth ``theta`` sees them
    (as Manim's ThreeDCamera turns them), ``(n, 2)`` screen coordinates."""
    turn = -theta - np.pi / 2
    about_z = np.array(
        [[np.cos(turn), -np.sin(turn), 0], [np.sin(turn), np.cos(turn), 0], [0, 0, 1]]
    )
    about_x = np.array(
        [[1, 0, 0], [0, np.cos(-phi), -np.sin(-phi)], [0, np.sin(-phi), np.cos(-phi)]]
    )
    return (np.asarray(points, dtype=np.float64) @ (about_x @ about_z).T)[:, :2]


# --- the panels -------------------------------------------------------------------------------


class LearningPanel:
    """Where a space's coordinates land on screen: ``to_screen(values (n, width)) -> (n, 3)``.

    Width 1 and 2 are drawn flat (width 1 on the x-axis), width 3 tilted, wider ones through a
    fixed projection onto their 3 main axes; ``bounds`` is the box every snapshot's points fit in.
    """

    def __init__(
        self, samples: list[np.ndarray], center: np.ndarray, size: float, margin: float = 0.1
    ) -> None:
        width = samples[0].shape[1]
        self.width = width
        self.projection = principal_axes(np.vstack(samples), 3) if width > 3 else None
        spaces = [self.space(sample) for sample in samples]
        stacked = np.vstack(spaces)
        span = np.maximum(stacked.max(axis=0) - stacked.min(axis=0), 1e-6)
        self.lower = stacked.min(axis=0) - margin * span
        self.upper = stacked.max(axis=0) + margin * span
        flat = np.vstack([self._flat(sample) for sample in spaces + [self.corners()]])
        low, high = flat.min(axis=0), flat.max(axis=0)
        self.unit = size / max(*(high - low), 1e-6)
        self.center = np.asarray(center, dtype=np.float64)
        self.middle = (low + high) / 2

    @property
    def dimension(self) -> int:
        return min(self.width, 3) if self.width != 1 else 2

    def space(self, values: np.ndarray) -> np.ndarray:
        """Values ``(n, width)`` as coordinates of the drawn space ``(n, 2 or 3)``."""
        values = np.asarray(values, dtype=np.float64)
        if self.projection is not None:
            return values @ self.projection.T
        if values.shape[1] == 1:
            return np.column_stack([values, np.zeros(len(values))])
        return values

    def _flat(self, coordinates: np.ndarray) -> np.ndarray:
        return tilted(coordinates) if coordinates.shape[1] == 3 else coordinates

    def corners(self) -> np.ndarray:
        """The corners of the box ``[lower, upper]``, ``(2**dims, dims)``."""
        dims = len(self.lower)
        picks = np.array(np.meshgrid(*[[0, 1]] * dims)).reshape(dims, -1).T
        return self.lower + picks * (self.upper - self.lower)

    def to_screen(self, coordinates: np.ndarray) -> np.ndarray:
        """Coordinates of the drawn space ``(n, 2 or 3)`` -> scene points ``(n, 3)``."""
        flat = (self._flat(np.asarray(coordinates, dtype=np.float64)) - self.middle) * self.unit
        return np.column_stack([flat + self.center[:2], np.zeros(len(flat))])


class NetworkLearning(NetplaneScene):
    """A network learning: the last hidden layer's space, the input plane's decision regions and
    the loss and accuracy curves, all following the weights from their random start to the end.

    Subclasses give ``load_trained()``, a trained experiment with a training history.
    """

    seconds: float = 16.0
    cells: int = 60
    panel_size: float = 4.0
    show_points: int = DEFAULT_SHOWN_POINTS
    """Draw at most this many points: a larger data set is shown by a fair sample."""
    sample: ShownSample | None = None
    input_center = np.array([-4.7, -0.1])
    hidden_center = np.array([-0.1, -0.1])

    def load_trained(self) -> TrainedExperiment:
        raise NotImplementedError

    def setup(self) -> None:
        super().setup()
        self.trained = self.load_trained()
        self.history = self.trained.history
        if len(self.history) < 2:
            raise ValueError(
                f"{self.trained.name}: no training history to show; --training needs a network "
                "that netplane trains"
            )
        # the points drawn (a fair sample of a large data set); the curves count them all
        self.shown = self.choose_shown()
        points = self.points = self.trained.data.points[self.shown]
        self.labels = self.trained.data.labels[self.shown]
        network = self.trained.network
        self.level = decision_logit(network.architecture.activations[-1], self.trained.threshold)
        self.hidden_panel = LearningPanel(
            [last_hidden(snapshot.network, points) for snapshot in self.history],
            self.hidden_center,
            self.panel_size,
        )
        every = self.trained.data.points
        low, high = every.min(axis=0), every.max(axis=0)
        middle, half = (low + high) / 2, 0.6 * (high - low).max()
        self.cell_edges_x = np.linspace(middle[0] - half, middle[0] + half, self.cells + 1)
        self.cell_edges_y = np.linspace(middle[1] - half, middle[1] + half, self.cells + 1)
        self.input_unit = self.panel_size / (2 * half)
        self.input_middle = middle

    def choose_shown(self) -> slice | np.ndarray:
        """Every point, or for a larger data set than ``show_points`` the fair sample of
        ``datasets.sampling`` (each class's share, every point the trained network gets wrong)."""
        labels = self.trained.data.labels
        if len(labels) <= self.show_points:
            return slice(None)
        self.sample = shown_sample(labels, self.trained.wrong_side(), self.show_points)
        return self.sample.indices

    # --- coordinates ---------------------------------------------------------------------------

    def input_to_screen(self, points: np.ndarray) -> np.ndarray:
        flat = (np.asarray(points)[:, :2] - self.input_middle) * self.input_unit
        return np.column_stack([flat + self.input_center, np.zeros(len(flat))])

    def network_at(self, position: float) -> Network:
        return interpolated_network(self.history, position)

    def snapshot_index(self, position: float) -> int:
        return int(np.floor(position + 1e-9))

    # --- pieces --------------------------------------------------------------------------------

    def get_input_panel(self) -> VGroup:
        theme = self.theme
        edges_x = self.input_to_screen(np.column_stack([self.cell_edges_x, self.cell_edges_y]))
        self.regions = RegionRaster(edges_x[:, 0], edges_x[:, 1], theme)
        self.input_boundary = BoundaryLines(stroke_color=theme.boundary, stroke_width=3)
        self.input_dots = self._dots(self.input_to_screen(self.points))
        frame = Rectangle(
            width=self.panel_size, height=self.panel_size, stroke_color=theme.muted_text
        ).move_to([*self.input_center, 0])
        frame.set_stroke(width=1.5)
        text = r"input plane:\\ decision regions"
        if self.sample is not None:
            text += rf"\\ {self.sample.count:,} of {self.sample.total:,} points shown"
        caption = Tex(text, color=theme.muted_text, tex_environment="center").scale(0.5)
        caption.next_to(frame, DOWN, buff=0.15)
        return VGroup(self.regions, frame, self.input_boundary, self.input_dots, caption)

    def get_hidden_panel(self) -> VGroup:
        theme, panel = self.theme, self.hidden_panel
        axes = VGroup()
        if panel.dimension == 2:
            corners = np.array(
                [panel.lower, [panel.upper[0], panel.lower[1]], panel.upper,
                 [panel.lower[0], panel.upper[1]]]
            )  # fmt: skip
            axes.add(Polygon(*panel.to_screen(corners), stroke_color=theme.muted_text,
                             stroke_width=1.5))  # fmt: skip
        else:
            # the box every snapshot's points fit in, faint, for depth
            corners = panel.corners()
            for i, j in zip(*np.triu_indices(len(corners), 1), strict=True):
                if np.count_nonzero(corners[i] != corners[j]) == 1:
                    edge = Line(*panel.to_screen(corners[[i, j]]), stroke_width=1)
                    axes.add(edge.set_stroke(theme.muted_text, opacity=0.35))
            origin = np.clip(np.zeros(3), panel.lower, panel.upper)
            for axis in range(3):
                start, end = origin.copy(), origin.copy()
                start[axis], end[axis] = panel.lower[axis], panel.upper[axis]
                line = Line(*panel.to_screen(np.array([start, end])), stroke_width=1.5)
                axes.add(line.set_color(theme.basis_colors[axis % len(theme.basis_colors)]))
        self.separator = VMobject(
            stroke_color=theme.boundary, stroke_width=3, fill_color=theme.boundary
        )
        self.hidden_dots = self._dots(np.zeros((len(self.labels), 3)))
        caption = Tex(
            self.hidden_caption(), color=theme.muted_text, tex_environment="center"
        ).scale(0.5)
        caption.next_to(axes, DOWN, buff=0.15).set_x(self.hidden_center[0])
        caption.set_y(self.input_center[1] - self.panel_size / 2 - 0.3)
        return VGroup(axes, self.separator, self.hidden_dots, caption)

    def hidden_caption(self) -> str:
        layers = self.trained.network.layer_count
        width = self.hidden_panel.width
        if layers == 1:
            return r"the input plane,\\ where the only layer draws its line"
        where = rf"last hidden layer $h^{{({layers - 1})}}$"
        if width > 3:
            return where + rf"\\ ({width}-D, projected onto its 3 main axes)"
        shape = {1: "point", 2: "line", 3: "plane"}[width]
        return where + rf"\\ and the output layer's separating {shape}"

    def _dots(self, centers: np.ndarray) -> VGroup:
        return VGroup(
            *[
                DotCloud(centers[self.labels == label], color=color, radius=0.04)
                for label, color in enumerate(self.theme.class_colors)
            ]
        )

    # --- following the weights --------------------------------------------------------------

    def show_position(self, position: float) -> None:
        """Draw everything for the network at ``position`` along the history."""
        network = self.network_at(position)
        points = self.points
        centres_x = (self.cell_edges_x[:-1] + self.cell_edges_x[1:]) / 2
        centres_y = (self.cell_edges_y[:-1] + self.cell_edges_y[1:]) / 2
        values = output_grid(network, centres_x, centres_y)
        if network.architecture.activations[-1] == "identity":
            # region_levels shades probabilities: a logit's is its sigmoid
            shading = region_levels(sigmoid(values - self.trained.threshold), 0.5)
        else:
            shading = region_levels(values, self.trained.threshold)
        self.regions.set_cells(*shading)
        segments = level_segments(values, centres_x, centres_y, self.trained.threshold)
        lifted = np.concatenate([segments, np.zeros((*segments.shape[:2], 1))], axis=-1)
        screen = self.input_to_screen(lifted.reshape(-1, 3)).reshape(-1, 2, 3)
        self.input_boundary.set_segments(screen)

        panel = self.hidden_panel
        hidden = panel.space(last_hidden(network, points))
        drawn = panel.to_screen(hidden)
        for label, cloud in enumerate(self.hidden_dots):
            cloud.set_centers(drawn[self.labels == label])
        self.drawn_hidden = hidden
        self.separator.set_points(np.zeros((0, 3)))
        if panel.projection is not None:
            return  # a plane in a projection would not be the real boundary
        weight, bias = network.weights[-1][0], network.biases[-1][0]
        if panel.width == 1:
            weight = np.array([weight[0], 0.0])
        if panel.dimension == 2:
            segment = line_in_box(weight, self.level - bias, panel.lower, panel.upper)
            if segment is not None:
                self.separator.set_points_as_corners(panel.to_screen(segment))
                self.separator.set_fill(opacity=0)
        else:
            corners = plane_section(weight, self.level - bias, panel.lower, panel.upper)
            if len(corners) >= 3:
                screen = panel.to_screen(corners)
                self.separator.set_points_as_corners([*screen, screen[0]])
                self.separator.set_fill(opacity=0.25)

    def get_curves(self) -> VGroup:
        """Loss (log scale) above accuracy over the training steps (log scale: training changes
        the most at its start), on the right."""
        theme = self.theme
        steps = np.array([snapshot.step for snapshot in self.history], dtype=np.float64)
        xs = np.log10(1 + steps)
        losses = np.log10(np.maximum([snapshot.loss for snapshot in self.history], 1e-12))
        accuracies = np.array([snapshot.accuracy for snapshot in self.history])
        low, high = int(np.floor(losses.min())), int(np.ceil(losses.max()))
        high = max(high, low + 1)
        common = {"x_range": (0, xs[-1], xs[-1]), "x_length": 3.6, "tips": False,
                  "axis_config": {"color": theme.axis, "stroke_width": 2}}  # fmt: skip
        # measured from the lowest decade, so the step axis runs along the bottom
        losses = losses - low
        loss_axes = Axes(y_range=(0, high - low, 1), y_length=1.9, **common)
        accuracy_axes = Axes(y_range=(0, 1, 0.5), y_length=1.5, **common)
        loss_axes.move_to([4.75, 1.15, 0])
        accuracy_axes.move_to([4.75, -1.75, 0])
        decades = [10**k for k in range(int(np.log10(max(steps[-1], 1))) + 1)]
        labels = VGroup(
            *[
                MathTex(f"10^{{{k}}}", color=theme.muted_text).scale(0.45)
                .next_to(loss_axes.c2p(0, k - low), LEFT, buff=0.1)
                for k in range(low, high + 1)
            ],
            *[
                MathTex(f"{int(100 * v)}\\%", color=theme.muted_text).scale(0.45)
                .next_to(accuracy_axes.c2p(0, v), LEFT, buff=0.1)
                for v in (0.0, 0.5, 1.0)
            ],
            *[
                MathTex(f"{step}", color=theme.muted_text).scale(0.45)
                .next_to(accuracy_axes.c2p(np.log10(1 + step), 0), DOWN, buff=0.1)
                for step in decades
            ],
            Tex("training step (log scale)", color=theme.muted_text).scale(0.45)
            .next_to(accuracy_axes, DOWN, buff=0.45),
        )  # fmt: skip
        self.curve_data = (xs, losses, accuracies)
        self.loss_axes, self.accuracy_axes = loss_axes, accuracy_axes
        # as circles-training draws them: the loss in the text colour, the accuracy in the
        # boundary's (the palette in scenes/kit/theme.py)
        self.loss_curve = VMobject(stroke_color=theme.text, stroke_width=3)
        self.accuracy_curve = VMobject(stroke_color=theme.boundary, stroke_width=3)
        return VGroup(loss_axes, accuracy_axes, labels, self.loss_curve, self.accuracy_curve)

    def curve_points(self, axes: Axes, values: np.ndarray, position: float) -> np.ndarray:
        steps = self.curve_data[0]
        index = self.snapshot_index(position)
        xs, ys = list(steps[: index + 1]), list(values[: index + 1])
        if index + 1 < len(steps) and position > index:
            alpha = position - index
            xs.append(steps[index] + alpha * (steps[index + 1] - steps[index]))
            ys.append(values[index] + alpha * (values[index + 1] - values[index]))
        if len(xs) == 1:
            xs, ys = xs * 2, ys * 2
        return np.array([axes.c2p(x, y) for x, y in zip(xs, ys, strict=True)])

    def get_readouts(self, position: ValueTracker) -> VGroup:
        theme = self.theme
        rows = VGroup()
        for name, axes, values, percent in (
            ("loss", self.loss_axes, [s.loss for s in self.history], False),
            ("accuracy", self.accuracy_axes, [s.accuracy for s in self.history], True),
        ):
            number = DecimalNumber(0, num_decimal_places=1 if percent else 4,
                                   unit=r"\%" if percent else None)  # fmt: skip
            number.set_color(theme.highlight).scale(0.55)
            number.add_updater(
                lambda m, values=values, percent=percent: show_value(
                    m, (100 if percent else 1) * values[self.snapshot_index(position.get_value())]
                )
            )
            number.update()
            row = VGroup(Tex(name, color=theme.text).scale(0.55), number)
            row.arrange(RIGHT, buff=0.15, aligned_edge=DOWN)
            row.next_to(axes, UP, buff=0.25).align_to(axes, LEFT)
            rows.add(row)
        return rows

    # --- the story ----------------------------------------------------------------------------

    def construct(self) -> None:
        theme = self.theme
        position = ValueTracker(0.0)
        self.position = position
        input_panel = self.get_input_panel()
        hidden_panel = self.get_hidden_panel()
        curves = self.get_curves()
        self.show_position(0.0)

        architecture = self.trained.network.architecture
        heading = Tex(
            f"{architecture.spec} ({', '.join(dict.fromkeys(architecture.activations[:-1]))}) "
            "learning, step "
            if len(architecture.sizes) > 2
            else f"{architecture.spec} learning, step ",
            color=theme.text,
        ).scale(0.6)
        counter = Integer(0, group_with_commas=False).set_color(theme.highlight).scale(0.6)
        counter.add_updater(
            lambda m: show_value(m, self.history[self.snapshot_index(position.get_value())].step)
        )
        header = VGroup(heading, counter).arrange(RIGHT, buff=0.12, aligned_edge=DOWN)
        header.to_edge(UP, buff=CORNER_BUFF)
        legend = class_legend(theme).to_corner(UL, buff=CORNER_BUFF)
        readouts = self.get_readouts(position)
        opening = narration.untrained_sentence(
            architecture.spec, self.trained.experiment.dataset, len(self.trained.data.labels)
        )
        self.narrate(opening)
        self.play(
            FadeIn(input_panel), FadeIn(hidden_panel), FadeIn(curves), FadeIn(header),
            FadeIn(legend), FadeIn(readouts), run_time=captions.sentence_seconds(opening),
        )  # fmt: skip
        self.slide_break()

        steps, losses, accuracies = self.curve_data
        heads = VGroup()
        for curve, axes, values in (
            (self.loss_curve, self.loss_axes, losses),
            (self.accuracy_curve, self.accuracy_axes, accuracies),
        ):
            curve.add_updater(
                lambda m, axes=axes, values=values: m.set_points_as_corners(
                    self.curve_points(axes, values, position.get_value())
                )
            )
            head = Dot(radius=0.05, color=curve.get_stroke_color())
            head.add_updater(lambda m, curve=curve: m.move_to(curve.get_end()))
            heads.add(head)
        self.regions.add_updater(lambda _m: self.show_position(position.get_value()))
        for mobject in (self.loss_curve, self.accuracy_curve, *heads):
            mobject.update()
        self.add(heads)
        # the words follow the weights: where they start, halfway, where they end
        last = len(self.history) - 1
        middle = last // 2
        self.narrate(narration.snapshot_sentence(self.history[0], "Before training"))
        if middle > 0:
            self.play(
                position.animate.set_value(middle),
                run_time=self.seconds * middle / last,
                rate_func=linear,
            )
            self.narrate(narration.snapshot_sentence(self.history[middle], "Training"))
        self.play(
            position.animate.set_value(last),
            run_time=self.seconds * (last - middle) / last,
            rate_func=linear,
        )
        self.regions.clear_updaters()
        self.show_position(last)
        self.narrate(narration.snapshot_sentence(self.history[last], "Trained"))
        self.wait(2)
