"""K-class models from the frameworks, and hand-written NumPy networks: read as netplane's
networks whose predictions are the framework's own (onnx.reference, NumPy copies of Keras's
formulas, the hand-written code's own forward pass)."""

from __future__ import annotations

import numpy as np
import pytest

from datasets import load_dataset
from nn_core import forward
from nn_core.model_files import read_network_file
from nn_core.serialization import NetworkFileError
from nn_core.softmax import predict_classes
from tests.model_files import keras_outputs, onnx_outputs, random_layers, write_keras, write_onnx

POINTS = load_dataset("spiral3").points


def assert_refused(path, *fragments, **kwargs):
    with pytest.raises(NetworkFileError) as caught:
        read_network_file(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize("style", ["torch", "tf2onnx"])
@pytest.mark.parametrize("output", ["softmax", "identity"])
def test_a_three_class_onnx_model_keeps_its_three_scores(tmp_path, style, output):
    layers = random_layers((2, 6, 3), "relu", output, seed=4)
    path = write_onnx(tmp_path / "model.onnx", layers, style=style)
    imported = read_network_file(path)
    assert imported.network.architecture.sizes == (2, 6, 3)
    assert imported.network.architecture.activations == ("relu", output)
    assert any("3 classes" in note for note in imported.notes)
    ours = forward(imported.network, POINTS).output
    theirs = onnx_outputs(path, POINTS)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(predict_classes(ours), predict_classes(theirs))


def test_a_keras_softmax_dense_k_is_read_with_its_k_classes(tmp_path):
    layers = random_layers((2, 5, 4, 4), "tanh", "softmax", seed=2)
    path = write_keras(tmp_path / "model.keras", layers)
    imported = read_network_file(path)
    assert imported.network.architecture.sizes == (2, 5, 4, 4)
    assert imported.network.architecture.activations[-1] == "softmax"
    ours = forward(imported.network, POINTS).output
    np.testing.assert_allclose(ours, keras_outputs(layers, POINTS), rtol=1e-4, atol=1e-6)


# --- hand-written NumPy networks ----------------------------------------------------------------


def hand_written_forward(arrays, points, layout):
    """The source texts' own code: x @ W + b (rows) or W @ x + b (columns), ReLU, then the
    raw scores."""
    count = len([key for key in arrays if key.startswith(("W", "weights_"))])
    keys = (
        [(f"W{k}", f"b{k}") for k in range(1, count + 1)]
        if "W1" in arrays
        else [(f"weights_{k}", f"biases_{k}") for k in range(count)]
    )
    x = points if layout == "rows" else points.T
    for index, (w, b) in enumerate(keys):
        weight, bias = arrays[w], arrays[b]
        if layout == "rows":
            x = x @ weight + bias.reshape(1, -1)
        else:
            x = weight @ x + bias.reshape(-1, 1)
        if index < len(keys) - 1:
            x = np.maximum(x, 0)
    return x if layout == "rows" else x.T


@pytest.mark.parametrize(
    ("names", "layout", "shapes"),
    [
        ("W", "rows", [(2, 5), (5, 3)]),  # seed 003's class: x @ W1 + b1
        ("W", "columns", [(5, 2), (3, 5)]),
        ("weights_", "rows", [(2, 4), (4, 4), (4, 1)]),
        ("weights_", "columns", [(4, 2), (6, 4), (3, 6)]),
    ],
)
def test_a_hand_written_npz_is_read_in_the_orientation_its_shapes_allow(
    tmp_path, names, layout, shapes
):
    rng = np.random.default_rng(1)
    arrays = {}
    for index, shape in enumerate(shapes):
        number = index + 1 if names == "W" else index
        out = shape[1] if layout == "rows" else shape[0]
        weight_key, bias_key = (
            (f"W{number}", f"b{number}")
            if names == "W"
            else (f"weights_{number}", f"biases_{number}")
        )
        arrays[weight_key] = rng.normal(size=shape)
        # biases as people store them: (1, out) beside x @ W, (out, 1) beside W @ x
        arrays[bias_key] = rng.normal(size=(1, out) if layout == "rows" else (out, 1))
    path = tmp_path / "mine.npz"
    np.savez(path, **arrays)
    imported = read_network_file(path, hidden_activation="relu")
    assert imported.source == "hand-written NumPy network"
    assert any("the only way their shapes chain" in note for note in imported.notes)
    theirs = hand_written_forward(arrays, POINTS, layout)
    ours = forward(imported.network, POINTS)
    if theirs.shape[1] == 1:
        np.testing.assert_allclose(ours.output, theirs, rtol=1e-9, atol=1e-9)
    else:
        np.testing.assert_allclose(ours.logits, theirs, rtol=1e-9, atol=1e-9)
        np.testing.assert_array_equal(predict_classes(ours.output), predict_classes(theirs))


def test_an_ambiguous_orientation_is_refused_naming_layout_unless_given(tmp_path):
    rng = np.random.default_rng(2)
    arrays = {"W1": rng.normal(size=(2, 2)), "b1": rng.normal(size=2)}
    arrays |= {"W2": rng.normal(size=(2, 3)), "b2": rng.normal(size=3)}
    arrays |= {"W3": rng.normal(size=(3, 3)), "b3": rng.normal(size=3)}
    # (2,2) then (2,3) then (3,3): as x @ W it chains 2-2-3-3; as W @ x, W2 takes 3 inputs, W1
    # gives 2: only rows. A square-only network chains both ways:
    square = {"W1": rng.normal(size=(2, 2)), "b1": rng.normal(size=2)}
    square |= {"W2": rng.normal(size=(2, 2)), "b2": rng.normal(size=2)}
    np.savez(tmp_path / "rows.npz", **arrays)
    np.savez(tmp_path / "square.npz", **square)
    assert read_network_file(tmp_path / "rows.npz").network.architecture.sizes == (2, 2, 3, 3)
    assert_refused(tmp_path / "square.npz", "ambiguous", "--layout rows", "--layout columns")
    for layout in ("rows", "columns"):
        imported = read_network_file(tmp_path / "square.npz", layout=layout)
        theirs = hand_written_forward(square, POINTS, layout)
        # two raw scores: shown as one output, their difference
        np.testing.assert_allclose(
            forward(imported.network, POINTS).output[:, 0], theirs[:, 1] - theirs[:, 0], atol=1e-9
        )
    assert_refused(tmp_path / "rows.npz", "do not chain as W @ x + b", layout="columns")


def test_hand_written_npz_refusals(tmp_path):
    np.savez(tmp_path / "other.npz", kernel=np.zeros((2, 2)))
    assert_refused(tmp_path / "other.npz", "neither a netplane network file", "W1, b1")
    np.savez(tmp_path / "gap.npz", W1=np.zeros((2, 3)), b1=np.zeros(3), W3=np.zeros((3, 1)), b3=0)
    assert_refused(tmp_path / "gap.npz", "number 2 is missing")
    np.savez(tmp_path / "nobias.npz", W1=np.zeros((2, 3)))
    assert_refused(tmp_path / "nobias.npz", "W1 has no bias")
    np.savez(tmp_path / "extra.npz", W1=np.zeros((2, 3)), b1=np.zeros(3), lr=0.1)
    assert_refused(tmp_path / "extra.npz", "arrays lr are not weights or biases")
    np.savez(tmp_path / "seven.npz", W1=np.zeros((2, 7)), b1=np.zeros(7))
    assert_refused(tmp_path / "seven.npz", "7 outputs", "at most 6", output_activation="softmax")


# --- scikit-learn's MLPClassifier, exported by skl2onnx ----------------------------------------


def sklearn_export(tmp_path, dataset: str, hidden=(8,), activation="relu"):
    """A real MLPClassifier trained on ``dataset`` and exported as users do (skl2onnx)."""
    import warnings

    from skl2onnx import to_onnx
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    data = load_dataset(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier = MLPClassifier(
            hidden_layer_sizes=hidden, activation=activation, max_iter=400, random_state=0
        ).fit(data.points, data.labels)
    path = tmp_path / f"{dataset}.onnx"
    path.write_bytes(to_onnx(classifier, data.points[:1].astype(np.float32)).SerializeToString())
    return classifier, data, path


def agree_away_from_ties(ours: np.ndarray, theirs: np.ndarray, probabilities: np.ndarray):
    """The predictions agree wherever the two best probabilities are not within float32's
    rounding of each other (the export stores the weights as float32)."""
    top_two = np.sort(probabilities, axis=1)[:, -2:]
    clear = top_two[:, 1] - top_two[:, 0] > 1e-4
    np.testing.assert_array_equal(ours[clear], theirs[clear])


@pytest.mark.parametrize(
    ("dataset", "hidden", "activation", "sizes", "output"),
    [
        ("spiral3", (8,), "relu", (2, 8, 3), "softmax"),
        ("blobs", (5, 4), "tanh", (2, 5, 4, 4), "softmax"),
        ("moons", (6,), "relu", (2, 6, 1), "sigmoid"),  # binary: one logistic output
    ],
)
def test_a_scikit_learn_mlp_exported_by_skl2onnx_predicts_what_sklearn_predicts(
    tmp_path, dataset, hidden, activation, sizes, output
):
    classifier, data, path = sklearn_export(tmp_path, dataset, hidden, activation)
    imported = read_network_file(path)
    assert imported.network.architecture.sizes == sizes
    assert imported.network.architecture.activations[-1] == output
    assert any("set aside" in note and "ZipMap" in note for note in imported.notes)
    probabilities = classifier.predict_proba(data.points)
    outputs = forward(imported.network, data.points).output
    if output == "sigmoid":
        np.testing.assert_allclose(outputs[:, 0], probabilities[:, 1], atol=1e-5)
        ours = (outputs[:, 0] > 0.5).astype(int)
        assert any("Sub, Concat" in note for note in imported.notes)
    else:
        np.testing.assert_allclose(outputs, probabilities, atol=1e-5)
        ours = predict_classes(outputs)
    agree_away_from_ties(ours, classifier.predict(data.points), probabilities)


@pytest.mark.parametrize("where", ["before-argmax", "after-argmax"])
def test_an_operator_that_is_no_post_processing_is_refused_by_name(tmp_path, where):
    import onnx
    from onnx import helper

    _, _, path = sklearn_export(tmp_path, "spiral3")
    model = onnx.load(str(path))
    nodes = list(model.graph.node)
    index = next(i for i, node in enumerate(nodes) if node.op_type == "ArgMax")
    if where == "before-argmax":
        # an Abs on the probabilities, feeding the label: in the chain, not a layer
        source, reader, message = "out_activations_result", nodes[index], "operator Abs"
    else:
        # an Abs on the label index: after the scores, not an exporter's post-processing
        source = "argmax_output"
        reader = next(node for node in nodes if node.op_type == "ArrayFeatureExtractor")
        index, message = index + 1, "after the last scores"
    for position, name in enumerate(reader.input):
        if name == source:
            reader.input[position] = "absolute"
    nodes.insert(index, helper.make_node("Abs", [source], ["absolute"], "abs"))
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.save(model, str(path))
    assert_refused(path, "Abs node 'abs'", message)
