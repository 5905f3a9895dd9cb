"""Your own network as a scene: subclass :class:`NetworkStory` in a file of your own.

.. code-block:: python

    from scenes.kit.story import NetworkStory

    class MyNetwork(NetworkStory):
        data = "moons"          # a built-in data set, or a CSV file of x1,x2,label rows
        architecture = "2-3-1"
        hidden = "tanh"

then ``manim render -ql my_scene.py MyNetwork``. With ``network = "model.onnx"`` (or ``.keras``,
``.safetensors``, netplane's ``.npz``) the scene shows that network instead of training one.
Relative paths are read next to the scene's file. ``regions = True`` colours the input plane by
the network's prediction and carries that coloured lattice, and the decision boundary, through
every layer with the points.

The network trains (deterministically) when the scene is set up, as ``render.py generate`` does;
the scene is ``render.py generate``'s own :class:`~scenes.custom.CustomNetwork` with the
experiment taken from class attributes instead of the command line.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    Tex,
    UpdateFromAlphaFunc,
    VGroup,
    rate_functions,
)

from datasets.sampling import DEFAULT_SHOWN_POINTS, ShownSample, shown_sample
from nn_core.experiments import (
    TrainedExperiment,
    class_outputs,
    custom_experiment,
    trained_once,
)
from nn_core.training import predict_labels
from scenes.kit import narration
from scenes.kit.base import CORNER_BUFF
from scenes.kit.class_story import ClassRegionsStory
from scenes.kit.classes import hidden_steps
from scenes.kit.diagram import MAX_SHOWN_NEURONS
from scenes.kit.learning import NetworkLearning
from scenes.kit.plane import DotCloud, GridLines, PlaneFigure
from scenes.kit.space import SpaceStoryScene
from scenes.kit.stages import Step, layer_steps

__all__ = [
    "NetworkLearningStory",
    "NetworkStory",
    "StoryExperiment",
    "data_grid",
    "latex_text",
    "region_lattice",
]

REGION_OPACITY = 0.22
REGION_DOTS_PER_SIDE = 44


# Grid lines from the origin to the edge of the grid, about: enough to read positions by,
# few enough to tell apart
GRID_LINES_PER_SIDE = 8


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= value))


def data_grid(points: np.ndarray) -> tuple[float, float]:
    """The half-width of a square grid around ``points (n, 2)`` (the origin in the middle) and
    its line spacing, both round numbers at the data's own scale: moons in [-1, 2] get a grid
    to 2.5 every 0.5 (or so), points in [0, 0.01] one to 0.0125 every 0.0025."""
    reach = max(float(np.abs(points).max()) * 1.15, 1e-9)
    spacing = _nice(reach / GRID_LINES_PER_SIDE)
    return float(np.ceil(reach / spacing) * spacing), spacing


def latex_text(text: str) -> str:
    """``text`` with LaTeX's special characters escaped, for ``Tex``."""
    special = {c: "\\" + c for c in "#$%&_{}"}
    special.update(
        {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
    )
    return "".join(special.get(c, c) for c in text)


def region_lattice(points: np.ndarray, per_side: int = REGION_DOTS_PER_SIDE) -> np.ndarray:
    """A square lattice ``(per_side**2, 2)`` over the bounding box of ``points (n, 2)`` and a
    margin of 15% around it: where the input plane is coloured by the network's prediction."""
    low, high = points.min(axis=0), points.max(axis=0)
    margin = 0.15 * (high - low) + 0.1
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], per_side)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], per_side)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


