"""Networks trained elsewhere: ONNX, safetensors and Keras files read into nn_core.

The files are written as the frameworks write them (``tests/model_files.py``); what each
framework computes is checked against nn_core's forward pass of the network read: the ONNX
reference runtime for ONNX, NumPy in Keras's ``x @ kernel + bias`` form for the others.
"""

from __future__ import annotations

import numpy as np
import pytest

from datasets import load_dataset
from nn_core import NetworkFileError, forward
from nn_core.model_files import read_network_file, two_outputs_as_one
from tests.model_files import (
    keras_outputs,
    onnx_outputs,
    random_layers,
    write_keras,
    write_onnx,
    write_safetensors,
)

POINTS = load_dataset("moons").points


def nn_core_outputs(imported) -> np.ndarray:
    return forward(imported.network, POINTS).output[:, 0]


def assert_refused(path, *fragments, **kwargs):
    with pytest.raises(NetworkFileError) as caught:
        read_network_file(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message, message


# --- ONNX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "hidden", "style"),
    [
        ((2, 4, 1), "relu", "torch"),
        ((2, 3, 3, 1), "tanh", "torch"),
        ((2, 3, 3, 1), "tanh", "tf2onnx"),
        ((2, 4, 1), "relu", "columns"),
        ((2, 5, 1), "sigmoid", "tf2onnx"),
        ((2, 4, 1), "leaky_relu", "torch"),
    ],
)
def test_onnx_networks_compute_what_the_onnx_runtime_computes(tmp_path, sizes, hidden, style):
    layers = random_layers(sizes, hidden)
    path = write_onnx(tmp_path / "model.onnx", layers, style=style)

    imported = read_network_file(path)

    architecture = imported.network.architecture
    assert architecture.sizes == sizes
    assert architecture.activations == (hidden,) * (len(sizes) - 2) + ("identity",)
    assert imported.source == "ONNX" and imported.notes == ()
    expected = onnx_outputs(path, POINTS, columns=style == "columns")[:, 0]
    np.testing.assert_allclose(nn_core_outputs(imported), expected, rtol=1e-4, atol=1e-5)


def test_a_two_output_softmax_becomes_one_sigmoid_output_exactly(tmp_path):
    layers = random_layers((2, 3, 2), "tanh", "softmax")
    path = write_onnx(tmp_path / "softmax.onnx", layers)

    imported = read_network_file(path)

    assert imported.network.architecture.describe() == "2-3-1 (tanh, sigmoid)"
    assert imported.file_sizes == (2, 3, 2)
    [note] = imported.notes
    assert "w = W[1] - W[0], b = b[1] - b[0]" in note
    probability_of_class_1 = onnx_outputs(path, POINTS)[:, 1]
    np.testing.assert_allclose(nn_core_outputs(imported), probability_of_class_1, atol=1e-5)


def test_two_raw_logits_become_their_difference(tmp_path):
    layers = random_layers((2, 4, 2), "relu")
    imported = read_network_file(write_onnx(tmp_path / "logits.onnx", layers))
    logits = onnx_outputs(tmp_path / "logits.onnx", POINTS)
    assert imported.network.architecture.activations[-1] == "identity"
    np.testing.assert_allclose(
        nn_core_outputs(imported), logits[:, 1] - logits[:, 0], rtol=1e-4, atol=1e-5
    )


def test_two_outputs_as_one_is_the_difference_of_the_rows():
    weight, bias = np.array([[1.0, 2.0], [4.0, -1.0]]), np.array([0.5, 2.0])
    one_weight, one_bias = two_outputs_as_one(weight, bias)
    np.testing.assert_array_equal(one_weight, [[3.0, -3.0]])
    np.testing.assert_array_equal(one_bias, [1.5])


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (
            {"extra_nodes": [("Elu", 0)]},
            ["operator Elu", "'/extra0/Elu'", "not a dense layer or an activation"],
        ),
        ({"hidden": "leaky_relu", "leaky_slope": 0.01}, ["slope 0.01", "netplane's has slope 0.1"]),
        ({"extra_nodes": [("Relu", 0)]}, ["Relu node '/extra0/Relu'", "after another activation"]),
        ({"sizes": (2, 4, 3), "output": "sigmoid"}, ["3 outputs with sigmoid", "yes/no"]),
        ({"sizes": (2, 4, 7), "output": "softmax"}, ["7 outputs", "at most 6 classes"]),
        ({"sizes": (2, 4, 2), "output": "sigmoid"}, ["two outputs with sigmoid", "not a softmax"]),
        ({"hidden": "softmax"}, ["layer 1 ends in a softmax"]),
    ],
    ids=["other-operator", "leaky-slope", "two-activations", "three-sigmoids", "seven-classes",
         "two-sigmoids", "hidden-softmax"],
)  # fmt: skip
def test_onnx_refusals_name_what_netplane_cannot_show(tmp_path, build, fragments):
    sizes = build.pop("sizes", (2, 4, 1))
    layers = random_layers(sizes, build.pop("hidden", "relu"), build.pop("output", "identity"))
    path = write_onnx(tmp_path / "model.onnx", layers, **build)
    assert_refused(path, *fragments)


