"""Softmax over K class scores and its cross-entropy, forward and gradient side by side.

The last layer of a K-class network gives each class a score ``z_k`` (a logit); softmax turns the
scores into probabilities and the network predicts the class whose score is highest. Training
minimizes the cross-entropy ``-log softmax(z)[y]`` of the true class ``y``, whose gradient with
respect to the scores is simply ``softmax(z) - onehot(y)``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "class_counts",
    "cross_entropy",
    "cross_entropy_gradient",
    "one_hot",
    "predict_classes",
    "softmax",
]


def softmax(z: np.ndarray) -> np.ndarray:
    """``z: (n, K)`` scores -> ``(n, K)`` probabilities, each row summing to 1.

    The row's largest score is subtracted first, so no exponent overflows.
    """
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    """``labels: (n,)`` or ``(n, 1)`` class numbers -> ``(n, classes)`` rows of 0 with one 1."""
    index = np.asarray(labels).reshape(-1).astype(np.int64)
    return np.eye(classes)[index]


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean of ``-log softmax(z)[y]`` over the batch: ``logits: (n, K)``, ``labels: (n,)`` or
    ``(n, 1)``. Written as ``logsumexp(z) - z[y]``, exact for large scores."""
    top = np.max(logits, axis=1, keepdims=True)
    log_total = (top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True))).reshape(-1)
    index = np.asarray(labels).reshape(-1).astype(np.int64)
    return float(np.mean(log_total - logits[np.arange(len(index)), index]))


def cross_entropy_gradient(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """d(cross_entropy)/d(logits): ``(softmax(z) - onehot(y)) / n``, shaped ``(n, K)``."""
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / logits.shape[0]


def predict_classes(output: np.ndarray) -> np.ndarray:
    """The class whose score is highest in each row of ``output: (n, K)``; ``(n,)`` int64.

    Softmax keeps the order of the scores, so probabilities and logits give the same classes.
    A tie goes to the lower class number (``argmax``'s rule).
    """
    return np.argmax(np.asarray(output), axis=1).astype(np.int64)


def class_counts(
    predicted: np.ndarray, labels: np.ndarray, classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per class k: how many of its points were predicted k, and how many it has.

    Returns ``(correct (classes,), total (classes,))`` as int64 arrays.
    """
    predicted = np.asarray(predicted).reshape(-1)
    labels = np.asarray(labels).reshape(-1).astype(np.int64)
    total = np.bincount(labels, minlength=classes)[:classes]
    correct = np.bincount(labels[predicted == labels], minlength=classes)[:classes]
    return correct.astype(np.int64), total.astype(np.int64)
