"""The scene base classes: theme, the plane story of a trained network, and a log for the tests.

``NetplaneScene`` sets the theme and keeps ``step_log``: after each animated step, where the data
points are drawn (in plane coordinates), so tests can compare the picture with nn_core's trace,
and, sampled through the step, the view and the drawn points, so tests can check the motion.
``NetworkStoryScene`` loads a named experiment in ``setup`` and offers the pieces a layer-by-layer
story is built from; subclasses only write ``construct``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    BackgroundRectangle,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    MathTex,
    Mobject,
    ReplacementTransform,
    Scene,
    Tex,
    ThreeDScene,
    VGroup,
    Write,
    config,
)
from manim.animation.composition import AnimationGroup
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer

from nn_core.experiments import TrainedExperiment, trained
from scenes.kit import captions, narration
from scenes.kit.camera import CameraPlan, Framing, Shot, frame_states, plan_camera
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.encoding import NetplaneFileWriter, house_encoder_options
from scenes.kit.families import update_family
from scenes.kit.formula_batch import precompile_scene
from scenes.kit.input_axes import InputAxes, input_axes
from scenes.kit.layers import (
    LayeredCamera,
    LayeredThreeDCamera,
    Snapshot,
    snapshot_drawable,
    still_runs,
)
from scenes.kit.matrices import format_number, value_vector, weight_matrix
from scenes.kit.plane import (
    PlaneFigure,
    PlaneView,
    RingCloud,
    basis_landing,
    class_legend,
    legible_dot_radius,
)
from scenes.kit.readout import (
    accuracy_label,
    boundary_line,
    measured_accuracy,
    number_line,
    strip_offsets,
    wrong_side_count,
)
from scenes.kit.stages import (
    PlaneState,
    Step,
    axis_line_indices,
    expression_after,
    grid_lines,
    layer_steps,
)
from scenes.kit.theme import ThemeError, current_theme

__all__ = [
    "DatasetScene",
    "LayerStoryScene",
    "NetplaneScene",
    "NetworkStoryScene",
    "OneLayerStoryScene",
    "SAMPLE_TIMES",
    "sample_drawn",
    "StepRecord",
]

CORNER_BUFF = 0.3
# the free column between a two-layer story's diagram (upper left) and formula (upper right),
# from the running formula to the frame's top: where W1 stands the hard curves upright
TWO_LAYER_COLUMN = (-2.7, 1.3, -2.9, 3.7)
# The input plane's tick labels and names stay at least this long before the first step
INPUT_AXES_SECONDS = 2.5


# Times at which a step's motion is sampled for the log (and views are fitted)
SAMPLE_TIMES = np.linspace(0.0, 1.0, 11)


def sample_drawn(figure: PlaneFigure, motion, camera_pose=tuple) -> dict:
    """Run ``motion`` (the animation about to play) through ``SAMPLE_TIMES`` and note where it
    draws the data points and the basis arrows, in which view and (``camera_pose()``) from
    which 3-D camera angles; then put the figure back where it was."""
    state, view = figure.state, figure.view
    drawn, views, poses, arrows = [], [], [], []
    for t in SAMPLE_TIMES:
        motion.interpolate_mobject(float(t))
        drawn.append(figure.drawn_points())
        views.append(figure.view)
        poses.append(camera_pose())
        arrows.append(figure.shown_arrow_ends())
    figure.set_view(view)
    figure.set_state(state)
    return {
        "times": SAMPLE_TIMES.copy(),
        "views": tuple(views),
        "drawn": np.array(drawn),
        "poses": tuple(poses),
        "arrows": tuple(arrows),
    }


@dataclass(frozen=True)
class StepRecord:
    """What the scene showed after one step: ``coordinates (n, 3)`` of the drawn data points.

    Through the step, at ``times``: ``views`` (the view each sample was drawn in), ``drawn``
    ``(k, n, 3)`` the data points in scene coordinates, and, for a linear step that follows a
    path, ``matrices (k, 3, 3)`` the map reached so far. ``camera`` is the 3-D camera's angles
    before and after the step (empty in a flat scene).
    """

    kind: str
    layer: int
    coordinates: np.ndarray
    times: np.ndarray = field(default_factory=lambda: np.zeros(0))
    views: tuple[PlaneView, ...] = ()
    drawn: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 3)))
    matrices: np.ndarray | None = None
    camera: tuple[tuple[float, ...], ...] = ()
    poses: tuple[tuple[float, ...], ...] = ()
    """The 3-D camera's angles at ``times`` (empty in a flat scene): a camera turning through a
    linear step is drawn from these."""
    arrows: tuple[np.ndarray, ...] = ()
    """At ``times``, the start and end (scene) of each basis arrow drawn ``(m, 2, 3)``."""
    started: float = 0.0
    ended: float = 0.0
    """Scene times (seconds) when the step's motion began and ended."""
    panels: tuple[tuple[float, float, float, float], ...] = ()
    """The boxes (scene x_min, x_max, y_min, y_max) of the text panels on screen through the
    step: diagram, formulas, legend, readout."""
    on_screen: frozenset[str] = frozenset()
    """The pieces of the shared vocabulary on screen from the step's start to its end
    (:meth:`NetplaneScene.vocabulary_on_screen`)."""


def _visible(mobject: Mobject) -> bool:
    return any(
        part.get_stroke_opacity() > 0 or part.get_fill_opacity() > 0
        for part in mobject.family_members_with_points()
    )


