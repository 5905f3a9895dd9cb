"""render.py generate --training: a network shown as it learns (scenes/kit/learning.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core import forward
from nn_core.experiments import (
    CUSTOM_ENVIRONMENT_VARIABLE,
    custom_experiment,
    early_snapshot_steps,
    experiment_to_json,
    run_experiment,
)
from scenes.kit.learning import interpolated_network, last_hidden, line_in_box, tilted
from tests.scene_rendering import render_scene


@pytest.fixture(scope="module")
def moons_run():
    experiment = custom_experiment("moons", "2-3-1", hidden_activation="tanh", steps=300)
    return experiment, run_experiment(experiment)


def test_snapshots_crowd_the_start_of_training(moons_run):
    _, trained = moons_run
    steps = [snapshot.step for snapshot in trained.history]
    assert steps[:4] == [0, 1, 2, 3]
    assert steps[-1] == 300
    assert set(early_snapshot_steps(300)) <= set(steps)


def test_the_interpolated_network_runs_from_snapshot_to_snapshot(moons_run):
    _, trained = moons_run
    history = trained.history
    assert interpolated_network(history, 0) is history[0].network
    assert interpolated_network(history, len(history) - 1) is history[-1].network
    halfway = interpolated_network(history, 4.5).flat_parameters()
    expected = (history[4].network.flat_parameters() + history[5].network.flat_parameters()) / 2
    np.testing.assert_allclose(halfway, expected)


def test_line_in_box_and_tilted_views():
    segment = line_in_box(np.array([1.0, 1.0]), 0.0, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    assert sorted(map(tuple, np.round(segment, 9))) == [(-1.0, 1.0), (1.0, -1.0)]
    assert line_in_box(np.array([1.0, 0.0]), 5.0, -np.ones(2), np.ones(2)) is None
    # looking straight down (phi 0, theta -90 degrees) is the plane itself
    points = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
    np.testing.assert_allclose(tilted(points, 0.0, -np.pi / 2), points[:, :2], atol=1e-12)


def test_the_training_scene_draws_the_forward_pass_of_the_last_network(moons_run, monkeypatch):
    from scenes.custom import CustomTraining

    experiment, trained = moons_run
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    scene, frame = render_scene(CustomTraining)

    final = trained.history[-1].network
    hidden = last_hidden(final, trained.data.points)
    np.testing.assert_allclose(hidden, forward(final, trained.data.points).layers[0].activation)
    drawn = np.zeros((len(hidden), 3))
    for label, cloud in enumerate(scene.hidden_dots):
        drawn[scene.labels == label] = cloud.get_centers()
    np.testing.assert_allclose(drawn, scene.hidden_panel.to_screen(hidden), atol=1e-6)
    # the separating plane is the output layer's: its corners satisfy w . h + b = level
    assert len(scene.separator.points) > 0
    assert frame.std() > 5


def test_the_training_video_says_what_it_shows(moons_run, monkeypatch):
    """--training videos once wrote an empty caption track."""
    from scenes.custom import CustomTraining
    from scenes.kit import captions
    from tests.scene_rendering import narrated

    experiment, trained = moons_run
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    render_scene(CustomTraining)
    words = narrated(CustomTraining)
    assert len(words.cues) >= 3
    for start, end, text in words.cues:
        assert end - start >= captions.reading_seconds(text) - 1e-6, text
    final = trained.history[-1]
    assert f"by step {final.step}," in words.cues[-1][2]
