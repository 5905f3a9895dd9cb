"""The activations and five-operations scenes: the drawn curves against the textbook formulas,
and every moved point against an independent NumPy computation of the map it shows."""

from __future__ import annotations

import numpy as np
import pytest

from datasets import load_dataset
from nn_core import get_activation
from nn_core.activations import LEAKY_RELU_SLOPE
from scenes import five_operations
from scenes.activations import PLANE_CENTER, PLANE_HALF_SIZE, ActivationFunctions
from scenes.five_operations import FiveOperations
from tests.scene_rendering import render_scene

# Written out here rather than taken from nn_core, so the scene is checked against the formulas
FORMULAS = {
    "sigmoid": (
        lambda z: 1 / (1 + np.exp(-z)),
        lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
    ),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "leaky_relu": (
        lambda z: np.where(z > 0, z, LEAKY_RELU_SLOPE * z),
        lambda z: np.where(z > 0, 1.0, LEAKY_RELU_SLOPE),
    ),
}


@pytest.fixture(scope="module")
def activations():
    return render_scene(ActivationFunctions)[0]


@pytest.fixture(scope="module")
def operations():
    return render_scene(FiveOperations)[0]


def shown(scene, kind):
    (record,) = [r for r in scene.step_log if r.kind == kind]
    return record.coordinates


# --- activations: the graphs -------------------------------------------------------------------


def test_the_four_activations_are_shown_in_order(activations):
    assert [r.kind for r in activations.step_log] == list(FORMULAS)
    assert list(activations.graph_log) == list(FORMULAS)


@pytest.mark.parametrize("name", list(FORMULAS))
def test_the_drawn_curve_is_the_function(activations, name):
    z, value = activations.graph_log[name].function.T
    assert z.min() == pytest.approx(-3.0) and z.max() == pytest.approx(3.0, abs=0.03)
    np.testing.assert_allclose(value, FORMULAS[name][0](z), atol=1e-6)
    np.testing.assert_allclose(value, get_activation(name).forward(z), atol=1e-6)


@pytest.mark.parametrize("name", list(FORMULAS))
def test_the_drawn_dashes_are_the_derivative(activations, name):
    z, slope = activations.graph_log[name].derivative.T
    assert z.min() == pytest.approx(-3.0, abs=0.05) and z.max() == pytest.approx(3.0, abs=0.05)
    # dash ends are interpolated along the 0.02-wide sampling steps, hence the tolerance
    np.testing.assert_allclose(slope, FORMULAS[name][1](z), atol=1e-4)
    np.testing.assert_allclose(slope, get_activation(name).derivative(z), atol=1e-4)


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_the_jump_of_a_piecewise_derivative_is_a_gap_not_a_vertical_line(activations, name):
    _, slope = activations.graph_log[name].derivative.T
    low = 0.0 if name == "relu" else LEAKY_RELU_SLOPE
    assert np.all(np.isclose(slope, low) | np.isclose(slope, 1.0))


# --- activations: the plane --------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FORMULAS))
def test_every_lattice_point_moves_by_the_element_wise_activation(activations, name):
    moved = shown(activations, name)
    expected = FORMULAS[name][0](activations.lattice)
    np.testing.assert_allclose(moved[:, :2], expected, atol=1e-6)
    assert np.all(moved[:, 2] == 0)


def test_sigmoid_squashes_into_the_unit_square(activations):
    moved = shown(activations, "sigmoid")[:, :2]
    assert np.all((moved > 0) & (moved < 1))


def test_tanh_squashes_into_the_open_square(activations):
    moved = shown(activations, "tanh")[:, :2]
    assert np.all(np.abs(moved) < 1)


def test_relu_folds_each_quadrant_onto_its_piece(activations):
    # read back through a camera that followed the fold: zero up to rounding
    moved = shown(activations, "relu")[:, :2]
    quadrant = activations.quadrant

    def zero(values):
        return np.all(np.abs(values) < 1e-9)

    assert moved.min() >= -1e-9
    assert np.all(moved[quadrant == 0] > 1e-9)
    assert zero(moved[quadrant == 1][:, 0]) and np.all(moved[quadrant == 1][:, 1] > 1e-9)
    assert zero(moved[quadrant == 2])
    assert zero(moved[quadrant == 3][:, 1]) and np.all(moved[quadrant == 3][:, 0] > 1e-9)


def test_leaky_relu_bends_without_collapsing(activations):
    moved = shown(activations, "leaky_relu")[:, :2]
    lattice = activations.lattice
    assert len(np.unique(moved.round(9), axis=0)) == len(lattice)
    assert np.array_equal(np.sign(moved), np.sign(lattice))


