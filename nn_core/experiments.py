"""The named experiments the scenes show, declared once; their trained results are files.

A scene asks for ``trained("two-layer-relu")`` and gets the network, its data, its training history
and the accuracy it really reached, read from ``nn_core/trained/`` (``nn_core.trained_store``):
training is deterministic on one machine but not across CPUs, so results are trained on purpose
with ``python render.py train`` and kept as data. Nothing here is typed in from the article except
the hand-picked weights of ``one-layer-random``, which the article chose without training.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import asdict
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from datasets import Dataset
from datasets.dataset import MAX_CLASSES
from nn_core.architecture import Architecture, parse_architecture
from nn_core.experiment import Experiment, TrainedExperiment, load_experiment_data
from nn_core.model_files import ImportedNetwork
from nn_core.network import Network, forward, init_network
from nn_core.trained_store import read_trained
from nn_core.training import (
    ProgressObserver,
    Snapshot,
    TrainingConfig,
    accuracy,
    decision_threshold,
    train,
)

__all__ = [
    "EXPERIMENTS",
    "Experiment",
    "MAX_LAYER_WIDTH",
    "TrainedExperiment",
    "UnknownExperimentError",
    "class_outputs",
    "custom_experiment",
    "experiment_from_json",
    "experiment_to_json",
    "experiment_names",
    "get_experiment",
    "load_experiment_data",
    "trained",
    "trained_custom",
    "trained_once",
]


class UnknownExperimentError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        Experiment(
            name="one-layer-random",
            dataset="two-curves",
            architecture="2-1",
            description="f(x) = [1 1]x - 2 with the article's hand-picked weights, boundary at 1",
            fixed_weights=(((1.0, 1.0),),),
            fixed_biases=((-2.0,),),
            threshold=1.0,
        ),
        Experiment(
            name="one-layer-trained",
            dataset="two-curves",
            architecture="2-1",
            description="one dense layer trained on the two curves",
            config=TrainingConfig(loss="bce", optimizer="adam", learning_rate=0.05, steps=300),
        ),
        Experiment(
            name="one-layer-hard",
            dataset="hard-curves",
            architecture="2-1",
            description="one dense layer trained on the hard curves: no line separates them",
            config=TrainingConfig(loss="bce", optimizer="adam", learning_rate=0.05, steps=1000),
        ),
        Experiment(
            name="two-layer-linear",
            dataset="hard-curves",
            architecture="2-2-1",
            hidden_activation="identity",
            description="two dense layers without activation: still one linear map",
            seed=1,
            config=TrainingConfig(loss="bce", optimizer="adam", learning_rate=0.05, steps=1000),
        ),
        Experiment(
            name="two-layer-relu",
            dataset="hard-curves",
            architecture="2-2-1",
            description="two dense layers with ReLU between them: 9 parameters, separates the hard curves",
            seed=0,
            config=TrainingConfig(
                loss="bce",
                optimizer="adam",
                learning_rate=0.05,
                steps=2000,
                snapshot_every=100,
                weight_decay=0.01,
            ),
        ),
        Experiment(
            name="circles-deep",
            dataset="circles",
            architecture="2-4-6-6-4-1",
            output_activation="sigmoid",
            description="the 2-4-6-6-4-1 ReLU network with a sigmoid output on two circles",
            seed=0,
            # dense snapshots early, where the decision regions change, for circles-training
            config=TrainingConfig(
                loss="bce",
                optimizer="adam",
                learning_rate=0.01,
                steps=1500,
                snapshot_every=25,
                snapshot_steps=tuple(range(5, 200, 5)),
            ),
        ),
        Experiment(
            name="circles-lift",
            dataset="circles",
            architecture="2-3-1",
            hidden_activation="tanh",
            description="a 2-3-1 tanh network: its hidden layer lifts the circles into 3-D",
            seed=0,
            config=TrainingConfig(
                loss="bce", optimizer="adam", learning_rate=0.05, steps=1500, weight_decay=0.001
            ),
        ),
        Experiment(
            name="spiral-deep",
            dataset="spiral",
            architecture="2-3-3-3-1",
            hidden_activation="tanh",
            description="a 2-3-3-3-1 tanh network: three bends in space untangle the spirals",
            seed=2,
            config=TrainingConfig(loss="bce", optimizer="adam", learning_rate=0.03, steps=4000),
        ),
        Experiment(
            name="xor",
            dataset="xor",
            architecture="2-2-1",
            hidden_activation="tanh",
            description="XOR on its four corners with a 2-2-1 tanh network",
            seed=3,
            config=TrainingConfig(loss="bce", optimizer="adam", learning_rate=0.05, steps=2000),
        ),
        Experiment(
            name="trask",
            dataset="trask",
            architecture="3-4-1",
            hidden_activation="sigmoid",
            output_activation="sigmoid",
            description="Andrew Trask's 3-4-1 sigmoid network on the 4x3 customer survey",
            seed=1,
            config=TrainingConfig(
                loss="mse", optimizer="gd", learning_rate=1.0, steps=6000, snapshot_every=100
            ),
        ),
    )
}


def experiment_names() -> list[str]:
    return list(EXPERIMENTS)


def get_experiment(name: str) -> Experiment:
    if name not in EXPERIMENTS:
        close = difflib.get_close_matches(name, EXPERIMENTS, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownExperimentError(
            f"unknown experiment {name!r}{hint}; known: {', '.join(EXPERIMENTS)}"
        )
    return EXPERIMENTS[name]


def run_experiment(
    experiment: Experiment, observer: ProgressObserver | None = None
) -> TrainedExperiment:
    """Train (or set up) ``experiment``; same experiment, same weights to the bit. ``observer``
    watches the training steps (``nn_core.train``)."""
    data = load_experiment_data(experiment.dataset, experiment.standardize)
    architecture = experiment.parsed_architecture
    architecture.check_input_size(data.n_features)
    source, notes = None, ()
    if experiment.network_file is not None:
        imported = _saved_network(experiment)
        network, source, notes = imported.network, imported.source, imported.notes
        history = ()
        seconds = 0.0
    elif experiment.fixed_weights is not None:
        network = Network(
            architecture,
            tuple(np.array(w) for w in experiment.fixed_weights),
            tuple(np.array(b) for b in experiment.fixed_biases or ()),
        )
        history: tuple[Snapshot, ...] = ()
        seconds = 0.0
    else:
        start = init_network(architecture, experiment.seed)
        result = train(start, data.points, data.labels, experiment.config, observer)
        network, history, seconds = result.network, result.history, result.seconds
    threshold = (
        experiment.threshold
        if experiment.threshold is not None
        else decision_threshold(network, experiment.config.loss)
    )
    # a network file's weights can be finite and still overflow float64 on the data
    with np.errstate(over="ignore", invalid="ignore"):
        output = forward(network, data.points).output
    if not np.all(np.isfinite(output)):
        largest = max(float(np.abs(w).max()) for w in network.weights)
        raise ValueError(
            f"the network's output on {data.name!r} is not finite (weights up to "
            f"{largest:.3g} overflow float64); rescale the network or the data"
        )
    score = accuracy(output, data.labels, threshold)
    return TrainedExperiment(
        experiment, data, network, history, threshold, score, seconds, source, notes
    )


def _saved_network(experiment: Experiment) -> ImportedNetwork:
    """The network file of ``experiment``, checked against its declared architecture."""
    from nn_core.model_files import read_network_file
    from nn_core.serialization import NetworkFileError

    imported = read_network_file(
        experiment.network_file,
        hidden_activation=experiment.hidden_activation,
        output_activation=experiment.output_activation,
        layout=experiment.network_layout,
    )
    network = imported.network
    declared = experiment.parsed_architecture
    # the declared architecture was checked against the data already (run_experiment)
    if network.architecture != declared:
        raise NetworkFileError(
            f"{experiment.network_file}: holds a {network.architecture.spec} network "
            f"({', '.join(network.architecture.activations)}), not the {declared.spec} "
            f"({', '.join(declared.activations)}) asked for"
        )
    return imported


@cache
def trained(name: str) -> TrainedExperiment:
    """The named experiment as trained and stored in ``nn_core/trained/``, read once per process.

    Raises ``StaleTrainedFileError`` (one line naming the command that retrains it) when the file
    is missing or was trained from another declaration.
    """
    return read_trained(get_experiment(name))


CUSTOM_ENVIRONMENT_VARIABLE = "NETPLANE_CUSTOM_EXPERIMENT"
# Where render.py generate leaves the network it trained, for the scene that shows it
CUSTOM_TRAINED_DIR_VARIABLE = "NETPLANE_CUSTOM_TRAINED_DIR"


# The widest hidden layer the generator draws: wider ones are summarized and projected like
# any wide layer, but their weights alone (a million per pair of such layers) outgrow a preview.
MAX_LAYER_WIDTH = 1000


def class_outputs(
    architecture: str,
    output_activation: str,
    loss: str,
    *,
    output_given: bool,
    loss_given: bool,
) -> tuple[str, str]:
    """The output activation and loss a network of ``architecture`` is trained with: one that
    ends in K > 1 class scores takes softmax and cross-entropy unless they were given (then
    ``custom_experiment`` names what does not fit); softmax alone brings cross-entropy."""
    outputs = parse_architecture(architecture, "identity", "identity").output_size
    if outputs > 1 or output_activation == "softmax":
        if outputs > 1 and not output_given:
            output_activation = "softmax"
        if not loss_given:
            loss = "ce"
    return output_activation, loss


def custom_experiment(
    dataset: str,
    architecture: str,
    *,
    hidden_activation: str = "relu",
    output_activation: str = "identity",
    loss: str = "bce",
    optimizer: str = "adam",
    learning_rate: float = 0.03,
    steps: int = 2000,
    seed: int = 0,
    weight_decay: float = 0.0,
    standardize: bool = False,
    network_file: str | None = None,
    network_layout: str | None = None,
) -> Experiment:
    """An experiment of the user's own: any data set (or CSV) and architecture.

    Checks everything a training run needs up front (architecture, activations, loss, optimizer,
    data and its width, its two classes, a scale the plane can show), so a bad request fails here
    with a clear message, not mid-render. With ``network_file`` the experiment shows that saved
    network instead of training one.
    """
    experiment = Experiment(
        name="custom",
        dataset=dataset,
        architecture=architecture,
        description=f"{architecture} ({hidden_activation} hidden, {output_activation} output) on {dataset}",
        hidden_activation=hidden_activation,
        output_activation=output_activation,
        seed=seed,
        config=TrainingConfig(
            loss=loss,
            optimizer=optimizer,
            learning_rate=learning_rate,
            steps=steps,
            weight_decay=weight_decay,
            snapshot_every=max(1, steps // 40),
            snapshot_steps=early_snapshot_steps(steps),
        ),
        standardize=standardize,
        network_file=network_file,
        network_layout=network_layout,
    )
    if network_file is not None and standardize:
        raise ValueError(
            f"{network_file}: a saved network reads its data as it was trained on; "
            "standardizing the data would feed it other inputs (drop --standardize)"
        )
    parsed = experiment.parsed_architecture
    widest = max(parsed.sizes[1:-1], default=0)
    if widest > MAX_LAYER_WIDTH:
        raise ValueError(
            f"architecture {architecture} has a layer of {widest} neurons: netplane draws "
            f"hidden layers of at most {MAX_LAYER_WIDTH} neurons"
        )
    outputs = parsed.output_size
    if outputs > MAX_CLASSES:
        raise ValueError(
            f"architecture {architecture} ends in {outputs} neurons, one score per class: "
            f"netplane draws at most {MAX_CLASSES} classes"
        )
    if outputs > 1 and (loss != "ce" or parsed.activations[-1] not in ("softmax", "identity")):
        raise ValueError(
            f"architecture {architecture} ends in {outputs} neurons, one score per class: "
            "use --output softmax and --loss ce (or end in 1 for two classes)"
        )
    if outputs == 1 and (loss == "ce" or parsed.activations[-1] == "softmax"):
        raise ValueError(
            f"loss ce and a softmax output need one output per class; architecture "
            f"{architecture} ends in 1 (end it in K for K classes, or use --loss bce)"
        )
    if loss == "bce" and output_activation not in ("identity", "sigmoid"):
        raise ValueError(
            f"loss bce reads logits: the output activation must be identity or sigmoid, not {output_activation}"
        )
    data = load_experiment_data(dataset, standardize)
    features = data.n_features
    if network_file is not None and parsed.input_size != features:
        raise ValueError(
            f"{network_file}: the network takes {parsed.input_size} inputs, the data set "
            f"{dataset!r} has {features} features"
        )
    parsed.check_input_size(features)
    check_classes(data)
    check_outputs_fit_classes(data, parsed)
    if not standardize:
        check_drawable_scale(data)
    return experiment


def early_snapshot_steps(steps: int, count: int = 48) -> tuple[int, ...]:
    """Snapshot steps spaced evenly in log(step): training changes a network most at its start,
    so a video of it learning needs snapshots there (``render.py generate --training``)."""
    spaced = np.unique(np.geomspace(1, max(steps, 1), count).astype(int))
    return tuple(int(step) for step in spaced if step < steps)


# The spread and the largest coordinate a plane of a few units shows with readable ticks and a
# grid of bounded size: beyond these, rescale.
DRAWABLE_MAGNITUDE = (1e-3, 100.0)


def check_classes(data: Dataset) -> None:
    """Refuse data with one class only: a classifier has nothing to separate."""
    present = np.unique(data.labels)
    if present.size < 2:
        raise ValueError(
            f"data set {data.name!r}: all {data.labels.size} points are of class "
            f"{int(present[0])}; a classifier needs points of both classes 0 and 1"
        )
    expected = np.arange(int(present.max()) + 1)
    if not np.array_equal(present, expected):
        found = ", ".join(str(int(label)) for label in present)
        missing = ", ".join(str(int(label)) for label in np.setdiff1d(expected, present))
        renumbered = ", ".join(str(k) for k in range(present.size))
        raise ValueError(
            f"data set {data.name!r}: labels are {found}, with no point of class {missing}; "
            f"classes must be numbered 0 to K-1: renumber them {renumbered}"
        )


def check_outputs_fit_classes(data: Dataset, architecture: Architecture) -> None:
    """Refuse data with more classes than the network has scores for (one output: two)."""
    present = int(data.labels.max()) + 1
    if present <= architecture.classes:
        return
    fix = (
        f"end the architecture in {present} with --output softmax"
        if architecture.output_size == 1
        else f"end the architecture in {present}"
    )
    raise ValueError(
        f"data set {data.name!r} has {present} classes (labels 0 to {present - 1}); a network "
        f"with {architecture.output_size} output{'s' if architecture.output_size > 1 else ''} "
        f"tells {architecture.classes} apart: {fix}"
    )


def check_drawable_scale(data: Dataset) -> None:
    """Refuse coordinates so large or so small that no frame shows them; name the fix."""
    largest = float(np.abs(data.points).max())
    low, high = DRAWABLE_MAGNITUDE
    problem = None
    if largest > high:
        problem = f"coordinates reach {largest:.3g}, more than {high:g}"
    # the spread only once the coordinates are known to be small: near 1e308 max - min overflows
    elif np.ptp(data.points, axis=0).max() < low:
        problem = f"the points spread over less than {low:g}"
    if problem:
        raise ValueError(
            f"data set {data.name!r}: {problem}, too far from the few units a plane can show; "
            "rescale the data, or pass --standardize to scale each coordinate to mean 0 and "
            "standard deviation 1"
        )


def experiment_to_json(experiment: Experiment) -> str:
    return json.dumps(asdict(experiment), sort_keys=True)


def experiment_from_json(text: str) -> Experiment:
    fields = json.loads(text)
    fields["config"] = TrainingConfig(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in fields["config"].items()}
    )
    return Experiment(**fields)


def trained_custom() -> TrainedExperiment:
    """The custom experiment described in ``NETPLANE_CUSTOM_EXPERIMENT`` (JSON): as
    ``render.py generate`` trained it, from the folder in ``NETPLANE_CUSTOM_TRAINED_DIR``, so
    the scene does not train it again; trained here only when that file is missing or stale."""
    text = os.environ.get(CUSTOM_ENVIRONMENT_VARIABLE)
    if not text:
        raise ValueError(
            f"{CUSTOM_ENVIRONMENT_VARIABLE} is not set: render custom networks with "
            "'python render.py generate --data DATA --arch 2-3-1', which sets it"
        )
    folder = os.environ.get(CUSTOM_TRAINED_DIR_VARIABLE)
    experiment = experiment_from_json(text)
    if folder and experiment.network_file is None:
        from nn_core.serialization import NetworkFileError

        try:
            return read_trained(experiment, Path(folder))
        except NetworkFileError:
            pass  # missing or trained from other options or data: train as before
    return _trained_from_json(text)


def trained_once(experiment: Experiment) -> TrainedExperiment:
    """``experiment`` trained (or read from its network file), once per process: what a scene
    of the user's own (``scenes.kit.story``) shows."""
    return _trained_from_json(experiment_to_json(experiment))


@lru_cache(maxsize=4)
def _trained_from_json(text: str) -> TrainedExperiment:
    return run_experiment(experiment_from_json(text))
