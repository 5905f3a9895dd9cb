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
    """Train every experiment (cached per process) and describe it: what ``experiments --json``
    prints. ``accuracy`` is a fraction from 0 to 1."""
    from nn_core.experiments import EXPERIMENTS, trained

    rows = []
    for name, experiment in EXPERIMENTS.items():
        result = trained(name)
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
                "training_seconds": float(result.training_seconds),
                "description": experiment.description,
            }
        )
    return rows
