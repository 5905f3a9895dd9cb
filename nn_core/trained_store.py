"""Trained experiments kept as files in the repository, so every machine shows the same networks.

Training is deterministic on one machine but not across machines: the last bits of a matrix
product depend on the CPU's BLAS kernels, and a long non-convex run amplifies them into another
network. So the named experiments are trained once, on purpose (``python render.py train``), and
their results are data: ``nn_core/trained/<name>.npz``. Scenes read these files and never train.

File format (``netplane-trained-experiment`` version 1), an ``.npz`` archive written
byte-reproducibly by :func:`nn_core.serialization.write_npz`, holding:

- ``meta``: JSON with ``format``, ``version``, ``experiment`` (the name), ``fingerprint`` (the
  declaration's, :meth:`Experiment.fingerprint`), ``sizes``, ``activations``, ``threshold``
  and ``accuracy``;
- ``W1, b1, W2, b2, ...``: the trained network, as in a network file (so ``load_network`` reads
  the file as a network too);
- ``data_points (n, d)`` and ``data_labels (n,)``: the data it was trained on, to notice a data set
  whose code changed since;
- ``history_steps (k,)``, ``history_loss (k,)``, ``history_accuracy (k,)`` and
  ``history_parameters (k, p)``: the training snapshots, each network's parameters laid out as
  ``Network.flat_parameters``.

A file whose fingerprint or data no longer match its experiment is refused with one line naming
the command that refreshes it.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from nn_core.experiment import Experiment, TrainedExperiment, load_experiment_data
from nn_core.network import Network
from nn_core.serialization import (
    NetworkFileError,
    network_arrays,
    network_from_arrays,
    read_npz,
    write_npz,
)
from nn_core.training import Snapshot

__all__ = [
    "FOLDER_ENVIRONMENT_VARIABLE",
    "TRAINED_FORMAT",
    "StaleTrainedFileError",
    "read_stored_unchecked",
    "read_trained",
    "trained_file",
    "trained_folder",
    "write_trained",
]

TRAINED_FORMAT = "netplane-trained-experiment"
TRAINED_VERSION = 1
FOLDER_ENVIRONMENT_VARIABLE = "NETPLANE_TRAINED_DIR"
DEFAULT_FOLDER = Path(__file__).resolve().parent / "trained"
# How far a stored data point may sit from today's: sin and exp differ in their last bits between
# CPUs (NumPy's SIMD kernels), a changed data set by far more.
DATA_TOLERANCE = 1e-9


class StaleTrainedFileError(NetworkFileError):
    """A stored experiment that is missing, or no longer matches its declaration or its data."""


def trained_folder() -> Path:
    """Where the trained experiments live: ``nn_core/trained/`` unless ``NETPLANE_TRAINED_DIR``
    names another folder (the tests use one of their own)."""
    return Path(os.environ.get(FOLDER_ENVIRONMENT_VARIABLE) or DEFAULT_FOLDER)


def trained_file(name: str, folder: Path | None = None) -> Path:
    return (folder or trained_folder()) / f"{name}.npz"


def _refresh_hint(name: str) -> str:
    return f"run 'python render.py train {name}' to retrain it"


def write_trained(result: TrainedExperiment, folder: Path | None = None) -> Path:
    """Store ``result`` as ``<folder>/<name>.npz``; the same result always gives the same bytes."""
    experiment = result.experiment
    meta = {
        "format": TRAINED_FORMAT,
        "version": TRAINED_VERSION,
        "experiment": experiment.name,
        "fingerprint": experiment.fingerprint(),
        "threshold": float(result.threshold),
        "accuracy": float(result.accuracy),
    }
    arrays = network_arrays(result.network, meta)
    arrays["data_points"] = np.asarray(result.data.points, dtype=np.float64)
    arrays["data_labels"] = np.asarray(result.data.labels, dtype=np.int64)
    parameter_count = result.network.architecture.parameter_count
    arrays["history_steps"] = np.array([s.step for s in result.history], dtype=np.int64)
    arrays["history_loss"] = np.array([s.loss for s in result.history], dtype=np.float64)
    arrays["history_accuracy"] = np.array([s.accuracy for s in result.history], dtype=np.float64)
    arrays["history_parameters"] = np.array(
        [s.network.flat_parameters() for s in result.history], dtype=np.float64
    ).reshape(len(result.history), parameter_count)
    return write_npz(trained_file(experiment.name, folder), arrays)


def read_trained(experiment: Experiment, folder: Path | None = None) -> TrainedExperiment:
    """The stored result of ``experiment``, checked against its declaration and its data.

    Raises
    ------
    StaleTrainedFileError
        No file, or one trained from another declaration or on other data.
    NetworkFileError
        A file that is not a trained experiment or is damaged.
    """
    name = experiment.name
    path = trained_file(name, folder)
    if not path.exists():
        raise StaleTrainedFileError(
            f"experiment {name!r} has no trained network ({path} is missing): {_refresh_hint(name)}"
        )
    arrays = read_npz(path)
    network, meta = network_from_arrays(path, arrays)
    if meta.get("format") != TRAINED_FORMAT:
        raise NetworkFileError(f"{path}: a network file, not a trained experiment")
    if meta.get("experiment") != name:
        raise NetworkFileError(f"{path}: holds experiment {meta.get('experiment')!r}, not {name!r}")
    if meta.get("fingerprint") != experiment.fingerprint():
        raise StaleTrainedFileError(
            f"experiment {name!r} changed since it was trained ({path} has fingerprint "
            f"{meta.get('fingerprint')}, the declaration {experiment.fingerprint()}): "
            f"{_refresh_hint(name)}"
        )
    missing = [
        key
        for key in (
            "data_points",
            "data_labels",
            "history_steps",
            "history_loss",
            "history_accuracy",
            "history_parameters",
        )
        if key not in arrays
    ]
    if missing:
        raise NetworkFileError(f"{path}: missing keys {', '.join(missing)}")
    data = load_experiment_data(experiment.dataset, experiment.standardize)
    stored_points, stored_labels = arrays["data_points"], arrays["data_labels"]
    if (
        stored_points.shape != data.points.shape
        or not np.array_equal(stored_labels, data.labels)
        or not np.allclose(stored_points, data.points, rtol=0, atol=DATA_TOLERANCE)
    ):
        raise StaleTrainedFileError(
            f"experiment {name!r} was trained on other data than today's {experiment.dataset!r} "
            f"({path}): {_refresh_hint(name)}"
        )
    history = tuple(
        Snapshot(int(step), network.with_flat_parameters(parameters), float(loss), float(score))
        for step, loss, score, parameters in zip(
            arrays["history_steps"],
            arrays["history_loss"],
            arrays["history_accuracy"],
            arrays["history_parameters"],
            strict=True,
        )
    )
    return TrainedExperiment(
        experiment,
        data,
        network,
        history,
        float(meta["threshold"]),
        float(meta["accuracy"]),
        training_seconds=None,
    )


def read_stored_unchecked(name: str, folder: Path | None = None) -> tuple[Network, float] | None:
    """The network and accuracy in ``name``'s file, whatever declaration it was trained from;
    ``None`` without a readable file. For comparing a retrained network with the old one."""
    path = trained_file(name, folder)
    try:
        network, meta = network_from_arrays(path, read_npz(path))
        return network, float(meta["accuracy"])
    except (NetworkFileError, KeyError, TypeError, ValueError):
        return None