class StoryExperiment:
    """The experiment a scene of your own shows, from its class attributes (see NetworkStory)."""

    data: str = "moons"
    architecture: str = ""
    hidden: str = "relu"
    output: str = "identity"
    network: str | None = None
    steps: int = 2000
    learning_rate: float = 0.03
    seed: int = 0
    loss: str = "bce"
    optimizer: str = "adam"
    weight_decay: float = 0.0
    standardize: bool = False
    layout: str | None = None

    def load_trained(self) -> TrainedExperiment:
        try:
            return trained_once(self.get_experiment())
        except ValueError as error:  # a bad attribute or file: one clear line, not a traceback
            raise SystemExit(f"netplane: {type(self).__name__}: {error}") from None

    def get_experiment(self):
        """The experiment the class attributes describe (paths made absolute beside the file)."""
        data = self._beside_file(self.data) if _looks_like_file(self.data) else self.data
        network = self._beside_file(self.network) if self.network else None
        architecture, hidden, output = self.architecture, self.hidden, self.output
        if network is not None:
            from nn_core.model_files import network_file_shape

            # the file decides the shape; what the class says of it is checked, not assumed
            typed_hidden = hidden if "hidden" in _declared(type(self)) else None
            typed_output = output if "output" in _declared(type(self)) else None
            architecture, hidden, output = network_file_shape(
                Path(network),
                architecture or None,
                explicit_hidden=typed_hidden,
                explicit_output=typed_output,
                layout=self.layout,
            )
        declared = _declared(type(self))
        output, loss = class_outputs(
            architecture,
            output,
            self.loss,
            output_given=network is not None or "output" in declared,
            loss_given="loss" in declared,
        )
        return custom_experiment(
            data,
            architecture,
            hidden_activation=hidden,
            output_activation=output,
            loss=loss,
            optimizer=self.optimizer,
            learning_rate=self.learning_rate,
            steps=self.steps,
            seed=self.seed,
            weight_decay=self.weight_decay,
            standardize=self.standardize,
            network_file=network,
            network_layout=self.layout,
        )

    def _beside_file(self, name: str) -> str:
        path = Path(name).expanduser()
        if not path.is_absolute():
            try:
                path = Path(inspect.getfile(type(self))).resolve().parent / path
            except (TypeError, OSError):
                path = path.resolve()
        return str(path)


