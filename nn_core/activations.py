"""Element-wise activation functions, each beside its derivative."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nn_core.softmax import softmax

__all__ = [
    "ACTIVATIONS",
    "OUTPUT_ONLY_ACTIVATIONS",
    "Activation",
    "LEAKY_RELU_SLOPE",
    "get_activation",
]

LEAKY_RELU_SLOPE = 0.1
"""Slope of leaky ReLU for negative inputs: larger than the usual 0.01 so the fold is visible."""


@dataclass(frozen=True)
class Activation:
    """An element-wise function and its derivative, both taking the pre-activation z."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]


def identity(z: np.ndarray) -> np.ndarray:
    return z


def identity_derivative(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(z.dtype)


def leaky_relu(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, LEAKY_RELU_SLOPE * z)


def leaky_relu_derivative(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, 1.0, LEAKY_RELU_SLOPE).astype(z.dtype)


def sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of a non-positive number only, so neither branch overflows
    exp_neg_abs = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def tanh_derivative(z: np.ndarray) -> np.ndarray:
    return 1.0 - np.tanh(z) ** 2


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", identity, identity_derivative),
        Activation("relu", relu, relu_derivative),
        Activation("leaky_relu", leaky_relu, leaky_relu_derivative),
        Activation("sigmoid", sigmoid, sigmoid_derivative),
        Activation("tanh", tanh, tanh_derivative),
    )
}


def _softmax_derivative(z: np.ndarray) -> np.ndarray:
    raise ValueError(
        "softmax is not element-wise: its gradient is taken together with the cross-entropy "
        "loss (loss ce), on the scores"
    )


# Activations of a last layer only: softmax mixes the K scores of a point, so it is no
# element-wise map a hidden layer could bend the plane with.
OUTPUT_ONLY_ACTIVATIONS: dict[str, Activation] = {
    "softmax": Activation("softmax", softmax, _softmax_derivative),
}

_ALIASES = {
    "linear": "identity",
    "none": "identity",
    "leaky-relu": "leaky_relu",
    "leakyrelu": "leaky_relu",
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name (case-insensitive; 'linear' and 'none' mean identity)."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key in OUTPUT_ONLY_ACTIVATIONS:
        return OUTPUT_ONLY_ACTIVATIONS[key]
    if key not in ACTIVATIONS:
        known = ", ".join([*ACTIVATIONS, *OUTPUT_ONLY_ACTIVATIONS])
        raise ValueError(f"unknown activation {name!r}: expected one of {known}")
    return ACTIVATIONS[key]
