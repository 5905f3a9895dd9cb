"""A network's parameters, the forward pass that records every layer, and its backward pass.

Column-vector convention: layer k computes ``z = W @ x + b`` with ``W`` of shape ``(out, in)``, so
``W[m, n]`` is the edge from input neuron n to output neuron m. Points travel as rows of an
``(n_points, in)`` array, so the code writes the same product as ``x @ W.T + b``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nn_core.activations import get_activation
from nn_core.architecture import Architecture, ArchitectureError

__all__ = [
    "ForwardTrace",
    "LayerTrace",
    "Network",
    "NetworkError",
    "backward",
    "collapse_linear",
    "forward",
    "init_network",
]


class NetworkError(ValueError):
    """Parameters that do not fit their architecture, or are not finite."""


def _frozen(array: np.ndarray) -> np.ndarray:
    copy = np.array(array, dtype=np.float64, copy=True)
    copy.setflags(write=False)
    return copy


@dataclass(frozen=True)
class Network:
    """A dense network: ``weights[k]`` has shape ``(out, in)``, ``biases[k]`` shape ``(out,)``."""

    architecture: Architecture
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    def __post_init__(self) -> None:
        shapes = self.architecture.layer_shapes
        if len(self.weights) != len(shapes) or len(self.biases) != len(shapes):
            raise NetworkError(
                f"architecture {self.architecture.spec} has {len(shapes)} layers, got "
                f"{len(self.weights)} weight matrices and {len(self.biases)} bias vectors"
            )
        for layer, (weight, bias, expected) in enumerate(
            zip(self.weights, self.biases, shapes, strict=True), start=1
        ):
            weight, bias = np.asarray(weight), np.asarray(bias)
            if weight.shape != expected:
                raise NetworkError(
                    f"layer {layer}: weight matrix has shape {weight.shape}, "
                    f"architecture {self.architecture.spec} needs {expected}"
                )
            if bias.shape != (expected[0],):
                raise NetworkError(
                    f"layer {layer}: bias has shape {bias.shape}, needs ({expected[0]},)"
                )
            if not (np.all(np.isfinite(weight)) and np.all(np.isfinite(bias))):
                raise NetworkError(f"layer {layer}: parameters contain NaN or infinite values")
        object.__setattr__(self, "weights", tuple(_frozen(w) for w in self.weights))
        object.__setattr__(self, "biases", tuple(_frozen(b) for b in self.biases))

    @property
    def layer_count(self) -> int:
        return len(self.weights)

    def flat_parameters(self) -> np.ndarray:
        """All parameters in one vector: W1, b1, W2, b2, ... (each W row-major)."""
        return np.concatenate(
            [p.ravel() for pair in zip(self.weights, self.biases, strict=True) for p in pair]
        )

    def with_flat_parameters(self, flat: np.ndarray) -> Network:
        """The same architecture with parameters read from a vector laid out as ``flat_parameters``."""
        weights, biases, start = [], [], 0
        for out, inp in self.architecture.layer_shapes:
            weights.append(flat[start : start + out * inp].reshape(out, inp))
            start += out * inp
            biases.append(flat[start : start + out])
            start += out
        return Network(self.architecture, tuple(weights), tuple(biases))


def init_network(architecture: Architecture, seed: int | np.random.Generator) -> Network:
    """Random weights (He for ReLU-like layers, Glorot otherwise) and zero biases."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    weights, biases = [], []
    for (out, inp), activation in zip(
        architecture.layer_shapes, architecture.activations, strict=True
    ):
        if activation in ("relu", "leaky_relu"):
            scale = np.sqrt(2.0 / inp)
        else:
            scale = np.sqrt(2.0 / (inp + out))
        weights.append(rng.normal(0.0, scale, size=(out, inp)))
        biases.append(np.zeros(out))
    return Network(architecture, tuple(weights), tuple(biases))


@dataclass(frozen=True)
class LayerTrace:
    """One layer applied to a batch of n points, in the three steps the scenes animate.

    ``inputs (n, in)``; ``linear (n, out)`` is W x; ``pre_activation (n, out)`` is z = W x + b;
    ``activation (n, out)`` is a(z).
    """

    inputs: np.ndarray
    linear: np.ndarray
    pre_activation: np.ndarray
    activation: np.ndarray


@dataclass(frozen=True)
class ForwardTrace:
    """Every layer of a forward pass over a batch of points ``inputs (n, d_in)``."""

    inputs: np.ndarray
    layers: tuple[LayerTrace, ...]

    @property
    def output(self) -> np.ndarray:
        """The last layer's activation, ``(n, d_out)``."""
        return self.layers[-1].activation

    @property
    def logits(self) -> np.ndarray:
        """The last layer's pre-activation, ``(n, d_out)``."""
        return self.layers[-1].pre_activation


def _as_points(network: Network, points: np.ndarray | Sequence) -> np.ndarray:
    x = np.asarray(points, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise NetworkError(
            f"points must have shape (n, {network.architecture.input_size}), got {x.shape}"
        )
    try:
        network.architecture.check_input_size(x.shape[1])
    except ArchitectureError as error:
        raise NetworkError(str(error)) from None
    return x


def forward(network: Network, points: np.ndarray) -> ForwardTrace:
    """Run ``points (n, d_in)`` through the network, keeping each layer's input, Wx, z and activation."""
    x = _as_points(network, points)
    layers = []
    for weight, bias, name in zip(
        network.weights, network.biases, network.architecture.activations, strict=True
    ):
        linear = x @ weight.T
        z = linear + bias
        a = get_activation(name).forward(z)
        layers.append(LayerTrace(inputs=x, linear=linear, pre_activation=z, activation=a))
        x = a
    return ForwardTrace(inputs=layers[0].inputs, layers=tuple(layers))


def backward(
    network: Network, trace: ForwardTrace, output_gradient: np.ndarray, *, on_logits: bool
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Gradients of a loss with respect to every weight and bias.

    ``output_gradient (n, d_out)`` is dLoss/d(output), where the output is the last pre-activation
    when ``on_logits`` and the last activation otherwise. Returns ``(weight_grads, bias_grads)``
    shaped like the network's parameters.
    """
    weight_grads: list[np.ndarray] = []
    bias_grads: list[np.ndarray] = []
    upstream = output_gradient
    last = network.layer_count - 1
    for index in range(last, -1, -1):
        layer = trace.layers[index]
        if index == last and on_logits:
            dz = upstream
        else:
            derivative = get_activation(network.architecture.activations[index]).derivative
            dz = upstream * derivative(layer.pre_activation)
        weight_grads.append(dz.T @ layer.inputs)
        bias_grads.append(dz.sum(axis=0))
        upstream = dz @ network.weights[index]
    return tuple(reversed(weight_grads)), tuple(reversed(bias_grads))


def collapse_linear(network: Network) -> Network:
    """The one-layer network equal to a stack of identity-activation layers.

    ``W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)``: however many linear layers, one remains.
    Raises ``NetworkError`` if a layer has a non-identity activation.
    """
    nonlinear = [a for a in network.architecture.activations if a != "identity"]
    if nonlinear:
        raise NetworkError(
            f"only identity layers collapse into one; this network has {', '.join(nonlinear)}"
        )
    weight = np.eye(network.architecture.input_size)
    bias = np.zeros(network.architecture.input_size)
    for layer_weight, layer_bias in zip(network.weights, network.biases, strict=True):
        weight = layer_weight @ weight
        bias = layer_weight @ bias + layer_bias
    architecture = Architecture(
        (network.architecture.input_size, network.architecture.output_size), ("identity",)
    )
    return Network(architecture, (weight,), (bias,))