class NetworkStory(ClassRegionsStory, StoryExperiment, SpaceStoryScene):
    """A network of your own on a data set, layer by layer: subclass it and set the attributes.

    Attributes
    ----------
    data
        A built-in data set (``two-curves``, ``hard-curves``, ``xor``, ``circles``, ``moons``,
        ``spiral``, ...) or the path of a CSV file of ``x1,x2,label`` rows.
    architecture
        Layer sizes from input to output, e.g. ``"2-3-1"``; the last is 1 for two classes, K
        for K classes (with ``output = "softmax"``, ``loss = "ce"``): the story then ends in
        the last hidden space, cut into the regions where each class's score wins.
    hidden, output
        Activations of the hidden layers and of the output (as ``render.py generate``).
    network
        A network file to show instead of training: ``.npz``, ``.onnx``, ``.safetensors``
        (``hidden``/``output`` are its activations) or ``.keras``. ``architecture`` may then be
        left empty.
    steps, learning_rate, seed, loss, optimizer, weight_decay
        How the network trains.
    standardize
        Rescale each input coordinate to mean 0 and standard deviation 1 (said on screen).
    regions
        Colour the input plane by the prediction and carry it through the layers.
    show_points
        Draw at most this many points: a larger data set is shown by a sample that keeps each
        class's share and every wrong-side point (said on screen); all points count.
    """

    regions: bool = False
    show_points: int = DEFAULT_SHOWN_POINTS
    sample: ShownSample | None = None

    grid_x_range = (-4.0, 4.0)
    grid_y_range = (-4.0, 4.0)
    grid_spacing = 0.5
    dot_radius = 0.04

    # --- setup: the region lattice and the boundary, carried like the grid --------------------

    def setup(self) -> None:
        super().setup()
        self.region_states: list[np.ndarray] = []
        self.boundary_states: list[np.ndarray] = []
        if self.regions and self.trained.network.architecture.input_size == 2:
            self._carry_regions()

    def choose_shown(self) -> slice | np.ndarray:
        """Every point, or for a larger data set than ``show_points`` the fair sample of
        ``datasets.sampling`` (each class's share, every wrong-side point)."""
        self.sample: ShownSample | None = None
        labels = self.trained.data.labels
        if len(labels) <= self.show_points:
            return slice(None)
        self.sample = shown_sample(labels, self.trained.wrong_side(), self.show_points)
        return self.sample.indices

    def _carry_regions(self) -> None:
        network, points = self.trained.network, self.trained.data.points
        lattice = region_lattice(points)
        # carried along the same steps as the points drawn (a wide layer's projection is theirs)
        points = points[self.shown]
        output = np.asarray(self.trained.trace(lattice).output)
        self.region_labels = predict_labels(output, self.trained.threshold)
        # the lattice and the boundary travel as extra "grid lines" along the scene's own steps,
        # so they take the same paths, and a wide layer's projection is the one the points get
        self.region_steps = _carried_steps(network, points, lattice[None], self.steps)
        self.region_states = _step_ends(self.region_steps, lattice[None])
        segments = _boundary_segments(self.trained, lattice)
        if len(segments):
            self.boundary_steps = _carried_steps(network, points, segments, self.steps)
            self.boundary_states = _step_ends(self.boundary_steps, segments)
        self.region_index = 0.0

    # --- pieces -------------------------------------------------------------------------------

    def get_source_caption(self) -> VGroup | None:
        """Where an imported network came from and what reading it converted, or ``None``."""
        experiment = self.trained.experiment
        if not experiment.network_file:
            return None
        name = latex_text(Path(experiment.network_file).name)
        lines = [rf"read from \texttt{{{name}}} ({latex_text(self.trained.source or '')})"]
        lines += [latex_text(note) for note in self.trained.notes]
        rows = VGroup(*[Tex(line, color=self.theme.text).scale(0.55) for line in lines])
        rows.arrange(DOWN, buff=0.12)
        return self.backed(rows).to_edge(DOWN, buff=CORNER_BUFF)

    def frame_the_data(self) -> None:
        # Any data set, any scale the generator accepts (from a spread of 0.001 to coordinates
        # of 100): the grid at the data's scale, and zoom in as far as the region allows.
        reach, spacing = data_grid(self.trained.data.points)
        self.grid_x_range = self.grid_y_range = (-reach, reach)
        self.grid_spacing = spacing
        self.max_unit = float("inf")

    def get_diagram(self, **kwargs) -> VGroup:
        # Wide layers make tall columns: space the neurons so the tallest column fits the band
        # above the plane's region.
        sizes = self.trained.network.architecture.sizes
        slots = max(min(size, MAX_SHOWN_NEURONS) for size in sizes)
        room = 4.0 - CORNER_BUFF - self.plane_region[3] - 0.3
        spacing = min(0.75, room / slots)
        kwargs.setdefault("neuron_spacing", spacing)
        kwargs.setdefault("neuron_radius", min(0.22, 0.36 * spacing))
        if spacing < 0.6:
            # names like h_{63} do not fit neurons this small; the column counts say the widths
            kwargs["neuron_labels"] = None
        return super().get_diagram(**kwargs)

    def get_sample_note(self) -> VGroup:
        """``2,000 of 200,000 points shown``, beside the diagram, for the whole video."""
        sample = self.sample
        note = Tex(
            f"{sample.count:,} of {sample.total:,} points shown", color=self.theme.muted_text
        ).scale(0.45)
        above = getattr(self, "standardized_note", None)
        if above is not None:
            return self.backed(note).next_to(above, DOWN, buff=0.1, aligned_edge=LEFT)
        return self.beside_diagram(self.backed(note))

    def get_standardized_note(self) -> VGroup:
        """What the plane shows when the inputs were standardized, beside the diagram."""
        note = Tex(
            r"inputs standardized:\\ each $x_i$ to mean 0,\\ standard deviation 1",
            color=self.theme.muted_text,
        ).scale(0.45)
        return self.beside_diagram(self.backed(note))

    def beside_diagram(self, note: VGroup) -> VGroup:
        """``note`` right of the diagram, in the band above the points' region (under the
        diagram it would lie over the points)."""
        note.next_to(self.diagram, RIGHT, buff=0.35, aligned_edge=UP)
        formula = getattr(self, "formula_panel", None)
        if formula is not None:
            room = formula.get_left()[0] - 0.2 - note.get_left()[0]
            if note.width > room:
                note.scale_to_fit_width(room)
                note.next_to(self.diagram, RIGHT, buff=0.35, aligned_edge=UP)
        return note

    def get_regions(self, figure: PlaneFigure) -> VGroup:
        """The lattice coloured by prediction (faint, under the data points) and the boundary."""
        state = self.region_states[0] if self.region_states else np.zeros((0, 3))
        spacing = np.ptp(state[:, 0]) / (REGION_DOTS_PER_SIDE - 1) if len(state) else 0.1
        radius = 0.5 * spacing * figure.view.unit
        clouds = [
            DotCloud(
                figure.view.to_scene(state[self.region_labels == label]),
                color=color,
                radius=radius,
            ).set_stroke(opacity=REGION_OPACITY)
            for label, color in enumerate(self.theme.class_colors_for(self.class_count))
        ]
        self.region_clouds = clouds
        group = VGroup(*clouds)
        self.boundary_curve = None
        if self.boundary_states:
            self.boundary_curve = GridLines(
                figure.view.to_scene(self.boundary_states[0]),
                stroke_color=self.theme.boundary,
                stroke_width=3,
            )
            group.add(self.boundary_curve)
        return group

    def _place_regions(self, index: float) -> None:
        """Draw the regions at step ``index`` (fractional: part way through a step) in the
        figure's current view."""
        view = self.figure.view
        state = _carried_at(self.region_steps, index)
        for label, cloud in enumerate(self.region_clouds):
            cloud.set_centers(view.to_scene(state[self.region_labels == label]))
        if self.boundary_curve is not None:
            segments = self.boundary_states[0]
            drawn = _carried_at(self.boundary_steps, index).reshape(segments.shape)
            self.boundary_curve.set_samples(view.to_scene(drawn))

    def formula(self) -> VGroup:
        # a K-class story plays the hidden layers only; its formula is still the whole network
        if not self.is_k_class:
            return super().formula()
        shown = self.steps
        self.steps = layer_steps(self.trained.network, self.trained.data.points, self.grid)
        try:
            return super().formula()
        finally:
            self.steps = shown

    def decision_sentence(self, figure: PlaneFigure) -> str | None:
        # k classes: the regions' own sentence comes with them
        return None if self.is_k_class else super().decision_sentence(figure)

    def show_decision(self, figure: PlaneFigure):
        if self.is_k_class:
            return self.show_class_regions(figure)
        return super().show_decision(figure)

    # --- the story ------------------------------------------------------------------------------

    def introduce(self, figure: PlaneFigure) -> None:
        super().introduce(figure)
        if self.trained.experiment.standardize:
            # the plane shows rescaled data: say so for the whole video
            self.standardized_note = self.get_standardized_note()
            self.pin(self.standardized_note)
            self.narrate(
                "The inputs are standardized: each coordinate is shifted to mean 0 and scaled "
                "to standard deviation 1."
            )
        if self.sample is not None:
            # a sample of the points: said for the whole video, and once in words, long enough
            # to read
            note = self.get_sample_note()
            self.narrate(
                narration.sample_sentence(
                    self.sample.count, self.sample.total, self.sample.wrong, self.sample.wrong_shown
                )
            )
            self.play(FadeIn(note))
            self.pin(note)
            self.wait(4)
        if self.region_states:
            regions = self.regions_group = self.get_regions(figure)
            # under the data points: the group sits just above the grid in the figure's group
            figure.group.insert(3, regions)
            regions.add_updater(lambda _group: self._place_regions(self.region_index))
            self.play(FadeIn(regions))
            self.wait(1)
        caption = self.get_source_caption()
        if caption is not None:
            self.pin(caption)
            self.play(FadeIn(caption))
            self.wait(3)
            self.play(FadeOut(caption))
            self.unpin(caption)

    def step_animations(self, step: Step, run_time: float) -> list:
        """The regions ride along with each math step (the updater set in ``introduce`` keeps
        them in the view while the camera moves)."""
        animations = super().step_animations(step, run_time)
        if self.region_states:
            start = float(self.steps.index(step))

            def update(_group, alpha: float) -> None:
                self.region_index = start + alpha

            # linear: each step eases its own phases, as the points' motion does
            animations.append(
                UpdateFromAlphaFunc(
                    self.regions_group,
                    update,
                    run_time=run_time,
                    rate_func=rate_functions.linear,
                )
            )
        return animations