class NetplaneScene(Scene):
    """Every netplane scene: themed background, step log, slide breaks, and pinned overlays that
    hold still through an animation drawn once for it (``layer_still_overlays``)."""

    layer_still_overlays = True
    """What neither animates nor updates through a play but would be drawn again in each of its
    frames (pinned overlays; in a flat scene, whatever comes after the first moving mobject) is
    drawn once, as a snapshot painted in its place, instead of every glyph traced again in every
    frame (:mod:`scenes.kit.layers`). Same picture."""

    def __init__(self, *args, **kwargs) -> None:
        if "camera_class" not in kwargs:
            three_d = isinstance(self, ThreeDScene)
            kwargs["camera_class"] = LayeredThreeDCamera if three_d else LayeredCamera
        if "renderer" not in kwargs and config.renderer == RendererType.CAIRO:
            # still moments converted for the encoder once (scenes.kit.encoding)
            kwargs["renderer"] = CairoRenderer(
                file_writer_class=NetplaneFileWriter,
                camera_class=kwargs["camera_class"],
                skip_animations=kwargs.get("skip_animations", False),
            )
        with house_encoder_options():
            super().__init__(*args, **kwargs)

    def update_mobjects(self, dt: float) -> None:
        for mobject in self.mobjects:
            update_family(mobject, dt)

    def begin_animations(self) -> None:
        super().begin_animations()
        if (
            self.layer_still_overlays
            and not self.renderer.skip_animations
            and not self.is_current_animation_frozen_frame()
        ):
            self.moving_mobjects = self._with_still_overlays_drawn_once(self.moving_mobjects)

    def _with_still_overlays_drawn_once(self, moving: list[Mobject]) -> list[Mobject]:
        """``moving`` with each run of still mobjects replaced by one snapshot of it."""
        still = self._still_members()
        if not still:
            return moving
        drawn: list[Mobject] = []
        for run in still_runs(moving, still):
            if not isinstance(run, list):
                drawn.append(run)
                continue
            # a snapshot is drawn in its place in the camera's z order: one per z level
            for z_index, level in groupby(run, key=lambda m: m.z_index):
                level = list(level)
                if sum(m.has_points() for m in level) < 3 or not snapshot_drawable(level):
                    drawn.extend(level)  # a full-frame paint is not worth it for a dot
                else:
                    drawn.append(Snapshot(self.camera, level).set_z_index(z_index))
        return drawn

    def _still_members(self) -> set[int]:
        """Ids of the family members of the scene's mobjects that nothing moves in this play:
        not animated, no updater in the family (nor a scene updater), not part of a mobject
        that moves; in 3-D, only pinned overlays fixed in the frame and unshaded (the camera
        moves the rest). A snapshot also checks in each frame that its mobjects still look as
        they did (``Snapshot.still_true``): an animation may change what is not its own."""
        if self.updaters:
            return set()
        moving: set[int] = set()
        pending = list(self.animations or ())
        while pending:
            animation = pending.pop()
            moving.update(id(m) for m in animation.mobject.get_family())
            if isinstance(animation, AnimationGroup):
                pending.extend(animation.animations)
        for mobject in self.get_mobject_family_members():
            if mobject.updaters:
                moving.update(id(m) for m in mobject.get_family())
        fixed = getattr(self.camera, "fixed_in_frame_mobjects", None)
        candidates = self.mobjects if fixed is None else self.foreground_mobjects
        still: set[int] = set()
        elsewhere: set[int] = set()
        for mobject in self.mobjects:
            family = mobject.get_family()
            ids = {id(m) for m in family}
            if (
                mobject in candidates
                and ids.isdisjoint(moving)
                and (
                    fixed is None
                    or all(m in fixed and not getattr(m, "shade_in_3d", False) for m in family)
                )
            ):
                still |= ids
            else:
                elsewhere |= ids
        # a member shared with a mobject that is drawn anyway would be drawn twice
        return still - elsewhere

    def setup(self) -> None:
        # the formulas this scene typeset when last recorded, compiled in one batch
        precompile_scene(type(self))
        try:
            self.theme = current_theme()
        except ThemeError as error:
            # one clear line instead of a traceback from inside Manim
            raise SystemExit(f"netplane: {error}") from None
        self.camera.background_color = self.theme.background
        self.step_log: list[StepRecord] = []
        self.reveal_log: list[tuple[str, bool]] = []
        """The readout's pieces in the order they appeared, each with whether the accuracy text
        was already on screen at that moment."""
        self.narration: list[tuple[float, str]] = []
        self.open_sentence: tuple[float, str] | None = None
        self.hold_log: list[tuple[float, float, str]] = []
        """(scene time, seconds, sentence) wherever the picture stood still for a caption."""

    def vocabulary_on_screen(self) -> frozenset[str]:
        """Which pieces of the shared vocabulary are visible now: ``"diagram"`` (a network
        diagram) and ``"matrices"`` (a typeset weight matrix with coloured columns)."""
        shown = set()
        for mobject in self.get_mobject_family_members():
            if isinstance(mobject, NetworkDiagram) and _visible(mobject.layers):
                shown.add("diagram")
            elif getattr(mobject, "column_colored", False) and _visible(mobject.get_entries()):
                shown.add("matrices")
        return frozenset(shown)

    def slide_break(self) -> None:
        """A point where a slide deck moves to the next slide; render.py's slides mode overrides it."""

    def narrate(self, sentence: str) -> None:
        """Start the subcaption ``sentence`` now (call it as what it describes begins to move).

        It stays on until the next sentence starts, the step it describes ends
        (``end_narration``) or the scene ends, and at least its reading time; a long sentence is
        shown as shorter cues (:func:`scenes.kit.captions.cue_texts`). Manim writes the cues to
        the ``.srt`` beside the video; ``narration`` keeps (start time, sentence) for the tests
        and the slide notes.
        """
        self.end_narration()
        self.narration.append((self.time, sentence))
        self.open_sentence = (self.time, sentence)

    def end_narration(self) -> None:
        """End the open sentence now, once its cues have been on for their reading time (the
        picture waits for what the moves under it did not give: ``hold_log`` notes how long),
        and hand its cues to Manim."""
        if self.open_sentence is None:
            return
        start, sentence = self.open_sentence
        missing = captions.hold_seconds(sentence, self.time - start)
        if missing > 1e-3:  # not a rounding error's worth of frames
            self.hold_log.append((self.time, missing, sentence))
            self.wait(missing)
        self.open_sentence = None
        for begin, end, cue in captions.cue_times(sentence, start, self.time):
            self.add_subcaption(cue, duration=end - begin, offset=begin - self.time)

    def reading_left(self) -> float:
        """How much longer the open sentence needs on screen (0 if none): a scene can pace the
        moves under it to fill that time rather than end on a still frame that waits for it."""
        if self.open_sentence is None:
            return 0.0
        start, sentence = self.open_sentence
        return captions.hold_seconds(sentence, self.time - start)

    def wait_for_next_cue(self) -> None:
        """Wait until the open sentence's next cue is due, so the move that follows comes with
        the words that name it (a long sentence is shown as several cues)."""
        if self.open_sentence is None:
            return
        start, sentence = self.open_sentence
        shown = self.time - start
        cue_ends = np.cumsum([captions.reading_seconds(c) for c in captions.cue_texts(sentence)])
        due = cue_ends[:-1][cue_ends[:-1] > shown + 1e-6]
        if len(due):
            self.wait(float(due[0]) - shown)

    def tear_down(self) -> None:
        self.end_narration()
        super().tear_down()

    def pin(self, *mobjects: Mobject) -> None:
        """Keep overlays (diagram, formulas, legend) on top, and, in 3-D, fixed to the screen.

        Call before animating them in."""
        self.add_foreground_mobjects(*mobjects)

    def unpin(self, *mobjects: Mobject) -> None:
        self.remove_foreground_mobjects(*mobjects)

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        """Keep ``mobjects`` fixed to the screen without adding them yet (a 3-D camera needs
        this before they are animated in); flat scenes draw everything in the frame anyway."""

    def backed(self, mobject: Mobject, opacity: float = 0.85) -> VGroup:
        """``mobject`` on a rectangle of background colour, so grid lines passing under it stay quiet."""
        backing = BackgroundRectangle(
            mobject, color=self.theme.background, fill_opacity=opacity, buff=0.15
        )
        return VGroup(backing, mobject)

    def restart_basis(self, figure: PlaneFigure, start: PlaneState) -> None:
        """Before a layer's W: its own î and ĵ at the origin of its input space. Arrows still
        showing the last layer's columns fade out first, rather than morph into the new ones."""
        if start.basis is None:
            return
        landed = figure.state.basis
        fresh = landed is not None and np.allclose(landed, start.basis)
        if fresh and figure.basis_shown:
            return
        if figure.basis_shown:
            self.play(figure.fade_basis(0.0, run_time=0.4))
        figure.set_state(start)
        self.play(figure.fade_basis(1.0, run_time=0.6))

    def title(self, text: str) -> Tex:
        title = Tex(text, color=self.theme.text).scale(0.8)
        return title.to_edge(UP, buff=CORNER_BUFF)

    def opening(self, *mobjects: Mobject) -> None:
        """``mobjects``, the scene's subject, on screen from the video's first frame: a blog
        shows that frame as the poster before play, and a scene that faded everything in from
        nothing showed an empty one. Recorded in ``opening_frame`` for the tests."""
        self.add(*mobjects)
        self.opening_frame = (self.time, list(mobjects))


