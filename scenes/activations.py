"""Activation functions: each as a graph beside its derivative, then as what it does to the plane.

Curves are sampled from nn_core's ``forward`` and ``derivative``; the plane moves through
:func:`scenes.kit.stages.layer_steps` on a layer whose W is the identity and b is zero, so what is
left to see is the element-wise activation alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Animation,
    Axes,
    Create,
    DashedLine,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    Rectangle,
    Tex,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
    rate_functions,
)

from nn_core import get_activation
from nn_core.activations import LEAKY_RELU_SLOPE
from scenes.kit import narration
from scenes.kit.base import NetplaneScene, StepRecord, sample_drawn
from scenes.kit.matrices import format_number
from scenes.kit.plane import InPlace, PlaneFigure, PlaneView
from scenes.kit.stages import (
    PlaneState,
    axis_line_indices,
    element_wise_layer,
    first_half,
    grid_lines,
    layer_steps,
    mix_states,
    quadrant_lattice,
    second_half,
)

__all__ = [
    "ActivationFunctions",
    "ActivationShow",
    "DrawnGraph",
    "data_view",
    "follow_fold",
    "pile_box",
    "pile_sentence",
    "pile_view",
    "reframe",
    "title_handover",
]

GRAPH_CENTER = np.array([-4.2, 0.95, 0.0])
GRAPH_HALF_SIZE = 1.75
"""Half the side of the graph's square, in scene units: smaller than the plane's, since the
points are what each activation is about."""
PLANE_CENTER = np.array([3.5, -0.3, 0.0])
PLANE_HALF_SIZE = 3.2
"""Half the side of the square the plane draws its points in, in scene units."""
DATA_SHARE = 0.85
"""The points' bounding box fills this share of the plane's square, at every moment."""
INPUT_EXTENT = 3.0
"""The input grid covers [-INPUT_EXTENT, INPUT_EXTENT]² of the plane."""


@dataclass(frozen=True)
class ActivationShow:
    """How one activation is presented: its nn_core ``name``, the LaTeX of its formula and its
    derivative, the graph's ``y_range`` and the numbers written on its axes, the caption of what
    it does to the plane, and whether to zoom in on the plane afterwards (for the squashing ones)."""

    name: str
    title: str
    formula: str
    derivative: str
    y_range: tuple[float, float, float]
    y_numbers: tuple[float, ...]
    x_numbers: tuple[int, ...]
    effect: str
    zoom_after: bool
    zoom_on_pile: bool = False
    """Close in on where the points pile up (the quadrant the activation shrinks on both axes)."""


@dataclass(frozen=True)
class DrawnGraph:
    """A graph as drawn, read back in axes coordinates: ``function`` and ``derivative`` are
    ``(k, 2)`` rows of (z, value) at the curves' anchors."""

    function: np.ndarray
    derivative: np.ndarray


def _slope() -> str:
    return format_number(LEAKY_RELU_SLOPE, 1)


SHOWS = (
    ActivationShow(
        name="sigmoid",
        title="sigmoid",
        formula=r"a(z) = \sigma(z) = \frac{1}{1 + e^{-z}}",
        derivative=r"a'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)",
        y_range=(-0.5, 1.5, 0.5),
        y_numbers=(0.5, 1.0),
        x_numbers=(-3, -2, -1, 1, 2, 3),
        effect=r"squashes the whole plane\\into the unit square $(0, 1)^2$",
        zoom_after=True,
    ),
    ActivationShow(
        name="tanh",
        title="tanh",
        formula=r"a(z) = \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        derivative=r"a'(z) = 1 - \tanh^2(z)",
        y_range=(-1.5, 1.5, 0.5),
        y_numbers=(-1.0, 1.0),
        x_numbers=(-3, -2, -1, 1, 2, 3),
        effect=r"squashes the whole plane\\into the square $(-1, 1)^2$",
        zoom_after=True,
    ),
    ActivationShow(
        name="relu",
        title="ReLU",
        formula=r"a(z) = \max(0,\ z)",
        derivative=r"a'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        y_range=(-1.0, 3.0, 1.0),
        y_numbers=(1.0, 2.0, 3.0),
        x_numbers=(-3, -2, -1, 1, 2, 3),
        effect=r"folds every negative coordinate to $0$:\\the plane lands on the first quadrant",
        zoom_after=False,
    ),
    ActivationShow(
        name="leaky_relu",
        title="leaky ReLU",
        formula=rf"a(z) = \max({_slope()}\,z,\ z)",
        derivative=rf"a'(z) = \begin{{cases}} 1 & z > 0 \\ {_slope()} & z \le 0 \end{{cases}}",
        y_range=(-1.0, 3.0, 1.0),
        y_numbers=(1.0, 2.0, 3.0),
        # the curve runs just under the negative half of the axis, where these would sit
        x_numbers=(1, 2, 3),
        effect=(
            rf"bends the plane at the axes: negative\\coordinates shrink by ${_slope()}$, "
            "none collapse"
        ),
        zoom_after=False,
        zoom_on_pile=True,
    ),
)