def _carried_steps(network, points: np.ndarray, extra: np.ndarray, steps: list[Step]) -> list:
    """The scene's steps carrying ``extra (k, m, 2)`` (input-plane polylines) as their grid."""
    carried = hidden_steps(network, points, extra, score_axes=False)
    if len(carried) != len(steps):
        raise ValueError("the carried lattice has other steps than the scene")
    return carried


def _carried_at(carried: list[Step], index: float) -> np.ndarray:
    """Where the carried grid is ``index`` steps in (``(k * m, 3)``; fractions part way)."""
    whole = int(np.floor(index))
    if whole >= len(carried):
        return carried[-1].end.grid.reshape(-1, 3)
    return carried[whole].at(index - whole).grid.reshape(-1, 3)


def _step_ends(carried: list[Step], extra: np.ndarray) -> list[np.ndarray]:
    """The carried grid before the first step and after each, shaped like ``extra`` (with a
    third coordinate), or flat for a single polyline."""
    states = [carried[0].start.grid] + [step.end.grid for step in carried]
    shape = (-1, 3) if extra.shape[0] == 1 else (-1, extra.shape[1], 3)
    return [state.reshape(shape) for state in states]


def _boundary_segments(trained: TrainedExperiment, lattice: np.ndarray) -> np.ndarray:
    """The decision boundary in the input plane, where the output crosses the threshold, as
    short segments ``(k, 2, 2)`` over the lattice's box (three times as fine), so that a layer
    bending the plane bends the boundary with it."""
    from nn_core import forward
    from nn_core.landscape import level_segments, output_grid

    low, high = lattice.min(axis=0), lattice.max(axis=0)
    per_side = 3 * int(round(np.sqrt(len(lattice))))
    xs = np.linspace(low[0], high[0], per_side)
    ys = np.linspace(low[1], high[1], per_side)
    if trained.network.architecture.output_size == 1:
        values = output_grid(trained.network, xs, ys)
        return level_segments(values, xs, ys, trained.threshold)
    # K classes: where class k's score meets the best of the others, for each k
    grid_x, grid_y = np.meshgrid(xs, ys)
    scores = forward(trained.network, np.column_stack([grid_x.ravel(), grid_y.ravel()])).logits
    pieces = []
    for k in range(scores.shape[1]):
        others = np.delete(scores, k, axis=1).max(axis=1)
        margin = (scores[:, k] - others).reshape(grid_x.shape)
        pieces.append(level_segments(margin, xs, ys, 0.0))
    return np.concatenate(pieces) if pieces else np.zeros((0, 2, 2))


def _looks_like_file(text: str) -> bool:
    return text.lower().endswith(".csv")


def _declared(cls: type) -> set[str]:
    """Attribute names a scene of your own sets itself (not StoryExperiment's defaults)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is StoryExperiment:
            break
        names.update(vars(klass))
    return names


class NetworkLearningStory(StoryExperiment, NetworkLearning):
    """A network of your own as it learns (what ``render.py generate --training`` shows): the
    same attributes as :class:`NetworkStory` (``network`` excepted: a file has no history)."""
