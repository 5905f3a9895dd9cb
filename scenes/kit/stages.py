"""The positions a scene animates between, computed from nn_core's forward trace (no Manim here).

A network applied to the plane is shown as a sequence of steps, layer by layer: the linear map
W x, the bias (a translation), then the activation. Each step moves every tracked point (data
points, samples along grid lines, the basis vectors) from one :class:`PlaneState` to the next, and
every position comes from :func:`nn_core.forward`. Outputs of width 1 are drawn on the x-axis (the
number line); width 2 in the plane; width 3 in space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nn_core import Network, forward
from nn_core.architecture import Architecture

__all__ = [
    "first_half",
    "second_half",
    "LinearPath",
    "PlaneState",
    "Step",
    "StageError",
    "axis_line_indices",
    "element_wise_layer",
    "embed",
    "expression_after",
    "grid_lines",
    "layer_steps",
    "mix_states",
    "plane_section",
    "principal_axes",
    "quadrant_lattice",
    "smooth_step",
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


def smooth_step(s: float) -> float:
    """Ease in and out on [0, 1] with zero speed and acceleration at both ends."""
    s = min(max(s, 0.0), 1.0)
    return s * s * s * (s * (6 * s - 15) + 10)


def first_half(t: float) -> float:
    """A rate that runs through the first half of an animation and holds through the second."""
    return min(1.0, max(0.0, 2.0 * t))


def second_half(t: float) -> float:
    """A rate that waits through the first half of an animation and runs through the second."""
    return min(1.0, max(0.0, 2.0 * t - 1.0))


def _turn(angle: float) -> np.ndarray:
    """A rotation of the plane by ``angle`` (counter-clockwise), as a 3x3 matrix."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _turn_about(axis: np.ndarray, angle: float) -> np.ndarray:
    """A rotation of space by ``angle`` about the unit vector ``axis`` (Rodrigues)."""
    cross = np.array([[0.0, -axis[2], axis[1]], [axis[2], 0.0, -axis[0]], [-axis[1], axis[0], 0.0]])
    return np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * cross @ cross


def _embed_matrix(matrix: np.ndarray) -> np.ndarray:
    embedded = np.zeros((3, 3))
    embedded[: matrix.shape[0], : matrix.shape[1]] = matrix
    return embedded


# Below this, a turn or a stretch is not worth a phase of its own
_NEGLIGIBLE = 1e-3


