"""render.py generate through click's CliRunner: every early error, names, hashing, and one render.

The render is a 2-1 network on a CSV file of the test's own at preview quality (about ten
seconds), run twice: the second run must skip it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import render
from netplane_render import generate, runner, tracks
from netplane_render.fingerprint import (
    PROJECT_ROOT,
    scene_hash,
    scene_module_imports,
    shared_sources,
)
from nn_core.experiments import CUSTOM_ENVIRONMENT_VARIABLE, custom_experiment, experiment_to_json
from scenes.registry import SCENES

REPO = Path(__file__).resolve().parent.parent


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(render.cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def write_csv(path: Path, n: int = 40, seed: int = 0) -> Path:
    """Two classes on either side of the line x1 + x2 = 0."""
    points = np.random.default_rng(seed).normal(size=(n, 2))
    rows = [f"{x:.4f},{y:.4f},{int(x + y > 0)}" for x, y in points]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    return path


# --- help -------------------------------------------------------------------------------------


def test_help_has_examples_with_a_built_in_data_set_and_a_csv():
    result = invoke("generate", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "python render.py generate --data moons --arch 2-3-1" in result.output
    assert ".csv --arch" in result.output
    for choice in ("leaky_relu", "sigmoid", "lbfgs", "momentum", "mse"):
        assert choice in result.output
    assert "generate" in invoke("--help").output


def test_choices_and_defaults_agree_with_nn_core():
    from nn_core.activations import ACTIVATIONS, OUTPUT_ONLY_ACTIVATIONS
    from nn_core.losses import LOSSES
    from nn_core.training import OPTIMIZER_NAMES

    assert set(generate.HIDDEN_ACTIVATIONS) == set(ACTIVATIONS)
    assert set(generate.OUTPUT_ACTIVATIONS) <= set(ACTIVATIONS) | set(OUTPUT_ONLY_ACTIVATIONS)
    assert set(generate.LOSSES) == set(LOSSES)
    assert set(generate.OPTIMIZERS) == set(OPTIMIZER_NAMES)
    parameters = inspect.signature(custom_experiment).parameters
    assert generate.DEFAULTS == {name: parameters[name].default for name in generate.DEFAULTS}


# --- errors before any work -------------------------------------------------------------------


def assert_one_line_error(result, *fragments, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.output
    for fragment in fragments:
        assert fragment in error_lines[0], error_lines[0]
    assert "accuracy" not in result.output, "nothing may train before the options are checked"


@pytest.mark.parametrize(
    ("args", "fragments", "code"),
    [
        (["--arch", "2--1"], ["architecture '2--1' has an empty layer size"], 1),
        (["--hidden", "swish"], ["'--hidden'", "'swish' is not one of", "leaky_relu"], 2),
        (["--output", "tanh"], ["'--output'", "'tanh'"], 2),
        (["--optimizer", "sgd"], ["'--optimizer'", "'sgd'"], 2),
        (["--data", "moon"], ["unknown data set 'moon'", "did you mean 'moons'?"], 1),
        (["--arch", "3-2-1"], ["architecture 3-2-1 expects 3 input features", "has 2"], 1),
        (["--arch", "2-3-2", "--output", "sigmoid"], ["ends in 2 neurons", "--output softmax"], 1),
        (["--steps", "0"], ["'--steps'"], 2),
        (["--name", "../.."], ["no letters or digits", "--name"], 1),
        (["--arch", "2-5000-1"], ["a layer of 5000 neurons", "at most 1000"], 1),
    ],
    ids=[
        "malformed-arch",
        "unknown-activation",
        "output-activation",
        "unknown-optimizer",
        "unknown-data-set",
        "input-size",
        "output-width",
        "no-steps",
        "empty-name",
        "too-wide",
    ],
)
def test_bad_options_stop_with_one_line(tmp_path, args, fragments, code):
    options = {"--data": "moons", "--arch": "2-3-1"}
    for option, value in zip(args[::2], args[1::2], strict=True):
        options[option] = value
    flat = [part for pair in options.items() for part in pair]
    result = invoke("generate", *flat, "--out", tmp_path / "out")
    assert_one_line_error(result, *fragments, code=code)
    assert not (tmp_path / "out").exists()


def test_csv_with_a_bad_line_names_the_file_and_line(tmp_path):
    data = tmp_path / "mine.csv"
    data.write_text("x1,x2,label\n0.5,1.0,0\n-1.0,oops,1\n2.0,2.0,1\n")
    result = invoke("generate", "--data", data, "--arch", "2-1", "--out", tmp_path / "out")
    assert_one_line_error(result, "mine.csv, line 3", "x2 'oops' is not a number")
    assert not (tmp_path / "out").exists()


def test_missing_csv_file(tmp_path):
    result = invoke("generate", "--data", tmp_path / "nope.csv", "--arch", "2-1")
    assert_one_line_error(result, "nope.csv", "file not found")


# --- names, hashing, environment ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"architecture": "2-3-1", "hidden_activation": "tanh"}, "moons-2-3-1-tanh"),
        ({"architecture": "2-1"}, "moons-2-1"),
        (
            {"architecture": "2-4-1", "output_activation": "sigmoid"},
            "moons-2-4-1-relu-sigmoid-output",
        ),
    ],
)
def test_default_names(kwargs, name):
    assert generate.default_name(custom_experiment("moons", **kwargs)) == name


def test_a_csv_file_names_the_output_by_its_stem(tmp_path):
    data = write_csv(tmp_path / "my points (v2).csv")
    experiment = custom_experiment(
        generate.resolve_data(str(data)), "2-2-1", hidden_activation="tanh"
    )
    assert generate.default_name(experiment) == "my-points-v2-2-2-1-tanh"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my network", "my-network"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("moons_2.3", "moons_2.3"),
        ("a" * 200, "a" * generate.MAX_NAME_LENGTH),
    ],
)
def test_names_are_sanitized(text, name):
    assert generate.sanitize_name(text) == name


def test_relative_csv_paths_become_absolute(tmp_path, monkeypatch):
    write_csv(tmp_path / "points.csv")
    monkeypatch.chdir(tmp_path)
    assert generate.resolve_data("points.csv") == str(tmp_path / "points.csv")
    assert generate.resolve_data("moons") == "moons"


def entry_for(experiment, inputs=()) -> generate.GeneratedEntry:
    return generate.GeneratedEntry(
        id="net",
        title="net",
        description="net",
        environment={CUSTOM_ENVIRONMENT_VARIABLE: experiment_to_json(experiment)},
        inputs=tuple(inputs),
    )


def custom_hash(entry) -> str:
    return scene_hash(entry, SCENES, quality="preview", theme="dark")


def test_hash_covers_the_experiment_and_the_csv_contents(tmp_path):
    base = custom_experiment("moons", "2-3-1", steps=50)
    assert custom_hash(entry_for(base)) == custom_hash(entry_for(base))
    for changed in (
        custom_experiment("moons", "2-3-1", steps=50, seed=1),
        custom_experiment("moons", "2-3-1", steps=60),
        custom_experiment("moons", "2-3-1", steps=50, hidden_activation="tanh"),
        custom_experiment("circles", "2-3-1", steps=50),
    ):
        assert custom_hash(entry_for(changed)) != custom_hash(entry_for(base))

    data = write_csv(tmp_path / "points.csv")
    on_csv = custom_experiment(str(data), "2-1", steps=50)
    before = custom_hash(entry_for(on_csv, [data]))
    write_csv(data, seed=1)
    assert custom_hash(entry_for(on_csv, [data])) != before


def test_generated_entry_carries_the_experiment_and_its_csv(tmp_path):
    from nn_core.experiments import run_experiment

    data = write_csv(tmp_path / "points.csv")
    experiment = custom_experiment(str(data), "2-1", steps=50)
    entry = generate.generated_entry("points", run_experiment(experiment))
    assert entry.environment == {CUSTOM_ENVIRONMENT_VARIABLE: experiment_to_json(experiment)}
    assert entry.inputs == (data,)
    assert entry.path == PROJECT_ROOT / "scenes" / "custom.py"
    assert entry.details["parameters"] == 3
    env = runner._child_env(entry, "light")
    assert env[CUSTOM_ENVIRONMENT_VARIABLE] == experiment_to_json(experiment)
    assert env["NETPLANE_THEME"] == "light"


def test_the_cache_reads_the_kit_plus_each_scene_file():
    """The kit (scenes/kit/) is every scene's input; a scene file, the generator's included, only
    its own: editing scenes/custom.py re-renders generated networks, not the whole article."""
    shared = shared_sources(SCENES)
    kit = sorted((PROJECT_ROOT / "scenes" / "kit").glob("*.py"))
    assert [path for path in shared if path.parent.name == "kit"] == kit
    assert PROJECT_ROOT / "scenes" / "kit" / "story.py" in kit
    assert not [path for path in shared if path.parent == PROJECT_ROOT / "scenes"]
    custom = generate.GeneratedEntry(id="x", title="x", description="x")
    assert scene_module_imports(custom.path) == []
    # a scene built on another scene file's class depends on that file too
    one_layer_story = PROJECT_ROOT / "scenes" / "one_layer.py"
    assert all(path.parent.name != "kit" for path in scene_module_imports(one_layer_story))


def test_new_networks_join_the_gallery_after_the_earlier_ones(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"scenes": [{"id": "b"}, {"id": "a"}]}))
    assert generate.gallery_order(tmp_path, "c") == ["b", "a", "c"]
    assert generate.gallery_order(tmp_path, "a") == ["b", "a"]
    assert generate.gallery_order(tmp_path / "none", "c") == ["c"]


# --- one real render ----------------------------------------------------------------------------


def test_generate_renders_then_skips(tmp_path, monkeypatch):
    # Relative paths on purpose: the data file and the output folder are resolved against the
    # caller's working directory, not the render process's.
    write_csv(tmp_path / "points.csv")
    monkeypatch.chdir(tmp_path)
    args = ("generate", "--data", "points.csv", "--arch", "2-1", "--steps", "40")
    args += ("-q", "preview", "-f", "mp4,png", "--out", "media")

    result = invoke(*args)
    again = invoke(*args)

    assert result.exit_code == 0, result.output
    for text in ("2-1 (identity output) on points", "parameters  3", "accuracy", "training"):
        assert text in result.output
    assert "1 rendered" in result.output
    folder = tmp_path / "media" / "dark" / "preview" / "custom"
    digests = {}
    for fmt in ("mp4", "png"):
        path = folder / f"points-2-1.{fmt}"
        assert path.is_file() and path.stat().st_size > 1000, path
        digests[fmt] = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (folder / "logs" / "points-2-1.log").is_file()
    assert (folder / "index.html").is_file() and (folder / "embed.md").is_file()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]

    manifest = json.loads((folder / "manifest.json").read_text())
    assert (manifest["theme"], manifest["quality"]) == ("dark", "preview")
    [scene] = manifest["scenes"]
    assert scene["id"] == "points-2-1"
    assert scene["class"] == "CustomNetwork"
    assert scene["network"]["data"] == str(tmp_path / "points.csv")
    assert scene["network"]["architecture"] == "2-1"
    assert scene["parameters"] == 3
    assert 0.5 <= scene["accuracy"] <= 1
    assert set(scene["files"]) == {"mp4", "png", "vtt"}
    for fmt, info in scene["files"].items():
        assert info["file"] == f"points-2-1.{fmt}"
        assert info["size"] == (folder / info["file"]).stat().st_size
        if fmt != "vtt":
            assert (info["width"], info["height"]) == (854, 480)
    # The user's network is narrated like the catalogue's, from its own trained numbers
    steps = tracks.cues_from_vtt((folder / "points-2-1.vtt").read_text())
    titles = [chapter["title"] for chapter in scene["chapters"]]
    # one chapter per sentence, however many cues a long one is shown in
    assert " ".join(titles) == " ".join(cue.text for cue in steps)
    assert len(titles) < len(steps)
    assert titles[1].startswith("W1 = [[") and "accuracy" in steps[-1].text

    assert again.exit_code == 0, again.output
    assert "accuracy" in again.output, "the network trains (and reports) on every run"
    assert "1 skipped" in again.output
    for fmt, digest in digests.items():
        assert hashlib.sha256((folder / f"points-2-1.{fmt}").read_bytes()).hexdigest() == digest


# --- saved networks: --save-network and --network ---------------------------------------------


def save_tiny_network(path: Path, spec: str = "2-2-1", hidden: str = "tanh") -> Path:
    from nn_core import init_network, parse_architecture, save_network

    return save_network(init_network(parse_architecture(spec, hidden, "identity"), seed=0), path)


@pytest.mark.parametrize(
    ("extra", "fragments", "code"),
    [
        (["--steps", "10"], ["--steps trains a network", "--network renders a saved one"], 2),
        (["--arch", "2-3-1"], ["holds a 2-2-1 network, not the 2-3-1 --arch asks for"], 1),
        (["--hidden", "relu"], ["hidden activation is tanh, not relu"], 1),
        (["--data", "trask"], ["net.npz: the network takes 2 inputs", "has 3 features"], 1),
    ],
    ids=["training-option", "other-arch", "other-activation", "other-input-size"],
)
def test_a_saved_network_that_does_not_fit_stops_with_one_line(tmp_path, extra, fragments, code):
    network = save_tiny_network(tmp_path / "net.npz")
    options = {"--data": "moons", "--network": str(network)}
    options.update(dict(zip(extra[::2], extra[1::2], strict=True)))
    flat = [part for pair in options.items() for part in pair]
    result = invoke("generate", *flat, "--out", tmp_path / "out")
    assert_one_line_error(result, *fragments, code=code)
    assert not (tmp_path / "out").exists()


def test_a_saved_network_is_not_shown_on_standardized_data(tmp_path):
    network = save_tiny_network(tmp_path / "net.npz")
    args = ("--data", "moons", "--network", network, "--standardize")
    result = invoke("generate", *args, "--out", tmp_path / "out")
    assert_one_line_error(result, "reads its data as it was trained on", "drop --standardize")


def test_a_malformed_network_file_stops_with_one_line(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip archive")
    result = invoke("generate", "--data", "moons", "--network", broken, "--out", tmp_path / "o")
    assert_one_line_error(result, str(broken), "not a netplane network file")
    result = invoke("generate", "--data", "moons", "--network", tmp_path / "none.npz")
    assert_one_line_error(result, "no such network file")


def test_generate_needs_an_architecture_or_a_network(tmp_path):
    result = invoke("generate", "--data", "moons", "--out", tmp_path / "out")
    assert_one_line_error(result, "--arch SIZES", "--network FILE", code=2)


def test_a_saved_network_renders_the_same_last_frame_without_training(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    common = ("--data", "xor", "-q", "preview", "-f", "png", "--out", "media")
    trained = invoke(
        "generate", *common, "--arch", "2-2-1", "--hidden", "tanh",
        "--save-network", "xor.npz", "--name", "trained",
    )  # fmt: skip
    assert trained.exit_code == 0, trained.output
    assert f"saved       {tmp_path / 'xor.npz'}" in trained.output
    loaded = invoke("generate", *common, "--network", "xor.npz", "--name", "loaded")
    assert loaded.exit_code == 0, loaded.output
    assert "netplane network file, not trained here" in loaded.output
    assert "training" not in loaded.output
    accuracy = [line for line in trained.output.splitlines() if line.startswith("accuracy")]
    assert accuracy and accuracy[0] in loaded.output

    from PIL import Image

    folder = tmp_path / "media" / "dark" / "preview" / "custom"
    first, second = (
        np.asarray(Image.open(folder / f"{name}.png").convert("RGB"), dtype=np.int16)
        for name in ("trained", "loaded")
    )
    assert first.shape == second.shape
    assert np.abs(first - second).mean() < 1.0
    manifest = json.loads((folder / "manifest.json").read_text())
    loaded_entry = next(scene for scene in manifest["scenes"] if scene["id"] == "loaded")
    assert loaded_entry["network"]["network_file"] == str(tmp_path / "xor.npz")


# --- hard inputs get a cause ------------------------------------------------------------------


def write_rows(path: Path, rows: list[tuple[float, float, int]]) -> Path:
    path.write_text("x1,x2,label\n" + "".join(f"{x!r},{y!r},{label}\n" for x, y, label in rows))
    return path


def test_data_of_one_class_is_refused(tmp_path):
    points = np.random.default_rng(0).normal(size=(30, 2))
    data = write_rows(tmp_path / "ones.csv", [(float(x), float(y), 1) for x, y in points])
    result = invoke("generate", "--data", data, "--arch", "2-2-1", "--out", tmp_path / "out")
    assert_one_line_error(result, "all 30 points are of class 1", "both classes")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("scale", "fragment"), [(1e300, "coordinates reach "), (1e-6, "spread over less than")]
)
def test_data_no_frame_can_show_is_refused_and_standardize_is_offered(tmp_path, scale, fragment):
    rng = np.random.default_rng(0)
    rows = [(float(x) * scale, float(y) * scale, int(x > 0)) for x, y in rng.normal(size=(30, 2))]
    data = write_rows(tmp_path / "far.csv", rows)
    result = invoke("generate", "--data", data, "--arch", "2-2-1", "--out", tmp_path / "out")
    assert_one_line_error(result, fragment, "--standardize")


def test_standardized_data_has_mean_0_and_deviation_1_and_is_said_so(tmp_path):
    from nn_core.experiments import custom_experiment, run_experiment

    rng = np.random.default_rng(0)
    rows = [(float(x) * 1e6, float(y) * 1e6 + 5e7, int(x > 0)) for x, y in rng.normal(size=(40, 2))]
    data = write_rows(tmp_path / "far.csv", rows)
    experiment = custom_experiment(str(data), "2-2-1", standardize=True, steps=50)
    result = run_experiment(experiment)
    np.testing.assert_allclose(result.data.points.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(result.data.points.std(axis=0), 1, rtol=1e-12)
    lines = dict(generate.training_lines(result))
    assert lines["inputs"] == generate.STANDARDIZED_NOTE
    assert generate.generated_entry("far", result).details["network"]["standardize"] is True


def test_exploding_weights_are_divergence_with_the_step_and_a_learning_rate_to_try(tmp_path):
    args = ("--data", "moons", "--arch", "2-3-1", "--optimizer", "gd", "--lr", "1e6")
    result = invoke("generate", *args, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "training diverged at step 1" in error
    assert "lower the learning rate (try 0.1)" in error
    assert not list((tmp_path / "out").rglob("*.mp4"))


# --- models trained elsewhere: ONNX, safetensors, Keras ----------------------------------------


def write_models(folder: Path) -> dict[str, Path]:
    from tests.model_files import random_layers, write_keras, write_onnx, write_safetensors

    return {
        "elu": write_onnx(folder / "elu.onnx", random_layers((2, 4, 1), "relu"),
                          extra_nodes=[("Elu", 0)]),
        "three-inputs": write_onnx(folder / "wide.onnx", random_layers((3, 4, 1), "relu")),
        "batch-norm": write_keras(
            folder / "bn.keras", random_layers((2, 4, 1), "relu"),
            extra_layers=[({"class_name": "BatchNormalization", "config": {"name": "bn"}}, 0)],
        ),
        "state-dict": write_safetensors(folder / "m.safetensors", random_layers((2, 4, 1), "relu")),
        "mixed": write_onnx(folder / "mixed.onnx", [*random_layers((2, 3, 1), "relu")[:1],
                            *random_layers((3, 3, 1), "tanh")]),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("model", "extra", "fragments"),
    [
        ("elu", [], ["elu.onnx: operator Elu", "'/extra0/Elu'"]),
        ("three-inputs", [], ["wide.onnx: the network takes 3 inputs", "has 2 features"]),
        ("batch-norm", [], ["bn.keras: layer BatchNormalization 'bn' is not a dense layer"]),
        ("state-dict", ["--arch", "2-3-1"], ["holds a 2-4-1 network, not the 2-3-1"]),
    ],
)
def test_a_model_netplane_cannot_show_stops_with_one_line(tmp_path, model, extra, fragments):
    path = write_models(tmp_path)[model]
    result = invoke("generate", "--data", "moons", "--network", path, *extra,
                    "--out", tmp_path / "out")  # fmt: skip
    assert_one_line_error(result, *fragments)
    assert not (tmp_path / "out").exists()


def test_regions_get_their_own_name_and_reach_the_scene():
    experiment = custom_experiment("moons", "2-3-1", hidden_activation="tanh", steps=10)
    from nn_core.experiments import run_experiment

    entry = generate.generated_entry("moons-regions", run_experiment(experiment), regions=True)
    assert entry.environment[generate.REGIONS_ENVIRONMENT_VARIABLE] == "1"
    assert entry.details["regions"] is True
    plain = generate.generated_entry("moons", run_experiment(experiment))
    assert generate.REGIONS_ENVIRONMENT_VARIABLE not in plain.environment


def test_an_onnx_softmax_classifier_renders_with_its_source_and_accuracy(tmp_path, monkeypatch):
    from datasets import load_dataset
    from tests.model_files import onnx_outputs, random_layers, write_onnx

    monkeypatch.chdir(tmp_path)
    model = write_onnx(tmp_path / "torch.onnx", random_layers((2, 3, 2), "tanh", "softmax"))
    data = load_dataset("moons")
    framework_prediction = onnx_outputs(model, data.points).argmax(axis=1)
    framework_accuracy = (framework_prediction == data.labels).mean()

    result = invoke("generate", "--data", "moons", "--network", "torch.onnx",
                    "-q", "preview", "-f", "png", "--out", "media")  # fmt: skip

    assert result.exit_code == 0, result.output
    labels = ("source", "network", "parameters", "accuracy", "note")
    lines = dict(
        line.split(None, 1) for line in result.output.splitlines() if line.startswith(labels)
    )
    assert lines["source"] == f"{model} (ONNX, not trained here)"
    assert lines["network"] == "2-3-1 (tanh hidden, sigmoid output) on moons"
    assert lines["parameters"] == "13"
    assert lines["accuracy"] == f"{framework_accuracy:.1%} of 200 points"
    assert "w = W[1] - W[0], b = b[1] - b[0]" in lines["note"]
    folder = tmp_path / "media" / "dark" / "preview" / "custom"
    assert (folder / "moons-2-3-1-tanh-sigmoid-output.png").is_file()


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (["--network", "NETWORK"], ["--training shows a network learning", "no training history"]),
        (["--arch", "2-3-1", "--regions"], ["--training already colours", "drop --regions"]),
        (
            ["--data", "trask", "--arch", "3-4-1"],
            ["--training colours the input plane", "3 features"],
        ),
    ],
    ids=["with-network", "with-regions", "not-a-plane"],
)
def test_training_videos_refuse_what_they_cannot_show(tmp_path, extra, fragments):
    network = save_tiny_network(tmp_path / "net.npz")
    extra = [str(network) if part == "NETWORK" else part for part in extra]
    result = invoke("generate", "--data", "moons", "--training", *extra, "--out", tmp_path / "o")
    assert_one_line_error(result, *fragments, code=1 if "trask" in extra else 2)
    assert not (tmp_path / "o").exists()


def test_training_videos_render_the_learning_scene():
    from nn_core.experiments import run_experiment

    experiment = custom_experiment("moons", "2-2-1", steps=20)
    entry = generate.generated_entry("moons-training", run_experiment(experiment), training=True)
    assert entry.class_name == generate.TRAINING_SCENE_CLASS == "CustomTraining"
    assert entry.details["training"] is True


def test_hidden_layers_with_different_activations_travel_as_a_list(tmp_path):
    from nn_core.experiments import run_experiment

    path = write_models(tmp_path)["mixed"]
    assert generate.saved_network_shape(path, None) == ("2-3-3-1", "relu,tanh", "identity")
    with pytest.raises(ValueError, match="hidden activation is relu,tanh, not relu"):
        generate.saved_network_shape(path, None, explicit_hidden="relu")
    experiment = custom_experiment(
        "moons", "2-3-3-1", hidden_activation="relu,tanh", network_file=str(path)
    )
    assert experiment.parsed_architecture.activations == ("relu", "tanh", "identity")
    assert generate.default_name(experiment) == "moons-2-3-3-1-relu-tanh"
    lines = dict(generate.training_lines(run_experiment(experiment)))
    assert lines["network"] == "2-3-3-1 (relu, tanh hidden, identity output) on moons"