class NetworkStoryScene(NetplaneScene):
    """A trained experiment shown layer by layer on its data.

    Class attributes: ``experiment`` (a name in ``nn_core.experiments``), the input grid's
    ``grid_x_range``/``grid_y_range``, and ``step_seconds`` per animated step.
    """

    experiment: str = ""
    grid_x_range: tuple[float, float] = (-7.0, 7.0)
    grid_y_range: tuple[float, float] = (-4.0, 4.0)
    step_seconds: float = 2.5
    grid_spacing: float = 1.0
    max_unit: float = 1.0
    dot_radius: float = 0.05
    """The largest a data point is drawn; dense data is drawn smaller
    (:func:`scenes.kit.plane.legible_dot_radius`), at ``drawn_dot_radius``."""
    eye_distance: float | None = 16.0
    """How far the eye is from the screen when a flip turns the plane through space."""
    plane_region: tuple[float, float, float, float] | None = (-6.7, 6.7, -2.9, 1.2)
    """Where the data points go (scene x_min, x_max, y_min, y_max): below the corner overlays
    (diagram, formula) and above the running formula. ``None``: anywhere on the frame."""
    tall_region: tuple[float, float, float, float] | None = None
    """Where a shape taller than wide may go instead (same form): the free column between the
    corner overlays, at full height (:attr:`scenes.kit.camera.Framing.tall`). ``None``: only
    ``plane_region``."""

    def setup(self) -> None:
        super().setup()
        self.trained: TrainedExperiment = self.load_trained()
        self.frame_the_data()
        # the points drawn: every one, unless a subclass shows a sample of a large data set;
        # training, the trace (the narration's numbers) and the accuracy use them all
        self.shown = self.choose_shown()
        self.total_points = len(self.trained.data.labels)
        self.labels = self.trained.data.labels[self.shown]
        self.trace = self.trained.trace()
        self.grid = grid = grid_lines(self.grid_x_range, self.grid_y_range, self.grid_spacing)
        self.steps: list[Step] = self.story_steps(self.trained.data.points[self.shown], grid)
        self.input_state: PlaneState = self.steps[0].start
        self.plan: CameraPlan = self.plan_camera()
        self.view: PlaneView = self.plan.input
        self.drawn_dot_radius = self.choose_dot_radius()
        self.axis_indices = axis_line_indices(grid)
        self.steps_done = 0
        self.shown_number_line: VGroup | None = None
        self.input_axes: InputAxes | None = None

    def choose_shown(self) -> slice | np.ndarray:
        """Hook: which data points are drawn (an index into the data); by default all."""
        return slice(None)

    def choose_dot_radius(self) -> float:
        """Hook: how large the points are drawn; dense data (a curve of 100 points) smaller
        than ``dot_radius``, so its points read as points rather than a line."""
        drawn = self.view.to_scene(self.input_state.points)
        return legible_dot_radius(drawn, self.labels, self.dot_radius)

    def story_steps(self, points: np.ndarray, grid: np.ndarray) -> list[Step]:
        """Hook: the steps the story plays for the drawn ``points``, every layer's W, b and
        activation by default."""
        return layer_steps(self.trained.network, points, grid)

    def point_colors(self) -> tuple[str, ...] | None:
        """Hook: the colour of each class's points (``None``: the theme's two classes)."""
        return None

    def frame_the_data(self) -> None:
        """Hook, before the grid is built: set ``grid_x_range``, ``grid_spacing`` and the like
        from the data (the catalogue's scenes declare them; the generator's data can be any
        size)."""

    def framing(self) -> Framing:
        """Where the data points may be drawn: ``plane_region`` (or ``tall_region``), dots whole."""
        return Framing(
            self.plane_region,
            self.dot_radius,
            self.max_unit,
            self.eye_distance,
            tall=self.tall_region,
        )

    def plan_camera(self, steps: list[Step] | None = None) -> CameraPlan:
        """Where the camera is at every moment of ``steps`` (default: the whole story), decided
        before anything plays (see :mod:`scenes.kit.camera`)."""
        return plan_camera(
            self.steps if steps is None else steps,
            self.framing(),
            threshold=self.trained.threshold,
        )

    def fit(self, states: list[PlaneState]) -> PlaneView:
        """The view that holds every point of ``states`` inside ``plane_region``."""
        return frame_states(states, self.framing())

    def wrong_not_shown(self) -> int:
        """How many of the points not drawn are on the wrong side, by nn_core's forward pass."""
        from nn_core import predict_labels

        hidden = np.ones(self.total_points, dtype=bool)
        hidden[self.shown] = False
        predicted = predict_labels(self.trace.output[hidden], self.trained.threshold)
        return int(np.count_nonzero(predicted != self.trained.data.labels[hidden]))

    def load_trained(self) -> TrainedExperiment:
        """The trained experiment this scene shows (by default the one named in ``experiment``)."""
        return trained(self.experiment)

    # --- pieces ------------------------------------------------------------------------------------

    def get_plane_figure(self, state: PlaneState | None = None) -> PlaneFigure:
        return PlaneFigure(
            state or self.input_state,
            self.labels,
            self.view,
            self.theme,
            axis_line_indices=self.axis_indices,
            smallest_unit=self.smallest_unit(),
            dot_radius=self.drawn_dot_radius,
            eye_distance=self.eye_distance,
            strip_offsets=strip_offsets(self.labels),
            frame_box=self.frame_box(),
            point_colors=self.point_colors(),
        )

    def smallest_unit(self) -> float:
        """The farthest the camera zooms out: the background grid is drawn to cover it."""
        return self.plan.smallest_unit

    def frame_box(self) -> tuple[float, float, float, float] | None:
        """Where basis arrows are cut (scene x_min, x_max, y_min, y_max): the frame, less a
        margin. ``None`` where a 3-D camera, not the scene's coordinates, decides the screen."""
        if self.eye_distance is None:
            return None
        half_width, half_height = config.frame_width / 2 - 0.25, config.frame_height / 2 - 0.25
        return (-half_width, half_width, -half_height, half_height)

    def get_legend(self) -> VGroup:
        """The class legend in the lower-right corner: built once, the same mobject every call
        (so what is placed beside it is placed beside the one on screen)."""
        if getattr(self, "_legend", None) is None:
            self._legend = self.make_legend()
        return self._legend

    def make_legend(self) -> VGroup:
        """Hook: a new class legend, lower right (:meth:`get_legend` keeps the one made)."""
        return class_legend(self.theme).to_corner(DR, buff=CORNER_BUFF)

    def get_input_axes(
        self, view: PlaneView, avoid: tuple[Mobject, ...] = (), *, halo: bool = False
    ) -> InputAxes:
        """Tick labels in the data's own units and the axis names (a CSV file's header, or
        x1 and x2) along the frame's edges, clear of the points and of ``avoid``; ``halo``:
        outlined rather than boxed (:func:`scenes.kit.input_axes.input_axes`)."""
        data = self.trained.data
        return input_axes(
            view,
            self.input_state.points,
            data.feature_names[:2],
            self.theme,
            units=self.trained.input_units()[:2],
            dot_radius=self.dot_radius,
            avoid=avoid,
            halo=halo,
        )

    def show_input_axes(self, axes: InputAxes) -> None:
        """Label the input plane with ``axes`` (:meth:`get_input_axes`): only it is in the data's
        units (the axes go with the first step that moves the points)."""
        self.input_axes = self.shown_input_axes = axes
        self.fix_in_frame(axes)
        self.play(FadeIn(axes), run_time=0.6)
        self.input_axes_since = self.time

    def hide_input_axes(self) -> None:
        """Fade the input plane's labels, once the caption on screen with them has been read
        and they have been up long enough to read the axes by."""
        if self.input_axes is not None and self.input_axes in self.mobjects:
            shown = self.time - self.input_axes_since
            if shown < INPUT_AXES_SECONDS:
                self.wait(INPUT_AXES_SECONDS - shown)
            # the sentence on with them stays through their time and on until the next
            # starts: no moment without a caption
            self.play(FadeOut(self.input_axes), run_time=0.4)
        self.input_axes = None

    def get_diagram(self, **kwargs) -> VGroup:
        """The trained network's diagram, backed, in the upper-left corner."""
        kwargs.setdefault("layer_spacing", 1.6)
        kwargs.setdefault("neuron_spacing", 0.75)
        kwargs.setdefault("neuron_radius", 0.22)
        diagram = NetworkDiagram(self.trained.network.weights, self.theme, **kwargs)
        self.diagram = diagram
        return self.backed(diagram).to_corner(UL, buff=CORNER_BUFF)

    def projection_name(self, state: PlaneState) -> str:
        """Hook: what a wide layer's values are projected onto, as the formula line says it."""
        return "its 3 main axes"

    def get_expression(self, count: int) -> VGroup:
        """The formula of what the plane shows after ``count`` steps, backed, at the bottom centre."""
        text = expression_after(self.steps, count)
        shown = self.steps[count - 1].end if count else self.input_state
        if shown.projected_from:
            onto = self.projection_name(shown)
            text += rf"\quad \text{{({shown.projected_from}-D, projected onto {onto})}}"
        tex = MathTex(text, color=self.theme.highlight).scale(0.85)
        return self.at_bottom(self.backed(tex))

    def beside(self, panel: Mobject, diagram: Mobject) -> Mobject:
        """``panel`` in the upper-right corner, made smaller where it would run into the
        ``diagram`` in the upper-left one."""
        room = config.frame_width / 2 - CORNER_BUFF - (diagram.get_right()[0] + 0.2)
        if panel.width > room and panel.get_bottom()[1] < diagram.get_top()[1]:
            panel.scale_to_fit_width(room).to_corner(UR, buff=CORNER_BUFF)
        return panel

    def at_bottom(self, panel: Mobject) -> Mobject:
        """``panel`` at the bottom centre, or moved left (and made smaller if it must) so that
        it never runs under the legend in the lower-right corner."""
        panel.to_edge(DOWN, buff=CORNER_BUFF)
        legend = self.get_legend()
        if panel.get_bottom()[1] > legend.get_top()[1]:
            return panel
        left_edge = -config.frame_width / 2 + CORNER_BUFF
        room = legend.get_left()[0] - 0.2 - left_edge
        if panel.width > room:
            panel.scale_to_fit_width(room)
            panel.to_edge(DOWN, buff=CORNER_BUFF)
        overrun = panel.get_right()[0] - (legend.get_left()[0] - 0.2)
        if overrun > 0:
            panel.shift(overrun * LEFT)
        return panel

    # --- the story ---------------------------------------------------------------------------------

    def record(self, step: Step, figure: PlaneFigure, sampled: dict | None = None) -> None:
        self.step_log.append(
            StepRecord(step.kind, step.layer, figure.data_coordinates(), **(sampled or {}))
        )

    def panel_boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        """The boxes of the pinned overlays on screen now (scene x_min, x_max, y_min, y_max)."""
        boxes = []
        for panel in self.foreground_mobjects:
            if panel.width == 0 or panel.get_fill_opacity() == 0 and not panel.submobjects:
                continue
            left, right = panel.get_left()[0], panel.get_right()[0]
            bottom, top = panel.get_bottom()[1], panel.get_top()[1]
            boxes.append((float(left), float(right), float(bottom), float(top)))
        return tuple(boxes)

    def camera_pose(self) -> tuple[float, ...]:
        """The 3-D camera's angles (empty in a flat scene): they too must hold during a step."""
        return ()

    def sample_motion(self, figure: PlaneFigure, motion, step: Step | None = None) -> dict:
        """:func:`sample_drawn`, and the map a linear ``step`` has reached at each time."""
        matrices = None
        if step is not None and step.path is not None:
            matrices = np.array([step.matrix_at(float(t)) for t in SAMPLE_TIMES])
        return {**sample_drawn(figure, motion, self.camera_pose), "matrices": matrices}

    def play_steps(
        self,
        figure: PlaneFigure,
        steps: list[Step] | None = None,
        *,
        expression: VGroup | None = None,
    ) -> VGroup | None:
        """Animate ``steps`` (default: all remaining) with the diagram's layer lit and the formula
        updated; returns the formula mobject now on screen.

        The camera follows the plan (``self.plan``): still during a bias, travelling with a
        linear map or an activation where the points need it.
        """
        steps = self.steps[self.steps_done :] if steps is None else steps
        highlighted = None
        # the plane's coordinates stop being the data's once a step moves the points
        self.hide_input_axes()
        for step in steps:
            index = self.steps.index(step)
            # (a 3-D scene's separating plane comes with its own sentence)
            self.before_step(step, figure)
            # the caption starts as the picture turns to the step it describes: the layer lit,
            # the camera and the basis made ready are time to read it in, not a still wait
            self.narrate(self.step_sentence(step))
            if getattr(self, "diagram", None) is not None and highlighted != step.layer:
                self.play(self.diagram.highlight_layer(step.layer))
                highlighted = step.layer
            # a camera step of its own only where the plan has one (3-D scenes, the flat part
            # after them), or where a 3-D tilt is due
            self.move_camera(
                figure, self.plan.shots[index].start, step.layer, self.camera_animations(step)
            )
            self.prepare_step(step, figure)
            self.steps_done = index + 1
            new_expression = self.get_expression(self.steps_done)
            self.pin(new_expression)
            if expression is None:
                swap = [FadeIn(new_expression)]
            else:
                swap = [FadeOut(expression, run_time=0.4), FadeIn(new_expression, run_time=0.6)]
            # the caption stays on until the next sentence starts (what the next step brings
            # first, a 3-D scene's matrices say, is no moment without one), which is before the
            # next layer is lit in the diagram
            self.play_math_step(step, figure, *swap, shot=self.plan.shots[index])
            if expression is not None:
                self.unpin(expression)
            expression = new_expression
            self.slide_break()
        if getattr(self, "diagram", None) is not None and highlighted is not None:
            self.play(self.diagram.highlight_layer(None))
        # the last step's caption stays on while the diagram goes dark
        self.end_narration()
        return expression

    def play_math_step(
        self, step: Step, figure: PlaneFigure, *animations, kind: str = "", shot: Shot | None = None
    ) -> None:
        """Play ``step`` with the camera through ``shot`` (default: still), log it (as ``kind``,
        default the step's own) with its sampled motion, and clear what it leaves lying on the
        points."""
        self.prepare_step(step, figure)
        ruler = self.shown_number_line
        panning = shot is not None and not shot.still and shot.start.unit == shot.end.unit
        if shot is not None and not shot.still and ruler is not None and not panning:
            # the ruler is made for one scale: it fades rather than rescale
            self.play(FadeOut(ruler, run_time=0.4))
            self.shown_number_line = ruler = None
        if panning and ruler is not None:
            # made wide enough for the pan (show_number_line), it slides with the plane
            ruler.add_updater(
                lambda line: line.shift(
                    (figure.view.to_scene(np.zeros(3))[0] - line.n2p(0)[0]) * RIGHT
                )
            )
        run_time = self.step_seconds
        if self.open_sentence is not None:
            start, sentence = self.open_sentence
            run_time = captions.step_run_time(sentence, run_time, shown=self.time - start)
        motion = self.step_motion(figure, step, shot, run_time)
        sampled = self.sample_motion(figure, motion, step)
        pose = self.camera_pose()
        started, on_screen = self.time, self.vocabulary_on_screen()
        self.play(motion, *animations, *self.step_animations(step, run_time))
        if ruler is not None:
            ruler.clear_updaters()
        self.step_log.append(
            StepRecord(
                kind or step.kind,
                step.layer,
                figure.data_coordinates(),
                **sampled,
                camera=(pose, self.camera_pose()),
                started=started,
                ended=self.time,
                panels=self.panel_boxes(),
                on_screen=on_screen & self.vocabulary_on_screen(),
            )
        )
        self.after_step(step, figure)

    def step_motion(self, figure: PlaneFigure, step: Step, shot: Shot | None, run_time: float):
        """The animation of ``step`` with the camera through ``shot``."""
        return figure.move_along(step, shot, run_time=run_time)

    def move_camera(self, figure: PlaneFigure, view: PlaneView, layer: int, animations=()) -> None:
        """A camera step of its own: pan and zoom to ``view`` (with ``animations``, e.g. a 3-D
        tilt), logged as ``camera`` for layer ``layer``. Skipped when the camera is there."""
        if view == figure.view and not animations:
            return
        pose = self.camera_pose()
        motion = figure.move_view(view, run_time=1.2)
        sampled = self.sample_motion(figure, motion)
        animations = list(animations)
        if self.shown_number_line in self.mobjects and view != figure.view:
            # tick labels are made for their scale: the old ruler fades out, the new fades in
            rescaled = number_line(view, self.theme)
            animations += [
                FadeOut(self.shown_number_line, run_time=0.5),
                FadeIn(rescaled, run_time=0.5, rate_func=lambda t: max(0.0, 2 * t - 1)),
            ]
            self.shown_number_line = rescaled
        self.play(motion, *animations)
        self.step_log.append(
            StepRecord(
                "camera",
                layer,
                figure.data_coordinates(),
                **sampled,
                camera=(pose, self.camera_pose()),
            )
        )

    def prepare_step(self, step: Step, figure: PlaneFigure) -> None:
        """What the viewer needs before ``step`` moves the plane: the space's own axes before a
        fold or a new layer, and the layer's own î and ĵ, starting again at the origin."""
        if step.start.dimension != 1 and self.shown_number_line is not None:
            if self.shown_number_line in self.mobjects:
                self.play(FadeOut(self.shown_number_line, run_time=0.5))
            self.shown_number_line = None
        hidden = step.layer > 1 or step.kind == "activation"
        if hidden and step.start.dimension == 2 and not figure.space_axes_shown:
            self.show_space_axes(step, figure)
        if step.kind == "activation" and figure.basis_shown:
            # the arrows belong to the linear part; a fold would bend them into non-vectors
            self.play(figure.fade_basis(0.0, run_time=0.5))
        if step.kind == "linear":
            self.restart_basis(figure, step.start)

    def show_space_axes(self, step: Step, figure: PlaneFigure) -> None:
        """Draw the axes h1 = 0 and h2 = 0 of the hidden space the points are in."""
        layer = step.layer - 1 if step.kind == "linear" else step.layer
        name = self.space_name(layer)
        # across the region the data may use, wherever the camera looks
        region = self.plane_region or (-6.5, 6.5, -3.5, 3.5)
        labels = tuple(MathTex(f"{name}_{{{n}}}", color=self.theme.axis).scale(0.6) for n in (1, 2))
        figure.set_space_axes(region, labels)
        self.play(figure.show_space_axes(1.0, run_time=0.8))

    def space_name(self, layer: int) -> str:
        """How the values of layer ``layer`` are written: ``h``, or ``h^{k}`` in deeper networks."""
        return "h" if self.trained.network.layer_count <= 2 else f"h^{{{layer}}}"

    def after_step(self, step: Step, figure: PlaneFigure) -> None:
        """Once the plane has landed on a line, the plane's axes mean nothing any more: they
        fade. The points then spread into a strip over a number line with its ticks, which
        stays put under them: a bias that follows visibly shifts their values. Basis arrows
        lying on the line would only cover the points: where a plane collapsed, they first
        show, against the ticks, where they landed."""
        if step.end.dimension != 1:
            return
        landing = (
            step.kind == "linear"
            and step.start.dimension == 2
            and step.end.basis is not None
            and figure.basis_shown
        )
        fades = [figure.fade_basis(0.0)] if figure.basis_shown and not landing else []
        fades += [figure.show_space_axes(0.0)] if figure.space_axes_shown else []
        if fades:
            self.play(*fades, run_time=0.6)
        if self.shown_number_line is None:
            self.show_number_line(figure)
        if landing:
            self.show_basis_landing(step, figure)

    def show_basis_landing(self, step: Step, figure: PlaneFigure) -> None:
        """î and ĵ rise off the points, each into a lane of its own above the strip, with the
        value it landed on (the article's f(x) = [1 1]x: both land on 1); held to be read,
        then gone before a bias moves the line."""
        origin, *tips = step.end.basis
        values = np.array([tip[0] - origin[0] for tip in tips])
        landing = basis_landing(figure.view, values, self.theme, frame_box=self.frame_box())
        arrows = [
            ReplacementTransform(figure.basis[n].copy(), pair[0]) for n, pair in enumerate(landing)
        ]
        labels = [FadeIn(pair[1], shift=0.1 * UP) for pair in landing]
        self.play(figure.fade_basis(0.0), *arrows, *labels, run_time=0.8)
        # one group on screen from now on, so that fading it takes every piece
        self.remove(*[part for pair in landing for part in pair])
        self.add(landing)
        self.basis_landing, self.basis_landing_view = landing, figure.view
        self.wait(1.5)
        self.play(FadeOut(landing), run_time=0.4)

    def show_number_line(self, figure: PlaneFigure) -> None:
        """The number line under the points, its ticks, and the points spread into their strip."""
        line = self.shown_number_line = number_line(
            figure.view, self.theme, panned=self.panned_views(figure.view)
        )
        self.number_line_after_steps = self.steps_done
        numbers = line.numbers
        line.remove(numbers)
        self.play(Create(line), figure.spread_on_line(1.0, run_time=1.0))
        self.log_reveal("number line")
        self.play(FadeIn(numbers, lag_ratio=0.1))
        # back inside the line only: left in the scene too, they would outlive the line's zooms
        self.remove(numbers)
        line.add(numbers)
        self.log_reveal("ticks")

    def panned_views(self, view: PlaneView) -> tuple[PlaneView, ...]:
        """The views at ``view``'s scale the camera pans to in the steps still to play (a bias
        on the number line followed at the readout's scale)."""
        shots = self.plan.shots[self.steps_done :]
        return tuple(shot.end for shot in shots if shot.start.unit == shot.end.unit == view.unit)

    def step_sentence(self, step: Step) -> str:
        """The subcaption of ``step``, from the trained network's numbers."""
        return narration.step_sentence(step, self.trained.network, self.trace)

    def before_step(self, step: Step, figure: PlaneFigure) -> None:
        """Hook: what to show before ``step`` moves the plane (3-D scenes draw a plane here)."""

    def step_animations(self, step: Step, run_time: float) -> list:
        """Hook: what else moves with ``step``, over its ``run_time`` seconds (the points and the
        grid move by themselves)."""
        return []

    def camera_animations(self, step: Step) -> list:
        """Hook: camera moves for the camera step before ``step`` (3-D scenes tilt and flatten)."""
        return []

    def log_reveal(self, name: str) -> None:
        readout = getattr(self, "pending_readout", None)
        shown = readout is not None and readout in self.get_mobject_family_members()
        self.reveal_log.append((name, shown))

    def decision_counts(self, figure: PlaneFigure) -> tuple[float, int, int]:
        """The accuracy measured from where the points were drawn, how many landed on the
        wrong side, and out of how many."""
        coordinates = figure.data_coordinates()
        value = measured_accuracy(coordinates, self.labels, self.trained.threshold)
        wrong = wrong_side_count(coordinates, self.labels, self.trained.threshold)
        total = self.total_points
        if total != len(self.labels):
            # a sample is drawn: the points not drawn count too (a sample holds every
            # wrong-side point it can, so usually none of them is wrong)
            wrong += self.wrong_not_shown()
            value = (total - wrong) / total
        return value, wrong, total

    def decision_sentence(self, figure: PlaneFigure) -> str | None:
        """What the boundary's step says (``None``: a story that says it otherwise)."""
        _, wrong, total = self.decision_counts(figure)
        return narration.decision_sentence(self.trained.threshold, total - wrong, total)

    def clear_for_decision(
        self, figure: PlaneFigure, expression: Mobject, sentence: str | None = None
    ) -> None:
        """Fade the running formula under the next sentence (default: the decision's), so no
        moment between the last step and the boundary goes without a caption."""
        sentence = sentence or self.decision_sentence(figure)
        if sentence is not None:
            self.narrate(sentence)
        self.play(FadeOut(expression))
        self.unpin(expression)

    def show_decision(
        self, figure: PlaneFigure, view: PlaneView | None = None
    ) -> tuple[VGroup, MathTex]:
        """In the article's order: the number line and its ticks, the boundary at the
        experiment's threshold and its two sides, then the accuracy measured from where the
        points were drawn, with how many landed on the wrong side."""
        # planned with the last bias: a camera step only where that bias was followed
        readout_view = self.plan.readout if view is None else view
        self.move_camera(figure, readout_view or figure.view, self.trained.network.layer_count)
        if self.shown_number_line is None:
            self.show_number_line(figure)
        line = self.shown_number_line
        boundary = boundary_line(
            figure.view, self.trained.threshold, self.theme, ruler=self.shown_number_line
        )
        coordinates = figure.data_coordinates()
        value, wrong, total = self.decision_counts(figure)
        readout = accuracy_label(value, self.theme, correct=total - wrong, total=total, wrong=wrong)
        readout = self.at_bottom(self.backed(readout))
        self.pending_readout = readout
        self.fix_in_frame(readout)
        if figure.space_axes_shown:
            self.play(figure.show_space_axes(0.0))
        # the points on the wrong side, outlined: the count in the readout, seen where they are
        on_wrong_side = (coordinates[:, 0] > self.trained.threshold) != self.labels.astype(bool)
        outlines = RingCloud(
            figure.drawn_points()[on_wrong_side],
            color=self.theme.highlight,
            # around the dot as drawn: a ring sized for the largest dot hides small ones in rings
            radius=self.drawn_dot_radius + 0.035,
        )
        self.wrong_side_outlines = outlines
        divider, left, right, value_tag = boundary
        sentence = self.decision_sentence(figure)
        if self.open_sentence is None or self.open_sentence[1] != sentence:
            self.narrate(sentence)
        self.play(Create(divider), FadeIn(value_tag))
        self.log_reveal("boundary")
        self.play(FadeIn(left, shift=0.2 * LEFT), FadeIn(right, shift=0.2 * RIGHT))
        self.log_reveal("sides")
        self.play(Write(readout), Create(outlines))
        # pinned only once written: pinning adds it to the scene, which would show it early
        self.pin(readout)
        self.log_reveal("accuracy")
        self.measured_accuracy = value
        self.decision, self.readout = VGroup(line, boundary, outlines), readout
        return self.decision, self.readout


