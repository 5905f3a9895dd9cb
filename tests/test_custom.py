"""The generator: any data set (or CSV) and architecture, validated up front, shown by CustomNetwork."""

from __future__ import annotations

import numpy as np
import pytest

from datasets import DatasetError
from nn_core import ArchitectureError
from nn_core.experiments import (
    CUSTOM_ENVIRONMENT_VARIABLE,
    custom_experiment,
    experiment_from_json,
    experiment_to_json,
    run_experiment,
    trained_custom,
)
from tests.scene_rendering import render_scene


def test_custom_experiment_round_trips_through_json():
    experiment = custom_experiment("moons", "2-3-1", hidden_activation="tanh", steps=50, seed=4)
    assert experiment_from_json(experiment_to_json(experiment)) == experiment


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"architecture": "2--1"}, ArchitectureError, "empty layer size"),
        (
            {"architecture": "3-2-1"},
            ArchitectureError,
            "expects 3 input features, but the data has 2",
        ),
        ({"architecture": "2-2-2"}, ValueError, "ends in 2 neurons, one score per class"),
        ({"hidden_activation": "swish"}, ArchitectureError, "unknown activation 'swish'"),
        ({"dataset": "moon"}, DatasetError, "did you mean 'moons'"),
        ({"output_activation": "relu"}, ValueError, "must be identity or sigmoid"),
        ({"optimizer": "sgdx"}, ValueError, "unknown optimizer"),
        (
            {"architecture": "2-1001-1"},
            ValueError,
            "has a layer of 1001 neurons: netplane draws hidden layers of at most 1000 neurons",
        ),
    ],
)
def test_bad_requests_fail_before_training(kwargs, error, message):
    arguments = {"dataset": "moons", "architecture": "2-3-1"} | kwargs
    dataset, architecture = arguments.pop("dataset"), arguments.pop("architecture")
    with pytest.raises(error, match=message):
        custom_experiment(dataset, architecture, **arguments)


def test_a_csv_file_is_a_data_set(tmp_path):
    rng = np.random.default_rng(0)
    points = rng.normal(size=(40, 2))
    rows = [f"{x:.4f},{y:.4f},{int(x + y > 0)}" for x, y in points]
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    result = run_experiment(custom_experiment(str(path), "2-1", steps=300))
    assert result.data.points.shape == (40, 2)
    assert result.accuracy >= 0.95


def test_the_scene_needs_its_experiment(monkeypatch):
    monkeypatch.delenv(CUSTOM_ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(ValueError, match="render.py generate"):
        trained_custom()


def test_custom_network_renders_wide_layers_through_a_projection(monkeypatch):
    from scenes.custom import CustomNetwork

    experiment = custom_experiment("moons", "2-4-2-1", hidden_activation="tanh", steps=800)
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    scene, frame = render_scene(CustomNetwork)
    # the math steps; the camera's own steps between them hold the plane still
    math = [record for record in scene.step_log if record.kind != "camera"]
    kinds = [(record.kind, record.layer) for record in math]
    assert kinds == [(k, layer) for layer in (1, 2) for k in ("linear", "bias", "activation")] + [
        ("linear", 3),
        ("bias", 3),
    ]
    # the 2-D layer and the output are exact; the 4-D one is a projection
    trace = scene.trained.trace()
    np.testing.assert_allclose(math[5].coordinates[:, :2], trace.layers[1].activation, atol=1e-6)
    np.testing.assert_allclose(math[-1].coordinates[:, 0], trace.output[:, 0], atol=1e-6)
    assert scene.measured_accuracy == pytest.approx(scene.trained.accuracy)
    assert frame.std() > 5  # something was drawn


def test_the_grid_and_the_zoom_follow_the_datas_scale(tmp_path, monkeypatch):
    from scenes.custom import CustomNetwork
    from scenes.kit.story import data_grid

    assert data_grid(np.array([[-1.0, 2.0], [2.0, -0.5]])) == (2.5, 0.5)
    assert data_grid(np.array([[-100.0, 50.0]])) == (120.0, 20.0)
    rng = np.random.default_rng(3)
    points = rng.normal(size=(60, 2)) * 0.004
    rows = [f"{x:.6f},{y:.6f},{int(x + y > 0)}" for x, y in points]
    path = tmp_path / "tiny.csv"
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    experiment = custom_experiment(str(path), "2-1", steps=100)
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    scene, _ = render_scene(CustomNetwork)
    # points a few thousandths apart fill the plane's region instead of one dot at the origin
    first = scene.step_log[0]
    drawn = first.drawn[0]
    region = scene.plane_region
    assert np.ptp(drawn[:, 0]) > 0.5 * (region[1] - region[0]) or np.ptp(drawn[:, 1]) > 0.5 * (
        region[3] - region[2]
    )
    assert scene.grid_spacing < 0.01


def test_the_generators_captions_can_be_read(monkeypatch):
    """generate's first caption once lasted about 1.5 s."""
    from scenes.custom import CustomNetwork
    from scenes.kit import captions
    from tests.scene_rendering import narrated

    experiment = custom_experiment("moons", "2-2-1", hidden_activation="tanh", steps=400)
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    render_scene(CustomNetwork)
    words = narrated(CustomNetwork)
    assert words.cues
    for start, end, text in words.cues:
        assert end - start >= captions.reading_seconds(text) - 1e-6, text
        assert len(text.split()) <= 20, text