@pytest.mark.parametrize("name", list(FORMULAS))
def test_the_camera_follows_the_points_so_they_stay_large(activations, name):
    """A squash once left the 36 points a blob 5 % of the frame wide until a zoom after it:
    at every sampled moment of the move they fill most of the plane's square, inside it."""
    (record,) = [r for r in activations.step_log if r.kind == name]
    assert len(record.times) >= 10
    side = 2 * PLANE_HALF_SIZE
    for t, drawn in zip(record.times, record.drawn, strict=True):
        span = np.ptp(drawn[:, :2], axis=0)
        assert span.max() >= 0.75 * side, (name, float(t), span)
        assert np.all(np.abs(drawn[:, :2] - PLANE_CENTER[:2]) <= PLANE_HALF_SIZE), (name, t)
    # and the camera did travel: every one of these activations shrinks the points
    start_view, end_view = record.views[0], record.views[-1]
    assert end_view.unit > 1.5 * start_view.unit, name


def test_the_plane_is_the_largest_thing_on_screen(activations):
    graph_width, graph_height = activations.panel_sizes["graph"]
    plane_width, plane_height = activations.panel_sizes["plane"]
    assert plane_width >= 1.5 * graph_width and plane_height >= 1.5 * graph_height


def test_the_video_opens_on_a_picture_not_an_empty_frame(activations):
    """The first frame once was empty: everything faded in from nothing."""
    time, opening = activations.opening_frame
    assert time == 0.0
    assert {type(m).__name__ for m in opening} >= {"VGroup", "Axes"}
    assert all(m.family_members_with_points() for m in opening)


def test_each_section_goes_up_with_its_own_words(activations):
    """The next activation's picture once went up while the last sentence was still held for
    its reading time, then vanished and faded in again (a blank frame at 28.2 s)."""
    starts = np.array([at for at, _ in activations.narration])
    assert len(activations.shown_at) == len(FORMULAS)
    for name, shown in activations.shown_at.items():
        assert np.isclose(starts, shown, atol=1e-6).any(), (name, shown, starts)


def test_each_section_crossfades_with_the_last_never_an_empty_frame(activations):
    """Each section once faded the last one out, then its own in: about 0.6 s of blank frames
    at 14.5 s, 29.2 s and 42.1 s."""
    later = [name for name in FORMULAS if name != "sigmoid"]
    assert sorted(activations.handovers) == sorted(later)
    assert all(count > 0 for count in activations.handovers.values())


def test_the_old_title_is_gone_before_the_new_one_comes_in():
    """Mid-crossfade the leaving and the arriving title, in the same place at the top, once
    showed at half opacity each, one over the other: at every moment of a handover at most one
    of them shows."""
    from manim import FadeIn, FadeOut

    class Handovers(ActivationFunctions):
        def setup(self) -> None:
            super().setup()
            self.title_fades: list[tuple[list, list]] = []

        def play(self, *animations, **kwargs) -> None:
            # the titles: all of them above the graph and the plane
            titles = [a for a in animations if a.mobject.get_bottom()[1] > 2.8]
            arriving = [a for a in titles if isinstance(a, FadeIn)]
            leaving = [a for a in titles if isinstance(a, FadeOut)]
            if arriving and leaving:
                self.title_fades.append((arriving, leaving))
            super().play(*animations, **kwargs)

    scene, _ = render_scene(Handovers)
    assert len(scene.title_fades) == len(FORMULAS) - 1
    for arriving, leaving in scene.title_fades:
        for alpha in np.linspace(0.0, 1.0, 41):
            shown_new = max(a.rate_func(alpha) for a in arriving)
            shown_old = max(1.0 - a.rate_func(alpha) for a in leaving)
            assert min(shown_new, shown_old) <= 1e-6, (alpha, shown_new, shown_old)


def test_no_point_is_drawn_under_a_text_panel(activations):
    for record in activations.step_log:
        for drawn in record.drawn:
            for left, right, bottom, top in record.panels:
                under = (
                    (drawn[:, 0] > left) & (drawn[:, 0] < right)
                    & (drawn[:, 1] > bottom) & (drawn[:, 1] < top)
                )  # fmt: skip
                assert not under.any(), (record.kind, (left, right, bottom, top))


# --- five operations ---------------------------------------------------------------------------


def rotation_by(degrees):
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return np.array([[c, -s], [s, c]])


@pytest.fixture(scope="module")
def inputs():
    return load_dataset("two-curves").points


def test_the_operations_come_in_the_order_of_the_list(operations):
    kinds = [r.kind for r in operations.step_log]
    assert kinds == ["lower", "raise", "reset", "scale", "rotate", "translate", "bend"]


def test_lowering_lays_every_point_on_the_number_line_at_w_x(operations, inputs):
    lowered = shown(operations, "lower")
    assert five_operations.LOWER.shape == (1, 2)
    np.testing.assert_allclose(lowered[:, 0], inputs @ five_operations.LOWER[0], atol=1e-9)
    assert np.all(lowered[:, 1:] == 0.0)
    # the basis arrows land on the line at the two entries of the row
    origin, i_hat, j_hat = operations.basis_log["lower"][:, :2]
    np.testing.assert_allclose(origin, [0, 0], atol=1e-9)
    np.testing.assert_allclose(i_hat, [five_operations.LOWER[0, 0], 0], atol=1e-9)
    np.testing.assert_allclose(j_hat, [five_operations.LOWER[0, 1], 0], atol=1e-9)


