"""Trained networks kept as files (issue 8): stored, checked against their declaration, retrained
on purpose with ``render.py train``, and the same on every machine."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from click.testing import CliRunner

import render
from nn_core import load_network
from nn_core.experiments import EXPERIMENTS, get_experiment, run_experiment, trained
from nn_core.serialization import NetworkFileError, read_npz, write_npz
from nn_core.trained_store import (
    FOLDER_ENVIRONMENT_VARIABLE,
    StaleTrainedFileError,
    read_trained,
    trained_file,
    trained_folder,
    write_trained,
)

# Short logistic regressions: convex, so retraining anywhere lands on the stored parameters up to
# rounding (not to the bit: BLAS sums in another order on another CPU).
CONVEX_NAMES = ["one-layer-trained", "one-layer-hard"]


def invoke(*args):
    return CliRunner().invoke(render.cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def scratch_folder(tmp_path, monkeypatch):
    """An empty trained folder in place of nn_core/trained/."""
    monkeypatch.setenv(FOLDER_ENVIRONMENT_VARIABLE, str(tmp_path))
    return tmp_path


# --- the stored files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_every_experiment_has_a_stored_file_that_matches_its_declaration(name):
    path = trained_file(name)
    assert path.parent == trained_folder() and path.is_file(), f"run render.py train {name}"
    meta = json.loads(str(read_npz(path)["meta"]))
    assert meta["experiment"] == name
    assert meta["fingerprint"] == get_experiment(name).fingerprint()
    result = read_trained(get_experiment(name))
    assert result.training_seconds is None
    assert result.data.points.shape == result.trace().inputs.shape


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_the_stored_accuracy_is_the_stored_networks_own(name):
    result = trained(name)
    output = result.trace().output[:, 0]
    assert result.accuracy == np.mean((output > result.threshold) == result.data.labels)
    if result.history:
        assert result.history[-1].accuracy == result.accuracy
        final = result.history[-1].network.flat_parameters()
        assert np.array_equal(final, result.network.flat_parameters())


@pytest.mark.parametrize("name", CONVEX_NAMES)
def test_retraining_a_convex_experiment_lands_on_the_stored_parameters(name):
    stored = trained(name)
    retrained = run_experiment(stored.experiment)
    np.testing.assert_allclose(
        retrained.network.flat_parameters(), stored.network.flat_parameters(), rtol=1e-9, atol=1e-12
    )
    assert retrained.accuracy == stored.accuracy


def test_a_network_file_reader_reads_a_trained_file_as_a_network():
    network = load_network(trained_file("two-layer-relu"))
    assert np.array_equal(
        network.flat_parameters(), trained("two-layer-relu").network.flat_parameters()
    )


# --- writing and reading -----------------------------------------------------------------------


def test_written_files_round_trip_to_the_bit_and_are_byte_reproducible(scratch_folder):
    result = run_experiment(get_experiment("xor"))
    first = write_trained(result).read_bytes()
    second = write_trained(result).read_bytes()
    assert first == second
    back = read_trained(result.experiment)
    assert back.network.flat_parameters().tobytes() == result.network.flat_parameters().tobytes()
    assert back.threshold == result.threshold and back.accuracy == result.accuracy
    assert [s.step for s in back.history] == [s.step for s in result.history]
    for read, made in zip(back.history, result.history, strict=True):
        assert read.loss == made.loss and read.accuracy == made.accuracy
        assert read.network.flat_parameters().tobytes() == made.network.flat_parameters().tobytes()


def test_a_missing_file_names_the_command_that_makes_it(scratch_folder):
    with pytest.raises(StaleTrainedFileError, match=r"render\.py train xor"):
        read_trained(get_experiment("xor"))


def test_a_changed_declaration_is_refused_with_the_command_that_retrains_it(scratch_folder):
    experiment = get_experiment("xor")
    write_trained(run_experiment(experiment))
    config = dataclasses.replace(experiment.config, learning_rate=0.07)
    changed = dataclasses.replace(experiment, config=config)
    with pytest.raises(StaleTrainedFileError) as raised:
        read_trained(changed)
    message = str(raised.value)
    assert "'xor' changed since it was trained" in message
    assert "render.py train xor" in message and "\n" not in message
    # Rewording the description is no change to the network.
    read_trained(dataclasses.replace(experiment, description="reworded"))


def test_a_file_trained_on_other_data_is_refused(scratch_folder):
    experiment = get_experiment("xor")
    path = write_trained(run_experiment(experiment))
    arrays = read_npz(path)
    arrays["data_points"] = arrays["data_points"] + 1e-6
    write_npz(path, arrays)
    with pytest.raises(StaleTrainedFileError, match=r"other data .*render\.py train xor"):
        read_trained(experiment)


def test_a_plain_network_file_is_no_trained_experiment(scratch_folder):
    from nn_core import save_network

    save_network(trained("xor").network, trained_file("xor"))
    with pytest.raises(NetworkFileError, match="not a trained experiment"):
        read_trained(get_experiment("xor"))


# --- render.py train ---------------------------------------------------------------------------


def test_train_writes_then_leaves_unchanged_files_alone(scratch_folder):
    result = invoke("train", "xor", "one-layer-trained")
    assert result.exit_code == 0, result.output
    assert result.output.count("file new") == 2
    assert sorted(p.name for p in scratch_folder.iterdir()) == ["one-layer-trained.npz", "xor.npz"]
    again = invoke("train", "xor")
    assert "accuracy 100.0% -> 100.0%" in again.output
    assert "largest parameter change 0 " in again.output and "file unchanged" in again.output


def test_train_check_writes_nothing_and_fails_on_a_stale_file(scratch_folder):
    invoke("train", "xor")
    before = trained_file("xor").read_bytes()
    ok = invoke("train", "--check", "xor")
    assert ok.exit_code == 0, ok.output
    assert "nothing written" in ok.output
    missing = invoke("train", "--check", "xor", "one-layer-trained")
    assert missing.exit_code == 1
    assert "one-layer-trained" in missing.output.splitlines()[-1]
    assert not trained_file("one-layer-trained").exists()
    assert trained_file("xor").read_bytes() == before


def test_train_check_fails_when_an_accuracy_drifts(scratch_folder):
    experiment = get_experiment("xor")
    path = write_trained(run_experiment(experiment))
    arrays = read_npz(path)
    meta = json.loads(str(arrays["meta"]))
    meta["accuracy"] = 0.5
    arrays["meta"] = np.array(json.dumps(meta))
    write_npz(path, arrays)
    result = invoke("train", "--check", "xor")
    assert result.exit_code == 1
    assert "accuracy 50.0% -> 100.0%" in result.output
    assert "drifted" in result.output
    assert invoke("train", "--check", "--tolerance", "0.5", "xor").exit_code == 0


def test_train_names_an_unknown_experiment():
    result = invoke("train", "two-layer-rel")
    assert result.exit_code == 1
    assert "did you mean two-layer-relu" in result.output


def test_every_stored_experiment_reproduces_its_accuracy_when_retrained():
    """The check a developer runs on a new machine: retrain everything in memory."""
    result = invoke("train", "--check")
    assert result.exit_code == 0, result.output
    assert f"{len(EXPERIMENTS)} experiments reproduce their stored accuracy" in result.output


def test_render_stops_before_any_work_on_a_stale_trained_file(scratch_folder, tmp_path):
    result = invoke("render", "xor", "-q", "preview", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "'xor' has no trained network" in result.output
    assert "render.py train xor" in result.output
    assert not (tmp_path / "out").exists()
