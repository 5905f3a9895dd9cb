"""K classes: where each class's score wins in the last hidden space (no Manim here).

The output layer of a K-class network gives class k the score ``s_k = w_k · h + b_k``, a linear
function of the last hidden point h, and the network predicts the class with the highest score.
So the hidden space is cut into K convex regions, one per class, bounded by the lines where two
scores tie: ``(w_i - w_j) · h + (b_i - b_j) = 0``. This module computes that picture in the
coordinates the scene draws the hidden space in:

- width 1 (a line): the regions are intervals, the ties points;
- width 2 (the plane): convex polygons, the ties segments;
- width 3, or wider shown through a projection onto 3 axes: the regions where they cut the
  plane the points lie closest to (its own 2-D frame); through a projection the scores are
  those of the hidden points the projection keeps (``h = Pᵀ u``), which the video says.

Every function is pure NumPy over the trained network's weights and the states the scene draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import Network, forward
from scenes.kit.half_planes import clip_to_half_plane
from scenes.kit.stages import PlaneState, Step, layer_steps, principal_axes

__all__ = [
    "ClassRegions",
    "class_intervals",
    "class_polygons",
    "class_regions",
    "drawn_scores",
    "hidden_steps",
    "score_projection",
    "section_axes",
    "tie_segments",
]

# A point this close to a tie (relative to the scores' spread) counts as on it
_TIE_TOLERANCE = 1e-9


def hidden_steps(
    network: Network, points: np.ndarray, grid: np.ndarray, *, score_axes: bool = True
) -> list[Step]:
    """The steps a K-class story plays: every layer's but the output layer's, whose K scores
    are shown as the regions where each wins instead of as a space of their own.

    A last hidden layer wider than 3 is drawn through :func:`score_projection` (``score_axes``),
    so the regions drawn there are exact, or else through the main axes of its values, which
    show the sheet of points as wide as it is (the score axes can see it nearly edge-on); a
    story then turns the picture onto the score axes before it draws the regions."""
    if network.architecture.output_size == 1:
        return layer_steps(network, points, grid)
    fixed = {}
    wide = network.layer_count >= 2 and network.weights[-1].shape[1] > 3
    if wide and score_axes:
        fixed[network.layer_count - 1] = score_projection(network, points)
    steps = layer_steps(network, points, grid, fixed_projections=fixed)
    return [step for step in steps if step.layer < network.layer_count]


def score_projection(network: Network, points: np.ndarray) -> np.ndarray:
    """The 3 axes ``(3, width)`` a wide last hidden layer of a K-class network is drawn
    through: first the directions in which the scores differ (the rows of ``w_k - w_0``, at most
    K - 1 of them, orthonormalized), then the principal axes of the points' hidden values across
    them. With K <= 4 the differences of the scores, and so the winning class, are exact
    functions of the drawn coordinates."""
    weight = network.weights[-1]
    layer = forward(network, points).layers[-2]
    values = np.vstack([layer.linear, layer.pre_activation, layer.activation])
    differences = weight[1:] - weight[0]
    _, singular, vt = np.linalg.svd(differences, full_matrices=False)
    rank = int(np.sum(singular > 1e-12 * max(singular.max(initial=0.0), 1e-300)))
    axes = vt[: min(rank, 3)]
    if len(axes) < 3:
        residual = values - (values @ axes.T) @ axes
        extra = principal_axes(residual, 3 - len(axes))
        extra = extra - (extra @ axes.T) @ axes
        axes = np.vstack([axes, extra])
        axes, _ = np.linalg.qr(axes.T)
        axes = axes.T
    # signs fixed as principal_axes fixes them: the same network, the same picture
    signs = np.sign(axes[np.arange(3), np.abs(axes).argmax(axis=1)])
    return axes * signs[:, None]


def drawn_scores(
    network: Network, points: np.ndarray, hidden_state: PlaneState
) -> tuple[np.ndarray, np.ndarray]:
    """The output layer's scores as affine functions of the coordinates the last hidden space
    is drawn in: ``(W (K, d), b (K,))`` with ``s = W u + b`` for a drawn point ``u`` (d = 1, 2
    or 3, the drawn dimension).

    Drawn directly (width 1 to 3), u is h itself. Through the projection ``u = P h`` of
    :func:`score_projection`, the scores are those of ``h = Pᵀ u``: they differ from the
    network's by the same amount for every class, so the winner is the network's own.
    """
    weight, bias = network.weights[-1], network.biases[-1]
    width = weight.shape[1]
    if hidden_state.projected_from is None:
        return weight, bias
    projection = score_projection(network, points)
    if projection.shape != (3, width):
        raise ValueError(
            f"the last hidden layer has width {width}, drawn through {projection.shape}"
        )
    return weight @ projection.T, bias


@dataclass(frozen=True)
class ClassRegions:
    """Where each class wins, in drawn coordinates ``(.., 3)``.

    ``polygons``: per class, a list of ``(m, 3)`` polygons (an interval is a 2-corner polygon on
    the line); ``ties``: segments ``(k, 2, 3)`` where two scores tie and beat the others, with
    ``tie_pairs (k, 2)`` naming the two classes; ``plane``: for a 3-D space, the section's
    centre and its two in-plane axes ``(3, 3)``, else ``None``.
    """

    polygons: tuple[tuple[np.ndarray, ...], ...]
    ties: np.ndarray
    tie_pairs: np.ndarray
    plane: np.ndarray | None = None
    exact: bool = True
    """Whether every point's class is decided by where it falls in the picture: always in a
    line or a plane; in space when the scores change in two directions only (K <= 3), seen
    along the third, across the section."""


def section_axes(weight: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, bool]:
    """Two orthonormal axes ``(2, 3)`` of the plane a 3-D hidden space's regions are drawn on,
    and whether that picture is exact.

    The scores' differences change only along the rows of ``w_k - w_0``: with K <= 3 those span
    at most a plane, and every point seen along the plane's normal falls in its own class's
    region. With more classes the differences fill space; then the plane the points lie
    closest to is used, and the picture is not exact for points off it.
    """
    differences = weight[1:] - weight[0]
    _, singular, vt = np.linalg.svd(differences, full_matrices=True)
    rank = int(np.sum(singular > 1e-12 * max(singular.max(initial=0.0), 1e-300)))
    if rank >= 3:
        centred = points - points.mean(axis=0)
        return principal_axes(centred, 2), False
    axes = vt[:rank]
    if rank < 2:
        centred = points - points.mean(axis=0)
        residual = centred - (centred @ axes.T) @ axes
        extra = principal_axes(residual, 2 - rank) if np.ptp(residual) > 0 else vt[rank:2]
        axes = np.vstack([axes, extra - (extra @ axes.T) @ axes])
        axes = axes / np.linalg.norm(axes, axis=1, keepdims=True)
    return axes, True


def class_intervals(
    weight: np.ndarray, bias: np.ndarray, low: float, high: float
) -> list[tuple[int, float, float]]:
    """On a line: ``(class, start, end)`` for each stretch of [low, high] where that class's
    score ``weight[k, 0] x + bias[k]`` is highest, in order along the line."""
    weight = np.asarray(weight, dtype=np.float64).reshape(len(bias), -1)[:, 0]
    # every crossing of two score lines is where the winner may change
    cuts = [low, high]
    for i in range(len(bias)):
        for j in range(i + 1, len(bias)):
            slope = weight[i] - weight[j]
            if slope != 0:
                x = (bias[j] - bias[i]) / slope
                if low < x < high:
                    cuts.append(float(x))
    cuts = np.unique(cuts)
    pieces: list[tuple[int, float, float]] = []
    for start, end in zip(cuts[:-1], cuts[1:], strict=True):
        middle = 0.5 * (start + end)
        winner = int(np.argmax(weight * middle + bias))
        if pieces and pieces[-1][0] == winner:
            pieces[-1] = (winner, pieces[-1][1], float(end))
        else:
            pieces.append((winner, float(start), float(end)))
    return pieces


def class_polygons(
    weight: np.ndarray, bias: np.ndarray, low: np.ndarray, high: np.ndarray
) -> list[np.ndarray]:
    """In a plane: per class, the convex polygon ``(m, 2)`` of the box [low, high] where its
    score ``weight[k] · p + bias[k]`` is at least every other (empty ``(0, 2)`` where it never
    wins inside the box)."""
    box = np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]], [low[0], high[1]]])
    polygons = []
    for k in range(len(bias)):
        polygon = box.astype(np.float64)
        for j in range(len(bias)):
            if j != k:
                polygon = clip_to_half_plane(polygon, weight[k] - weight[j], bias[k] - bias[j])
        polygons.append(polygon if len(polygon) >= 3 else np.zeros((0, 2)))
    return polygons


def tie_segments(
    polygons: list[np.ndarray], weight: np.ndarray, bias: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The edges shared by two classes' polygons, where their scores tie: ``(k, 2, 2)``
    segments and the ``(k, 2)`` pairs of classes."""
    spread = float(np.abs(weight).max() + np.abs(bias).max()) or 1.0
    segments, pairs = [], []
    for k, polygon in enumerate(polygons):
        for index in range(len(polygon)):
            a, b = polygon[index], polygon[(index + 1) % len(polygon)]
            if np.allclose(a, b):
                continue
            for j in range(k + 1, len(bias)):
                gap = weight[k] - weight[j]
                offset = bias[k] - bias[j]
                if max(abs(a @ gap + offset), abs(b @ gap + offset)) <= 1e-7 * spread:
                    segments.append([a, b])
                    pairs.append([k, j])
    if not segments:
        return np.zeros((0, 2, 2)), np.zeros((0, 2), dtype=np.int64)
    return np.array(segments), np.array(pairs, dtype=np.int64)


