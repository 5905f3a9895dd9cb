"""What ``list`` and ``experiments`` print, and how ids on the command line become scenes.

The registry is read through :func:`load_registry`, so tests can point render.py at scenes of
their own. Importing this module imports neither Manim nor the scene modules.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

__all__ = [
    "UnknownIdError",
    "experiment_rows",
    "load_registry",
    "resolve_ids",
    "scene_rows",
]


class UnknownIdError(LookupError):
    def __str__(self) -> str:
        return str(self.args[0])


def load_registry() -> Mapping:
    """The scenes, id -> entry, in catalogue order (``scenes.registry.SCENES``)."""
    from scenes.registry import SCENES

    return SCENES


def resolve_ids(registry: Mapping, ids: Iterable[str]) -> list:
    """Entries for ``ids`` in catalogue order (all of them when ``ids`` is empty).

    Unknown ids raise :class:`UnknownIdError` naming the closest known ids, all unknown ids at once.
    """
    ids = list(dict.fromkeys(ids))
    unknown = [scene_id for scene_id in ids if scene_id not in registry]
    if unknown:
        parts = []
        for scene_id in unknown:
            close = difflib.get_close_matches(scene_id, list(registry), n=3, cutoff=0.5)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            parts.append(f"{scene_id!r}{hint}")
        noun = "scene" if len(unknown) == 1 else "scenes"
        raise UnknownIdError(f"unknown {noun} {'; '.join(parts)}; see 'render.py list'")
    wanted = set(ids)
    return [entry for scene_id, entry in registry.items() if not wanted or scene_id in wanted]


def scene_rows(registry: Mapping) -> list[dict]:
    """One row per scene, in catalogue order: what ``list --json`` prints."""
    return [
        {
            "id": entry.id,
            "class": entry.class_name,
            "file": entry.file,
            "description": entry.description,
            "title": entry.title,
            "order": entry.order,
            "experiments": list(entry.experiments),
        }
        for entry in registry.values()
    ]


def experiment_rows() -> list[dict]:
    """Every experiment as stored in ``nn_core/trained/``: what ``experiments --json`` prints.
    ``accuracy`` is a fraction from 0 to 1; ``steps`` and ``optimizer`` say how it was trained."""
    from nn_core.experiments import EXPERIMENTS, trained

    rows = []
    for name, experiment in EXPERIMENTS.items():
        result = trained(name)
        trained_by_hand = experiment.fixed_weights is not None
        rows.append(
            {
                "name": name,
                "dataset": experiment.dataset,
                "architecture": experiment.architecture,
                "hidden_activation": experiment.hidden_activation,
                "output_activation": experiment.output_activation,
                "parameters": experiment.parsed_architecture.parameter_count,
                "seed": experiment.seed,
                "accuracy": float(result.accuracy),
                "steps": 0 if trained_by_hand else experiment.config.steps,
                "optimizer": None if trained_by_hand else experiment.config.optimizer,
                "fingerprint": experiment.fingerprint(),
                "description": experiment.description,
            }
        )
    return rows


def retraining_rows(names: Iterable[str], *, write: bool) -> list[dict]:
    """Retrain the named experiments (all when ``names`` is empty) and compare each with its
    stored file; with ``write``, store the new result. What ``train`` prints, one row each:
    ``old_accuracy`` (``None`` without a readable file of the same architecture), ``accuracy``,
    ``largest_change`` (the largest absolute parameter change, ``None`` likewise), ``seconds``,
    ``stored`` (why the old file could not be used, or ``"ok"``), and ``written`` (``"new"``,
    ``"changed"``, ``"unchanged"``, or ``None`` when nothing was written)."""
    from nn_core.experiments import EXPERIMENTS, get_experiment, run_experiment
    from nn_core.serialization import NetworkFileError
    from nn_core.trained_store import (
        read_stored_unchecked,
        read_trained,
        trained_file,
        write_trained,
    )

    rows = []
    for name in list(dict.fromkeys(names)) or list(EXPERIMENTS):
        experiment = get_experiment(name)
        try:
            current = read_trained(experiment)
            stored, old = "ok", (current.network, current.accuracy)
        except NetworkFileError as error:
            # a stale file still has a network and an accuracy worth comparing with
            stored, old = str(error), read_stored_unchecked(name)
        new = run_experiment(experiment)
        old_accuracy, change = None, None
        if old is not None:
            old_network, old_accuracy = old
            if old_network.architecture == new.network.architecture:
                difference = new.network.flat_parameters() - old_network.flat_parameters()
                change = float(abs(difference).max())
        written = None
        if write:
            path = trained_file(name)
            before = path.read_bytes() if path.exists() else None
            after = write_trained(new).read_bytes()
            written = "new" if before is None else "unchanged" if before == after else "changed"
        rows.append(
            {
                "name": name,
                "old_accuracy": old_accuracy,
                "accuracy": float(new.accuracy),
                "largest_change": change,
                "seconds": float(new.training_seconds or 0.0),
                "stored": stored,
                "written": written,
            }
        )
    return rows
