"""A network's numbers over a 2-D grid: its output over the input plane, its loss over two weights.

Scenes draw these as pictures: the decision regions of a classifier (``output_grid`` and the
boundary ``level_segments``), and the loss surface over two parameters with the path gradient
descent takes down it (``loss_grid`` beside ``descend``, which moves only those two parameters).
Parameters are addressed by their index in ``Network.flat_parameters()`` (W1 row-major, b1, W2, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from nn_core.activations import get_activation
from nn_core.architecture import Architecture
from nn_core.losses import Loss, get_loss
from nn_core.network import Network, forward
from nn_core.training import loss_and_gradient

__all__ = [
    "SLICE_DESCENTS",
    "Descent",
    "SliceDescent",
    "batched_forward",
    "descend",
    "level_segments",
    "loss_grid",
    "output_grid",
    "slice_descent",
]


# --- the input plane -------------------------------------------------------------------------


def output_grid(network: Network, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The 1-D output of a 2-input network at every grid point.

    ``xs (nx,)``, ``ys (ny,)``; returns ``values (ny, nx)`` with ``values[i, j]`` the output at
    ``(xs[j], ys[i])``, so row i is the horizontal line ``y = ys[i]``.
    """
    grid_x, grid_y = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    return forward(network, points).output[:, 0].reshape(grid_x.shape)


# Corner pairs each edge joins, as (row, column) offsets in a cell, in the order bottom, right,
# top, left; a segment that cuts off one corner joins that corner's two edges.
_EDGE_CORNERS = (((0, 0), (0, 1)), ((0, 1), (1, 1)), ((1, 0), (1, 1)), ((0, 0), (1, 0)))
_CUT_CORNER_EDGES = {"00": (0, 3), "01": (0, 1), "11": (1, 2), "10": (2, 3)}


def level_segments(values: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float) -> np.ndarray:
    """Where ``values (ny, nx)`` on the grid ``xs (nx,)``, ``ys (ny,)`` crosses ``level``.

    Marching squares with linear interpolation along each cell edge: returns ``segments (k, 2, 2)``,
    each a pair of points in plane coordinates. A saddle cell (corners alternating above and below)
    is split by the value at its centre, the mean of its corners.
    """
    values = np.asarray(values, dtype=np.float64)
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    above = values > level
    cells = (values.shape[0] - 1, values.shape[1] - 1)
    if min(cells) < 1:
        return np.zeros((0, 2, 2))
    rows, columns = np.indices(cells)
    crossings = np.zeros((*cells, 4), dtype=bool)
    points = np.zeros((*cells, 4, 2))

    def corner(array: np.ndarray, row: int, column: int) -> np.ndarray:
        """``array``'s value at the same corner of every cell, shaped like the cells."""
        return array[row : row + cells[0], column : column + cells[1]]

    for edge, ((r0, c0), (r1, c1)) in enumerate(_EDGE_CORNERS):
        a, b = corner(values, r0, c0), corner(values, r1, c1)
        crossings[..., edge] = corner(above, r0, c0) != corner(above, r1, c1)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossings[..., edge], (level - a) / (b - a), 0.0)
        points[..., edge, 0] = (1 - t) * xs[columns + c0] + t * xs[columns + c1]
        points[..., edge, 1] = (1 - t) * ys[rows + r0] + t * ys[rows + r1]
    count = crossings.sum(axis=-1)
    segments = []
    simple = count == 2
    # the two crossed edges of each simple cell, in edge order
    edges = np.argsort(~crossings[simple], axis=-1, kind="stable")[:, :2]
    cell_points = points[simple]
    segments.append(np.take_along_axis(cell_points, edges[:, :, None], axis=1))
    saddle = count == 4
    if saddle.any():
        corner_00 = above[:-1, :-1][saddle]
        centre_values = (values[:-1, :-1] + values[:-1, 1:] + values[1:, :-1] + values[1:, 1:]) / 4
        centre = centre_values[saddle] > level
        # cut off the two corners whose side differs from the centre's
        cut_00_11 = corner_00 != centre
        saddle_points = points[saddle]
        for cut, pairs in ((cut_00_11, ("00", "11")), (~cut_00_11, ("01", "10"))):
            for cut_corner in pairs:
                segments.append(saddle_points[cut][:, list(_CUT_CORNER_EDGES[cut_corner])])
    return np.concatenate(segments).reshape(-1, 2, 2)


# --- parameter space -------------------------------------------------------------------------