def class_regions(
    weight: np.ndarray,
    bias: np.ndarray,
    state: PlaneState,
    margin: float = 0.15,
    keep: np.ndarray | None = None,
) -> ClassRegions:
    """The K regions and their ties around the points of ``state`` (the last hidden space as
    drawn), over the points' bounding box grown by ``margin`` of its size on every side.

    ``keep (k, 4)``, for a 3-D space: half-spaces ``n · p + offset >= 0`` (rows ``n, offset``)
    the regions are cut to, e.g. the part of the section a camera draws inside its region."""
    points = state.points[:, : state.dimension]
    if state.dimension == 3:
        centre = points.mean(axis=0)
        axes, exact = section_axes(weight, points)
        flat = (points - centre) @ axes.T
        in_plane_weight = weight @ axes.T
        in_plane_bias = bias + weight @ centre
        # each half-space, on the section plane: a half-plane of its own coordinates
        cuts = [] if keep is None else [(n @ axes.T, n @ centre + o) for *n, o in np.asarray(keep)]
        regions = _planar_regions(in_plane_weight, in_plane_bias, flat, margin, cuts)

        def lift(coords: np.ndarray) -> np.ndarray:
            return centre + coords @ axes

        return ClassRegions(
            tuple(tuple(lift(p[:, :2]) for p in polygons) for polygons in regions.polygons),
            lift(regions.ties[..., :2]) if len(regions.ties) else np.zeros((0, 2, 3)),
            regions.tie_pairs,
            np.vstack([centre, axes]),
            exact,
        )
    if state.dimension == 2:
        return _planar_regions(weight, bias, points, margin)
    low, high = float(points[:, 0].min()), float(points[:, 0].max())
    room = margin * max(high - low, 1e-9)
    pieces = class_intervals(weight, bias, low - room, high + room)
    polygons: list[list[np.ndarray]] = [[] for _ in range(len(bias))]
    for k, start, end in pieces:
        polygons[k].append(_embed([[start], [end]]))
    ties = np.array([_embed([[end], [end]]) for _, _, end in pieces[:-1]]).reshape(-1, 2, 3)
    pairs = np.array(
        [[pieces[i][0], pieces[i + 1][0]] for i in range(len(pieces) - 1)], dtype=np.int64
    ).reshape(-1, 2)
    return ClassRegions(tuple(tuple(p) for p in polygons), ties, pairs)


def _planar_regions(
    weight: np.ndarray,
    bias: np.ndarray,
    points: np.ndarray,
    margin: float,
    cuts: list[tuple[np.ndarray, float]] = (),
) -> ClassRegions:
    low, high = points.min(axis=0), points.max(axis=0)
    room = margin * np.maximum(high - low, 1e-9)
    polygons = class_polygons(weight, bias, low - room, high + room)
    for normal, offset in cuts:
        polygons = [clip_to_half_plane(p, normal, offset) if len(p) else p for p in polygons]
    polygons = [p if len(p) >= 3 else np.zeros((0, 2)) for p in polygons]
    ties, pairs = tie_segments(polygons, weight, bias)
    return ClassRegions(
        tuple((_embed(p),) if len(p) else () for p in polygons),
        _embed(ties) if len(ties) else np.zeros((0, 2, 3)),
        pairs,
    )


def _embed(values) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    padded = np.zeros(values.shape[:-1] + (3,))
    padded[..., : values.shape[-1]] = values
    return padded