def test_onnx_side_branches_and_garbage_are_refused(tmp_path):
    import onnx
    from onnx import TensorProto, helper

    add = helper.make_node("Add", ["input", "input"], ["twice"], name="doubler")
    graph = helper.make_graph(
        [add],
        "g",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["n", 2])],
        [helper.make_tensor_value_info("twice", TensorProto.FLOAT, ["n", 2])],
    )
    onnx.save(helper.make_model(graph), str(tmp_path / "branch.onnx"))
    assert_refused(tmp_path / "branch.onnx", "Add node 'doubler'", "single path")
    (tmp_path / "junk.onnx").write_bytes(b"\x00\x01 not protobuf at all \xff" * 3)
    assert_refused(tmp_path / "junk.onnx", "not an ONNX model")


# --- safetensors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "hidden", "prefix"),
    [((2, 4, 1), "relu", ""), ((2, 3, 3, 1), "tanh", "layers.")],
)
def test_a_pytorch_state_dict_takes_its_activations_from_the_caller(
    tmp_path, sizes, hidden, prefix
):
    layers = random_layers(sizes, hidden)
    path = write_safetensors(tmp_path / "model.safetensors", layers, prefix=prefix)

    imported = read_network_file(path, hidden_activation=hidden, output_activation="identity")

    assert imported.network.architecture.sizes == sizes
    assert set(imported.network.architecture.activations[:-1]) == {hidden}
    assert "activations as given, the file holding none" in imported.notes[0]
    np.testing.assert_allclose(
        nn_core_outputs(imported), keras_outputs(layers, POINTS)[:, 0], rtol=1e-4, atol=1e-5
    )


def test_a_cross_entropy_classifier_state_dict_becomes_one_output(tmp_path):
    layers = random_layers((2, 4, 2), "relu")
    path = write_safetensors(tmp_path / "ce.safetensors", layers)
    imported = read_network_file(path, hidden_activation="relu", output_activation="sigmoid")
    softmax = keras_outputs([*layers[:-1], (*layers[-1][:2], "softmax")], POINTS)
    np.testing.assert_allclose(nn_core_outputs(imported), softmax[:, 1], atol=1e-5)
    assert any("W[1] - W[0]" in note for note in imported.notes)


def test_state_dict_refusals(tmp_path):
    from safetensors.numpy import save_file

    layers = random_layers((2, 4, 1), "relu")
    tensors = {"0.weight": layers[0][0], "0.bias": layers[0][1], "1.weight": np.ones(4, np.float32)}
    save_file(tensors, str(tmp_path / "norm.safetensors"))
    assert_refused(tmp_path / "norm.safetensors", "1.weight has shape (4,)", "not a linear layer")
    save_file({"0.running_mean": np.zeros(4, np.float32)}, str(tmp_path / "bn.safetensors"))
    assert_refused(tmp_path / "bn.safetensors", "'0.running_mean'", "not a linear layer")
    tensors = {"0.weight": layers[0][0], "2.weight": np.ones((1, 3), np.float32)}
    save_file(tensors, str(tmp_path / "chain.safetensors"))
    assert_refused(tmp_path / "chain.safetensors", "2.weight takes 3 inputs", "gives 4")


