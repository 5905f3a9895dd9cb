"""Networks chosen to be hard to draw, rendered through the generator's scene for the tests.

Each entry is a saved network with weights picked by hand (large and tiny, a wide layer, outputs
spanning a thousand or a thousandth) or a data set that is hard in itself (unbalanced classes),
so the pictures test the framing, not a training run. ``render_stress(name)`` renders one the way
``render.py generate --network FILE`` would; ``tests/make_control_frames.py stress-NAME`` stores
its control frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nn_core import Network
from nn_core.architecture import Architecture
from nn_core.experiments import CUSTOM_ENVIRONMENT_VARIABLE, custom_experiment, experiment_to_json
from nn_core.serialization import save_network
from tests.scene_rendering import TEST_MEDIA, render_scene

__all__ = ["STRESS_GALLERY", "render_stress"]

PREFIX = "stress-"


def _network(sizes: tuple[int, ...], activations: tuple[str, ...], layers) -> Network:
    weights = tuple(np.array(w, dtype=float) for w, _ in layers)
    biases = tuple(np.array(b, dtype=float) for _, b in layers)
    return Network(Architecture(sizes, activations), weights, biases)


def large_and_tiny_weights() -> Network:
    return _network(
        (2, 2, 1),
        ("relu", "identity"),
        [([[40.0, 0.001], [0.002, -35.0]], [-10.0, 8.0]), ([[0.004, -2.5]], [0.3])],
    )


def wide_layer() -> Network:
    rng = np.random.default_rng(64)
    return _network(
        (2, 64, 1),
        ("tanh", "identity"),
        [(rng.normal(size=(64, 2)) * 2, rng.normal(size=64)), (rng.normal(size=(1, 64)), [0.1])],
    )


def outputs_span_a_thousand() -> Network:
    return _network((2, 1), ("identity",), [([[300.0, -400.0]], [-150.0])])


def outputs_span_a_thousandth() -> Network:
    return _network((2, 1), ("identity",), [([[0.0004, 0.0009]], [-0.0003])])


def unbalanced() -> Network:
    return _network(
        (2, 3, 1),
        ("tanh", "identity"),
        [([[2.0, 0.5], [-1.0, 2.5], [0.3, -3.0]], [0.2, -0.4, 1.0]), ([[1.5, -2.0, 0.7]], [-2.0])],
    )


def unbalanced_csv(folder: Path) -> str:
    """190 points of class 0 around the origin, 10 of class 1 off to one side."""
    rng = np.random.default_rng(7)
    many = rng.normal(scale=0.8, size=(190, 2))
    few = rng.normal(loc=(1.6, 1.2), scale=0.3, size=(10, 2))
    path = folder / "unbalanced.csv"
    rows = [f"{x:.4f},{y:.4f},0" for x, y in many] + [f"{x:.4f},{y:.4f},1" for x, y in few]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    return str(path)


# name: (data set, or a function writing a CSV into a folder and returning its path; network)
STRESS_GALLERY: dict[str, tuple[str | Callable[[Path], str], Callable[[], Network]]] = {
    "large-and-tiny-weights": ("moons", large_and_tiny_weights),
    "wide-layer": ("circles", wide_layer),
    "outputs-span-a-thousand": ("moons", outputs_span_a_thousand),
    "outputs-span-a-thousandth": ("moons", outputs_span_a_thousandth),
    "unbalanced": (unbalanced_csv, unbalanced),
}


def render_stress(name: str, **render_options):
    """Render gallery entry ``name`` (with or without the ``stress-`` prefix), by default at
    control-frame size (``render_options`` go to ``render_scene``); returns (scene, last frame)."""
    from scenes.custom import CustomNetwork

    name = name.removeprefix(PREFIX)
    data, build = STRESS_GALLERY[name]
    folder = TEST_MEDIA / "stress-gallery"
    folder.mkdir(parents=True, exist_ok=True)
    dataset = data if isinstance(data, str) else data(folder)
    network = build()
    path = save_network(network, folder / f"{name}.npz")
    experiment = custom_experiment(
        dataset,
        network.architecture.spec,
        hidden_activation=network.architecture.activations[0],
        network_file=str(path),
    )
    previous = os.environ.get(CUSTOM_ENVIRONMENT_VARIABLE)
    os.environ[CUSTOM_ENVIRONMENT_VARIABLE] = experiment_to_json(experiment)
    try:
        return render_scene(CustomNetwork, **render_options)
    finally:
        if previous is None:
            os.environ.pop(CUSTOM_ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[CUSTOM_ENVIRONMENT_VARIABLE] = previous
