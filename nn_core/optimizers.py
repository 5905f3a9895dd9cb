"""First-order update rules over a flat parameter vector, each a pure function of (params, grad, state)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["OPTIMIZERS", "OptimizerState", "adam_step", "gradient_descent_step", "momentum_step"]


@dataclass(frozen=True)
class OptimizerState:
    """What an update rule carries between steps: the step count and its moment estimates."""

    step: int = 0
    velocity: np.ndarray | None = None
    second_moment: np.ndarray | None = None
    hyper: dict = field(default_factory=dict)


def gradient_descent_step(
    params: np.ndarray, grad: np.ndarray, state: OptimizerState, learning_rate: float
) -> tuple[np.ndarray, OptimizerState]:
    return params - learning_rate * grad, OptimizerState(state.step + 1)


def momentum_step(
    params: np.ndarray,
    grad: np.ndarray,
    state: OptimizerState,
    learning_rate: float,
    beta: float = 0.9,
) -> tuple[np.ndarray, OptimizerState]:
    velocity = grad if state.velocity is None else beta * state.velocity + grad
    return params - learning_rate * velocity, OptimizerState(state.step + 1, velocity)


def adam_step(
    params: np.ndarray,
    grad: np.ndarray,
    state: OptimizerState,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
) -> tuple[np.ndarray, OptimizerState]:
    step = state.step + 1
    first = (
        (1 - beta1) * grad
        if state.velocity is None
        else beta1 * state.velocity + (1 - beta1) * grad
    )
    second = (
        (1 - beta2) * grad**2
        if state.second_moment is None
        else beta2 * state.second_moment + (1 - beta2) * grad**2
    )
    first_unbiased = first / (1 - beta1**step)
    second_unbiased = second / (1 - beta2**step)
    update = learning_rate * first_unbiased / (np.sqrt(second_unbiased) + epsilon)
    return params - update, OptimizerState(step, first, second)


OPTIMIZERS = {
    "gd": gradient_descent_step,
    "momentum": momentum_step,
    "adam": adam_step,
}
