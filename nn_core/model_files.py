"""Networks trained elsewhere, read into a :class:`~nn_core.network.Network`: ONNX, safetensors,
Keras 3 and netplane's own ``.npz``.

Each reader is a pure function of a file that returns the network in nn_core's column-vector
convention (``W`` of shape ``(out, in)``) together with notes on what was converted. Nothing is
approximated: a layer, an operator or an activation that netplane does not have (or a leaky-ReLU
slope other than its 0.1) is refused with one line naming it, as :class:`NetworkFileError`.

A classifier with two outputs and a softmax (what PyTorch's ``nn.CrossEntropyLoss`` trains) is the
same function as one output: ``p(y=1) = softmax(z)_1 = sigmoid(z_1 - z_0)``, so its last layer
becomes ``w = W[1] - W[0]``, ``b = b[1] - b[0]`` with a sigmoid (with raw logits: identity), and
a note says so.

Formats, as their own tools write them:

- ONNX (``.onnx``, ``torch.onnx.export``, tf2onnx): a chain of ``Gemm`` (``transA``, ``transB``,
  ``alpha``, ``beta``) or ``MatMul`` + ``Add``, with ``Relu``, ``LeakyRelu``, ``Tanh``,
  ``Sigmoid``, ``Identity`` and a final ``Softmax`` between; ``Flatten``, ``Reshape`` and ``Cast``
  on the input. Weights from the initializers (or ``Constant`` nodes); no runtime.
- safetensors (``.safetensors``): a PyTorch ``state_dict`` of ``nn.Sequential`` linear layers,
  ``0.weight``, ``0.bias``, ``2.weight``, ... (any one prefix, e.g. ``layers.0.weight``); weights
  already ``(out, in)``. The file holds no activations: the caller names them.
- Keras 3 (``.keras``): a zip of ``config.json`` (a ``Sequential`` of ``InputLayer``, ``Dense``,
  ``Activation``, ``Dropout``) and ``model.weights.h5``, where the n-th Dense layer's kernel
  ``(in, out)`` is ``layers/dense[_n]/vars/0`` and its bias ``vars/1``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from datasets.dataset import MAX_CLASSES
from nn_core.activations import LEAKY_RELU_SLOPE, get_activation
from nn_core.architecture import Architecture, parse_architecture
from nn_core.network import Network, NetworkError
from nn_core.serialization import NetworkFileError, load_network, read_npz

__all__ = [
    "MODEL_FORMATS",
    "ImportedNetwork",
    "network_file_shape",
    "read_hand_written",
    "read_keras",
    "read_network_file",
    "read_onnx",
    "read_safetensors",
    "two_outputs_as_one",
]

MODEL_FORMATS = {
    ".npz": "netplane network file, or NumPy arrays W1, b1, ... of a hand-written network",
    ".onnx": "ONNX",
    ".safetensors": "safetensors (PyTorch state_dict)",
    ".keras": "Keras 3",
}
"""File suffix -> the format's name, for every file ``read_network_file`` reads."""

NETPLANE_ACTIVATIONS = "identity, relu, leaky_relu (slope 0.1), sigmoid, tanh"


@dataclass(frozen=True)
class ImportedNetwork:
    """A network read from a file: ``source`` names the format, ``notes`` what was converted,
    ``file_sizes`` the layer sizes as the file holds them (before a two-output softmax became one)."""

    network: Network
    source: str
    notes: tuple[str, ...] = ()
    file_sizes: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Dense:
    """One layer as read: ``weight (out, in)``, ``bias (out,)``, and its activation's name
    (netplane's names, plus ``softmax``)."""

    weight: np.ndarray
    bias: np.ndarray
    activation: str = "identity"