class LinearPath:
    """How the plane travels from the identity to ``weight (out, in)``: ``at(t)`` is a 3x3 matrix.

    A straight line (1-t) I + t W can pass through a singular matrix on the way (it must when
    det W < 0), which on screen looks like the plane collapsing onto a line by accident. So:

    - square 2x2 W = R P (polar decomposition, R orthogonal, P symmetric positive semi-definite):
      first R, then the stretch R((1-s) I + s P). A proper R is a turn in the plane; an improper
      one is a reflection across a line, shown as the plane turning half over about that line
      through space, as 3Blue1Brown's linear-algebra series does;
    - square 3x3 W: the same in space, except that a mirror image cannot be turned through a
      fourth dimension: it is shown as space flattening once onto a plane and coming out
      mirrored (rank 2 for that instant, never lower);
    - 3x2 W = Q P (Q with orthonormal columns, P symmetric positive semi-definite): the plane
      first turns up into space as a rigid sheet onto Q's plane, then stretches within it, so
      a viewer sees the lift as a tilt and the stretch as a stretch (a straight line would
      sweep the sheet's normal about while it stretches);
    - 1x2 or 1x3 W = w: turn the direction of w onto the x-axis, then squash onto that axis;
      a 1x2 row with w1 > 0 instead squashes straight down (î stays on the x-axis, ĵ swings
      onto it, as the article draws f(x) = [1 1] x), which is singular only at the end;
    - other shapes: the straight line.

    Each phase gets an equal share of ``t`` and eases in and out on its own. Until ``t = 1`` the
    matrix restricted to the input space has full rank (the flip is a rotation of space; the
    3x3 mirror is the one exception above), and ``at(1)`` is exactly W embedded in 3x3.
    """

    def __init__(self, weight: np.ndarray) -> None:
        weight = np.asarray(weight, dtype=np.float64)
        self.weight = weight
        self.target = _embed_matrix(weight)
        self.phases: list[tuple[str, Callable[[float], np.ndarray]]] = []
        rows, columns = weight.shape
        if rows == columns == 2:
            self._polar(weight)
        elif rows == columns == 3:
            self._polar_in_space(weight)
        elif rows == 3 and columns == 2:
            self._lift(weight)
        elif rows == 1 and columns in (2, 3):
            self._row(weight[0])
        else:
            start = _embed_matrix(np.eye(columns))
            self.phases.append(("straight", lambda s: start + s * (self.target - start)))

    def _polar(self, weight: np.ndarray) -> None:
        u, singular, vt = np.linalg.svd(weight)
        orthogonal = u @ vt
        stretch = vt.T @ np.diag(singular) @ vt
        angle = float(np.arctan2(orthogonal[1, 0], orthogonal[0, 0]))
        if np.linalg.det(orthogonal) > 0:
            if abs(angle) > _NEGLIGIBLE:
                self.phases.append(("turn", lambda s: _turn(s * angle)))
        else:
            # [[cos 2a, sin 2a], [sin 2a, -cos 2a]] mirrors across the line at angle a
            axis = np.array([np.cos(angle / 2), np.sin(angle / 2), 0.0])
            self.phases.append(("flip", lambda s: _turn_about(axis, s * np.pi)))
        if np.abs(stretch - np.eye(2)).max() > _NEGLIGIBLE:
            turned = _embed_matrix(orthogonal)
            turned[2, 2] = 1.0
            self.phases.append(
                ("stretch", lambda s: turned @ _embed_matrix((1 - s) * np.eye(2) + s * stretch))
            )
        if not self.phases:
            self.phases.append(
                ("stretch", lambda s: _embed_matrix(np.eye(2) + s * (weight - np.eye(2))))
            )

    def _polar_in_space(self, weight: np.ndarray) -> None:
        from scipy.spatial.transform import Rotation

        u, singular, vt = np.linalg.svd(weight)
        orthogonal = u @ vt
        stretch = vt.T @ np.diag(singular) @ vt
        mirror = np.eye(3)
        if np.linalg.det(orthogonal) < 0:
            # Space has no fourth dimension to turn a mirror image through: mirror across the
            # plane normal to the direction W reverses, which flattens space once onto that
            # plane (never onto a line), then turn
            eigenvalues, eigenvectors = np.linalg.eig(orthogonal)
            normal = np.real(eigenvectors[:, np.argmin(np.abs(eigenvalues + 1))])
            normal /= np.linalg.norm(normal)
            reflection = np.outer(normal, normal)
            mirror = np.eye(3) - 2 * reflection
            self.phases.append(("mirror", lambda s: np.eye(3) - 2 * s * reflection))
        turn = Rotation.from_matrix(orthogonal @ mirror).as_rotvec()
        if np.linalg.norm(turn) > _NEGLIGIBLE:
            self.phases.append(
                ("turn", lambda s: Rotation.from_rotvec(s * turn).as_matrix() @ mirror)
            )
        if np.abs(stretch - np.eye(3)).max() > _NEGLIGIBLE or not self.phases:
            self.phases.append(
                ("stretch", lambda s: orthogonal @ ((1 - s) * np.eye(3) + s * stretch))
            )

    def _lift(self, weight: np.ndarray) -> None:
        from scipy.spatial.transform import Rotation

        u, singular, vt = np.linalg.svd(weight, full_matrices=False)
        if singular[1] < 1e-9 * max(singular[0], 1e-300):
            start = _embed_matrix(np.eye(2))
            self.phases.append(("straight", lambda s: start + s * (self.target - start)))
            return
        onto = u @ vt
        stretch = vt.T @ np.diag(singular) @ vt
        # the turn of space that carries the plane z = 0 onto Q's plane, î and ĵ onto Q's columns
        turned = np.column_stack([onto[:, 0], onto[:, 1], np.cross(onto[:, 0], onto[:, 1])])
        turn = Rotation.from_matrix(turned).as_rotvec()
        flat = np.diag([1.0, 1.0, 0.0])
        if np.linalg.norm(turn) > _NEGLIGIBLE:
            self.phases.append(
                ("lift", lambda s: Rotation.from_rotvec(s * turn).as_matrix() @ flat)
            )
        carried = _embed_matrix(onto)
        if np.abs(stretch - np.eye(2)).max() > _NEGLIGIBLE or not self.phases:
            self.phases.append(
                ("stretch", lambda s: carried @ _embed_matrix((1 - s) * np.eye(2) + s * stretch))
            )

    def _row(self, row: np.ndarray) -> None:
        if len(row) == 2 and row[0] > 0:
            # [[1, t w2], [0, 1 - t]] scaled by (1 - t + t w1) along x: singular only at t = 1.
            # This is the article's picture: î stays on the line, ĵ swings down onto it
            start = _embed_matrix(np.eye(2))
            self.phases.append(("squash", lambda s: start + s * (self.target - start)))
            return
        length = float(np.linalg.norm(row))
        direction = _embed_matrix(row[None, :])[0] / max(length, 1e-300)
        # the turn that takes the row's direction onto the x-axis, about their common normal
        normal = np.cross(direction, [1.0, 0.0, 0.0])
        angle = float(np.arctan2(np.linalg.norm(normal), direction[0]))
        axis = normal / np.linalg.norm(normal) if np.linalg.norm(normal) > 1e-12 else np.eye(3)[2]
        turned = _turn_about(axis, angle)
        if abs(angle) > _NEGLIGIBLE:
            self.phases.append(("turn", lambda s: _turn_about(axis, s * angle)))

        def squash(s: float) -> np.ndarray:
            return np.diag([1 - s + s * length, 1 - s, 1 - s]) @ turned

        self.phases.append(("squash", squash))

    @property
    def phase_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.phases)

    def at(self, t: float) -> np.ndarray:
        if t >= 1.0:
            return self.target.copy()
        count = len(self.phases)
        index = min(int(max(t, 0.0) * count), count - 1)
        return self.phases[index][1](smooth_step(t * count - index))


