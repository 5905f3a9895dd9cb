"""Full-batch training with a history of snapshots, for scenes that animate a network as it learns."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nn_core.losses import Loss, get_loss
from nn_core.network import Network, backward, forward
from nn_core.optimizers import OPTIMIZERS, OptimizerState
from nn_core.softmax import predict_classes

__all__ = [
    "Progress",
    "ProgressObserver",
    "Snapshot",
    "TrainingConfig",
    "TrainingResult",
    "accuracy",
    "decision_threshold",
    "loss_and_gradient",
    "predict_labels",
    "train",
]

OPTIMIZER_NAMES = (*OPTIMIZERS, "lbfgs")
# A parameter this large means the steps overshoot: no trained network of this size needs it,
# and the layer maps it makes are too large to draw.
DIVERGENCE_LIMIT = 1e4


@dataclass(frozen=True)
class TrainingConfig:
    """How to train: ``optimizer`` is one of gd, momentum, adam, lbfgs; ``steps`` full-batch steps
    (L-BFGS: iterations); snapshots at ``snapshot_steps`` or every ``snapshot_every`` steps, plus
    the first and the last step always."""

    loss: str = "bce"
    optimizer: str = "adam"
    learning_rate: float = 0.05
    steps: int = 1000
    snapshot_every: int | None = None
    snapshot_steps: tuple[int, ...] = ()
    weight_decay: float = 0.0
    """L2 penalty ``weight_decay / 2 * sum(W**2)`` on the weights (not the biases): it keeps the
    learned maps moderate, so a scene can show every step at one scale."""

    def __post_init__(self) -> None:
        get_loss(self.loss)
        if self.optimizer not in OPTIMIZER_NAMES:
            raise ValueError(
                f"unknown optimizer {self.optimizer!r}: expected one of {', '.join(OPTIMIZER_NAMES)}"
            )
        if self.steps < 0:
            raise ValueError(f"steps must be >= 0, got {self.steps}")
        if self.weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {self.weight_decay}")
        if self.snapshot_every is not None and self.snapshot_every < 1:
            raise ValueError(f"snapshot_every must be >= 1, got {self.snapshot_every}")

    def wants_snapshot(self, step: int) -> bool:
        if step == 0 or step == self.steps or step in self.snapshot_steps:
            return True
        return self.snapshot_every is not None and step % self.snapshot_every == 0


@dataclass(frozen=True)
class Snapshot:
    """The network after ``step`` updates, with its loss and accuracy on the training data."""

    step: int
    network: Network
    loss: float
    accuracy: float


@dataclass(frozen=True)
class Progress:
    """Where a training run is: ``step`` updates of ``steps`` done, and the loss there."""

    step: int
    steps: int
    loss: float


ProgressObserver = Callable[[Progress], None]
"""Called by :func:`train` once per step with its :class:`Progress`. Whatever it raises stops
training and leaves :func:`train` (a budget checked on the first steps stops this way)."""


@dataclass(frozen=True)
class TrainingResult:
    network: Network
    history: tuple[Snapshot, ...]
    seconds: float

    @property
    def final(self) -> Snapshot:
        return self.history[-1]


def decision_threshold(network: Network, loss: str | Loss) -> float:
    """Where the 1-D output splits the classes: 0 on a logit, 0.5 on a probability or a regression."""
    loss = get_loss(loss) if isinstance(loss, str) else loss
    output_activation = network.architecture.activations[-1]
    if loss.on_logits and output_activation == "identity":
        return 0.0
    return 0.5


def predict_labels(output: np.ndarray, threshold: float) -> np.ndarray:
    """Class 1 where the 1-D output ``(n, 1)`` or ``(n,)`` lies right of the threshold; for K
    outputs ``(n, K)``, the class of the highest score (``threshold`` unused)."""
    output = np.asarray(output)
    if output.ndim == 2 and output.shape[1] > 1:
        return predict_classes(output)
    return (output.reshape(-1) > threshold).astype(np.int64)


def accuracy(output: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    return float(np.mean(predict_labels(output, threshold) == np.asarray(labels).reshape(-1)))


def _check_loss_fits(network: Network, loss: Loss) -> None:
    outputs = network.architecture.output_size
    last = network.architecture.activations[-1]
    if loss.name == "ce" or outputs > 1:
        if loss.name != "ce" or outputs < 2 or last not in ("softmax", "identity"):
            raise ValueError(
                f"{outputs} output{'s' if outputs > 1 else ''} with loss {loss.name} and a "
                f"{last} output: K classes need K outputs, a softmax (or identity) output and "
                "loss ce"
            )
        return
    if network.architecture.output_size != 1:
        raise ValueError(
            f"binary classification needs one output neuron, architecture "
            f"{network.architecture.spec} has {network.architecture.output_size}"
        )
    if loss.on_logits and network.architecture.activations[-1] not in ("identity", "sigmoid"):
        raise ValueError(
            f"loss {loss.name} reads logits: the output activation must be identity or sigmoid, "
            f"not {network.architecture.activations[-1]}"
        )


def loss_and_gradient(
    network: Network, points: np.ndarray, labels: np.ndarray, loss: str | Loss
) -> tuple[float, np.ndarray, float]:
    """Loss, its gradient as a flat vector (laid out like ``Network.flat_parameters``) and accuracy."""
    loss = get_loss(loss) if isinstance(loss, str) else loss
    targets = np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    trace = forward(network, points)
    output = trace.logits if loss.on_logits else trace.output
    weight_grads, bias_grads = backward(
        network, trace, loss.gradient(output, targets), on_logits=loss.on_logits
    )
    flat = np.concatenate(
        [g.ravel() for pair in zip(weight_grads, bias_grads, strict=True) for g in pair]
    )
    score = accuracy(trace.output, labels, decision_threshold(network, loss))
    return loss.value(output, targets), flat, score


def _weight_mask(network: Network) -> np.ndarray:
    """1 where ``flat_parameters`` holds a weight, 0 where it holds a bias."""
    return np.concatenate(
        [
            np.concatenate([np.ones(w.size), np.zeros(b.size)])
            for w, b in zip(network.weights, network.biases, strict=True)
        ]
    )


def _objective(
    network: Network, points: np.ndarray, labels: np.ndarray, loss: Loss, config: TrainingConfig
) -> tuple[float, np.ndarray, float]:
    value, grad, score = loss_and_gradient(network, points, labels, loss)
    if config.weight_decay:
        weights = network.flat_parameters() * _weight_mask(network)
        value += 0.5 * config.weight_decay * float(weights @ weights)
        grad = grad + config.weight_decay * weights
    return value, grad, score


def _ignore(progress: Progress) -> None:
    pass


def train(
    network: Network,
    points: np.ndarray,
    labels: np.ndarray,
    config: TrainingConfig,
    observer: ProgressObserver | None = None,
) -> TrainingResult:
    """Train ``network`` on ``points (n, d_in)`` and ``labels (n,)``; deterministic for a given start.

    ``observer``, if given, sees the :class:`Progress` after every step (step 0: the start); it
    only watches (the result does not depend on it), and an exception it raises stops training.
    """
    loss = get_loss(config.loss)
    _check_loss_fits(network, loss)
    network.architecture.check_input_size(np.asarray(points).shape[1])
    observer = observer or _ignore
    started = time.perf_counter()
    if config.optimizer == "lbfgs":
        history = _train_lbfgs(network, points, labels, loss, config, observer)
    else:
        history = _train_first_order(network, points, labels, loss, config, observer)
    return TrainingResult(history[-1].network, tuple(history), time.perf_counter() - started)


def _train_first_order(
    network: Network,
    points: np.ndarray,
    labels: np.ndarray,
    loss: Loss,
    config: TrainingConfig,
    observer: ProgressObserver,
) -> list[Snapshot]:
    update = OPTIMIZERS[config.optimizer]
    params = network.flat_parameters()
    state = OptimizerState()
    history = []
    for step in range(config.steps + 1):
        _check_converging(step, 0.0, params, config)
        current = network.with_flat_parameters(params)
        value, grad, score = _objective(current, points, labels, loss, config)
        _check_converging(step, value, params, config)
        if config.wants_snapshot(step):
            history.append(Snapshot(step, current, value, score))
        observer(Progress(step, config.steps, value))
        if step < config.steps:
            params, state = update(params, grad, state, config.learning_rate)
    return history


def _check_converging(step: int, loss: float, params: np.ndarray, config: TrainingConfig) -> None:
    """Raise ``FloatingPointError`` once training diverged: the loss is not finite or a
    parameter passed ``DIVERGENCE_LIMIT``. The message names the step and what to try."""
    with np.errstate(invalid="ignore"):
        largest = float(np.max(np.abs(params))) if params.size else 0.0
    if np.isfinite(loss) and largest <= DIVERGENCE_LIMIT:
        return
    what = f"the loss is {loss}" if not np.isfinite(loss) else f"a parameter reached {largest:.3g}"
    if config.optimizer == "lbfgs":
        advice = "try another optimizer, fewer steps or some weight decay"
    else:
        lower = config.learning_rate / 10 if config.learning_rate <= 1 else 0.1
        advice = f"lower the learning rate (try {lower:g})"
    raise FloatingPointError(f"training diverged at step {step} ({what}): {advice}")


def _train_lbfgs(
    network: Network,
    points: np.ndarray,
    labels: np.ndarray,
    loss: Loss,
    config: TrainingConfig,
    observer: ProgressObserver,
) -> list[Snapshot]:
    def snapshot(step: int, params: np.ndarray) -> Snapshot:
        _check_converging(step, 0.0, params, config)
        current = network.with_flat_parameters(params)
        value, _, score = _objective(current, points, labels, loss, config)
        _check_converging(step, value, params, config)
        return Snapshot(step, current, value, score)

    latest_loss = np.inf

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        nonlocal latest_loss
        value, grad, _ = _objective(
            network.with_flat_parameters(params), points, labels, loss, config
        )
        latest_loss = value
        return value, grad

    history = [snapshot(0, network.flat_parameters())]
    observer(Progress(0, config.steps, history[0].loss))
    iteration = 0

    def record(params: np.ndarray) -> None:
        nonlocal iteration
        iteration += 1
        if config.wants_snapshot(iteration):
            history.append(snapshot(iteration, params))
        # the line search's last evaluation is the accepted point's
        observer(Progress(iteration, config.steps, latest_loss))

    # here, not at the top: every scene's render imports this module and never trains
    # (scipy.optimize costs each render process about 0.3 CPU s to import)
    from scipy.optimize import minimize

    result = minimize(
        objective,
        network.flat_parameters(),
        jac=True,
        method="L-BFGS-B",
        callback=record,
        options={"maxiter": config.steps},
    )
    if history[-1].step != iteration:
        history.append(snapshot(iteration, result.x))
    return history