def read_network_file(
    path: str | Path,
    *,
    hidden_activation: str | None = None,
    output_activation: str | None = None,
    layout: str | None = None,
) -> ImportedNetwork:
    """The network in ``path``, by its suffix (see ``MODEL_FORMATS``).

    ``hidden_activation``/``output_activation`` are used by formats that hold no activations
    (safetensors and a hand-written ``.npz``; default relu and identity); the others ignore
    them. ``layout`` (``rows`` or ``columns``) says how a hand-written ``.npz``'s matrices are
    meant when their shapes do not say it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MODEL_FORMATS:
        raise NetworkFileError(
            f"{path}: unknown network file type {suffix or '(no suffix)'!r}; netplane reads "
            + ", ".join(f"{name} ({ext})" for ext, name in MODEL_FORMATS.items())
        )
    if not path.is_file():
        raise NetworkFileError(f"{path}: no such network file")
    if suffix == ".onnx":
        return read_onnx(path)
    if suffix == ".safetensors":
        return read_safetensors(path, hidden_activation or "relu", output_activation or "identity")
    if suffix == ".keras":
        return read_keras(path)
    arrays = read_npz(path)
    if "meta" not in arrays:
        return read_hand_written(
            path, arrays, hidden_activation or "relu", output_activation or "identity", layout
        )
    network = load_network(path)
    return ImportedNetwork(network, "netplane network file", (), network.architecture.sizes)


def network_file_shape(
    path: str | Path,
    arch: str | None,
    *,
    explicit_hidden: str | None = None,
    explicit_output: str | None = None,
    layout: str | None = None,
) -> tuple[str, str, str]:
    """The architecture, hidden and output activation of the network file at ``path`` (netplane's
    ``.npz``, ONNX, safetensors or Keras: ``nn_core.model_files``), checked against what the
    command line says of them (``arch`` and the activations the user typed). A safetensors file
    holds no activations: the typed ones (or relu and identity) are its activations.

    ``arch`` may give the sizes as the file holds them (``2-4-2`` for a two-output softmax) or
    as shown (``2-4-1``).

    Raises ``ValueError`` (``NetworkFileError``, ``ArchitectureError``) naming the mismatch.
    """
    imported = read_network_file(
        path, hidden_activation=explicit_hidden, output_activation=explicit_output, layout=layout
    )
    architecture = imported.network.architecture
    if arch is not None:
        asked = parse_architecture(arch, "identity", "identity")
        if asked.sizes not in (architecture.sizes, imported.file_sizes):
            held = "-".join(str(size) for size in imported.file_sizes)
            raise ValueError(
                f"{path}: holds a {held} network, not the {asked.spec} --arch asks for"
            )
    hidden = architecture.activations[:-1]
    # hidden layers with different activations travel as a comma list, one per layer
    hidden_activation = (
        (",".join(hidden) if len(set(hidden)) > 1 else hidden[0]) if hidden else None
    )
    output_activation = architecture.activations[-1]
    for option, typed, held in (
        ("--hidden", explicit_hidden, hidden_activation),
        ("--output", explicit_output, output_activation),
    ):
        if typed is not None and held is not None and typed != held:
            raise ValueError(
                f"{path}: the network's {option[2:]} activation is {held}, not {typed}"
            )
    return architecture.spec, hidden_activation, output_activation


# --- shared: the layers as read, checked and assembled ------------------------------------------


def two_outputs_as_one(weight: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The one-logit layer equal to a two-output softmax layer: ``weight (2, in)``, ``bias (2,)``
    -> ``(1, in)``, ``(1,)``, since ``softmax(z)_1 = sigmoid(z_1 - z_0)``."""
    return weight[1:2] - weight[0:1], bias[1:2] - bias[0:1]


def _assemble(path: Path, layers: Sequence[_Dense], source: str) -> ImportedNetwork:
    """The network of ``layers``, with a two-output softmax (or two raw logits) made one output."""
    if not layers:
        raise NetworkFileError(f"{path}: no dense layer found")
    file_sizes = (layers[0].weight.shape[1], *(layer.weight.shape[0] for layer in layers))
    for number, layer in enumerate(layers[:-1], start=1):
        if layer.activation == "softmax":
            raise NetworkFileError(
                f"{path}: layer {number} ends in a softmax; netplane has softmax only as the "
                "output layer's"
            )
    last = layers[-1]
    notes: list[str] = []
    outputs = last.weight.shape[0]
    if outputs == 2 and last.activation in ("softmax", "identity"):
        weight, bias = two_outputs_as_one(last.weight, last.bias)
        what = "softmax" if last.activation == "softmax" else "logits (a softmax classifier)"
        output = "sigmoid" if last.activation == "softmax" else "identity"
        notes.append(
            f"two-output {what} shown as one output: w = W[1] - W[0], b = b[1] - b[0]"
            + (", and sigmoid(z) = softmax's p(y=1)" if output == "sigmoid" else "")
        )
        last = _Dense(weight, bias, output)
    elif outputs == 2:
        raise NetworkFileError(
            f"{path}: two outputs with {last.activation} are two separate scores, not a softmax "
            "over two classes; netplane shows one output (or two with softmax)"
        )
    elif outputs > 2 and last.activation not in ("softmax", "identity"):
        raise NetworkFileError(
            f"{path}: {outputs} outputs with {last.activation} are {outputs} separate yes/no "
            "scores, not one class out of several; netplane reads K class scores with a "
            "softmax (or as raw logits)"
        )
    elif outputs > MAX_CLASSES:
        raise NetworkFileError(
            f"{path}: the network has {outputs} outputs, one per class; netplane draws at most "
            f"{MAX_CLASSES} classes"
        )
    elif outputs > 2:
        what = "a softmax over" if last.activation == "softmax" else "raw logits of"
        notes.append(f"{what} {outputs} classes: each class wins where its score is the highest")
    elif last.activation == "softmax":
        raise NetworkFileError(f"{path}: a softmax over one output is always 1")
    layers = [*layers[:-1], last]
    try:
        architecture = Architecture(
            tuple(int(s) for s in file_sizes[:-1]) + (last.weight.shape[0],),
            tuple(layer.activation for layer in layers),
        )
        network = Network(
            architecture,
            tuple(layer.weight for layer in layers),
            tuple(layer.bias for layer in layers),
        )
    except (NetworkError, ValueError) as error:
        raise NetworkFileError(f"{path}: {error}") from None
    return ImportedNetwork(network, source, tuple(notes), tuple(int(s) for s in file_sizes))


