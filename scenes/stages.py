"""The positions a scene animates between, computed from nn_core's forward trace (no Manim here).

A network applied to the plane is shown as a sequence of steps, layer by layer: the linear map
W x, the bias (a translation), then the activation. Each step moves every tracked point (data
points, samples along grid lines, the basis vectors) from one :class:`PlaneState` to the next, and
every position comes from :func:`nn_core.forward`. Outputs of width 1 are drawn on the x-axis (the
number line); width 2 in the plane; width 3 in space.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import Network, forward
from nn_core.architecture import Architecture

__all__ = [
    "PlaneState",
    "Step",
    "StageError",
    "axis_line_indices",
    "element_wise_layer",
    "embed",
    "expression_after",
    "grid_lines",
    "layer_steps",
    "plane_section",
    "principal_axes",
    "quadrant_lattice",
    "step_label",
]


class StageError(ValueError):
    pass


@dataclass(frozen=True)
class PlaneState:
    """Where everything is at one moment, in plane coordinates (each array ``(..., 3)``).

    ``points (n, 3)`` data points; ``grid (lines, samples, 3)`` samples along the grid lines;
    ``basis (3, 3)`` the origin and the tips of î and ĵ, or ``None`` where arrows are not shown;
    ``dimension`` of the space the state lives in (1: number line, 2: plane, 3: space).
    """

    points: np.ndarray
    grid: np.ndarray
    basis: np.ndarray | None
    dimension: int
    projected_from: int | None = None
    """The true width of the layer when it is shown through a projection onto 3 dimensions."""


@dataclass(frozen=True)
class Step:
    """One animated move: ``kind`` is ``linear``, ``bias`` or ``activation`` of layer ``layer`` (1-based)."""

    kind: str
    layer: int
    activation: str
    start: PlaneState
    end: PlaneState

    @property
    def label(self) -> str:
        return step_label(self.kind, self.layer, self.activation)


def step_label(kind: str, layer: int, activation: str = "") -> str:
    """How a step is written on screen, e.g. ``W_1 x``, ``+ b_1``, ``relu``."""
    if kind == "linear":
        return f"W_{layer}"
    if kind == "bias":
        return f"+ b_{layer}"
    return activation


def embed(values: np.ndarray) -> np.ndarray:
    """Lift ``(..., d)`` coordinates with d <= 3 into 3-D positions; width 1 lands on the x-axis."""
    values = np.asarray(values, dtype=np.float64)
    width = values.shape[-1]
    if width > 3:
        raise StageError(f"a layer of width {width} cannot be drawn directly: project it first")
    padded = np.zeros(values.shape[:-1] + (3,))
    padded[..., :width] = values
    return padded


def grid_lines(
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    spacing: float = 1.0,
    samples: int = 121,
) -> np.ndarray:
    """Samples along the vertical and horizontal grid lines of a rectangle: ``(lines, samples, 2)``.

    Dense samples let a line bend smoothly where an activation folds it.
    """
    xs = np.arange(np.ceil(x_range[0] / spacing), np.floor(x_range[1] / spacing) + 1) * spacing
    ys = np.arange(np.ceil(y_range[0] / spacing), np.floor(y_range[1] / spacing) + 1) * spacing
    along_y = np.linspace(*y_range, samples)
    along_x = np.linspace(*x_range, samples)
    vertical = np.stack([np.stack([np.full(samples, x), along_y], axis=-1) for x in xs])
    horizontal = np.stack([np.stack([along_x, np.full(samples, y)], axis=-1) for y in ys])
    return np.concatenate([vertical, horizontal])


def _single_layer(network: Network, index: int) -> Network:
    weight = network.weights[index]
    return Network(
        Architecture(weight.shape[::-1], ("identity",)), (weight,), (network.biases[index],)
    )


def _basis_through_layer(network: Network, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Origin, î and ĵ (and k̂) of layer ``index``'s input space: before, after W, after W and b."""
    width = network.weights[index].shape[1]
    basis = np.vstack([np.zeros(width), np.eye(width)])
    layer = forward(_single_layer(network, index), basis).layers[0]
    return basis, layer.linear, layer.pre_activation


def layer_steps(network: Network, points: np.ndarray, grid: np.ndarray) -> list[Step]:
    """Every step of ``network`` applied to ``points (n, d_in)`` and ``grid (lines, samples, d_in)``.

    Identity activations are not a step. The basis arrows follow each layer's W and b and are not
    drawn through a non-linear activation.
    """
    points = np.asarray(points, dtype=np.float64)
    grid = np.asarray(grid, dtype=np.float64)
    n_points = len(points)
    flat_grid = grid.reshape(-1, grid.shape[-1])
    trace = forward(network, np.vstack([points, flat_grid]))

    # One fixed projection per space wider than 3, fitted on the data points' values there
    projections: dict[int, np.ndarray] = {}
    for index, layer in enumerate(trace.layers):
        if layer.linear.shape[1] > 3:
            values = np.vstack(
                [
                    layer.linear[:n_points],
                    layer.pre_activation[:n_points],
                    layer.activation[:n_points],
                ]
            )
            projections[index + 1] = principal_axes(values, 3)
    if points.shape[1] > 3:
        projections[0] = principal_axes(points, 3)

    def state(values: np.ndarray, basis: np.ndarray | None, space: int) -> PlaneState:
        width = values.shape[1]
        projection = projections.get(space)
        if projection is not None:
            values = values @ projection.T
            basis = None
        return PlaneState(
            points=embed(values[:n_points]),
            grid=embed(values[n_points:]).reshape(grid.shape[:-1] + (3,)),
            basis=None if basis is None else embed(basis),
            dimension=min(width, 3),
            projected_from=width if projection is not None else None,
        )

    steps: list[Step] = []
    for index, layer in enumerate(trace.layers):
        number = index + 1
        activation = network.architecture.activations[index]
        basis_before, basis_linear, basis_biased = _basis_through_layer(network, index)
        show_basis = basis_before.shape[1] in (2, 3)
        before = state(layer.inputs, basis_before if show_basis else None, index)
        linear = state(layer.linear, basis_linear if show_basis else None, number)
        biased = state(layer.pre_activation, basis_biased if show_basis else None, number)
        steps.append(Step("linear", number, activation, before, linear))
        steps.append(Step("bias", number, activation, linear, biased))
        if activation != "identity":
            folded = state(layer.activation, None, number)
            steps.append(Step("activation", number, activation, _without_basis(biased), folded))
    return steps


