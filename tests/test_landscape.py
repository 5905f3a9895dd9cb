"""nn_core.landscape: grids of outputs and losses against nn_core's own forward pass and loss."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core import forward, init_network, loss_and_gradient, parse_architecture
from nn_core.experiments import trained
from nn_core.landscape import (
    SLICE_DESCENTS,
    batched_forward,
    descend,
    level_segments,
    loss_grid,
    output_grid,
    slice_descent,
)

XS = np.linspace(-2.0, 2.0, 41)
YS = np.linspace(-1.5, 2.5, 33)


def small_network(spec="2-3-1", seed=4, hidden="tanh", output="sigmoid"):
    return init_network(parse_architecture(spec, hidden, output), seed)


# --- the input plane -------------------------------------------------------------------------


def test_output_grid_rows_are_horizontal_lines():
    network = small_network()
    values = output_grid(network, XS, YS)
    assert values.shape == (len(YS), len(XS))
    i, j = 7, 30
    expected = forward(network, np.array([[XS[j], YS[i]]])).output[0, 0]
    assert values[i, j] == pytest.approx(expected, abs=1e-12)


def test_level_segments_of_a_circle_lie_on_it():
    grid_x, grid_y = np.meshgrid(XS, YS)
    segments = level_segments(grid_x**2 + grid_y**2, XS, YS, 1.0)
    radii = np.linalg.norm(segments, axis=-1)
    # linear interpolation of r^2 along a cell edge of 0.1 is off by well under 0.01
    assert np.allclose(radii, 1.0, atol=0.01)
    # the segments chain into a closed curve about 2 pi long
    length = np.linalg.norm(segments[:, 1] - segments[:, 0], axis=-1).sum()
    assert length == pytest.approx(2 * np.pi, rel=0.01)


def test_level_segments_of_a_plane_are_exact():
    grid_x, grid_y = np.meshgrid(XS, YS)
    segments = level_segments(0.7 * grid_x - 1.3 * grid_y, XS, YS, 0.25).reshape(-1, 2)
    assert len(segments) > 0
    assert np.allclose(0.7 * segments[:, 0] - 1.3 * segments[:, 1], 0.25)


def test_level_segments_split_saddles_by_the_centre():
    xs = ys = np.array([0.0, 1.0])
    # corners 00 and 11 above the level, the centre (mean 0.75) above too: they join through it
    values = np.array([[2.0, -0.5], [-0.5, 2.0]])
    segments = level_segments(values, xs, ys, 0.5)
    assert segments.shape == (2, 2, 2)
    cut_corners = {tuple(np.round(seg.mean(axis=0))) for seg in segments}
    assert cut_corners == {(1.0, 0.0), (0.0, 1.0)}
    assert level_segments(-values, xs, ys, -0.5).shape == (2, 2, 2)


def test_level_segments_of_a_constant_are_empty():
    assert level_segments(np.ones((5, 6)), XS[:6], YS[:5], 0.5).shape == (0, 2, 2)


# --- parameter space -------------------------------------------------------------------------


def test_batched_forward_matches_forward():
    network = small_network("2-4-3-1", hidden="relu")
    rng = np.random.default_rng(0)
    points = rng.normal(size=(9, 2))
    flats = network.flat_parameters() + rng.normal(size=(5, network.flat_parameters().size))
    logits, output = batched_forward(network.architecture, flats, points)
    for index, flat in enumerate(flats):
        trace = forward(network.with_flat_parameters(flat), points)
        assert np.allclose(logits[index], trace.logits)
        assert np.allclose(output[index], trace.output)


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_loss_grid_matches_loss_and_gradient(loss):
    network = small_network()
    rng = np.random.default_rng(1)
    points = rng.normal(size=(12, 2))
    labels = (points[:, 0] > 0).astype(int)
    first, second = np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)
    parameters = (1, 9)  # a first-layer weight and the output layer's first weight
    grid = loss_grid(network, points, labels, loss, parameters, first, second)
    assert grid.shape == (len(second), len(first))
    for i, j in [(0, 0), (3, 4), (2, 1)]:
        flat = network.flat_parameters().copy()
        flat[list(parameters)] = first[j], second[i]
        expected, _, _ = loss_and_gradient(network.with_flat_parameters(flat), points, labels, loss)
        assert grid[i, j] == pytest.approx(expected, rel=1e-12)


def test_descend_moves_only_its_two_parameters_downhill():
    network = small_network()
    rng = np.random.default_rng(2)
    points = rng.normal(size=(20, 2))
    labels = (points[:, 1] > 0).astype(int)
    descent = descend(
        network, points, labels, "bce", (2, 3), (1.5, -1.0), learning_rate=0.5, steps=30
    )
    assert descent.path.shape == (31, 2)
    assert np.allclose(descent.path[0], (1.5, -1.0))
    assert np.all(np.diff(descent.losses) <= 1e-12)
    held = np.delete(network.flat_parameters(), [2, 3])
    assert np.array_equal(np.delete(descent.network.flat_parameters(), [2, 3]), held)
    assert np.allclose(descent.network.flat_parameters()[[2, 3]], descent.path[-1])
    # each height is the loss at that point of the path
    flat = network.flat_parameters().copy()
    flat[[2, 3]] = descent.path[10]
    value, _, _ = loss_and_gradient(network.with_flat_parameters(flat), points, labels, "bce")
    assert descent.losses[10] == pytest.approx(value)


@pytest.mark.parametrize("name", list(SLICE_DESCENTS))
def test_slice_descent_ends_at_the_trained_weights(name):
    spec, descent = slice_descent(name)
    network = trained(spec.experiment).network
    # with the other parameters at their trained values, the slice's lowest point is the
    # trained network's own: rolling down from anywhere ends there
    assert np.allclose(
        descent.path[-1], network.flat_parameters()[list(spec.parameters)], atol=1e-3
    )
    assert descent.losses[-1] < descent.losses[0]
