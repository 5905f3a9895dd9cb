"""Model files as PyTorch, Keras and tf2onnx write them, built without those frameworks.

Each builder takes layers as ``(W (out, in), b (out,), activation)`` in netplane's convention and
writes them in the framework's own layout: ``onnx.helper`` graphs like ``torch.onnx.export``'s
(``Gemm`` with ``transB=1``) or tf2onnx's (``MatMul`` + ``Add``), a ``safetensors.numpy`` file of
an ``nn.Sequential`` state_dict, and a Keras 3 ``.keras`` zip whose ``model.weights.h5`` follows
``keras/src/saving/saving_lib.py`` (``layers/dense/vars/0`` the ``(in, out)`` kernel).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

__all__ = [
    "KERAS_ACTIVATION",
    "ONNX_ACTIVATION",
    "random_layers",
    "write_keras",
    "write_onnx",
    "write_safetensors",
]

ONNX_ACTIVATION = {
    "relu": "Relu",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
    "leaky_relu": "LeakyRelu",
    "softmax": "Softmax",
}
KERAS_ACTIVATION = {"identity": "linear"}


def random_layers(sizes, hidden, output="identity", seed=0):
    """``[(W (out, in), b (out,), activation), ...]`` with float32 values, as frameworks keep them."""
    rng = np.random.default_rng(seed)
    layers = []
    for index, (inp, out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        weight = rng.normal(0, 1.2, size=(out, inp)).astype(np.float32)
        bias = rng.normal(0, 0.4, size=out).astype(np.float32)
        activation = output if index == len(sizes) - 2 else hidden
        layers.append((weight, bias, activation))
    return layers


def write_onnx(path: Path, layers, *, style="torch", extra_nodes=(), leaky_slope=0.1) -> Path:
    """An ONNX model of ``layers``: ``style`` ``torch`` (Gemm, transB=1, a Flatten first),
    ``tf2onnx`` (a Cast, MatMul with the (in, out) kernel, then Add) or ``columns`` (points as
    columns: Gemm(W, X) with transA=1 on a stored W.T, alpha and beta scaling).
    ``extra_nodes``: ``(op_type, position)`` pairs inserted after the n-th layer's nodes."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    width_in = layers[0][0].shape[1]
    input_shape = [width_in, "batch"] if style == "columns" else ["batch", width_in]
    nodes, initializers = [], []
    current = "input"

    def add(op, inputs, name, **attributes):
        nonlocal current
        output = f"/{name}/{op}_output_0"
        nodes.append(helper.make_node(op, inputs, [output], name=f"/{name}/{op}", **attributes))
        current = output

    if style == "torch":
        add("Flatten", [current], "flatten", axis=1)
    if style == "tf2onnx":
        add("Cast", [current], "cast", to=TensorProto.FLOAT)
    for index, (weight, bias, activation) in enumerate(layers):
        module = str(2 * index)
        if style == "torch":
            initializers += [
                numpy_helper.from_array(weight, f"{module}.weight"),
                numpy_helper.from_array(bias, f"{module}.bias"),
            ]
            add("Gemm", [current, f"{module}.weight", f"{module}.bias"], module,
                alpha=1.0, beta=1.0, transB=1)  # fmt: skip
        elif style == "tf2onnx":
            initializers += [
                numpy_helper.from_array(np.ascontiguousarray(weight.T), f"dense{index}/kernel"),
                numpy_helper.from_array(bias, f"dense{index}/bias"),
            ]
            add("MatMul", [current, f"dense{index}/kernel"], f"dense{index}")
            add("Add", [current, f"dense{index}/bias"], f"dense{index}")
        else:
            # W stored transposed and doubled, b as a column and halved: transA, alpha, beta
            initializers += [
                numpy_helper.from_array(np.ascontiguousarray(weight.T) * 2, f"w{index}"),
                numpy_helper.from_array(bias[:, None] * 2, f"b{index}"),
            ]
            add("Gemm", [f"w{index}", current, f"b{index}"], f"layer{index}",
                alpha=0.5, beta=0.5, transA=1)  # fmt: skip
        if activation == "leaky_relu":
            add("LeakyRelu", [current], f"act{index}", alpha=leaky_slope)
        elif activation == "softmax":
            add("Softmax", [current], f"act{index}", axis=0 if style == "columns" else -1)
        elif activation != "identity":
            add(ONNX_ACTIVATION[activation], [current], f"act{index}")
        for op, position in extra_nodes:
            if position == index:
                add(op, [current], f"extra{index}")
    width_out = layers[-1][0].shape[0]
    output_shape = [width_out, "batch"] if style == "columns" else ["batch", width_out]
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info(current, TensorProto.FLOAT, output_shape)],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def onnx_outputs(path: Path, points: np.ndarray, *, columns=False) -> np.ndarray:
    """What the ONNX reference runtime (not netplane) computes for ``points (n, in)``."""
    from onnx.reference import ReferenceEvaluator

    feed = points.astype(np.float32)
    [output] = ReferenceEvaluator(str(path)).run(None, {"input": feed.T if columns else feed})
    return output.T if columns else output