def _check_leaky_slope(path: Path, slope: float, where: str) -> None:
    # float32 files hold 0.1 as 0.10000000149...
    if not np.isclose(slope, LEAKY_RELU_SLOPE, rtol=1e-6, atol=0.0):
        raise NetworkFileError(
            f"{path}: {where} is a leaky ReLU with slope {slope:g}; netplane's has slope "
            f"{LEAKY_RELU_SLOPE:g} and would draw another network"
        )


def _matrix(path: Path, value: np.ndarray, what: str) -> np.ndarray:
    value = np.asarray(value)
    if value.ndim != 2:
        raise NetworkFileError(
            f"{path}: {what} has shape {value.shape}, not a dense layer's weight matrix"
        )
    if value.dtype.kind not in "fiuV":  # V: ml_dtypes' bfloat16
        raise NetworkFileError(f"{path}: {what} holds {value.dtype} values, not numbers")
    try:
        return value.astype(np.float64)
    except (TypeError, ValueError):
        raise NetworkFileError(f"{path}: {what} holds {value.dtype} values, not numbers") from None


def _chain(path: Path, layers: Sequence[_Dense], names: Sequence[str]) -> None:
    """Each layer's input width equals the width the layer before gives."""
    for before, after, name in zip(layers, layers[1:], names[1:], strict=False):
        if after.weight.shape[1] != before.weight.shape[0]:
            raise NetworkFileError(
                f"{path}: {name} takes {after.weight.shape[1]} inputs but the layer before "
                f"gives {before.weight.shape[0]}"
            )


# --- ONNX -----------------------------------------------------------------------------------------

_ONNX_ACTIVATIONS = {
    "Relu": "relu",
    "LeakyRelu": "leaky_relu",
    "Tanh": "tanh",
    "Sigmoid": "sigmoid",
    "Softmax": "softmax",
}
_ONNX_INPUT_OPS = ("Flatten", "Reshape", "Cast")
_ONNX_FOLDABLE = ("Identity", "Transpose", "Cast")


