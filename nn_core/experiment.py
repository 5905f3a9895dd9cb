"""One experiment: its declaration (a data set, an architecture, a way to train it) and what
training it gave, plus the experiment's data as it is trained on.

The catalogue of named experiments and the code that trains them live in
``nn_core.experiments``; their stored results are read and written by ``nn_core.trained_store``.
Both import this module, so neither has to import the other's internals.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from datasets import Dataset, load_csv, load_dataset, standardize
from nn_core.architecture import Architecture, parse_architecture
from nn_core.network import ForwardTrace, Network, forward
from nn_core.softmax import class_counts
from nn_core.training import Snapshot, TrainingConfig, predict_labels

__all__ = ["Experiment", "TrainedExperiment", "load_experiment_data"]

_OPTIONAL_FIELDS = ("standardize", "network_file", "network_layout")


@dataclass(frozen=True)
class Experiment:
    """A data set, an architecture and a way to train it (or fixed weights, for the untrained example).

    ``fixed_weights``/``fixed_biases`` replace training; ``threshold`` overrides the decision
    boundary on the 1-D output that the loss would imply.
    """

    name: str
    dataset: str
    architecture: str
    description: str
    hidden_activation: str = "relu"
    output_activation: str = "identity"
    seed: int = 0
    config: TrainingConfig = field(default_factory=TrainingConfig)
    fixed_weights: tuple[tuple[tuple[float, ...], ...], ...] | None = None
    fixed_biases: tuple[tuple[float, ...], ...] | None = None
    threshold: float | None = None
    standardize: bool = False
    """Train on (and show) the data with each coordinate standardized to mean 0 and standard
    deviation 1, for data whose own scale no frame can show."""
    network_file: str | None = None
    """A network file to show instead of training (``generate --network``): netplane's ``.npz``
    or a model trained elsewhere (``.onnx``, ``.safetensors``, ``.keras``; see
    ``nn_core.model_files``). Its path, not its contents, is part of the fingerprint."""
    network_layout: str | None = None
    """How a hand-written ``.npz`` network file's matrices are meant when their shapes do not
    say it: ``rows`` (x @ W) or ``columns`` (W @ x)."""

    @property
    def parsed_architecture(self) -> Architecture:
        return parse_architecture(self.architecture, self.hidden_activation, self.output_activation)

    def fingerprint(self) -> str:
        """A short hash of everything that decides this experiment's result (not its wording)."""
        fields = asdict(self)
        del fields["description"]
        # Options of the generator's experiments count only when used, so adding another leaves
        # the fingerprints of the stored experiments as they were.
        for option in _OPTIONAL_FIELDS:
            if not fields[option]:
                del fields[option]
        text = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TrainedExperiment:
    """An experiment after training: what scenes read."""

    experiment: Experiment
    data: Dataset
    network: Network
    history: tuple[Snapshot, ...]
    threshold: float
    accuracy: float
    training_seconds: float | None
    """How long training took here; ``None`` for a result read from its file."""
    source: str | None = None
    """For a network read from a file (``Experiment.network_file``): the file's format."""
    notes: tuple[str, ...] = ()
    """What reading the network file converted, e.g. a two-output softmax into one output."""

    @property
    def classes(self) -> int:
        """K, the number of classes the network tells apart (2 for a one-output network)."""
        return self.network.architecture.classes

    @property
    def predicted(self) -> np.ndarray:
        """The class the network predicts for each data point, ``(n,)``."""
        return predict_labels(self.trace().output, self.threshold)

    def class_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Per class: how many of its points are predicted right, and how many it has."""
        return class_counts(self.predicted, self.data.labels, self.classes)

    @property
    def name(self) -> str:
        return self.experiment.name

    def trace(self, points: np.ndarray | None = None) -> ForwardTrace:
        """Forward trace of ``points (n, d_in)``, by default the experiment's data points."""
        return forward(self.network, self.data.points if points is None else points)

    def input_units(self) -> tuple[tuple[float, float], ...]:
        """Per input coordinate, ``(offset, scale)`` reading a plane coordinate ``c`` in the
        data's own units as ``offset + scale * c``: ``(0, 1)`` unless the inputs were
        standardized, then the mean and spread standardizing took away."""
        if not self.experiment.standardize:
            return tuple((0.0, 1.0) for _ in range(self.data.n_features))
        _, mean, scale = standardize(load_experiment_data(self.experiment.dataset))
        return tuple((float(m), float(s)) for m, s in zip(mean, scale, strict=True))

    def wrong_side(self) -> np.ndarray:
        """``(n,)`` True where the network predicts another class than the point's own."""
        return self.predicted != self.data.labels


def load_experiment_data(name_or_csv: str, standardized: bool = False) -> Dataset:
    """A built-in data set by name, or a user's CSV file (``x1,x2,label``) by path; with
    ``standardized``, each coordinate rescaled to mean 0 and standard deviation 1.

    A file is read once per process while its size and modification time stay the same (a
    Dataset is immutable): checking an experiment and training it both need the data, and a
    large CSV takes seconds to parse."""
    is_file = name_or_csv.lower().endswith(".csv") or Path(name_or_csv).is_file()
    stamp = None
    if is_file:
        try:
            status = Path(name_or_csv).stat()
            stamp = (status.st_size, status.st_mtime_ns)
        except OSError:
            pass  # load_csv names the problem
    return _load_data(name_or_csv, standardized, is_file, stamp)


@lru_cache(maxsize=4)
def _load_data(
    name_or_csv: str, standardized: bool, is_file: bool, stamp: tuple[int, int] | None
) -> Dataset:
    data = load_csv(name_or_csv) if is_file else load_dataset(name_or_csv)
    return standardize(data)[0] if standardized else data