@dataclass(frozen=True)
class Step:
    """One animated move: ``kind`` is ``linear``, ``bias`` or ``activation`` of layer ``layer`` (1-based).

    ``path`` (linear steps between spaces drawn directly) says how the plane travels to W x.
    """

    kind: str
    layer: int
    activation: str
    start: PlaneState
    end: PlaneState
    path: LinearPath | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return step_label(self.kind, self.layer, self.activation)

    def matrix_at(self, t: float) -> np.ndarray | None:
        """The 3x3 matrix the plane has reached at time ``t`` of a linear step with a path."""
        return None if self.path is None else self.path.at(t)

    def at(self, t: float) -> PlaneState:
        """Where everything is at time ``t`` in [0, 1] of the step (eased; ``at(1)`` is ``end``).

        A linear step follows its path; a bias moves every point by the same vector; an
        activation moves each point straight from x to a(x), so folds bend the dense grid.
        """
        if t >= 1.0:
            return self.end
        if t <= 0.0:
            return self.start
        matrix = self.matrix_at(t)
        if matrix is None:
            return mix_states(self.start, self.end, smooth_step(t))
        start = self.start
        return PlaneState(
            points=start.points @ matrix.T,
            grid=start.grid @ matrix.T,
            basis=None if start.basis is None else start.basis @ matrix.T,
            dimension=max(start.dimension, self.end.dimension),
        )


def mix_states(start: PlaneState, end: PlaneState, alpha: float) -> PlaneState:
    """Every position ``alpha`` of the way in a straight line from ``start`` to ``end``."""

    def mix(a, b):
        return a + alpha * (b - a)

    if start.basis is not None and end.basis is not None:
        basis = mix(start.basis, end.basis)
    else:
        basis = start.basis if start.basis is not None else end.basis
    return PlaneState(
        points=mix(start.points, end.points),
        grid=mix(start.grid, end.grid),
        basis=basis,
        dimension=max(start.dimension, end.dimension),
    )


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


def layer_steps(
    network: Network,
    points: np.ndarray,
    grid: np.ndarray,
    fixed_projections: dict[int, np.ndarray] | None = None,
) -> list[Step]:
    """Every step of ``network`` applied to ``points (n, d_in)`` and ``grid (lines, samples, d_in)``.

    Identity activations are not a step. The basis arrows follow each layer's W and b and are not
    drawn through a non-linear activation. A space wider than 3 is drawn through its 3 principal
    axes, unless ``fixed_projections`` gives that space's own ``(3, width)`` rows (by layer number:
    1 for the first layer's outputs).
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
    projections.update(fixed_projections or {})

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
        drawn_directly = before.projected_from is None and linear.projected_from is None
        path = LinearPath(network.weights[index]) if drawn_directly else None
        steps.append(Step("linear", number, activation, before, linear, path))
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