def read_onnx(path: str | Path) -> ImportedNetwork:
    """The dense network of an ONNX model: a chain of Gemm, or MatMul + Add, and activations.

    The points may enter as rows (``(n, in)``, what exporters write) or as columns (``(in, n)``,
    with the weight as Gemm's ``A``); ``transA``/``transB`` say which, ``alpha`` scales the
    weight and ``beta`` the bias.
    """
    import onnx
    from onnx import numpy_helper

    path = Path(path)
    try:
        model = onnx.load(str(path))
    except Exception as error:  # protobuf's DecodeError and friends
        raise NetworkFileError(f"{path}: not an ONNX model ({_first_line(error)})") from None
    graph = model.graph
    if not graph.node:
        raise NetworkFileError(f"{path}: an ONNX model without a graph of nodes")
    constants = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    # Exporters sometimes leave a weight behind a Constant, Identity, Transpose or Cast node:
    # those are weights too, worked out here.
    folded = set()
    for index, node in enumerate(graph.node):
        if node.op_type == "Constant":
            values = [a for a in node.attribute if a.name == "value"]
            if not values:
                raise NetworkFileError(f"{path}: {_onnx_label(node)} holds no tensor value")
            constants[node.output[0]] = numpy_helper.to_array(values[0].t)
            folded.add(index)
        elif node.op_type in _ONNX_FOLDABLE and all(name in constants for name in node.input):
            value = constants[node.input[0]]
            if node.op_type == "Transpose":
                attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                value = np.transpose(value, attributes.get("perm"))
            constants[node.output[0]] = value
            folded.add(index)
    inputs = [value.name for value in graph.input if value.name not in constants]
    if len(inputs) != 1:
        raise NetworkFileError(f"{path}: the graph takes {len(inputs)} inputs; netplane needs one")

    current = inputs[0]
    # how the tensor flowing along the chain holds its points: None (the graph's input, either
    # way round until the first layer says), "rows" (n, width) or "columns" (width, n)
    layout: str | None = None
    layers: list[_Dense] = []
    names: list[str] = []
    awaiting_bias = False
    activated = False
    # after the last score: what a classifier export adds (skl2onnx's label and probability
    # map), recognised and set aside
    after_scores: list = []
    for index, node in enumerate(graph.node):
        if index in folded:
            continue
        label = _onnx_label(node)
        data = [name for name in node.input if name and name not in constants]
        if after_scores or (layers and node.op_type in _ONNX_AFTER_SCORES):
            after_scores.append(node)
            continue
        if data != [current]:
            raise NetworkFileError(
                f"{path}: {label} is off the single path from input to output; netplane "
                "reads a chain of dense layers"
            )
        op = node.op_type
        attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if op == "Identity":
            pass
        elif op in _ONNX_INPUT_OPS:
            if layers:
                raise NetworkFileError(
                    f"{path}: {label} comes after a layer; netplane reads {op} only on the input"
                )
        elif op in ("Gemm", "MatMul"):
            weight, layout = _onnx_product(
                path, node, label, attributes, constants, current, layout
            )
            bias = np.zeros(weight.shape[0])
            if op == "Gemm" and len(node.input) > 2 and node.input[2]:
                beta = float(attributes.get("beta", 1.0))
                bias = _onnx_bias(path, constants[node.input[2]] * beta, weight.shape[0], layout)
            layers.append(_Dense(weight, bias))
            names.append(label)
            awaiting_bias, activated = op == "MatMul", False
        elif op == "Add":
            if not awaiting_bias:
                raise NetworkFileError(
                    f"{path}: {label} adds to something other than a MatMul's product; netplane "
                    "reads Add only as a dense layer's bias"
                )
            other = [name for name in node.input if name != current][0]
            bias = _onnx_bias(path, constants[other], layers[-1].weight.shape[0], layout)
            layers[-1] = _Dense(layers[-1].weight, bias)
            awaiting_bias = False
        elif op in _ONNX_ACTIVATIONS:
            if not layers or activated:
                where = "before any layer" if not layers else "right after another activation"
                raise NetworkFileError(
                    f"{path}: {label} comes {where}; netplane reads one "
                    "activation after each dense layer"
                )
            if op == "LeakyRelu":
                _check_leaky_slope(path, float(attributes.get("alpha", 0.01)), label)
            if op == "Softmax":
                _check_softmax_axis(path, label, attributes, layout)
            layers[-1] = _Dense(layers[-1].weight, layers[-1].bias, _ONNX_ACTIVATIONS[op])
            awaiting_bias, activated = False, True
        else:
            raise NetworkFileError(
                f"{path}: operator {op} ({label}) is not a dense layer or an activation netplane "
                f"has ({NETPLANE_ACTIVATIONS})"
            )
        current = node.output[0]
    outputs = [value.name for value in graph.output]
    notes: tuple[str, ...] = ()
    if after_scores:
        _check_postprocessing(path, after_scores, current, constants, outputs)
        ops = ", ".join(dict.fromkeys(node.op_type for node in after_scores))
        notes = (f"after the last scores, {ops} (the predicted label and probabilities) set aside",)
    elif outputs != [current]:
        raise NetworkFileError(
            f"{path}: the graph's outputs ({', '.join(outputs)}) are not the end of its chain "
            f"of layers ({current})"
        )
    _chain(path, layers, names)
    imported = _assemble(path, layers, MODEL_FORMATS[".onnx"])
    return ImportedNetwork(
        imported.network, imported.source, (*imported.notes, *notes), imported.file_sizes
    )


# What exporters put after a classifier's last scores: the label (ArgMax, then
# ArrayFeatureExtractor picking the class name, Cast, Reshape), the probability map (ZipMap), and
# for one logistic output the probability pair [1 - p, p] (Sub, Concat).
_ONNX_AFTER_SCORES = (
    "ArgMax",
    "ZipMap",
    "ArrayFeatureExtractor",
    "Cast",
    "Reshape",
    "Sub",
    "Concat",
)
"""The operators that end the chain of layers when they follow one."""
_ONNX_POSTPROCESSING = (*_ONNX_AFTER_SCORES, "Identity", "Flatten")