class LayerStoryScene(NetworkStoryScene):
    """The whole story of one trained network: plane, diagram, formula with the trained numbers,
    every step, then the number line with the boundary and the measured accuracy."""

    function_name: str = "f"
    with_boundary: bool = True

    def formula(self) -> VGroup:
        """``f(x) = W_2 relu(W_1 x + b_1) + b_2`` and the trained W and b, backed, upper right."""
        network = self.trained.network
        scale = 0.55
        symbolic = MathTex(
            f"{self.function_name}(x) = " + expression_after(self.steps, len(self.steps)),
            color=self.theme.text,
        ).scale(0.7)
        if symbolic.width > 6.5:
            symbolic.scale_to_fit_width(6.5)
        rows = VGroup(symbolic)
        if not self.formula_lists_matrices():
            caption = Tex(
                f"{network.architecture.parameter_count} parameters", color=self.theme.muted_text
            ).scale(0.6)
            rows.add(caption).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            return self.backed(rows).to_corner(UR, buff=CORNER_BUFF)
        for number, (weight, bias) in enumerate(
            zip(network.weights, network.biases, strict=True), 1
        ):
            row = VGroup(
                MathTex(f"W_{{{number}}} =", color=self.theme.text).scale(0.7),
                weight_matrix(weight, self.theme).scale(scale),
                MathTex(f"b_{{{number}}} =", color=self.theme.text).scale(0.7),
                value_vector(bias, self.theme).scale(scale),
            ).arrange(RIGHT, buff=0.15)
            row[2].shift(0.2 * RIGHT)
            row[3].shift(0.2 * RIGHT)
            rows.add(row)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        return self.backed(rows).to_corner(UR, buff=CORNER_BUFF)

    def formula_lists_matrices(self) -> bool:
        """Whether the formula lists every W and b under it: not where there are too many
        numbers to read at once (the diagram carries them as edge widths)."""
        return self.trained.network.architecture.parameter_count <= 20

    def introduce(self, figure: PlaneFigure) -> None:
        self.opening(figure.group)
        legend = self.get_legend()
        self.pin(legend)
        diagram = self.get_diagram(neuron_labels=self.neuron_labels())
        formula = self.formula_panel = self.beside(self.formula(), diagram)
        # pinned once faded in: pinning adds them to the scene, which would show them early
        self.fix_in_frame(diagram, formula)
        self.narrate(
            narration.network_sentence(
                self.trained.network,
                self.function_name,
                self.trained.experiment.dataset,
                self.total_points,
            )
        )
        # the picture builds up under the sentence's cues rather than wait for them: the data
        # points (there from the first frame, the video's poster) pulse with the first, the
        # diagram and formula come in with the rest
        first, *rest = captions.cue_texts(self.open_sentence[1])
        whole = captions.sentence_seconds(self.open_sentence[1])
        points_seconds = captions.reading_seconds(first) if rest else whole / 2
        self.play(figure.pulse_dots(), run_time=points_seconds)
        self.play(FadeIn(diagram), FadeIn(formula), run_time=max(1.0, whole - points_seconds))
        self.pin(diagram, formula)
        if self.trained.network.architecture.input_size == 2:
            self.show_input_axes(self.get_input_axes(figure.view, avoid=(diagram, formula, legend)))
        self.slide_break()

    def neuron_labels(self) -> list[list[str]]:
        sizes = self.trained.network.architecture.sizes
        names = ["x"] + [f"h^{{{k}}}" if len(sizes) > 3 else "h" for k in range(1, len(sizes) - 1)]
        labels = [
            [f"{names[i]}_{{{n + 1}}}" for n in range(size)] for i, size in enumerate(sizes[:-1])
        ]
        return labels + [["y"] if sizes[-1] == 1 else [f"y_{{{n + 1}}}" for n in range(sizes[-1])]]

    def construct(self) -> None:
        figure = self.figure = self.get_plane_figure()
        self.introduce(figure)
        expression = self.play_steps(figure)
        if self.with_boundary:
            self.clear_for_decision(figure, expression)
            self.show_decision(figure)
        else:
            line_sentence = narration.number_line_sentence(self.trace.output)
            self.clear_for_decision(figure, expression, line_sentence)
            if self.shown_number_line is None:
                self.show_number_line(figure)
        self.wait(2)


