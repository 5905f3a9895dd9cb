"""Your own scene file (``scenes.kit.story.NetworkStory``) and the decision regions it can carry."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netplane_render.worker import _keep_tex, _seed_tex
from nn_core.experiments import custom_experiment
from scenes.kit.story import NetworkStory, latex_text, region_lattice
from tests.model_files import random_layers, write_onnx
from tests.scene_rendering import render_scene

README = Path(__file__).resolve().parent.parent / "README.md"


class RegionsStory(NetworkStory):
    data = "moons"
    architecture = "2-2-1"
    hidden = "tanh"
    steps = 600
    regions = True


def test_regions_and_boundary_are_carried_by_the_forward_pass():
    scene, frame = render_scene(RegionsStory)
    trained = scene.trained
    lattice = region_lattice(trained.data.points)
    trace = trained.trace(lattice)

    # after the last step the lattice lies on the number line at the network's output
    drawn = np.zeros((len(lattice), 3))
    for label, cloud in enumerate(scene.region_clouds):
        drawn[scene.region_labels == label] = scene.figure.view.to_coords(cloud.get_centers())
    np.testing.assert_allclose(drawn[:, 0], trace.output[:, 0], atol=1e-6)
    np.testing.assert_array_equal(scene.region_labels, trace.output[:, 0] > trained.threshold)

    # in the last hidden space the curved input boundary is the output layer's straight line
    before_output = scene.boundary_states[len(scene.steps) - 2]
    weight, bias = trained.network.weights[-1][0], trained.network.biases[-1][0]
    assert len(before_output) > 10
    np.testing.assert_allclose(
        before_output.reshape(-1, 3)[:, :2] @ weight + bias, trained.threshold, atol=0.05
    )
    assert frame.std() > 5


def test_the_story_reads_a_network_file_beside_the_scene(tmp_path, monkeypatch):
    layers = random_layers((2, 3, 2), "relu", "softmax", seed=4)
    write_onnx(tmp_path / "model.onnx", layers)

    class FromFile(NetworkStory):
        data = "xor"
        network = "model.onnx"

    monkeypatch.setattr(FromFile, "_beside_file", lambda self, name: str(tmp_path / name))
    experiment = FromFile.get_experiment(FromFile.__new__(FromFile))
    assert experiment == custom_experiment(
        "xor", "2-3-1", output_activation="sigmoid", network_file=str(tmp_path / "model.onnx")
    )


def test_latex_text_escapes_what_tex_would_choke_on():
    assert latex_text("my_model #2 & 50%") == r"my\_model \#2 \& 50\%"


def readme_example() -> str:
    """The scene file the README shows under 'Your own scene file'."""
    text = README.read_text()
    section = text[text.index("### Your own scene file") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README: no python block under 'Your own scene file'"
    return match.group(1)


@pytest.mark.parametrize("variant", ["trained", "onnx"])
def test_the_readme_scene_file_renders_with_the_manim_cli(tmp_path, variant):
    source = readme_example()
    assert "class MyNetwork(NetworkStory)" in source
    if variant == "onnx":
        write_onnx(tmp_path / "model.onnx", random_layers((2, 4, 1), "relu", seed=1))
        source = source.replace('architecture = "2-3-1"', 'network = "model.onnx"')
        source = source.replace('hidden = "tanh"', "")
    (tmp_path / "my_scene.py").write_text(source)
    # formulas other renders compiled are not compiled again (the other variant's, say)
    tex_dir = tmp_path / "media" / "Tex"
    _seed_tex(tex_dir)
    manim = Path(sys.executable).parent / "manim"
    result = subprocess.run(
        [str(manim), "render", "-ql", "-s", "--media_dir", "media", "my_scene.py", "MyNetwork"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    _keep_tex(tex_dir)
    [png] = (tmp_path / "media" / "images" / "my_scene").glob("MyNetwork*.png")
    from PIL import Image

    image = np.asarray(Image.open(png).convert("RGB"))
    assert image.shape[:2] == (480, 854)
    assert image.std() > 5


def test_a_learning_story_of_your_own():
    from scenes.kit.story import NetworkLearningStory

    class MyTraining(NetworkLearningStory):
        data = "xor"
        architecture = "2-2-1"
        hidden = "tanh"
        steps = 200

    scene, frame = render_scene(MyTraining)
    assert scene.trained.experiment.architecture == "2-2-1"
    assert scene.trained.history[-1].step == 200
    assert frame.std() > 5


def test_a_bad_attribute_stops_the_scene_with_one_line():
    class TooWide(NetworkStory):
        # two scores with a sigmoid each: no softmax over classes
        data = "moons"
        architecture = "2-3-2"
        output = "sigmoid"

    with pytest.raises(SystemExit, match=r"netplane: TooWide: architecture 2-3-2 ends in 2"):
        render_scene(TooWide)


def test_an_imported_network_with_mixed_hidden_activations_is_shown_layer_by_layer(tmp_path):
    from nn_core import forward

    layers = [*random_layers((2, 3, 1), "relu")[:1], *random_layers((3, 2, 1), "tanh", seed=5)]
    path = write_onnx(tmp_path / "mixed.onnx", layers)

    class Mixed(NetworkStory):
        data = "moons"
        network = str(path)

    scene, _ = render_scene(Mixed)
    kinds = [(record.kind, record.layer) for record in scene.step_log]
    assert ("activation", 1) in kinds and ("activation", 2) in kinds
    assert scene.trained.network.architecture.activations == ("relu", "tanh", "identity")
    trace = forward(scene.trained.network, scene.trained.data.points)
    after_tanh = next(r for r in scene.step_log if (r.kind, r.layer) == ("activation", 2))
    np.testing.assert_allclose(after_tanh.coordinates[:, :2], trace.layers[1].activation, atol=1e-6)
    np.testing.assert_allclose(scene.step_log[-1].coordinates[:, 0], trace.output[:, 0], atol=1e-6)