def pile_box(before: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Where an activation piles points up: the box ``(low, high)`` (with the origin in it) of
    the points ``after (n, 2)`` whose every coordinate it shrank from ``before (n, 2)``;
    ``None`` when it shrinks no point on every axis."""
    before, after = np.asarray(before)[:, :2], np.asarray(after)[:, :2]
    shrunk = np.all(np.abs(after) < np.abs(before) - 1e-12, axis=1)
    if not np.any(shrunk):
        return None
    low = np.minimum(after[shrunk].min(axis=0), 0.0)
    high = np.maximum(after[shrunk].max(axis=0), 0.0)
    return low, high


def pile_view(low: np.ndarray, high: np.ndarray, middle: np.ndarray, half_size: float) -> PlaneView:
    """The view that fits the box ``low..high`` (plane coordinates), with a margin of a fifth
    of its size each side, into the square of ``half_size`` around scene point ``middle``."""
    size = float(np.max(high - low))
    unit = 2 * half_size / (size * 1.4)
    focus = np.append((low + high) / 2, 0.0)
    return PlaneView(unit=unit, center=tuple(np.asarray(middle) - unit * focus))


def pile_sentence(activation: str, zoom: float, count: int, slope: float) -> str:
    """What the zoom on the pile shows."""
    return (
        f"Zoomed in {zoom:.0f} times where {activation} piles the points up: the {count} points "
        f"with both coordinates negative keep their lattice, only {slope:g} times as large. "
        "None is lost."
    )


def data_view(points: np.ndarray, middle: np.ndarray, size: float) -> PlaneView:
    """The view that draws the bounding box of ``points (n, 2+)`` centred on scene point
    ``middle``, its longer side ``size`` scene units long."""
    points = np.asarray(points)[:, :2]
    low, high = points.min(axis=0), points.max(axis=0)
    unit = size / max(float(np.max(high - low)), 1e-9)
    focus = np.append((low + high) / 2, 0.0)
    return PlaneView(unit=unit, center=tuple(np.asarray(middle) - unit * focus))


def follow_fold(
    figure: PlaneFigure, end: PlaneState, middle: np.ndarray, size: float, **kwargs
) -> InPlace:
    """Every point moving in a straight line to its place in ``end`` while the camera follows
    them: at each moment the points' box is drawn ``size`` wide around ``middle``, so a squash
    never shrinks them to a blob; the background grid, left where the plane is, shows the zoom."""
    start = figure.state

    def update(_group: VGroup, alpha: float) -> None:
        state = end if alpha >= 1 else mix_states(start, end, alpha)
        figure.set_view(data_view(state.points, middle, size))
        figure.set_state(state)

    kwargs.setdefault("rate_func", rate_functions.smooth)
    return InPlace(figure.group, update, **kwargs)


def reframe(
    figure: PlaneFigure, view: PlaneView, middle: np.ndarray, **kwargs
) -> UpdateFromAlphaFunc:
    """Zoom and pan ``figure`` to ``view``: the plane point drawn at scene point ``middle`` moves
    in a straight line while the unit changes geometrically, so the zoom feels even."""
    start = figure.view
    middle = np.asarray(middle, dtype=np.float64)
    focus_start = start.to_coords(middle)
    focus_end = view.to_coords(middle)

    def update(_group: VGroup, alpha: float) -> None:
        unit = start.unit * (view.unit / start.unit) ** alpha
        center = middle - unit * (focus_start + alpha * (focus_end - focus_start))
        figure.set_view(PlaneView(unit=unit, center=tuple(center)))
        figure.set_state(figure.state)

    kwargs.setdefault("rate_func", rate_functions.smooth)
    return UpdateFromAlphaFunc(figure.group, update, **kwargs)


def title_handover(old: Mobject | None, new: Mobject) -> list[Animation]:
    """The section's ``new`` title in the place of the ``old`` one: the old one fades out in
    the first half of the crossfade and the new one in over the second, so the two, in the
    same place, never show at once (overlapping, they read as neither)."""
    arrives = FadeIn(new, rate_func=lambda t: rate_functions.smooth(second_half(t)))
    if old is None:
        return [arrives]
    leaves = FadeOut(old, rate_func=lambda t: rate_functions.smooth(first_half(t)))
    return [leaves, arrives]


class ActivationFunctions(NetplaneScene):
    """activations: sigmoid, tanh, ReLU and leaky ReLU, each as a graph with its derivative and
    as what it does to the plane (squash, fold, bend)."""

    def setup(self) -> None:
        super().setup()
        self.grid = grid_lines((-INPUT_EXTENT, INPUT_EXTENT), (-INPUT_EXTENT, INPUT_EXTENT), 0.5)
        self.lattice, self.quadrant = quadrant_lattice(INPUT_EXTENT)
        self.data_size = 2 * PLANE_HALF_SIZE * DATA_SHARE
        self.input_view = data_view(self.lattice, PLANE_CENTER, self.data_size)
        self.graph_log: dict[str, DrawnGraph] = {}
        self.pile_views: dict[str, PlaneView] = {}
        """Per activation, the view that closed in on where it piled the points up."""
        self.shown_at: dict[str, float] = {}
        """Per activation, when its section's picture (title, plane) went up."""
        self.handovers: dict[str, int] = {}
        """Per later activation, how many of the last section's mobjects faded out as it came in."""
        # one plain left half for every section, kept while they crossfade
        self.graph_side = self.get_graph_side()

    # --- pieces ------------------------------------------------------------------------------------

    # graphs are drawn in the neutral inks: pink means "look here" and purple means k̂
    @property
    def function_color(self) -> str:
        return self.theme.text

    @property
    def derivative_color(self) -> str:
        return self.theme.muted_text

    def get_axes(self, show: ActivationShow) -> Axes:
        axes = Axes(
            x_range=(-INPUT_EXTENT, INPUT_EXTENT, 1),
            y_range=show.y_range,
            x_length=2 * GRAPH_HALF_SIZE,
            y_length=2 * GRAPH_HALF_SIZE,
            tips=False,
            axis_config={"color": self.theme.axis, "stroke_width": 2, "font_size": 20},
        )
        axes.x_axis.add_numbers(list(show.x_numbers), num_decimal_places=0)
        axes.y_axis.add_numbers(list(show.y_numbers), num_decimal_places=1)
        for axis in (axes.x_axis, axes.y_axis):
            axis.numbers.set_color(self.theme.muted_text)
        axes.move_to(GRAPH_CENTER)
        z_label = MathTex("z", color=self.theme.muted_text).scale(0.6)
        z_label.next_to(axes.x_axis.get_right(), RIGHT, buff=0.12)
        axes.add(z_label)
        return axes

    def get_curves(self, show: ActivationShow, axes: Axes) -> tuple[VMobject, VMobject]:
        """a(z) solid and a'(z) dashed, both sampled from nn_core. Dashes keep a(z) visible where
        the two coincide (ReLU left of 0); piecewise derivatives jump at 0, drawn with a gap."""
        activation = get_activation(show.name)
        jumps = [0.0] if show.name in ("relu", "leaky_relu") else None
        sampling = {"x_range": (-INPUT_EXTENT, INPUT_EXTENT, 0.02), "use_smoothing": False}
        function = axes.plot(
            lambda z: float(activation.forward(np.array([z]))[0]),
            color=self.function_color,
            stroke_width=5,
            **sampling,
        )
        derivative = axes.plot(
            lambda z: float(activation.derivative(np.array([z]))[0]),
            discontinuities=jumps,
            dt=0.02,
            **sampling,
        )
        dashed = DashedVMobject(derivative, num_dashes=45, dashed_ratio=0.6)
        return function, dashed.set_stroke(self.derivative_color, width=4)

    def get_legend(self, axes: Axes) -> VGroup:
        rows = VGroup()
        samples = (
            Line(ORIGIN, 0.45 * RIGHT, color=self.function_color, stroke_width=5),
            DashedLine(
                ORIGIN, 0.45 * RIGHT, color=self.derivative_color, stroke_width=4, dash_length=0.06
            ),
        )
        for text, sample in zip(("a(z)", "a'(z)"), samples, strict=True):
            label = MathTex(text, color=self.theme.text).scale(0.6)
            rows.add(VGroup(sample, label).arrange(RIGHT, buff=0.15))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        # top left, where every curve is low, clear of the y-axis's numbers
        legend = self.backed(rows)
        legend.next_to(axes.y_axis.numbers, LEFT, buff=0.15)
        return legend.align_to(axes.c2p(0, axes.y_range[1]), UP)

    def get_plane(self, state: PlaneState) -> PlaneFigure:
        """The lattice coloured by quadrant, so one sees where each quadrant lands."""
        theme = self.theme
        colors = theme.quadrant_colors
        return PlaneFigure(
            state,
            self.quadrant,
            self.input_view,
            theme,
            axis_line_indices=axis_line_indices(self.grid),
            point_colors=colors,
            dot_radius=0.08,
        )

    def get_graph_side(self) -> VGroup:
        """A plain left half: the plane's background grid stays on the plane's side."""
        cover = Rectangle(
            width=config.frame_width / 2,
            height=config.frame_height,
            stroke_width=0,
            fill_color=self.theme.background,
            fill_opacity=1,
        ).to_edge(LEFT, buff=0)
        divider = Line(cover.get_corner(UR), cover.get_corner(DR))
        return VGroup(cover, divider.set_stroke(self.theme.background_grid, width=2))

    def read_back(self, axes: Axes, curve: VMobject) -> np.ndarray:
        """(z, value) at every anchor drawn for ``curve`` (dashes included), in axes coordinates."""
        anchors = np.vstack([part.get_anchors() for part in curve.family_members_with_points()])
        return np.array([axes.point_to_coords(point)[:2] for point in anchors])

    # --- the story ---------------------------------------------------------------------------------

    def construct(self) -> None:
        for index, show in enumerate(SHOWS):
            leaving: list[Mobject] = []
            if index:
                self.slide_break()
                # the last sentence is read over its own picture, not over the next one's
                self.end_narration()
                leaving = [m for m in self.mobjects if m is not self.graph_side]
            self.show_activation(show, opening=index == 0, leaving=leaving)
        self.wait(1)

    def show_activation(
        self, show: ActivationShow, *, opening: bool = False, leaving: Sequence[Mobject] = ()
    ) -> None:
        """One activation: its graph and derivative, then what it does to the plane. The
        ``opening`` one is on screen (title, axes, plane) from the video's first frame; a later
        one crossfades with ``leaving``, the last section's picture, so no frame is empty."""
        theme = self.theme
        fold = layer_steps(element_wise_layer(show.name), self.lattice, self.grid)[-1]
        figure = self.get_plane(fold.start)
        side = self.graph_side

        title = MathTex(rf"\text{{{show.title}:}}\quad {show.formula}", color=theme.text)
        title = self.backed(title.scale(0.7)).to_edge(UP, buff=0.12)
        self.title_box_before = getattr(self, "title_box", None)
        self.title_box = title
        axes = self.get_axes(show)
        function, derivative = self.get_curves(show, axes)
        legend = self.get_legend(axes)
        derivative_formula = MathTex(show.derivative, color=self.derivative_color).scale(0.6)
        derivative_formula.next_to(axes, DOWN, buff=0.25)
        effect = Tex(show.effect, color=theme.text).scale(0.55)
        effect = self.backed(effect).next_to(derivative_formula, DOWN, buff=0.2)
        effect.set_x(GRAPH_CENTER[0])
        self.effect_box = effect
        self.panel_sizes = {
            "graph": (axes.x_axis.width, axes.y_axis.height),
            "plane": (2 * PLANE_HALF_SIZE, 2 * PLANE_HALF_SIZE),
        }

        # The graph first: a(z), then its slope a'(z)
        if leaving:
            # under the plain left half (re-adding it would cover the last section's graph
            # fading out) and under the last section's plane
            self.add(figure.group)
            self.bring_to_back(figure.group)
        else:
            self.add(figure.group, side)
        self.pin(title)
        self.shown_at[show.name] = self.time
        activation = get_activation(show.name)
        z = np.linspace(-INPUT_EXTENT, INPUT_EXTENT, 601)
        self.narrate(
            narration.activation_graph_sentence(
                show.name, z, activation.forward(z), activation.derivative(z)
            )
        )
        if opening:
            self.add(axes)
            self.opening_frame = (self.time, [figure.group, title, axes])
        else:
            # one FadeOut per mobject: a FadeOut restores its mobject when done, and one on a
            # group would leave the group's parts, added one by one, on screen
            self.handovers[show.name] = len(leaving)
            old_title = self.title_box_before
            self.play(
                *title_handover(old_title, title),
                FadeIn(axes),
                FadeIn(figure.group),
                *[FadeOut(mobject) for mobject in leaving if mobject is not old_title],
                run_time=0.8,
            )
        self.play(Create(function), FadeIn(legend[0], legend[1][0]), run_time=1.2)
        self.play(
            Create(derivative), FadeIn(legend[1][1]), FadeIn(derivative_formula), run_time=1.2
        )
        self.graph_log[show.name] = DrawnGraph(
            self.read_back(axes, function), self.read_back(axes, derivative)
        )

        # Then the plane: every coordinate of every point through a(z), the camera following
        self.pin(effect)
        self.narrate(
            narration.activation_plane_sentence(
                show.name, self.lattice, activation.forward(self.lattice)
            )
        )
        self.play(FadeIn(effect), run_time=0.5)
        motion = follow_fold(figure, fold.end, PLANE_CENTER, self.data_size, run_time=2.5)
        sampled = sample_drawn(figure, motion)
        started = self.time
        self.play(motion)
        self.step_log.append(
            StepRecord(
                show.name,
                1,
                figure.data_coordinates(),
                **sampled,
                started=started,
                ended=self.time,
                panels=self.panel_boxes(),
            )
        )
        self.wait(1.2)
        if show.zoom_on_pile:
            self.zoom_on_pile(show, figure, fold)

    def panel_boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        """The boxes (scene x_min, x_max, y_min, y_max) of the text panels pinned now."""
        return tuple(
            (float(p.get_left()[0]), float(p.get_right()[0]), float(p.get_bottom()[1]),
             float(p.get_top()[1]))
            for p in self.foreground_mobjects
        )  # fmt: skip

    def zoom_on_pile(self, show: ActivationShow, figure: PlaneFigure, fold) -> None:
        """Close in on the corner where the activation piled points up, so they read as the
        lattice they still are; then back out."""
        box = pile_box(fold.start.points, fold.end.points)
        if box is None:
            return
        overview = figure.view
        view = pile_view(*box, PLANE_CENTER, PLANE_HALF_SIZE * DATA_SHARE)
        self.pile_views[show.name] = view
        zoom = view.unit / overview.unit
        shrunk = np.all(np.abs(fold.end.points[:, :2]) < np.abs(fold.start.points[:, :2]), axis=1)
        slope = float(np.median(fold.end.points[shrunk, 0] / fold.start.points[shrunk, 0]))
        note = Tex(rf"plane zoomed in $\times{zoom:.0f}$", color=self.theme.highlight).scale(0.6)
        note = self.backed(note).next_to(self.effect_box, DOWN, buff=0.2)
        note.set_x(GRAPH_CENTER[0])
        self.narrate(pile_sentence(show.title, zoom, int(np.count_nonzero(shrunk)), slope))
        self.pin(note)
        self.play(reframe(figure, view, PLANE_CENTER, run_time=1.6), FadeIn(note))
        self.wait(2.5)
        self.play(reframe(figure, overview, PLANE_CENTER, run_time=1.4), FadeOut(note))
        self.unpin(note)