def write_safetensors(path: Path, layers, *, prefix="") -> Path:
    """``nn.Sequential(Linear, act, Linear, ...).state_dict()`` saved with safetensors: the
    activations sit at the odd indices and hold no tensors."""
    from safetensors.numpy import save_file

    tensors = {}
    for index, (weight, bias, _activation) in enumerate(layers):
        tensors[f"{prefix}{2 * index}.weight"] = np.ascontiguousarray(weight)
        tensors[f"{prefix}{2 * index}.bias"] = np.ascontiguousarray(bias)
    save_file(tensors, str(path), metadata={"format": "pt"})
    return path


def write_keras(
    path: Path, layers, *, activation_layers=False, extra_layers=(), model_class="Sequential"
) -> Path:
    """A Keras 3 ``.keras`` zip of ``Sequential([InputLayer, Dense, ...])``.

    ``activation_layers`` puts each activation in an ``Activation`` layer after a linear Dense;
    ``extra_layers``: ``(config dict, position)`` pairs inserted after the n-th Dense.
    """
    import h5py

    width_in = layers[0][0].shape[1]
    configs = [
        {
            "module": "keras.layers",
            "class_name": "InputLayer",
            "config": {"batch_shape": [None, width_in], "dtype": "float32", "name": "input_layer"},
            "registered_name": None,
        }
    ]
    weights = io.BytesIO()
    counts: dict[str, int] = {}

    def store_name(kind: str) -> str:
        if kind in counts:
            counts[kind] += 1
            return f"{kind}_{counts[kind]}"
        counts[kind] = 0
        return kind

    with h5py.File(weights, "w") as h5:
        h5.create_group("vars")
        for index, (weight, bias, activation) in enumerate(layers):
            name = KERAS_ACTIVATION.get(activation, activation)
            dense_name = store_name("dense")
            configs.append(
                {
                    "module": "keras.layers",
                    "class_name": "Dense",
                    "config": {
                        "name": dense_name,
                        "trainable": True,
                        "dtype": "float32",
                        "units": int(weight.shape[0]),
                        "activation": "linear" if activation_layers else name,
                        "use_bias": True,
                        "kernel_initializer": {"class_name": "GlorotUniform", "config": {}},
                        "bias_initializer": {"class_name": "Zeros", "config": {}},
                    },
                    "build_config": {"input_shape": [None, int(weight.shape[1])]},
                    "registered_name": None,
                }
            )
            group = h5.create_group(f"layers/{dense_name}/vars")
            group.attrs["name"] = dense_name
            group["0"] = np.ascontiguousarray(weight.T)
            group["1"] = bias
            if activation_layers and name != "linear":
                activation_name = store_name("activation")
                configs.append(
                    {
                        "module": "keras.layers",
                        "class_name": "Activation",
                        "config": {"name": activation_name, "activation": name},
                        "registered_name": None,
                    }
                )
            for config, position in extra_layers:
                if position == index:
                    store_name(config["class_name"].lower())
                    configs.append({"module": "keras.layers", "registered_name": None, **config})
        h5.create_group("optimizer/vars")
    model = {
        "module": "keras",
        "class_name": model_class,
        "config": {"name": "sequential", "trainable": True, "layers": configs},
        "registered_name": None,
        "build_config": {"input_shape": [None, width_in]},
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.10.0"}))
        archive.writestr("config.json", json.dumps(model))
        archive.writestr("model.weights.h5", weights.getvalue())
    return path


def keras_outputs(layers, points: np.ndarray) -> np.ndarray:
    """What Keras computes: ``x @ kernel + bias`` and each activation, in float32."""
    x = points.astype(np.float32)
    for weight, bias, activation in layers:
        x = x @ weight.T + bias
        if activation == "relu":
            x = np.maximum(x, 0)
        elif activation == "tanh":
            x = np.tanh(x)
        elif activation == "sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif activation == "softmax":
            x = np.exp(x - x.max(axis=1, keepdims=True))
            x = x / x.sum(axis=1, keepdims=True)
    return x
