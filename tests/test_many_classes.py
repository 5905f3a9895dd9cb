"""K classes through the generator's checks: what is refused, in one line naming the fix, and
what trains (softmax and cross-entropy chosen for an architecture ending in K)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import render
from netplane_render import generate


def invoke(*args: str):
    return CliRunner().invoke(render.cli, [str(a) for a in args], catch_exceptions=False)


def one_error_line(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    assert "accuracy" not in result.output, "nothing may train before the options are checked"
    return lines[0]


def write_csv(path, labels):
    rows = [f"{0.3 * i:.2f},{(-1) ** i * 0.2 * i:.2f},{label}" for i, label in enumerate(labels)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    return path


def test_seven_classes_in_a_csv_are_refused_naming_the_limit(tmp_path):
    path = write_csv(tmp_path / "seven.csv", [0, 1, 2, 3, 4, 5, 6] * 3)
    line = one_error_line(invoke("generate", "--data", path, "--arch", "2-8-6"))
    assert "line 8" in line and "label 6 makes 7 classes" in line and "at most 6" in line


def test_labels_that_are_not_0_to_k_minus_1_are_refused_with_the_renumbering(tmp_path):
    path = write_csv(tmp_path / "shifted.csv", [1, 2, 3] * 5)
    line = one_error_line(invoke("generate", "--data", path, "--arch", "2-8-4"))
    assert "labels are 1, 2, 3" in line and "no point of class 0" in line
    assert "renumber them 0, 1, 2" in line


def test_k_class_data_on_a_one_output_network_names_the_architecture_to_use():
    line = one_error_line(invoke("generate", "--data", "spiral3", "--arch", "2-8-1"))
    assert "3 classes" in line and "end the architecture in 3 with --output softmax" in line


def test_k_outputs_with_a_binary_loss_are_refused():
    line = one_error_line(
        invoke("generate", "--data", "spiral3", "--arch", "2-8-3", "--loss", "bce")
    )
    assert "ends in 3 neurons" in line and "--loss ce" in line


def test_ce_on_one_output_is_refused():
    line = one_error_line(invoke("generate", "--data", "moons", "--arch", "2-3-1", "--loss", "ce"))
    assert "one output per class" in line


def test_an_architecture_ending_in_k_takes_softmax_and_cross_entropy():
    plan = generate.plan_generate(generate.GenerateRequest(data="spiral3", arch="2-8-3"))
    assert plan.experiment.output_activation == "softmax"
    assert plan.experiment.config.loss == "ce"
    assert plan.name == "spiral3-2-8-3-relu-softmax-output"
    binary = generate.plan_generate(generate.GenerateRequest(data="moons", arch="2-3-1"))
    assert (binary.experiment.output_activation, binary.experiment.config.loss) == (
        "identity",
        "bce",
    )


@pytest.mark.parametrize("name", ["blobs-3", "blobs", "spiral3"])
def test_k_class_built_in_data_sets_are_accepted(name):
    plan = generate.plan_generate(generate.GenerateRequest(data=name, arch="2-6-6"))
    assert plan.experiment.parsed_architecture.classes == 6


def printed(plan) -> dict[str, str]:
    """What generate prints before rendering, as a dict of its lines."""
    return dict(generate.training_lines(generate.train_generated(plan)))


def test_generate_prints_scikit_learns_own_accuracy_and_per_class_counts(tmp_path):
    import warnings

    import numpy as np
    from skl2onnx import to_onnx
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    from datasets import load_dataset

    data = load_dataset("spiral3")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier = MLPClassifier((16,), max_iter=2000, random_state=0).fit(
            data.points, data.labels
        )
    path = tmp_path / "mlp.onnx"
    path.write_bytes(to_onnx(classifier, data.points[:1].astype(np.float32)).SerializeToString())
    plan = generate.plan_generate(generate.GenerateRequest(data="spiral3", network_file=path))
    assert plan.experiment.parsed_architecture.spec == "2-16-3"
    lines = printed(plan)
    predicted = classifier.predict(data.points)
    expected = np.mean(predicted == data.labels)
    assert lines["accuracy"] == f"{expected:.1%} of 300 points"
    counts = [int(np.sum((predicted == data.labels) & (data.labels == k))) for k in range(3)]
    assert lines["per class"] == ", ".join(f"class {k}: {c}/100" for k, c in enumerate(counts))
    assert "ZipMap" in " ".join(value for label, value in lines.items() if label == "note")


def test_a_hand_written_npz_needs_layout_only_when_ambiguous(tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    square = tmp_path / "square.npz"
    np.savez(
        square, W1=rng.normal(size=(2, 2)), b1=np.zeros(2), W2=rng.normal(size=(2, 2)), b2=[0, 0]
    )
    line = one_error_line(invoke("generate", "--data", "moons", "--network", square))
    assert "ambiguous" in line and "--layout rows" in line
    plan = generate.plan_generate(
        generate.GenerateRequest(data="moons", network_file=square, layout="columns")
    )
    assert plan.experiment.network_layout == "columns"
    line = one_error_line(
        invoke("generate", "--data", "moons", "--arch", "2-3-1", "--layout", "rows"), code=2
    )
    assert "--layout" in line and "--network FILE.npz" in line


def test_the_scene_kit_and_the_generator_scene_import_nothing_from_the_render_machinery():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = [*sorted((root / "scenes" / "kit").glob("*.py")), root / "scenes" / "custom.py"]
    for path in files:
        tree = ast.parse(path.read_text())
        modules = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in (node.names if isinstance(node, ast.Import) else [None])
        ]
        assert not [m for m in modules if m and m.startswith("netplane_render")], path.name


def test_the_regions_variable_is_the_same_name_on_both_sides():
    import scenes.custom

    assert scenes.custom.REGIONS_ENVIRONMENT_VARIABLE == generate.REGIONS_ENVIRONMENT_VARIABLE


def test_training_videos_of_k_class_networks_are_refused_in_one_line():
    line = one_error_line(invoke("generate", "--data", "spiral3", "--arch", "2-8-3", "--training"))
    assert "3 outputs" in line and "drop --training" in line


def test_more_than_six_outputs_are_refused_naming_the_limit():
    line = one_error_line(invoke("generate", "--data", "spiral3", "--arch", "2-8-7"))
    assert "ends in 7 neurons" in line and "at most 6 classes" in line
