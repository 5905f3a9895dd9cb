"""The training scenes (circles-training, loss-surface, trask-network) against nn_core.

Each scene is rendered once, in-process and without animations; the tests then read what the
scene drew (rectangles, curve vertices, ball position, typeset numbers) back into data
coordinates and compare it with numbers computed here straight from nn_core.
"""

from __future__ import annotations

import numpy as np
import pytest

from nn_core import forward, loss_and_gradient, predict_labels
from nn_core.experiments import trained
from nn_core.landscape import SLICE_DESCENTS
from scenes.circles_training import CirclesTraining
from scenes.loss_surface import LossSurface
from scenes.trask import TraskNetwork
from tests.scene_rendering import render_scene


def polyline_vertices(vmobject) -> np.ndarray:
    """The corners a ``set_points_as_corners`` polyline goes through, ``(k, 3)``."""
    points = vmobject.points
    return np.vstack([points[::4], points[-1:]])


def tex_number(mobject) -> float:
    return float(mobject.get_tex_string().replace("{-}", "-"))


# --- circles-training ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def circles():
    scene, frame = render_scene(CirclesTraining)
    return scene, frame


def test_circles_first_caption_is_read_over_a_moving_picture(circles):
    """circles-training stood still for 2.1 s at 1.5 s, waiting for its first caption."""
    scene, _ = circles
    first = scene.narration[0][1]
    assert [hold for hold in scene.hold_log if hold[2] == first] == []


def test_circles_final_regions_are_the_trained_networks_predictions(circles):
    scene, _ = circles
    experiment = trained(scene.experiment)
    assert scene.shown_snapshot == len(experiment.history) - 1
    raster = scene.regions
    drawn = raster.cell_labels()
    assert (drawn >= 0).all(), "every cell is covered by a rectangle"
    centres_x = (raster.edges_x[:-1] + raster.edges_x[1:]) / 2
    centres_y = (raster.edges_y[:-1] + raster.edges_y[1:]) / 2
    grid_x, grid_y = np.meshgrid(centres_x, centres_y)
    scene_points = np.column_stack([grid_x.ravel(), grid_y.ravel(), np.zeros(grid_x.size)])
    plane_points = scene.plane_view.to_coords(scene_points)[:, :2]
    expected = predict_labels(forward(experiment.network, plane_points).output, 0.5)
    assert np.array_equal(drawn.ravel(), expected)
    # the trained network gets the two circles right, so both classes have a region
    assert set(np.unique(drawn)) == {0, 1}


def test_circles_boundary_runs_between_cells_of_both_classes(circles):
    scene, _ = circles
    network = trained(scene.experiment).network
    ends = scene.boundary.points.reshape(-1, 4, 3)[:, [0, 3]].reshape(-1, 3)
    assert len(ends) > 20
    coords = scene.plane_view.to_coords(ends)[:, :2]
    centres = scene.cell_centres
    step = centres[1] - centres[0]
    for x, y in coords[::7]:
        # each end lies on a line joining two neighbouring cell centres, one on either side
        on_row = np.isclose(centres, y, atol=1e-9).any()
        if on_row:
            left = centres[centres <= x + 1e-12].max()
            pair = np.array([[left, y], [left + step, y]])
        else:
            below = centres[centres <= y + 1e-12].max()
            pair = np.array([[x, below], [x, below + step]])
        sides = forward(network, pair).output[:, 0] > 0.5
        assert sides[0] != sides[1]


def test_circles_curves_are_the_training_history(circles):
    scene, _ = circles
    history = trained(scene.experiment).history
    steps = [s.step for s in history]
    for curve, axes, values in (
        (scene.loss_curve, scene.loss_axes, [s.loss for s in history]),
        (scene.accuracy_curve, scene.accuracy_axes, [s.accuracy for s in history]),
    ):
        drawn = np.array([axes.p2c(point) for point in polyline_vertices(curve)])
        assert np.allclose(drawn[:, 0], steps)
        assert np.allclose(drawn[:, 1], values, rtol=1e-9)
    loss_number, accuracy_number = scene.readouts
    assert loss_number.get_value() == pytest.approx(history[-1].loss)
    assert accuracy_number.get_value() == pytest.approx(100 * history[-1].accuracy)
    assert scene.counter.get_value() == history[-1].step