def _check_postprocessing(path: Path, nodes, scores: str, constants, outputs) -> None:
    """Every node after the scores is post-processing fed by the scores (or by other such
    nodes and constants), and the graph ends there; anything else is refused by name."""
    derived = {scores}
    for node in nodes:
        label = _onnx_label(node)
        if node.op_type not in _ONNX_POSTPROCESSING:
            raise NetworkFileError(
                f"{path}: {label} comes after the last scores and is not an exporter's label or "
                "probability post-processing (ArgMax, ZipMap, ArrayFeatureExtractor, Cast, "
                "Reshape, Sub, Concat)"
            )
        inputs = [name for name in node.input if name and name not in constants]
        if not inputs or any(name not in derived for name in inputs):
            raise NetworkFileError(
                f"{path}: {label} reads something other than the network's scores; netplane "
                "reads a chain of dense layers"
            )
        derived.update(node.output)
    if not outputs or any(name not in derived for name in outputs):
        raise NetworkFileError(
            f"{path}: the graph's outputs ({', '.join(outputs)}) do not all come from its "
            "chain of layers"
        )


def _onnx_label(node) -> str:
    return f"{node.op_type} node {node.name or node.output[0]!r}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _flipped(layout: str | None) -> str | None:
    return {"rows": "columns", "columns": "rows"}.get(layout)


def _onnx_product(path, node, label, attributes, constants, current, layout):
    """The ``(out, in)`` weight of a Gemm or MatMul node and the layout of its output.

    ``Y = alpha * A' B' (+ beta C)``, where ``A'``/``B'`` are ``A``/``B``, transposed when
    ``transA``/``transB``. Points as rows enter as ``A'`` ``(n, in)``, so the weight is
    ``alpha * B'.T``; points as columns enter as ``B'`` ``(in, n)``, and the weight is ``alpha * A'``.
    """
    alpha = float(attributes.get("alpha", 1.0))
    a_name, b_name = node.input[0], node.input[1]
    transposed = (bool(attributes.get("transA", 0)), bool(attributes.get("transB", 0)))
    if a_name == current:
        held = _flipped(layout) if transposed[0] else layout
        if held not in (None, "rows"):
            raise NetworkFileError(
                f"{path}: {label} multiplies points held as columns from the left"
            )
        other = _matrix(path, constants[b_name], f"{label}'s weight {b_name!r}")
        other = other.T if transposed[1] else other
        return alpha * other.T, "rows"
    held = _flipped(layout) if transposed[1] else layout
    if held not in (None, "columns"):
        raise NetworkFileError(f"{path}: {label} multiplies points held as rows from the right")
    other = _matrix(path, constants[a_name], f"{label}'s weight {a_name!r}")
    other = other.T if transposed[0] else other
    return alpha * other, "columns"


def _onnx_bias(path: Path, value: np.ndarray, width: int, layout: str | None) -> np.ndarray:
    """A bias broadcast onto the layer's ``width`` outputs: a scalar, ``(width,)``, or the
    orientation's own ``(1, width)`` (rows) or ``(width, 1)`` (columns)."""
    value = np.asarray(value, dtype=np.float64)
    fitting = {(), (1,), (width,), (1, 1)}
    fitting.add((1, width) if layout == "rows" else (width, 1))
    if value.shape not in fitting:
        raise NetworkFileError(
            f"{path}: a bias of shape {value.shape} does not broadcast onto {width} outputs "
            "as one number per neuron"
        )
    return np.broadcast_to(value.ravel(), (width,)).copy() if value.size == 1 else value.ravel()


def _check_softmax_axis(path: Path, label: str, attributes: dict, layout: str | None) -> None:
    axis = int(attributes.get("axis", -1))
    feature_axes = (1, -1) if layout != "columns" else (0, -2)
    if axis not in feature_axes:
        raise NetworkFileError(f"{path}: {label} takes its softmax over the points (axis {axis})")


# --- safetensors ------------------------------------------------------------------------------

_STATE_KEY = re.compile(r"^(?P<prefix>(?:.+\.)?)(?P<index>\d+)\.(?P<kind>weight|bias)$")


