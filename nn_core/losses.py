"""Losses over a batch, each beside its gradient with respect to the network's output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nn_core.softmax import cross_entropy, cross_entropy_gradient

__all__ = [
    "LOSSES",
    "Loss",
    "binary_cross_entropy_with_logits",
    "get_loss",
    "mean_squared_error",
]


@dataclass(frozen=True)
class Loss:
    """A loss and its gradient.

    ``value(output, targets)`` and ``gradient(output, targets)`` take ``output: (n, 1)`` (for
    ``ce``: the K scores, ``(n, K)``) and ``targets: (n, 1)`` (the labels); the gradient has the
    shape of ``output``. ``on_logits`` says the loss reads
    the last layer's pre-activation (a logit) rather than its activation.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], float]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    on_logits: bool


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def binary_cross_entropy_with_logits(logits: np.ndarray, targets: np.ndarray) -> float:
    """Mean of -y log σ(z) - (1-y) log(1-σ(z)), written as softplus(z) - y z so large |z| is exact."""
    return float(np.mean(_softplus(logits) - targets * logits))


def binary_cross_entropy_with_logits_gradient(
    logits: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    from nn_core.activations import sigmoid

    return (sigmoid(logits) - targets) / logits.shape[0]


def mean_squared_error(output: np.ndarray, targets: np.ndarray) -> float:
    return float(np.mean((output - targets) ** 2))


def mean_squared_error_gradient(output: np.ndarray, targets: np.ndarray) -> np.ndarray:
    return 2.0 * (output - targets) / output.size


LOSSES: dict[str, Loss] = {
    "bce": Loss(
        "bce", binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_gradient, True
    ),
    "mse": Loss("mse", mean_squared_error, mean_squared_error_gradient, False),
    # K classes: softmax cross-entropy on the K scores (nn_core.softmax)
    "ce": Loss("ce", cross_entropy, cross_entropy_gradient, True),
}


def get_loss(name: str) -> Loss:
    key = name.strip().lower()
    if key not in LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(LOSSES)}")
    return LOSSES[key]