def test_circles_loss_readout_keeps_three_significant_digits(circles):
    from scenes.circles_training import loss_decimals
    from scenes.kit.narration import loss_text

    assert [loss_decimals(v) for v in (0.6962, 0.0984, 0.00435, 0.0000782)] == [3, 4, 5, 7]
    scene, _ = circles
    final = trained(scene.experiment).history[-1].loss
    loss_number, _ = scene.readouts
    # the number on screen is the caption's, not 0.0001 for every loss of the last 1000 steps
    assert loss_number._get_num_string(loss_number.get_value()) == loss_text(final)
    assert len(loss_number.submobjects) == len(loss_text(final))


def test_circles_data_points_are_drawn_at_the_data(circles):
    scene, _ = circles
    data = trained(scene.experiment).data
    for label, cloud in enumerate(scene.dots):
        drawn = scene.plane_view.to_coords(cloud.get_centers())[:, :2]
        assert np.allclose(drawn, data.points[data.labels == label])


# --- loss-surface ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def surface_scene():
    scene, frame = render_scene(LossSurface)
    return scene, frame


def held_loss(experiment, parameters, weights) -> float:
    """The loss with two flat parameters set to ``weights``, computed from scratch."""
    flat = experiment.network.flat_parameters().copy()
    flat[list(parameters)] = weights
    network = experiment.network.with_flat_parameters(flat)
    data = experiment.data
    value, _, _ = loss_and_gradient(network, data.points, data.labels, "bce")
    return value


def test_surface_opens_on_a_picture_not_an_empty_frame(surface_scene):
    """The first frame of loss-surface was empty: everything was drawn in from nothing."""
    scene, _ = surface_scene
    time, shown = scene.opening_frame
    assert time == 0.0
    assert all(mobject.family_members_with_points() for mobject in shown)


def test_the_ball_goes_up_with_its_own_words(surface_scene):
    """At 7.5 s the ball's height line was drawn, vanished and was drawn again: it went up
    while the bowl's sentence was still held for its reading time."""
    scene, _ = surface_scene
    starts = np.array([at for at, _ in scene.narration])
    assert np.isclose(starts, scene.ball_shown_at, atol=1e-6).any(), (scene.ball_shown_at, starts)


def test_ball_ends_at_the_trained_weights_at_the_height_of_their_loss(surface_scene):
    scene, _ = surface_scene
    spec = SLICE_DESCENTS[scene.descent_name]
    experiment = trained(spec.experiment)
    w11, w12, height = scene.axes.p2c(scene.ball.get_center())
    trained_weights = experiment.network.weights[0][0]
    assert np.allclose([w11, w12], trained_weights, atol=1e-3)
    assert height == pytest.approx(held_loss(experiment, spec.parameters, [w11, w12]), rel=1e-9)
    assert scene.readout_numbers["loss"].get_value() == pytest.approx(height)
    assert scene.readout_numbers["w12"].get_value() == pytest.approx(w12)
    assert scene.readout_numbers["step"].get_value() == spec.steps