class OneLayerStoryScene(LayerStoryScene):
    """A one-layer story, its formula written as the article does: f(x) = [w11 w12] x + (b)."""

    def formula(self) -> VGroup:
        network = self.trained.network
        matrix = weight_matrix(network.weights[0], self.theme).scale(0.6)
        bias = format_number(network.biases[0][0])
        left = MathTex("f(x) =", color=self.theme.text).scale(0.8)
        right = MathTex(rf"x + ({bias})", color=self.theme.text).scale(0.8)
        formula = VGroup(left, matrix, right).arrange(buff=0.15)
        return self.backed(formula).to_corner(UR, buff=CORNER_BUFF)


class DatasetScene(NetworkStoryScene):
    """A data set on the plane: grid, one class after the other, î and ĵ with labels, legend."""

    plane_region = None

    def construct(self) -> None:
        figure = self.get_plane_figure()
        # the points from the first frame on; the grid is drawn in under them
        self.add(figure.background, figure.grid_lines, figure.axis_lines)
        self.opening(*figure.dots)
        legend = self.get_legend()
        axes = self.get_input_axes(figure.view, avoid=(legend,))
        # the extent said is the one the tick labels show
        self.narrate(narration.grid_sentence(axes.names, [t.values for t in axes.ticks]))
        self.play(Create(figure.grid_lines), Create(figure.axis_lines), run_time=1.5)
        # the plane's own numbers and names, with the plane
        self.show_input_axes(axes)
        dataset = self.trained.experiment.dataset
        colors = self.theme.class_colors
        for label in (0, 1):
            self.narrate(narration.class_sentence(dataset, self.labels, label))
            dots = figure.dots[label]
            self.play(Indicate(dots, scale_factor=1.06, color=colors[label]), run_time=1)
        self.narrate(narration.basis_sentence())
        self.play(*[GrowArrow(arrow) for arrow in figure.basis[:2]])
        self.play(FadeIn(self.basis_labels(figure)))
        self.narrate(narration.legend_sentence())
        self.play(FadeIn(legend))
        self.wait(2)

    def basis_labels(self, figure: PlaneFigure) -> VGroup:
        i_hat = MathTex(r"\hat{\imath}", color=self.theme.basis_colors[0]).scale(0.8)
        j_hat = MathTex(r"\hat{\jmath}", color=self.theme.basis_colors[1]).scale(0.8)
        i_hat.next_to(figure.basis[0].get_end(), DOWN, buff=0.12).shift(0.15 * LEFT)
        j_hat.next_to(figure.basis[1].get_end(), LEFT, buff=0.12).shift(0.15 * DOWN)
        return VGroup(i_hat, j_hat)