def read_safetensors(
    path: str | Path, hidden_activation: str = "relu", output_activation: str = "identity"
) -> ImportedNetwork:
    """The ``nn.Sequential`` of linear layers in a PyTorch ``state_dict`` saved as safetensors.

    Keys ``{prefix}{index}.weight`` ``(out, in)`` and ``{prefix}{index}.bias`` ``(out,)``, in
    index order (``0``, ``2``, ``4``: the activations between hold no tensors). A layer without a
    bias (``bias=False``) adds zero. Activations: ``hidden_activation`` after every layer but the
    last (or a comma list, one per hidden layer), ``output_activation`` after the last (after two
    outputs became one logit).
    """
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    try:  # teaches NumPy bfloat16, which PyTorch models are often saved in (onnx depends on it)
        import ml_dtypes  # noqa: F401
    except ImportError:
        pass

    path = Path(path)
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError, TypeError) as error:
        raise NetworkFileError(f"{path}: not a safetensors file ({_first_line(error)})") from None
    layers: dict[int, dict[str, np.ndarray]] = {}
    prefixes = set()
    for key, value in tensors.items():
        match = _STATE_KEY.match(key)
        if match is None:
            raise NetworkFileError(
                f"{path}: tensor {key!r} is not a linear layer's weight or bias (a sequential "
                "state_dict holds 0.weight, 0.bias, 2.weight, ...)"
            )
        prefixes.add(match["prefix"])
        layers.setdefault(int(match["index"]), {})[match["kind"]] = value
    if len(prefixes) > 1:
        raise NetworkFileError(
            f"{path}: tensors under several modules ({', '.join(sorted(prefixes))}); netplane "
            "reads one nn.Sequential"
        )
    prefix = prefixes.pop() if prefixes else ""
    dense: list[_Dense] = []
    names: list[str] = []
    for index in sorted(layers):
        parts = layers[index]
        name = f"{prefix}{index}.weight"
        if "weight" not in parts:
            raise NetworkFileError(f"{path}: {prefix}{index}.bias has no {name} beside it")
        weight = parts["weight"]
        if np.ndim(weight) != 2:
            raise NetworkFileError(
                f"{path}: {name} has shape {tuple(np.shape(weight))}: not a linear layer "
                "(normalisation, convolution and embedding layers are not dense layers)"
            )
        weight = _matrix(path, weight, name)
        bias = parts.get("bias")
        bias = np.zeros(weight.shape[0]) if bias is None else np.asarray(bias, dtype=np.float64)
        if bias.shape != (weight.shape[0],):
            raise NetworkFileError(
                f"{path}: {prefix}{index}.bias has shape {bias.shape}, its weight "
                f"{weight.shape[0]} rows"
            )
        dense.append(_Dense(weight, bias))
        names.append(name)
    if not dense:
        raise NetworkFileError(f"{path}: holds no tensors")
    _chain(path, dense, names)
    dense = [_Dense(layer.weight, layer.bias) for layer in dense]
    imported = _assemble(path, dense, MODEL_FORMATS[".safetensors"])
    network = imported.network
    try:
        architecture = parse_architecture(
            network.architecture.sizes, hidden_activation, output_activation
        )
        network = Network(architecture, network.weights, network.biases)
    except ValueError as error:
        raise NetworkFileError(f"{path}: {error}") from None
    notes = (
        f"activations as given, the file holding none: "
        f"{', '.join(network.architecture.activations)}",
        *imported.notes,
    )
    return ImportedNetwork(network, imported.source, notes, imported.file_sizes)


# --- Keras 3 ----------------------------------------------------------------------------------

_KERAS_ACTIVATIONS = {
    "linear": "identity",
    "relu": "relu",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "softmax": "softmax",
}
# keras.activations.leaky_relu's default negative_slope
_KERAS_LEAKY_RELU_SLOPE = 0.2
_KERAS_WEIGHTS = "model.weights.h5"


def read_keras(path: str | Path) -> ImportedNetwork:
    """The ``Sequential`` of ``Dense`` layers in a Keras 3 ``.keras`` file.

    ``config.json`` gives the layers and their activations (``InputLayer``, ``Activation`` and
    ``Dropout``, which is the identity once trained, are allowed between the Dense layers);
    ``model.weights.h5`` the weights, at ``layers/<snake_case class name>[_k]/vars/<i>`` as
    ``keras.src.saving.saving_lib`` writes them. Kernels are ``(in, out)``: transposed here.
    """
    import h5py

    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
            weights_bytes = archive.read(_KERAS_WEIGHTS)
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError) as error:
        raise NetworkFileError(
            f"{path}: not a Keras 3 .keras file with config.json and {_KERAS_WEIGHTS} "
            f"({_first_line(error)})"
        ) from None
    kind = config.get("class_name")
    if kind != "Sequential":
        raise NetworkFileError(
            f"{path}: a {kind} model; netplane reads Keras Sequential models of Dense layers"
        )
    layer_configs = config.get("config", {}).get("layers", [])
    dense: list[_Dense] = []
    names: list[str] = []
    used_names: dict[str, int] = {}
    input_size = None
    try:
        with h5py.File(io.BytesIO(weights_bytes), "r") as weights:
            for layer in layer_configs:
                kind, settings = layer.get("class_name"), layer.get("config", {})
                label = f"layer {kind} {settings.get('name', '')!r}"
                if kind == "InputLayer":
                    shape = settings.get("batch_shape") or settings.get("batch_input_shape")
                    input_size = shape[-1] if shape else None
                    continue  # Sequential.layers leaves the InputLayer out of the weights' paths
                store = _keras_store_name(kind, used_names)
                if kind == "Dense":
                    activation = _keras_activation(path, settings.get("activation"), label)
                    variables = weights.get(f"layers/{store}/vars")
                    if variables is None or "0" not in variables:
                        raise NetworkFileError(f"{path}: no weights for {label} at layers/{store}")
                    kernel = _matrix(path, variables["0"][()], f"{label}'s kernel")
                    has_bias = settings.get("use_bias", True)
                    bias = (
                        np.asarray(variables["1"][()], dtype=np.float64)
                        if has_bias
                        else np.zeros(kernel.shape[1])
                    )
                    dense.append(_Dense(kernel.T, bias, activation))
                    names.append(label)
                elif kind == "Activation":
                    activation = _keras_activation(path, settings.get("activation"), label)
                    if not dense or dense[-1].activation != "identity":
                        where = "before any Dense layer" if not dense else "after an activation"
                        raise NetworkFileError(f"{path}: {label} comes {where}")
                    dense[-1] = _Dense(dense[-1].weight, dense[-1].bias, activation)
                elif kind == "Dropout":
                    continue
                else:
                    raise NetworkFileError(
                        f"{path}: {label} is not a dense layer; netplane reads Dense, "
                        "Activation, Dropout and InputLayer"
                    )
    except OSError as error:
        raise NetworkFileError(
            f"{path}: unreadable {_KERAS_WEIGHTS} ({_first_line(error)})"
        ) from None
    if dense and input_size is not None and input_size != dense[0].weight.shape[1]:
        raise NetworkFileError(
            f"{path}: the InputLayer takes {input_size} inputs, the first Dense layer "
            f"{dense[0].weight.shape[1]}"
        )
    _chain(path, dense, names)
    return _assemble(path, dense, MODEL_FORMATS[".keras"])