def test_surface_heights_are_the_loss_there(surface_scene):
    scene, _ = surface_scene
    spec = SLICE_DESCENTS[scene.descent_name]
    experiment = trained(spec.experiment)
    faces = scene.surface.submobjects
    assert len(faces) == scene.cells[0] * scene.cells[1]
    for face in faces[:: len(faces) // 9]:
        for corner in face.get_anchors()[:4]:
            u, v, z = scene.axes.p2c(corner)
            assert np.isclose(scene.first, u).any() and np.isclose(scene.second, v).any()
            assert z == pytest.approx(held_loss(experiment, spec.parameters, [u, v]), rel=1e-9)


def test_trail_goes_through_every_step_downhill(surface_scene):
    scene, _ = surface_scene
    spec = SLICE_DESCENTS[scene.descent_name]
    experiment = trained(spec.experiment)
    coords = np.array([scene.axes.p2c(p) for p in polyline_vertices(scene.trail)])
    assert np.allclose(coords[: spec.steps + 1, :2], scene.descent.path)
    assert np.allclose(coords[0, :2], spec.start)
    assert np.all(np.diff(coords[: spec.steps + 1, 2]) <= 1e-12)
    some = coords[3]
    assert some[2] == pytest.approx(held_loss(experiment, spec.parameters, some[:2]), rel=1e-9)


# --- trask-network ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trask_scene():
    scene, frame = render_scene(TraskNetwork)
    return scene, frame


def test_trask_worked_sums_say_equals_only_where_the_written_numbers_add_up(trask_scene):
    import re

    scene, _ = trask_scene
    signs = []
    for customer, hidden in scene.examples:
        strings = [part.get_tex_string() for part in scene.entry_sum(customer, hidden)]
        terms = [re.fullmatch(r"(\d+) \\cdot \((.+)\)", text) for text in strings[:-2:2]]
        written = sum(int(m[1]) * float(m[2].replace("{-}", "-")) for m in terms)
        total = float(strings[-1].replace("{-}", "-"))
        adds_up = abs(round(written, 2) - total) < 1e-9
        sign = strings[-2].strip()
        assert sign == ("=" if adds_up else r"\approx"), (customer, hidden, strings)
        signs.append(sign)
    # 1 · (5.78) + 0 · (-2.36) + 1 · (0.15) comes to 5.93 as written, the entry is 5.92
    assert r"\approx" in signs
    said = [sentence for _, sentence in scene.narration if "meets hidden neuron" in sentence]
    assert ["≈" in sentence for sentence in said] == [sign != "=" for sign in signs]


def test_trask_product_is_x_times_syn0(trask_scene):
    scene, _ = trask_scene
    experiment = trained("trask")
    inputs = experiment.data.points
    syn0 = experiment.network.weights[0].T
    shown_inputs, shown_weights, shown_product = scene.matrices
    assert len(shown_inputs.get_rows()) == 4 and len(shown_inputs.get_columns()) == 3
    assert len(shown_weights.get_rows()) == 3 and len(shown_weights.get_columns()) == 4
    assert len(shown_product.get_rows()) == 4 and len(shown_product.get_columns()) == 4

    def values(matrix, shape):
        return np.array([tex_number(e) for e in matrix.get_entries()]).reshape(shape)

    assert np.array_equal(values(shown_inputs, (4, 3)), inputs)
    assert np.allclose(values(shown_weights, (3, 4)), syn0, atol=0.005 + 1e-12)
    assert np.allclose(values(shown_product, (4, 4)), inputs @ syn0, atol=0.005 + 1e-12)


def test_trask_bars_are_the_final_predictions(trask_scene):
    scene, _ = trask_scene
    experiment = trained("trask")
    predictions = forward(experiment.network, experiment.data.points).output[:, 0]
    for (frame, bar, value), prediction in zip(scene.bars, predictions, strict=True):
        assert bar.width / frame.width == pytest.approx(prediction, abs=1e-6)
        assert bar.get_left()[0] == pytest.approx(frame.get_left()[0])
        assert value.get_value() == pytest.approx(prediction)
    # trained, the network answers all four customers right
    assert np.array_equal(predictions > 0.5, experiment.data.labels == 1)


def test_trask_loss_curve_is_the_history(trask_scene):
    scene, _ = trask_scene
    history = trained("trask").history
    drawn = np.array([scene.loss_axes.p2c(p) for p in polyline_vertices(scene.loss_curve)])
    assert np.allclose(drawn[:, 0], [s.step for s in history])
    assert np.allclose(drawn[:, 1], [s.loss for s in history])


def test_trask_diagram_follows_the_iterations(trask_scene):
    """At every snapshot the table shows, the diagram's edges are that snapshot's weights (not
    the trained ones), drawn on one scale for the whole training."""
    scene, _ = trask_scene
    history = trained("trask").history
    diagram, index = scene.diagram, scene.snapshot_index
    last = index.get_value()
    try:
        for k in (0, 1, len(history) // 2, len(history) - 1):
            index.set_value(k)
            diagram.update()
            for layer, weights in enumerate(history[k].network.weights, start=1):
                rows, columns = weights.shape
                drawn = [
                    [diagram.edge(layer, m, n).weight for n in range(columns)] for m in range(rows)
                ]
                assert np.array_equal(drawn, weights), f"layer {layer} at snapshot {k}"
                widths = [diagram.edge(layer, 0, n).get_stroke_width() for n in range(columns)]
                ratios = [min(abs(w) / diagram.weight_scale, 1) for w in weights[0]]
                expected = [0.4 + 6.1 * r**diagram.weight_exponent for r in ratios]
                assert np.allclose(widths, expected)
    finally:
        index.set_value(last)
        diagram.update()


def test_trask_iteration_zero_edges_are_seen(trask_scene):
    """Iteration 0's weights are random, not zero: its diagram once showed no edges at all."""
    scene, _ = trask_scene
    history = trained("trask").history
    diagram, index = scene.diagram, scene.snapshot_index
    last = index.get_value()
    try:
        index.set_value(0)
        diagram.update()
        for layer, weights in enumerate(history[0].network.weights, start=1):
            for (m, n), weight in np.ndenumerate(weights):
                edge = diagram.edge(layer, m, n)
                if abs(weight) >= 0.1:
                    assert edge.get_stroke_opacity() >= 0.25, (layer, m, n, weight)
                    assert edge.get_stroke_width() >= 1.4, (layer, m, n, weight)
        # ... and still thinner than the trained ones: the edges grow as training goes on
        index.set_value(len(history) - 1)
        diagram.update()
        trained_widths = [e.get_stroke_width() for layer in diagram.edges for e in layer]
        index.set_value(0)
        diagram.update()
        first_widths = [e.get_stroke_width() for layer in diagram.edges for e in layer]
        assert np.mean(trained_widths) > 1.5 * np.mean(first_widths)
    finally:
        index.set_value(last)
        diagram.update()


def test_trask_every_sentence_has_a_picture_beside_the_diagram(trask_scene):
    """The two layers' sentence once played over an empty frame (only the small diagram): each
    sentence ends with a matrix or the prediction bars still on screen."""
    scene, _ = trask_scene
    assert len(scene.caption_log) == len(scene.narration)
    for sentence, shown in scene.caption_log:
        assert shown & {"matrix", "table"}, sentence
        assert "diagram" in shown, sentence


def test_trask_before_training_is_said_as_the_bars_rewind(trask_scene):
    """'Before training the predictions are ...' once started over the output layer's matrices
    and stayed on while the trained bars (0.976, ...) faded in."""
    scene, _ = trask_scene
    (start,) = [at for at, sentence in scene.narration if sentence.startswith("Before training")]
    assert start >= scene.table_shown_at


def test_trask_opening_caption_is_read_over_moving_columns(trask_scene):
    """At 4.65 s trask-network stood still for 1.35 s, waiting for its first caption."""
    scene, _ = trask_scene
    first = scene.narration[0][1]
    assert [hold for hold in scene.hold_log if hold[2] == first] == []


def test_trask_never_stands_still_for_a_whole_long_caption(trask_scene):
    """The product's shapes stood still for 5.2 s, h for 4.6 s: the second half of each
    sentence names what comes next, and now it comes with those words."""
    scene, _ = trask_scene
    assert max(seconds for _, seconds, _ in scene.hold_log) <= 4.0, scene.hold_log


def test_trask_opens_on_the_survey(trask_scene):
    scene, _ = trask_scene
    time, shown = scene.opening_frame
    assert time == 0.0
    assert scene.matrices[0] in shown


def test_trask_matrices_are_as_large_as_the_frame_allows(trask_scene):
    """X, W1^T and their product once sat at 0.6 of their size in the top-left half."""
    from manim import config

    scene, _ = trask_scene
    _, weights, _ = scene.matrices
    left, right = scene.product_row_span
    assert right - left >= 0.85 * config.frame_width
    assert -config.frame_width / 2 <= left and right <= config.frame_width / 2
    # an entry's digits about 20 px tall at 720p (the frame is 8 units high)
    assert min(entry.height for entry in weights.get_entries()) >= 0.2


def test_trask_second_layer_is_typeset_with_its_numbers(trask_scene):
    """h = sigmoid(X W1^T + b1) and y-hat = sigmoid(h W2^T + b2), each with the trained numbers."""
    scene, _ = trask_scene
    network = trained("trask").network
    inputs = trained("trask").data.points
    trace = forward(network, inputs)

    def values(matrix):
        rows = len(matrix.get_rows())
        return np.array([tex_number(e) for e in matrix.get_entries()]).reshape(rows, -1)

    assert np.allclose(values(scene.bias_row), network.biases[0][None, :], atol=0.005 + 1e-12)
    assert np.allclose(values(scene.hidden_matrix), trace.layers[0].activation, atol=0.005 + 1e-12)
    output_weights, bias, output = scene.output_matrices
    assert np.allclose(values(output_weights), network.weights[1].T, atol=0.005 + 1e-12)
    assert np.allclose(values(bias), network.biases[1][None, :], atol=0.005 + 1e-12)
    assert np.allclose(values(output), trace.output, atol=0.005 + 1e-12)