# --- Keras 3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "hidden", "activation_layers"),
    [((2, 4, 1), "relu", False), ((2, 3, 3, 1), "tanh", True)],
)
def test_keras_sequential_dense_networks(tmp_path, sizes, hidden, activation_layers):
    layers = random_layers(sizes, hidden, "sigmoid")
    path = write_keras(tmp_path / "model.keras", layers, activation_layers=activation_layers)

    imported = read_network_file(path)

    architecture = imported.network.architecture
    assert architecture.sizes == sizes
    assert architecture.activations == (hidden,) * (len(sizes) - 2) + ("sigmoid",)
    assert imported.source == "Keras 3"
    np.testing.assert_allclose(
        nn_core_outputs(imported), keras_outputs(layers, POINTS)[:, 0], rtol=1e-4, atol=1e-6
    )


def test_keras_softmax_and_dropout(tmp_path):
    layers = random_layers((2, 3, 2), "relu", "softmax")
    dropout = {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.5}}
    path = write_keras(tmp_path / "softmax.keras", layers, extra_layers=[(dropout, 0)])
    imported = read_network_file(path)
    assert imported.network.architecture.describe() == "2-3-1 (relu, sigmoid)"
    np.testing.assert_allclose(
        nn_core_outputs(imported), keras_outputs(layers, POINTS)[:, 1], atol=1e-6
    )


@pytest.mark.parametrize(
    ("kwargs", "fragments"),
    [
        ({"hidden": "elu"}, ["activation 'elu'", "netplane does not have"]),
        ({"hidden": "leaky_relu"}, ["slope 0.2", "netplane's has slope 0.1"]),
        (
            {"extra": {"class_name": "BatchNormalization", "config": {"name": "bn"}}},
            ["layer BatchNormalization 'bn' is not a dense layer"],
        ),
        ({"model_class": "Functional"}, ["a Functional model", "Sequential"]),
    ],
    ids=["unknown-activation", "leaky-slope", "non-dense-layer", "functional"],
)
def test_keras_refusals(tmp_path, kwargs, fragments):
    layers = random_layers((2, 4, 1), kwargs.pop("hidden", "relu"))
    extra = kwargs.pop("extra", None)
    path = write_keras(
        tmp_path / "model.keras", layers, extra_layers=[(extra, 0)] if extra else (), **kwargs
    )
    assert_refused(path, *fragments)


def test_unknown_suffixes_and_missing_files(tmp_path):
    (tmp_path / "model.pt").write_bytes(b"pickle")
    assert_refused(tmp_path / "model.pt", "unknown network file type '.pt'", ".onnx", ".keras")
    assert_refused(tmp_path / "none.onnx", "no such network file")


def test_onnx_weights_behind_transpose_and_identity_nodes_are_weights(tmp_path):
    """What an exporter that does not fold constants writes: W (out, in) transposed by a
    Transpose node for MatMul, the bias through an Identity node."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    [(weight, bias, _)] = random_layers((2, 1), "identity", seed=2)
    nodes = [
        helper.make_node("Transpose", ["w"], ["w_t"], name="t", perm=[1, 0]),
        helper.make_node("Identity", ["b"], ["b_same"], name="i"),
        helper.make_node("MatMul", ["input", "w_t"], ["product"], name="matmul"),
        helper.make_node("Add", ["product", "b_same"], ["output"], name="add"),
    ]
    graph = helper.make_graph(
        nodes,
        "linear",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["n", 2])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["n", 1])],
        [numpy_helper.from_array(weight, "w"), numpy_helper.from_array(bias, "b")],
    )
    onnx.save(helper.make_model(graph), str(tmp_path / "linear.onnx"))
    imported = read_network_file(tmp_path / "linear.onnx")
    np.testing.assert_allclose(
        nn_core_outputs(imported), onnx_outputs(tmp_path / "linear.onnx", POINTS)[:, 0], atol=1e-5
    )


def test_a_bfloat16_state_dict_is_read(tmp_path):
    """PyTorch models are often saved in bfloat16, which NumPy reads through ml_dtypes."""
    import json
    import struct

    # safetensors' layout: header length, JSON header, then the raw little-endian tensors;
    # bfloat16 1.0 is 0x3f80 and 2.0 is 0x4000
    header = {
        "0.weight": {"dtype": "BF16", "shape": [1, 2], "data_offsets": [0, 4]},
        "0.bias": {"dtype": "BF16", "shape": [1], "data_offsets": [4, 6]},
    }
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    path = tmp_path / "bf16.safetensors"
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"\x80\x3f\x00\x40\x00\x00")
    network = read_network_file(path).network
    np.testing.assert_array_equal(network.weights[0], [[1.0, 2.0]])
    np.testing.assert_array_equal(network.biases[0], [0.0])