def _keras_store_name(kind: str, used_names: dict[str, int]) -> str:
    """Where saving_lib keeps a Sequential's layer: its class in snake case, ``_1``, ``_2`` ...
    for the second and later layers of one class."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()
    if name in used_names:
        used_names[name] += 1
        return f"{name}_{used_names[name]}"
    used_names[name] = 0
    return name


def _keras_activation(path: Path, activation, label: str) -> str:
    if activation is None:
        return "identity"
    if isinstance(activation, dict):  # a serialized object: a custom or parametrised activation
        activation = (
            activation.get("config")
            if isinstance(activation.get("config"), str)
            else (activation.get("class_name"))
        )
    name = str(activation)
    if name == "leaky_relu":
        _check_leaky_slope(path, _KERAS_LEAKY_RELU_SLOPE, f"{label}'s activation")
    if name not in _KERAS_ACTIVATIONS:
        raise NetworkFileError(
            f"{path}: {label} uses the activation {name!r}, which netplane does not have "
            f"({NETPLANE_ACTIVATIONS})"
        )
    return _KERAS_ACTIVATIONS[name]


# --- a hand-written NumPy network ---------------------------------------------------------------

_HAND_WRITTEN_KEYS = (
    # W1, b1, W2, b2, ... as the source texts write them
    (re.compile(r"^W(\d+)$"), re.compile(r"^b(\d+)$"), 1),
    # weights_0, biases_0, ...
    (re.compile(r"^weights_(\d+)$"), re.compile(r"^biases_(\d+)$"), 0),
)
LAYOUTS = ("rows", "columns")
"""``rows``: points are rows and a layer is ``x @ W + b`` (W of shape (in, out)); ``columns``:
points are columns and a layer is ``W @ x + b`` (W of shape (out, in), netplane's own)."""


def read_hand_written(
    path: str | Path,
    arrays: dict[str, np.ndarray],
    hidden_activation: str = "relu",
    output_activation: str = "identity",
    layout: str | None = None,
) -> ImportedNetwork:
    """The network of a ``.npz`` saved from hand-written NumPy code: ``W1, b1, W2, b2, ...`` (or
    ``weights_0, biases_0, ...``), each W either ``(in, out)`` for ``x @ W`` or ``(out, in)``
    for ``W @ x``, biases of any shape holding one number per neuron.

    The orientation comes from the shapes where only one reading chains from layer to layer
    (and fits the biases); otherwise ``layout`` must say it, or the file is refused naming
    ``--layout``. Activations: ``hidden_activation`` after every layer but the last (a comma
    list: one per hidden layer), ``output_activation`` after the last.
    """
    path = Path(path)
    weights, biases, names = _hand_written_arrays(path, arrays)
    if layout is not None and layout not in LAYOUTS:
        raise NetworkFileError(f"{path}: layout {layout!r}: expected rows or columns")
    readings = [layout] if layout else [r for r in LAYOUTS if _reads_as(weights, biases, r)]
    shapes = ", ".join(f"{name} {tuple(w.shape)}" for name, w in zip(names, weights, strict=True))
    if layout is not None and not _reads_as(weights, biases, layout):
        raise NetworkFileError(
            f"{path}: {shapes} do not chain as {_LAYOUT_TEXT[layout]} (--layout {layout}); "
            "drop --layout or give the other one"
        )
    if not readings:
        raise NetworkFileError(
            f"{path}: {shapes} chain neither as x @ W nor as W @ x with their biases; "
            "netplane reads dense layers whose sizes follow on"
        )
    if len(readings) == 2:
        raise NetworkFileError(
            f"{path}: {shapes} chain both as x @ W and as W @ x: the orientation is ambiguous; "
            "say which with --layout rows (x @ W + b, points as rows) or --layout columns "
            "(W @ x + b, points as columns)"
        )
    reading = readings[0]
    dense = [
        _Dense(
            weight.T if reading == "rows" else weight,
            np.asarray(bias, dtype=np.float64).reshape(-1),
        )
        for weight, bias in zip(weights, biases, strict=True)
    ]
    try:
        # the output's activation decides what _assemble makes of two or K outputs
        dense[-1] = _Dense(dense[-1].weight, dense[-1].bias, get_activation(output_activation).name)
    except ValueError as error:
        raise NetworkFileError(f"{path}: {error}") from None
    imported = _assemble(path, dense, "hand-written NumPy network")
    network = imported.network
    try:
        architecture = parse_architecture(
            network.architecture.sizes, hidden_activation, network.architecture.activations[-1]
        )
        network = Network(architecture, network.weights, network.biases)
    except ValueError as error:
        raise NetworkFileError(f"{path}: {error}") from None
    notes = (
        f"arrays {', '.join(names)} read as {_LAYOUT_TEXT[reading]}"
        + (" (--layout)" if layout else ", the only way their shapes chain"),
        f"activations as given, the file holding none: "
        f"{', '.join(network.architecture.activations)}",
        *imported.notes,
    )
    return ImportedNetwork(network, imported.source, notes, imported.file_sizes)


_LAYOUT_TEXT = {"rows": "x @ W + b", "columns": "W @ x + b"}


def _hand_written_arrays(
    path: Path, arrays: dict[str, np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray], list[str]]:
    """The weight matrices and biases in layer order, and the weights' names."""
    for weight_key, bias_key, first in _HAND_WRITTEN_KEYS:
        numbers = sorted(int(m[1]) for key in arrays if (m := weight_key.match(key)))
        if not numbers:
            continue
        expected = list(range(first, first + len(numbers)))
        if numbers != expected:
            missing = sorted(set(expected) - set(numbers))
            raise NetworkFileError(
                f"{path}: weight matrices numbered {', '.join(map(str, numbers))}: "
                f"number {missing[0] if missing else numbers[0]} is missing "
                f"(layers are numbered from {first} without gaps)"
            )
        weights, biases, names = [], [], []
        for number in numbers:
            weight_name = next(
                key for key in arrays if (m := weight_key.match(key)) and int(m[1]) == number
            )
            bias_name = next(
                (key for key in arrays if (m := bias_key.match(key)) and int(m[1]) == number),
                None,
            )
            if bias_name is None:
                raise NetworkFileError(f"{path}: {weight_name} has no bias beside it")
            weight = _matrix(path, arrays[weight_name], weight_name)
            bias = np.asarray(arrays[bias_name])
            if bias.ndim > 2 or (bias.ndim == 2 and 1 not in bias.shape):
                raise NetworkFileError(
                    f"{path}: {bias_name} has shape {bias.shape}, not one number per neuron"
                )
            weights.append(weight)
            biases.append(bias.astype(np.float64))
            names.append(weight_name)
        extra = sorted(set(arrays) - set(names) - {key for key in arrays if bias_key.match(key)})
        if extra:
            raise NetworkFileError(
                f"{path}: arrays {', '.join(extra)} are not weights or biases; netplane reads "
                "a hand-written network's W1, b1, W2, b2, ... (or weights_0, biases_0, ...)"
            )
        return weights, biases, names
    raise NetworkFileError(
        f"{path}: neither a netplane network file (no 'meta') nor a hand-written network: "
        f"arrays {', '.join(sorted(arrays)) or '(none)'}; netplane reads W1, b1, W2, b2, ... "
        "or weights_0, biases_0, ..."
    )


def _reads_as(weights: list[np.ndarray], biases: list[np.ndarray], layout: str) -> bool:
    """Whether the layers chain, biases included, read as ``layout``."""
    shapes = [w.shape if layout == "columns" else w.shape[::-1] for w in weights]  # (out, in)
    for (out, _), bias in zip(shapes, biases, strict=True):
        if bias.size != out:
            return False
    return all(after[1] == before[0] for before, after in zip(shapes, shapes[1:], strict=False))