def batched_forward(
    architecture: Architecture, parameters: np.ndarray, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Many networks of one architecture on the same points at once.

    ``parameters (g, p)`` holds one flat parameter vector per network (laid out as
    ``Network.flat_parameters``), ``points (n, d_in)``. Returns the last layer's pre-activation and
    activation, each ``(g, n, d_out)``.
    """
    parameters = np.atleast_2d(np.asarray(parameters, dtype=np.float64))
    x = np.broadcast_to(np.asarray(points, dtype=np.float64), (len(parameters), *np.shape(points)))
    start = 0
    z = x
    for (out, inp), name in zip(architecture.layer_shapes, architecture.activations, strict=True):
        weight = parameters[:, start : start + out * inp].reshape(-1, out, inp)
        start += out * inp
        bias = parameters[:, start : start + out]
        start += out
        z = np.einsum("gni,goi->gno", x, weight) + bias[:, None, :]
        x = get_activation(name).forward(z)
    return z, x


def loss_grid(
    network: Network,
    points: np.ndarray,
    labels: np.ndarray,
    loss: str | Loss,
    parameters: tuple[int, int],
    first: np.ndarray,
    second: np.ndarray,
) -> np.ndarray:
    """The loss over a 2-D slice of parameter space.

    Flat parameters ``parameters[0]`` and ``parameters[1]`` take every value of ``first (n1,)`` and
    ``second (n2,)``; every other parameter stays as in ``network``. Returns ``losses (n2, n1)``,
    ``losses[i, j]`` at ``(first[j], second[i])``.
    """
    loss = get_loss(loss) if isinstance(loss, str) else loss
    grid_first, grid_second = np.meshgrid(np.asarray(first, float), np.asarray(second, float))
    stacked = np.repeat(network.flat_parameters()[None, :], grid_first.size, axis=0)
    stacked[:, parameters[0]] = grid_first.ravel()
    stacked[:, parameters[1]] = grid_second.ravel()
    logits, output = batched_forward(network.architecture, stacked, points)
    scored = logits if loss.on_logits else output
    targets = np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    losses = [loss.value(one, targets) for one in scored]
    return np.array(losses).reshape(grid_first.shape)


@dataclass(frozen=True)
class Descent:
    """Gradient descent on two parameters: where it went and how high the loss was.

    ``path (steps + 1, 2)`` holds the two parameters before every step and after the last;
    ``losses (steps + 1,)`` the loss there; ``network`` is the network at the end.
    """

    parameters: tuple[int, int]
    path: np.ndarray
    losses: np.ndarray
    network: Network


def descend(
    network: Network,
    points: np.ndarray,
    labels: np.ndarray,
    loss: str | Loss,
    parameters: tuple[int, int],
    start: tuple[float, float],
    *,
    learning_rate: float,
    steps: int,
) -> Descent:
    """Plain gradient descent on flat parameters ``parameters`` from ``start``, all others held.

    The others keep their values in ``network``: the path lies on the surface ``loss_grid``
    draws with the same network.
    """
    indices = list(parameters)
    flat = network.flat_parameters().copy()
    flat[indices] = start
    path, losses = [], []
    for step in range(steps + 1):
        current = network.with_flat_parameters(flat)
        value, gradient, _ = loss_and_gradient(current, points, labels, loss)
        if not np.isfinite(value):
            raise FloatingPointError(f"descent diverged at step {step}: lower the learning rate")
        path.append(flat[indices].copy())
        losses.append(value)
        if step < steps:
            flat[indices] -= learning_rate * gradient[indices]
    return Descent(tuple(parameters), np.array(path), np.array(losses), current)


@dataclass(frozen=True)
class SliceDescent:
    """A descent a scene shows: two parameters of a trained experiment's network set to ``start``
    and trained by plain gradient descent, every other parameter held at its trained value."""

    name: str
    experiment: str
    parameters: tuple[int, int]
    start: tuple[float, float]
    learning_rate: float
    steps: int
    description: str


SLICE_DESCENTS: dict[str, SliceDescent] = {
    d.name: d
    for d in (
        SliceDescent(
            name="hard-curves-bowl",
            experiment="one-layer-hard",
            parameters=(0, 1),
            start=(-2.5, -1.0),
            learning_rate=1.0,
            steps=150,
            description=(
                "w11 and w12 of the one-layer network on the hard curves rolled down from "
                "(-2.5, -1) with the bias held at its trained value"
            ),
        ),
    )
}


@cache
def slice_descent(name: str) -> tuple[SliceDescent, Descent]:
    """The named descent, run once per process, with its definition."""
    from nn_core.experiments import trained

    spec = SLICE_DESCENTS[name]
    experiment = trained(spec.experiment)
    data = experiment.data
    descent = descend(
        experiment.network,
        data.points,
        data.labels,
        experiment.experiment.config.loss,
        spec.parameters,
        spec.start,
        learning_rate=spec.learning_rate,
        steps=spec.steps,
    )
    return spec, descent