def test_raising_puts_the_line_into_the_plane_along_the_column(operations, inputs):
    raised = shown(operations, "raise")[:, :2]
    column = five_operations.RAISE[:, 0]
    assert five_operations.RAISE.shape == (2, 1)
    expected = np.outer(inputs @ five_operations.LOWER[0], column)
    np.testing.assert_allclose(raised, expected, atol=1e-9)
    # still one line through the origin: the lost direction did not come back
    assert np.abs(raised[:, 0] * column[1] - raised[:, 1] * column[0]).max() < 1e-9


def test_the_reset_brings_back_the_two_curves(operations, inputs):
    np.testing.assert_allclose(shown(operations, "reset")[:, :2], inputs, atol=1e-9)


def test_the_rotation_is_a_rotation_by_the_stated_angle():
    rotation = five_operations.rotation(five_operations.ROTATION_DEGREES)
    np.testing.assert_allclose(rotation, rotation_by(five_operations.ROTATION_DEGREES))
    np.testing.assert_allclose(rotation.T @ rotation, np.eye(2), atol=1e-12)
    assert np.linalg.det(rotation) == pytest.approx(1.0)


def test_the_chain_moves_the_points_by_s_then_r_then_b_then_tanh(operations, inputs):
    scale = five_operations.SCALE
    assert np.count_nonzero(scale - np.diag(np.diag(scale))) == 0, "a scale is diagonal"
    rotation = rotation_by(five_operations.ROTATION_DEGREES)
    shift = five_operations.SHIFT
    scaled = inputs @ scale.T
    rotated = scaled @ rotation.T
    translated = rotated + shift
    expected = {
        "scale": scaled,
        "rotate": rotated,
        "translate": translated,
        "bend": np.tanh(translated),
    }
    for kind, positions in expected.items():
        np.testing.assert_allclose(
            shown(operations, kind)[:, :2], positions, atol=1e-9, err_msg=kind
        )
    assert np.all(np.abs(shown(operations, "bend")) < 1)


def test_the_basis_arrows_show_the_columns_of_the_map_so_far(operations):
    scale = five_operations.SCALE
    rotation = rotation_by(five_operations.ROTATION_DEGREES)
    shift = five_operations.SHIFT
    maps = {
        "scale": (scale, np.zeros(2)),
        "rotate": (rotation @ scale, np.zeros(2)),
        "translate": (rotation @ scale, shift),
    }
    for kind, (weight, bias) in maps.items():
        origin, i_hat, j_hat = operations.basis_log[kind][:, :2]
        np.testing.assert_allclose(origin, bias, atol=1e-9, err_msg=kind)
        np.testing.assert_allclose(i_hat, bias + weight[:, 0], atol=1e-9, err_msg=kind)
        np.testing.assert_allclose(j_hat, bias + weight[:, 1], atol=1e-9, err_msg=kind)
    # no arrows through a non-linear bend
    assert "bend" not in operations.basis_log


def test_the_opening_moves_under_the_checklist_instead_of_holding(operations):
    """The picture once stood still for 7 s under the checklist sentence, the first card
    already up before its own caption."""
    from scenes.kit import captions, narration

    checklist = narration.checklist_sentence()
    held = sum(seconds for _, seconds, sentence in operations.hold_log if sentence == checklist)
    assert held < 0.1
    (start, _), (lower, _) = operations.narration[:2]
    assert start == 0.0 and lower >= captions.sentence_seconds(checklist) - 1e-6


def test_no_line_shows_through_the_checklist(operations):
    """The raised line once crossed the checklist's rows, seen through its backing."""
    backing, _ = operations.checklist
    assert backing.get_fill_opacity() == 1.0


def test_the_camera_closes_in_while_tanh_squashes_the_points(operations):
    """The bend once left the points a box a tenth of the frame wide until a camera step of
    its own after it: now at every moment they fill the column they are drawn in."""
    from scenes.kit.camera import (
        CHECK_TIMES,
        MIN_HEIGHT_SHARE,
        MIN_WIDTH_SHARE,
        coverage,
        drawn_points,
    )

    step, shot, framing = operations.bend_camera
    usable = framing.usable(2)
    assert shot.start != shot.end
    for t in CHECK_TIMES:
        drawn = drawn_points(shot.at(float(t)), step.at(float(t)), framing)
        assert drawn[:, 0].min() >= usable[0] - 1e-9 and drawn[:, 0].max() <= usable[1] + 1e-9
        assert drawn[:, 1].min() >= usable[2] - 1e-9 and drawn[:, 1].max() <= usable[3] + 1e-9
        width, height = coverage(drawn, framing)
        assert width >= MIN_WIDTH_SHARE - 1e-9 or height >= MIN_HEIGHT_SHARE - 1e-9, float(t)


def test_the_basis_arrows_fade_out_through_the_bend(operations):
    """tanh has no î and ĵ to carry: the arrows must not stay on the bent square."""
    figure = operations.figure
    assert not figure.basis_shown
    assert all(arrow.get_fill_opacity() == 0 for arrow in figure.basis)
