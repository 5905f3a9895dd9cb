"""What ``render.py generate`` adds to the runner: a scene entry for a network of the user's own.

The network is an experiment built by ``nn_core.experiments.custom_experiment`` (a data set or
CSV file, an architecture, activations and training, or a saved network file). It reaches the scene ``CustomNetwork``
through one environment variable holding the experiment as JSON, so the entry below carries that
variable for the child process that renders it, the CSV file whose contents decide the pixels
too, and the details manifest.json records beside the usual fields. Outputs go to
``OUT/<theme>/<quality>/custom/<name>.<ext>``, with a manifest and gallery of their own.

Importing this module imports neither NumPy nor Manim, so ``render.py --help`` stays instant.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from netplane_render import progress, publish

__all__ = [
    "CUSTOM_FOLDER",
    "DEFAULTS",
    "HIDDEN_ACTIVATIONS",
    "LOSSES",
    "OPTIMIZERS",
    "OUTPUT_ACTIVATIONS",
    "SCENE_CLASS",
    "SCENE_MODULE",
    "TRAINING_OPTIONS",
    "TRAINING_SCENE_CLASS",
    "BadNameError",
    "GenerateError",
    "GenerateRequest",
    "GeneratePlan",
    "GeneratedEntry",
    "UsageProblem",
    "data_label",
    "data_line",
    "default_name",
    "gallery_order",
    "generated_entry",
    "handoff_folder",
    "plan_generate",
    "check_render_budget",
    "render_generated",
    "resolve_data",
    "sanitize_name",
    "save_trained_network",
    "saved_network_shape",
    "shown_sample",
    "train_generated",
    "training_lines",
    "training_monitor",
]

SCENE_MODULE = "scenes.custom"
# scenes.custom's own name for it (importing scenes would import Manim)
REGIONS_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_REGIONS"
# how many points the scene draws at most (datasets.sampling), when not the default
SHOW_POINTS_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_SHOW_POINTS"
# datasets.sampling.DEFAULT_SHOWN_POINTS (the tests check that they agree)
SHOWN_POINTS = 2000
# The dots of --regions' lattice (scenes.kit.story's REGION_DOTS_PER_SIDE squared), for the
# render estimate
REGION_DOTS = 44 * 44
SCENE_CLASS = "CustomNetwork"
TRAINING_SCENE_CLASS = "CustomTraining"
CUSTOM_FOLDER = "custom"

# The choices the command line offers, kept here so --help needs no NumPy; the tests check them
# against nn_core's own tables.
HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "identity")
OUTPUT_ACTIVATIONS = ("identity", "sigmoid", "softmax")
LOSSES = ("bce", "mse", "ce")
OPTIMIZERS = ("gd", "momentum", "adam", "lbfgs")
# custom_experiment's own defaults (the tests check that they agree).
DEFAULTS = {
    "hidden_activation": "relu",
    "output_activation": "identity",
    "loss": "bce",
    "optimizer": "adam",
    "learning_rate": 0.03,
    "steps": 2000,
    "seed": 0,
    "weight_decay": 0.0,
}

STANDARDIZED_NOTE = (
    "standardized: each coordinate shifted to mean 0, scaled to standard deviation 1"
)
MAX_NAME_LENGTH = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

_ROOT = Path(__file__).resolve().parent.parent
# Where a trained network waits for the scene that shows it, one folder per experiment
HANDOFF_FOLDER = _ROOT / ".cache" / "generated"


class BadNameError(ValueError):
    """An output name with nothing usable in it."""


class UsageProblem(ValueError):
    """Options that cannot go together (the command line reports it as a usage error)."""


class GenerateError(ValueError):
    """Anything else that stops generate, in one line naming the problem."""


# The options that train a network, which --network (a network as it is) refuses.
TRAINING_OPTIONS = ("optimizer", "learning_rate", "steps", "seed", "weight_decay")


@dataclass(frozen=True)
class GenerateRequest:
    """What ``render.py generate`` was asked, option by option (click's parameter names), and
    ``typed``: the names of the options the user typed rather than left at their defaults."""

    data: str
    arch: str | None = None
    network_file: Path | None = None
    standardize: bool = False
    save_network_file: Path | None = None
    regions: bool = False
    training: bool = False
    hidden_activation: str = DEFAULTS["hidden_activation"]
    output_activation: str = DEFAULTS["output_activation"]
    loss: str = DEFAULTS["loss"]
    optimizer: str = DEFAULTS["optimizer"]
    learning_rate: float = DEFAULTS["learning_rate"]
    steps: int = DEFAULTS["steps"]
    seed: int = DEFAULTS["seed"]
    weight_decay: float = DEFAULTS["weight_decay"]
    name: str | None = None
    show_points: int = SHOWN_POINTS
    max_minutes: float | None = None
    layout: str | None = None
    typed: frozenset[str] = frozenset()

    def explicit(self, option: str):
        """The option's value if the user typed it, ``None`` if it is the default."""
        return getattr(self, option) if option in self.typed else None


@dataclass(frozen=True)
class GeneratePlan:
    """A checked request: the experiment to train (or read), the output name, and the flags the
    render needs."""

    experiment: object
    name: str
    regions: bool = False
    training: bool = False
    save_network_file: Path | None = None
    show_points: int = SHOWN_POINTS
    training_limit_seconds: float = progress.TRAINING_LIMIT_MINUTES * 60
    render_limit_seconds: float = progress.RENDER_LIMIT_MINUTES * 60
    data_points: int = 0
    """How many points the data set has (a CSV's rows)."""


@dataclass(frozen=True, eq=False)
class GeneratedEntry:
    """A scene entry shaped like the registry's, for a network that is not in the catalogue.

    Besides the registry's fields it carries ``environment`` (variables for the child process
    that renders it, hashed with its inputs), ``inputs`` (files whose contents decide the pixels:
    a CSV data set) and ``details`` (extra fields for its manifest.json entry).
    """

    id: str
    title: str
    description: str
    environment: Mapping[str, str] = field(default_factory=dict)
    inputs: tuple[Path, ...] = ()
    details: Mapping[str, object] = field(default_factory=dict)
    class_name: str = SCENE_CLASS
    module: str = SCENE_MODULE
    order: int = 0
    experiments: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return self.module.replace(".", "/") + ".py"

    @property
    def path(self) -> Path:
        return _ROOT / self.file


def _is_file_argument(text: str) -> bool:
    """Whether ``--data`` names a CSV file rather than a built-in data set (the rule that
    ``nn_core.experiments.load_experiment_data`` applies)."""
    return text.lower().endswith(".csv") or Path(text).expanduser().is_file()


def resolve_data(text: str) -> str:
    """``--data`` as the experiment should hold it: a built-in name as it is, a file as an
    absolute path (the scene renders in another working directory)."""
    if _is_file_argument(text):
        return str(Path(text).expanduser().resolve())
    return text


def data_label(dataset: str) -> str:
    """A data set's short name: the built-in name, or a CSV file's stem."""
    return Path(dataset).stem if _is_file_argument(dataset) else dataset


def sanitize_name(text: str) -> str:
    """``text`` as a file stem: letters, digits, ``.``, ``_`` and ``-`` only, no leading dot
    (render.py's own temporary files start with one), at most 80 characters."""
    name = _UNSAFE.sub("-", text.strip())
    name = re.sub(r"-{2,}", "-", name)[:MAX_NAME_LENGTH].strip(".-_")
    if not name:
        raise BadNameError(
            f"name {text!r} has no letters or digits to make a file name of; "
            "use --name with letters, digits, '-', '_' or '.'"
        )
    return name


def default_name(experiment) -> str:
    """``moons-2-3-1-tanh``: data set, architecture, hidden activation (when there are hidden
    layers) and a non-identity output activation."""
    architecture = experiment.parsed_architecture
    parts = [data_label(experiment.dataset), architecture.spec]
    if len(architecture.sizes) > 2:
        parts.append(experiment.hidden_activation.replace(",", "-"))
    if architecture.activations[-1] != "identity":
        parts.append(f"{architecture.activations[-1]}-output")
    return sanitize_name("-".join(parts))


def saved_network_shape(
    path: Path,
    arch: str | None,
    *,
    explicit_hidden: str | None = None,
    explicit_output: str | None = None,
    layout: str | None = None,
) -> tuple[str, str, str]:
    """The architecture, hidden and output activation of the network file at ``path``, checked
    against what the command line says of them: ``nn_core.model_files.network_file_shape``."""
    from nn_core.model_files import network_file_shape

    return network_file_shape(
        path,
        arch,
        explicit_hidden=explicit_hidden,
        explicit_output=explicit_output,
        layout=layout,
    )


def _network_title(experiment) -> str:
    architecture = experiment.parsed_architecture
    activations = [f"{architecture.activations[-1]} output"]
    if len(architecture.sizes) > 2:
        activations.insert(0, f"{experiment.hidden_activation.replace(',', ', ')} hidden")
    return f"{architecture.spec} ({', '.join(activations)}) on {data_label(experiment.dataset)}"


def _percent(value: float) -> str:
    """``76.0%``, and never ``100.0%`` for less than all: ``99.98%`` (49 wrong of 200,000)."""
    for decimals in range(1, 7):
        text = f"{value:.{decimals}%}"
        if value >= 1 or float(text[:-1]) < 100:
            return text
    return text


def training_lines(trained) -> list[tuple[str, str]]:
    """What generate prints after training: (label, value) pairs."""
    experiment = trained.experiment
    config = experiment.config
    architecture = trained.network.architecture
    lines = [
        ("network", _network_title(experiment)),
        ("parameters", str(architecture.parameter_count)),
        ("accuracy", f"{_percent(trained.accuracy)} of {len(trained.data.labels):,} points"),
    ]
    if trained.classes > 2:
        lines.append(("per class", class_counts_text(trained)))
    if experiment.standardize:
        lines.append(("inputs", STANDARDIZED_NOTE))
    if experiment.network_file:
        source = trained.source or "network file"
        lines.insert(0, ("source", f"{experiment.network_file} ({source}, not trained here)"))
        return [*lines, *(("note", note) for note in trained.notes)]
    # L-BFGS finds its own step lengths.
    rate = "" if config.optimizer == "lbfgs" else f", learning rate {config.learning_rate:g}"
    training = (
        f"{trained.training_seconds:.2f} s ({config.steps} {config.optimizer} steps, "
        f"{config.loss} loss{rate}, seed {experiment.seed})"
    )
    return [*lines, ("training", training)]


def shown_sample(trained, limit: int = SHOWN_POINTS):
    """The points the scene draws of ``trained``'s data (``datasets.sampling.shown_sample``:
    each class's share and every wrong-side point), as the scene itself chooses them."""
    from datasets.sampling import shown_sample as sample

    return sample(trained.data.labels, trained.wrong_side(), limit)


def handoff_folder(experiment) -> Path:
    """Where generate leaves ``experiment``'s trained network for its scene (a file there that
    does not match the experiment and its data is ignored, and the scene trains)."""
    return HANDOFF_FOLDER / experiment.fingerprint()


def class_counts_text(trained) -> str:
    """``class 0: 100/100, class 1: 99/100, class 2: 98/100``: each class's points predicted
    right, of how many."""
    correct, total = trained.class_counts()
    return ", ".join(
        f"class {k}: {int(c)}/{int(t)}" for k, (c, t) in enumerate(zip(correct, total, strict=True))
    )


def generated_entry(
    name: str,
    trained,
    *,
    regions: bool = False,
    training: bool = False,
    show_points: int = SHOWN_POINTS,
    handoff: Path | None = None,
) -> GeneratedEntry:
    """The entry that renders ``trained``'s network as ``name`` (with ``regions``: the input
    plane coloured by prediction and carried through the layers; with ``training``: the network
    as it learns, ``CustomTraining``), drawing at most ``show_points`` of its points; with
    ``handoff``, the folder where the trained network waits for the scene."""
    from nn_core.experiments import (
        CUSTOM_ENVIRONMENT_VARIABLE,
        CUSTOM_TRAINED_DIR_VARIABLE,
        experiment_to_json,
    )

    experiment = trained.experiment
    config = experiment.config
    parameters = trained.network.architecture.parameter_count
    title = _network_title(experiment)
    how = (
        f"the saved network {Path(experiment.network_file).name}"
        if experiment.network_file
        else f"{config.steps} {config.optimizer} steps"
    )
    description = (
        f"{title}: {parameters} parameters, {trained.accuracy:.1%} of "
        f"{len(trained.data.labels):,} points classified after {how}"
    )
    sample = shown_sample(trained, show_points)
    if trained.classes > 2:
        description += f" ({trained.classes} classes: {class_counts_text(trained)})"
    dataset = experiment.dataset
    inputs = [Path(dataset)] if _is_file_argument(dataset) else []
    if experiment.network_file:
        inputs.append(Path(experiment.network_file))
    return GeneratedEntry(
        id=name,
        title=title,
        description=description,
        environment={
            CUSTOM_ENVIRONMENT_VARIABLE: experiment_to_json(experiment),
            **({REGIONS_ENVIRONMENT_VARIABLE: "1"} if regions else {}),
            **(
                {SHOW_POINTS_ENVIRONMENT_VARIABLE: str(show_points)}
                if show_points != SHOWN_POINTS
                else {}
            ),
            **({CUSTOM_TRAINED_DIR_VARIABLE: str(handoff)} if handoff else {}),
        },
        inputs=tuple(inputs),
        class_name=TRAINING_SCENE_CLASS if training else SCENE_CLASS,
        details={
            "network": {
                "data": dataset,
                "architecture": experiment.parsed_architecture.spec,
                "hidden_activation": experiment.hidden_activation,
                "output_activation": experiment.output_activation,
                "loss": config.loss,
                "optimizer": config.optimizer,
                "learning_rate": config.learning_rate,
                "steps": config.steps,
                "seed": experiment.seed,
                "weight_decay": config.weight_decay,
                "network_file": experiment.network_file,
                **(
                    {"network_layout": experiment.network_layout}
                    if experiment.network_layout
                    else {}
                ),
                "standardize": experiment.standardize,
            },
            "regions": regions,
            "training": training,
            "parameters": parameters,
            "accuracy": float(trained.accuracy),
            "points": sample.total,
            "points_shown": sample.count,
            **_class_details(trained),
        },
    )


def plan_generate(request: GenerateRequest) -> GeneratePlan:
    """Every rule of ``render.py generate``'s options, checked before anything trains.

    Raises ``UsageProblem`` for options that cannot go together, ``ValueError``
    (``ArchitectureError``, ``DatasetError``, ``NetworkFileError``, ``BadNameError``) naming
    any other problem.
    """
    from nn_core import experiments

    network_file = request.network_file
    arch = request.arch
    hidden_activation = request.hidden_activation
    output_activation = request.output_activation
    if request.training and network_file is not None:
        raise UsageProblem(
            "--training shows a network learning; a network file has no training history "
            "(drop --network, or --training)"
        )
    if request.training and request.regions:
        raise UsageProblem(
            "--training already colours the input plane as the network learns; drop --regions"
        )
    if network_file is not None:
        network_file = Path(network_file).expanduser().resolve()
        training_options = [
            f"--{option.replace('_', '-')}"
            for option in TRAINING_OPTIONS
            if option in request.typed
        ]
        if training_options:
            raise UsageProblem(
                f"{', '.join(training_options)} trains a network; --network renders a saved one "
                "as it is"
            )
    elif not arch:
        raise UsageProblem("give --arch SIZES to train a network, or --network FILE")
    if request.layout and (network_file is None or network_file.suffix.lower() != ".npz"):
        raise UsageProblem(
            "--layout says how a hand-written .npz network's matrices are meant; give it with "
            "--network FILE.npz"
        )
    if network_file is not None:
        arch, hidden_activation, output_activation = saved_network_shape(
            network_file,
            arch,
            explicit_hidden=request.explicit("hidden_activation"),
            explicit_output=request.explicit("output_activation"),
            layout=request.layout,
        )
    output_activation, loss = experiments.class_outputs(
        arch,
        output_activation,
        request.loss,
        output_given="output_activation" in request.typed or bool(request.network_file),
        loss_given="loss" in request.typed,
    )
    experiment = experiments.custom_experiment(
        resolve_data(request.data),
        arch,
        hidden_activation=hidden_activation,
        output_activation=output_activation,
        loss=loss,
        optimizer=request.optimizer,
        learning_rate=request.learning_rate,
        steps=request.steps,
        seed=request.seed,
        weight_decay=request.weight_decay,
        standardize=request.standardize,
        network_file=str(network_file) if network_file else None,
        network_layout=request.layout,
    )
    features = experiment.parsed_architecture.input_size
    classes = experiment.parsed_architecture.output_size
    if request.training and classes > 1:
        raise ValueError(
            f"--training shows a one-output network learning; this one has {classes} outputs "
            "(drop --training to see its trained regions)"
        )
    if (request.regions or request.training) and features != 2:
        option = "--regions" if request.regions else "--training"
        raise ValueError(
            f"{option} colours the input plane by the prediction; the data has "
            f"{features} features, not 2"
        )
    if request.name:
        name = sanitize_name(request.name)
    else:
        suffix = "-regions" if request.regions else "-training" if request.training else ""
        name = default_name(experiment) + suffix
    save_network_file = request.save_network_file
    if save_network_file is not None:
        save_network_file = Path(save_network_file).expanduser().resolve()
    if request.show_points < 1:
        raise UsageProblem(f"--show-points must be at least 1, got {request.show_points}")
    minutes = request.max_minutes
    # read once already by custom_experiment's checks (load_experiment_data keeps it)
    data = experiments.load_experiment_data(experiment.dataset, experiment.standardize)
    return GeneratePlan(
        experiment,
        name,
        regions=request.regions,
        training=request.training,
        save_network_file=save_network_file,
        show_points=request.show_points,
        training_limit_seconds=60 * (minutes or progress.TRAINING_LIMIT_MINUTES),
        render_limit_seconds=60 * (minutes or progress.RENDER_LIMIT_MINUTES),
        data_points=len(data.labels),
    )


def data_line(plan: GeneratePlan) -> tuple[str, str] | None:
    """What generate prints once a CSV file is read: how many rows it held."""
    dataset = plan.experiment.dataset
    if not _is_file_argument(dataset):
        return None
    return ("data", f"{plan.data_points:,} rows read from {Path(dataset).name}")


def train_generated(plan: GeneratePlan, observer=None):
    """The plan's network trained (or read from its file): ``nn_core``'s ``TrainedExperiment``.
    ``observer`` watches the steps (``progress.TrainingMonitor``: progress and the budget).

    Raises ``GenerateError`` naming the problem (a diverging run names the step and the fix,
    one over budget its estimate and the options).
    """
    from nn_core.experiments import run_experiment

    try:
        return run_experiment(plan.experiment, observer)
    except (FloatingPointError, progress.BudgetError) as error:
        raise GenerateError(str(error)) from None
    except Exception as error:  # any failure of the project's own code, reported in one line
        what = "read the network" if plan.experiment.network_file else "train the network"
        raise GenerateError(f"cannot {what}: {type(error).__name__}: {error}") from None


def save_trained_network(trained, path: Path) -> Path:
    """``trained``'s network written to ``path`` in netplane's format; ``GenerateError`` if not."""
    from nn_core import save_network

    try:
        return save_network(trained.network, path)
    except Exception as error:  # any failure of the project's own code, reported in one line
        raise GenerateError(f"cannot save the network: {type(error).__name__}: {error}") from None


def training_monitor(plan: GeneratePlan, console) -> progress.TrainingMonitor:
    """The observer ``train_generated`` gets: progress on ``console``, the plan's budget."""
    return progress.TrainingMonitor(
        console,
        limit_seconds=plan.training_limit_seconds,
        points=plan.data_points,
        parameters=plan.experiment.parsed_architecture.parameter_count,
    )


def _math_steps(network) -> int:
    """The animated steps of a layer-by-layer video: each layer's W and b, and its activation
    unless it is the identity."""
    return sum(2 + (name != "identity") for name in network.architecture.activations)


def check_render_budget(plan: GeneratePlan, trained, quality) -> None:
    """Stop a render that would take longer than the plan's limit, before it starts:
    ``GenerateError`` with the estimate and the options."""
    drawn = shown_sample(trained, plan.show_points).count
    if plan.regions:
        drawn += REGION_DOTS
    estimate = progress.render_estimate(_math_steps(trained.network), drawn, quality)
    try:
        progress.check_render_budget(
            estimate, plan.render_limit_seconds, quality, len(trained.data.labels)
        )
    except progress.BudgetError as error:
        raise GenerateError(str(error)) from None


def render_generated(plan: GeneratePlan, trained, registry, options, console):
    """Render ``trained``'s network as ``plan.name`` with the runner (``options``: its
    ``RenderOptions``); the outcomes, as ``render_scenes`` returns them. A trained network is
    left for the scene in its hand-off folder, so the scene does not train it again."""
    from netplane_render.runner import render_scenes

    handoff = written = None
    if not plan.experiment.network_file:
        from nn_core.trained_store import write_trained

        handoff = handoff_folder(plan.experiment)
        written = write_trained(trained, handoff)
    entry = generated_entry(
        plan.name,
        trained,
        regions=plan.regions,
        training=plan.training,
        show_points=plan.show_points,
        handoff=handoff,
    )
    order = gallery_order(options.folder, plan.name)
    try:
        return render_scenes([entry], registry, options, console, order=order)
    finally:
        # only the render reads it; its folder's name (in the render's hash) stays the same
        if written is not None:
            written.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                handoff.rmdir()


def _class_details(trained) -> dict[str, object]:
    """For K classes, manifest.json's ``classes`` and each class's ``class_counts``."""
    if trained.classes <= 2:
        return {}
    correct, total = trained.class_counts()
    return {
        "classes": trained.classes,
        "class_counts": [
            {"class": k, "correct": int(c), "total": int(t)}
            for k, (c, t) in enumerate(zip(correct, total, strict=True))
        ],
    }


def gallery_order(folder: Path, name: str) -> list[str]:
    """The networks the custom folder's manifest and gallery list: those generated before, in
    their order, then ``name`` if it is new."""
    order = list(publish.read_manifest(folder))
    return order if name in order else [*order, name]
