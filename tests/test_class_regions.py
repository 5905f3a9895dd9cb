"""The K-class picture's geometry (scenes/kit/classes.py), checked numerically: every point
lies in the region of the class the network predicts, ties are where two scores are equal;
and the K-class palette."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nn_core import init_network, parse_architecture
from nn_core.experiments import custom_experiment, run_experiment
from scenes.kit.classes import (
    class_intervals,
    class_polygons,
    class_regions,
    drawn_scores,
    hidden_steps,
    tie_segments,
)
from scenes.kit.stages import grid_lines


def inside(polygon: np.ndarray, point: np.ndarray) -> bool:
    """Whether ``point (2,)`` is inside the convex ``polygon (m, 2)`` (either orientation)."""
    edges = np.roll(polygon, -1, axis=0) - polygon
    cross = edges[:, 0] * (point[1] - polygon[:, 1]) - edges[:, 1] * (point[0] - polygon[:, 0])
    return bool(np.all(cross >= -1e-9) or np.all(cross <= 1e-9))


def polygon_area(polygon: np.ndarray) -> float:
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * abs(float(x @ np.roll(y, -1) - y @ np.roll(x, -1)))


def test_polygons_tile_the_box_by_the_highest_score():
    rng = np.random.default_rng(0)
    weight, bias = rng.normal(size=(4, 2)), rng.normal(size=4)
    low, high = np.array([-3.0, -2.0]), np.array([3.0, 2.0])
    polygons = class_polygons(weight, bias, low, high)
    samples = rng.uniform(low, high, size=(400, 2))
    winners = np.argmax(samples @ weight.T + bias, axis=1)
    for point, winner in zip(samples, winners, strict=True):
        assert inside(polygons[winner], point)
        others = [k for k in range(4) if k != winner and len(polygons[k])]
        # strictly inside one region only (ties have measure zero)
        assert not any(inside(polygons[k], point) for k in others) or np.isclose(
            np.sort(point @ weight.T + bias)[-1], np.sort(point @ weight.T + bias)[-2]
        )
    area = sum(polygon_area(p) for p in polygons if len(p))
    assert area == pytest.approx(6.0 * 4.0)


def test_tie_segments_are_where_two_scores_are_equal_and_highest():
    weight = np.array([[1.0, 0.0], [-0.5, 0.87], [-0.5, -0.87]])
    bias = np.zeros(3)
    polygons = class_polygons(weight, bias, np.array([-2.0, -2.0]), np.array([2.0, 2.0]))
    segments, pairs = tie_segments(polygons, weight, bias)
    # three rays from the origin, one per pair of classes, each found from both sides once
    assert {tuple(pair) for pair in pairs} == {(0, 1), (0, 2), (1, 2)}
    for segment, (i, j) in zip(segments, pairs, strict=True):
        for point in np.linspace(segment[0], segment[1], 5):
            scores = weight @ point + bias
            assert scores[i] == pytest.approx(scores[j], abs=1e-9)
            assert scores[i] >= scores.max() - 1e-9


def test_on_a_line_the_regions_are_intervals_in_order():
    weight = np.array([[-1.0], [0.0], [1.0]])
    bias = np.array([0.0, 0.5, 0.0])
    pieces = class_intervals(weight, bias, -3.0, 3.0)
    assert [k for k, _, _ in pieces] == [0, 1, 2]
    assert pieces[0][2] == pytest.approx(-0.5) and pieces[1][2] == pytest.approx(0.5)


@pytest.mark.parametrize("arch", ["2-2-3", "2-1-3", "2-3-3", "2-8-3", "2-16-3", "2-5-4-3"])
def test_every_drawn_point_lies_in_its_predicted_class_region(arch):
    """The regions drawn in the last hidden space agree with the network's own prediction
    for every data point (on the section plane for 3-D, through the projection for wide)."""
    trained = run_experiment(
        custom_experiment("spiral3", arch, output_activation="softmax", loss="ce", steps=400)
    )
    network, points = trained.network, trained.data.points
    steps = hidden_steps(network, points, grid_lines((-1, 1), (-1, 1), 0.5))
    assert all(step.layer < network.layer_count for step in steps)
    hidden = steps[-1].end
    weight, bias = drawn_scores(network, points, hidden)
    regions = class_regions(weight, bias, hidden)
    drawn = hidden.points
    if hidden.dimension == 3:
        centre, axes = regions.plane[0], regions.plane[1:]
        flat = (drawn - centre) @ axes.T
        scores = flat @ (weight @ axes.T).T + bias + weight @ centre
        in_plane = [[(p - centre) @ axes.T for p in polygons] for polygons in regions.polygons]
    else:
        flat = drawn[:, : hidden.dimension]
        scores = flat @ weight.T + bias
        in_plane = [[p[:, : hidden.dimension] for p in polygons] for polygons in regions.polygons]
    if hidden.projected_from is None and hidden.dimension < 3:
        # drawn directly: the drawn scores are the network's scores
        np.testing.assert_allclose(scores, trained.trace().logits, atol=1e-9)
    winners = np.argmax(scores, axis=1)
    # exact in every case with three classes, through a projection too
    assert regions.exact
    np.testing.assert_array_equal(winners, trained.predicted)
    for point, winner in zip(flat, winners, strict=True):
        if hidden.dimension == 1:
            assert any(p[0, 0] - 1e-9 <= point[0] <= p[1, 0] + 1e-9 for p in in_plane[winner])
        else:
            assert any(inside(p, point) for p in in_plane[winner])


def test_the_output_layer_is_not_a_step_of_a_k_class_story():
    network = init_network(parse_architecture("2-2-3", "relu", "softmax"), 0)
    binary = init_network(parse_architecture("2-2-1", "relu", "identity"), 0)
    grid = grid_lines((-1, 1), (-1, 1), 0.5)
    points = np.zeros((3, 2))
    assert [step.layer for step in hidden_steps(network, points, grid)] == [1, 1, 1]
    assert [step.layer for step in hidden_steps(binary, points, grid)] == [1, 1, 1, 2, 2]


# --- the K-class palette ----------------------------------------------------------------------


def _linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _encode(linear: np.ndarray) -> np.ndarray:
    c = np.clip(linear, 0, 1)
    return 255 * np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


# Machado, Oliveira and Fernandes (2009), severity 1: deuteranopia and protanopia
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]]
)
PROTANOPIA = np.array(
    [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]
)


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_six_class_colours_start_yellow_blue_and_stay_apart_for_colour_blind_viewers(theme_name):
    from manim import ManimColor

    from datasets.dataset import MAX_CLASSES
    from scenes.kit.theme import THEMES

    theme = THEMES[theme_name]
    palette = theme.class_palette
    assert len(palette) == MAX_CLASSES
    assert palette[:2] == theme.class_colors
    rgb = [ManimColor(color).to_rgb() * 255 for color in palette]
    for first, second in itertools.combinations(range(len(rgb)), 2):
        for name, matrix in (("deuteranopia", DEUTERANOPIA), ("protanopia", PROTANOPIA)):
            a = _encode(matrix @ _linear(rgb[first]))
            b = _encode(matrix @ _linear(rgb[second]))
            distance = np.linalg.norm(a - b)
            assert distance > 50, f"classes {first} and {second} look alike in {name}"