def _without_basis(state: PlaneState) -> PlaneState:
    return PlaneState(state.points, state.grid, None, state.dimension, state.projected_from)


def element_wise_layer(activation: str, width: int = 2) -> Network:
    """A layer with W = I and b = 0: applying it applies ``activation`` and nothing else."""
    return Network(
        Architecture((width, width), (activation,)), (np.eye(width),), (np.zeros(width),)
    )


def quadrant_lattice(
    x_extent: float = 3.0, y_extent: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Lattice points ``(n, 2)`` at ±0.75, ±1.75, ... (half-way between the lines of a 0.5-spaced
    grid, none on an axis) inside [-x_extent, x_extent] x [-y_extent, y_extent], and the quadrant
    of each (0 for x1, x2 > 0, then 1, 2, 3 counter-clockwise)."""

    def centres(extent: float) -> np.ndarray:
        positive = np.arange(0.75, extent, 1.0)
        return np.concatenate([-positive[::-1], positive])

    xs, ys = np.meshgrid(centres(x_extent), centres(x_extent if y_extent is None else y_extent))
    lattice = np.column_stack([xs.ravel(), ys.ravel()])
    quadrant = np.select(
        [(lattice[:, 0] > 0) & (lattice[:, 1] > 0), lattice[:, 1] > 0, lattice[:, 0] < 0],
        [0, 1, 2],
        default=3,
    )
    return lattice, quadrant


def principal_axes(values: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` directions of largest variance of ``values (n, d)``, as rows ``(count, d)``.

    Used as a linear projection (no centring), so the origin stays the origin. Signs are fixed so
    each axis's largest component is positive: the same data always gives the same picture.
    """
    centred = values - values.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:count]
    signs = np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])
    return axes * signs[:, None]


def plane_section(
    normal: np.ndarray, offset: float, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """Corners of the polygon where the plane ``normal · p = offset`` cuts the box [lower, upper].

    Returns ``(k, 3)`` points in order around the polygon (k = 0 when the plane misses the box).
    """
    normal = np.asarray(normal, dtype=np.float64)
    corners = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], dtype=float)
    corners = lower + corners * (upper - lower)
    crossings = []
    for i in range(8):
        for j in range(i + 1, 8):
            if np.count_nonzero(corners[i] != corners[j]) != 1:
                continue  # not an edge of the box
            a, b = corners[i] @ normal - offset, corners[j] @ normal - offset
            if a == b or a * b > 0:
                continue
            crossings.append(corners[i] + (a / (a - b)) * (corners[j] - corners[i]))
    if len(crossings) < 3:
        return np.zeros((0, 3))
    crossings = np.unique(np.round(np.array(crossings), 12), axis=0)
    centre = crossings.mean(axis=0)
    # order around the centre in the plane's own 2-D frame
    helper = np.eye(3)[np.argmin(np.abs(normal))]
    u = np.cross(normal, helper)
    u /= np.linalg.norm(u)
    v = np.cross(normal / np.linalg.norm(normal), u)
    angles = np.arctan2((crossings - centre) @ v, (crossings - centre) @ u)
    return crossings[np.argsort(angles)]


def expression_after(steps: list[Step], count: int, *, input_name: str = "x") -> str:
    """LaTeX for what the plane shows after the first ``count`` steps, e.g. ``W_2 relu(W_1 x + b_1)``."""
    expression = input_name
    for step in steps[:count]:
        if step.kind == "linear":
            inner = (
                f"({expression})"
                if "+" in expression and not expression.endswith(")")
                else expression
            )
            expression = f"W_{{{step.layer}}}\\,{inner}"
        elif step.kind == "bias":
            expression = f"{expression} + b_{{{step.layer}}}"
        else:
            name = step.activation.replace("_", r"\_")
            expression = rf"\mathrm{{{name}}}({expression})"
    return expression


def axis_line_indices(grid: np.ndarray) -> tuple[int, ...]:
    """Indices of the grid lines that are the coordinate axes (x = 0 or y = 0)."""
    return tuple(
        i
        for i, line in enumerate(grid)
        if np.allclose(line[:, 0], 0.0) or np.allclose(line[:, 1], 0.0)
    )
