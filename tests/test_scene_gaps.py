"""What the scenes must show beyond the layer steps: the sides a boundary predicts, the points
on the wrong side, coinciding points, a pile of points zoomed into, points drawn as points."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DL, UR, config

from nn_core import forward, predict_labels
from nn_core.experiments import trained
from scenes.kit.half_planes import half_plane_polygons, inside_convex, label_spot, side_of
from scenes.registry import get_scene, load_scene_class
from tests.scene_rendering import render_scene


def scene_for(scene_id: str):
    return render_scene(load_scene_class(get_scene(scene_id)))[0]


# --- the half-planes, as geometry ------------------------------------------------------------


@pytest.mark.parametrize("row", [(0.0, 3.47), (1.0, 1.0), (2.0, -0.5), (-1.0, 0.2)])
def test_half_planes_are_the_sides_the_network_predicts(row):
    row = np.array(row)
    box = (-4.0, 4.0, -2.5, 2.5)
    polygons = half_plane_polygons(row, -0.7, 0.3, box)
    samples = np.random.default_rng(0).uniform([-4, -2.5], [4, 2.5], size=(2000, 2))
    predicted = side_of(samples, row, -0.7, 0.3)
    for label, polygon in enumerate(polygons):
        assert np.array_equal(inside_convex(polygon, samples), predicted == label)


def test_side_labels_sit_on_their_own_side_clear_of_the_line():
    row, bias, threshold = np.array([1.0, 1.0]), -2.0, 1.0
    points = np.column_stack([np.linspace(-3, 3, 50), np.zeros(50)])
    spots = label_spot(row, bias, threshold, (-5, 5, -3, 3), points, 0.1, 0.6, 0.1)
    for label, spot in enumerate(spots):
        assert side_of(spot[None], row, bias, threshold)[0] == label
        distance = abs(spot @ row + bias - threshold) / np.linalg.norm(row)
        # the box's nearest corner, not only its centre, clears the line
        assert distance >= 0.1 + (0.6 + 0.1) / np.sqrt(2) - 1e-9


# --- two-curves and two-curves-revisited -----------------------------------------------------


@pytest.mark.parametrize(
    "scene_id",
    [
        "two-curves",
        "two-curves-revisited",
        "hard-curves",
        "one-layer-transform",
        "one-layer-random",
        "one-layer-trained",
        "one-layer-hard",
        "two-layer-relu",
    ],
)
def test_every_point_reads_as_a_point(scene_id):
    """Neighbours on a curve are drawn with a gap of at least half a dot between them: the
    one-layer planes once drew 100 dots a curve 0.1 wide, 0.06 apart, as a solid line."""
    scene = load_scene_class(get_scene(scene_id))()
    scene.setup()
    figure = scene.get_plane_figure()
    # a dot is a round-capped stroke as wide as the dot (0.01 scene units a stroke unit)
    diameters = {0.01 * cloud.get_stroke_width() for cloud in figure.dots}
    assert len(diameters) == 1, "one size for every class"
    diameter = diameters.pop()
    drawn = figure.drawn_points()
    for label in (0, 1):
        curve = drawn[scene.labels == label]
        curve = curve[np.argsort(curve[:, 0])]
        gaps = np.linalg.norm(np.diff(curve, axis=0), axis=1) - diameter
        assert gaps.min() >= 0.5 * diameter - 1e-9, f"class {label}: dots touch"
    assert diameter >= 0.04 - 1e-9, "dots too small to see"


def test_sparse_points_keep_their_size_and_dense_ones_shrink_to_a_floor():
    from scenes.kit.plane import SMALLEST_DOT_RADIUS, legible_dot_radius

    def row(spacing: float) -> np.ndarray:
        return np.column_stack([np.arange(50) * spacing, np.zeros(50), np.zeros(50)])

    labels = np.zeros(50, dtype=int)
    assert legible_dot_radius(row(1.0), labels, 0.05) == 0.05
    assert legible_dot_radius(row(0.09), labels, 0.05) == pytest.approx(0.03)
    assert legible_dot_radius(row(0.01), labels, 0.05) == SMALLEST_DOT_RADIUS
    # a scene that declares dots smaller than the floor keeps them
    assert legible_dot_radius(row(0.01), labels, 0.01) == 0.01


def test_the_shaded_sides_are_the_networks_predictions():
    scene = scene_for("two-curves-revisited")
    network = scene.trained.network
    box = scene.visible_box()
    samples = np.random.default_rng(1).uniform([box[0], box[2]], [box[1], box[3]], size=(3000, 2))
    predicted = predict_labels(forward(network, samples).output, scene.trained.threshold)
    yellow, blue = scene.predicted_regions
    assert np.array_equal(inside_convex(yellow, samples), predicted == 0)
    assert np.array_equal(inside_convex(blue, samples), predicted == 1)
    # and they fill the frame
    corners = np.array([[box[0], box[2]], [box[1], box[2]], [box[1], box[3]], [box[0], box[3]]])
    assert np.all(inside_convex(yellow, corners) | inside_convex(blue, corners))


def test_the_line_is_where_the_output_meets_the_number_lines_boundary():
    scene = scene_for("two-curves-revisited")
    threshold = scene.trained.threshold
    crossing = scene.probe_crossing
    assert forward(scene.trained.network, crossing[None]).output[0, 0] == pytest.approx(threshold)
    assert scene.probe_output_on_line == pytest.approx(threshold)
    # the upright number line's boundary stands at the threshold's height
    assert scene.ruler_boundary.get_center()[1] == pytest.approx(scene.ruler_y(threshold))


def test_the_boundary_formula_and_the_axis_names_keep_off_the_data_and_the_line():
    scene = scene_for("two-curves-revisited")
    drawn = scene.plan.input.to_scene(scene.input_state.points)[:, :2]
    low, high = scene.equation.get_corner(DL)[:2], scene.equation.get_corner(UR)[:2]
    near = np.all((drawn >= low - 0.2) & (drawn <= high + 0.2), axis=1)
    assert not near.any(), "the formula sits against the points"
    line_y = scene.boundary_line.get_center()[1]
    assert len(scene.shown_input_axes.name_labels) == 2
    for name in scene.shown_input_axes.name_labels:
        assert not name.get_bottom()[1] <= line_y <= name.get_top()[1]


def _boxes_meet(a, b, gap: float = 0.0) -> bool:
    """Whether mobject ``a``'s box comes within ``gap`` of ``b``'s (scene x and y)."""
    low_a, high_a = a.get_corner(DL)[:2], a.get_corner(UR)[:2]
    low_b, high_b = b.get_corner(DL)[:2], b.get_corner(UR)[:2]
    return bool(np.all(low_a < high_b + gap) and np.all(low_b < high_a + gap))


def test_the_walked_points_readout_crosses_no_boundary_or_label():
    """The readout beside the upright number line once rode above its dot and passed over the
    dashed boundary on the way up: at every output of the walk it keeps clear of that boundary
    (at its emphasised size), the line's tick labels and name, and the input-plane boundary."""
    scene = scene_for("two-curves-revisited")
    ruler_spine, *_, ruler_numbers, ruler_boundary, ruler_name = scene.ruler
    obstacles = [ruler_boundary, ruler_name, *ruler_numbers, scene.boundary_line, ruler_spine]
    for value in np.linspace(*scene.probe_outputs, 60):
        reading = scene.get_reading(value)
        reading.move_to(scene.reading_place(value, reading.width))
        assert reading.get_center()[1] == pytest.approx(scene.ruler_y(value))
        for obstacle in obstacles:
            assert not _boxes_meet(reading, obstacle, 0.03), f"at {value:.2f}: {obstacle}"


def test_the_side_labels_keep_off_the_x1_axis():
    """'predict yellow' once sat on the x1-axis, the axis line running through its middle."""
    scene = scene_for("two-curves-revisited")
    axis_y = scene.view.to_scene(np.zeros((1, 3)))[0, 1]
    for label in scene.side_labels:
        assert not label.get_bottom()[1] - 0.05 <= axis_y <= label.get_top()[1] + 0.05


def test_labels_over_the_shaded_sides_show_no_dark_box():
    """The tick labels' and side labels' backings once showed as dark boxes on the shading:
    the ticks are outlined instead, the side labels and the note sit on a box of their own
    side's shade."""
    from manim import BackgroundRectangle, ManimColor, interpolate_color

    from scenes.two_curves import SHADE_OPACITY

    scene = scene_for("two-curves-revisited")
    axes = scene.shown_input_axes
    for label in [*axes.tick_labels[0], *axes.tick_labels[1], *axes.name_labels]:
        assert not any(isinstance(part, BackgroundRectangle) for part in label.get_family())
        assert label.get_stroke_width(background=True) > 0
    theme = scene.theme
    for side, label in enumerate(scene.side_labels):
        shade = interpolate_color(
            ManimColor(theme.background), ManimColor(theme.class_colors[side]), SHADE_OPACITY
        )
        assert label[0].get_fill_color().to_hex() == shade.to_hex()


# --- hard-curves ------------------------------------------------------------------------------


def test_hard_curves_rings_exactly_each_lines_wrong_points():
    scene = scene_for("hard-curves")
    data = scene.trained.data
    assert [name for name, *_ in scene.tried_lines] == list(scene.ringed)
    for name, ringed in scene.ringed.items():
        experiment = trained(name)
        output = forward(experiment.network, data.points).output
        wrong = np.flatnonzero(predict_labels(output, experiment.threshold) != data.labels)
        assert np.array_equal(np.sort(ringed), wrong), name
        assert len(wrong) > 0


def test_hard_curves_rings_leave_each_wrong_point_a_point():
    """The rings once merged into a thick pink band over the points they marked: each ring is a
    thin outline clear of its own dot, and reaches no neighbouring dot on the curve."""
    scene = scene_for("hard-curves")
    drawn = scene.plan.input.to_scene(scene.input_state.points)
    half_stroke = scene.ring_stroke * 0.01 / 2
    assert scene.ring_radius - half_stroke > scene.dot_radius, "the ring covers its own dot"
    assert scene.ring_stroke <= 1.5, "a thick ring reads as a band"
    reach = scene.ring_radius + half_stroke
    for ringed in scene.ringed.values():
        for label in (0, 1):
            marked = drawn[ringed[scene.labels[ringed] == label]]
            marked = marked[np.argsort(marked[:, 0])]
            if len(marked) < 2:
                continue
            spacing = np.linalg.norm(np.diff(marked, axis=0), axis=1).min()
            assert spacing - reach >= scene.dot_radius + 0.01, "a ring runs over the next dot"


def test_hard_curves_lines_stay_in_the_frame_and_their_labels_clear_of_them():
    """Each tried line ends inside the frame, and its side labels (with their backing) touch
    neither the line nor the points."""
    scene = scene_for("hard-curves")
    drawn = scene.figure.view.to_scene(scene.input_state.points)[:, :2]
    half = np.array([config.frame_width, config.frame_height]) / 2
    for name, (line, sides) in scene.shown_lines.items():
        ends = np.array([line.get_start()[:2], line.get_end()[:2]])
        assert np.all(np.abs(ends) <= half + 1e-6), name
        direction = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
        normal = np.array([-direction[1], direction[0]])
        for label in sides:
            low, high = label.get_corner(DL)[:2], label.get_corner(UR)[:2]
            corners = np.array([low, [high[0], low[1]], high, [low[0], high[1]]])
            offsets = (corners - ends[0]) @ normal
            assert np.all(offsets > 0.05) or np.all(offsets < -0.05), name
            inside = np.all(
                (drawn >= low - scene.dot_radius) & (drawn <= high + scene.dot_radius), axis=1
            )
            assert not inside.any(), name


def test_hard_curves_lines_cross_no_axis_label_drawn_under_them():
    """The first tried line once ran through the x2 axis name: where a line crosses an axis
    label, the label is drawn over it (its backing breaks the line), never the line over it."""
    scene = scene_for("hard-curves")
    axes = scene.shown_input_axes
    labels = [*axes.tick_labels[0], *axes.tick_labels[1], *axes.name_labels]
    crossed = []
    for name, (line, _) in scene.shown_lines.items():
        start, end = line.get_start()[:2], line.get_end()[:2]
        samples = start + np.linspace(0.0, 1.0, 400)[:, None] * (end - start)
        for label in labels:
            low, high = label.get_corner(DL)[:2], label.get_corner(UR)[:2]
            if np.all((samples >= low) & (samples <= high), axis=1).any():
                crossed.append(name)
    assert crossed, "no line crosses an axis label: the test no longer tests anything"
    assert axes in scene.foreground_mobjects, f"drawn over an axis label: {crossed}"


# --- xor ---------------------------------------------------------------------------------------


def test_xor_says_and_shows_where_two_yellow_points_coincide():
    scene = scene_for("xor")
    trace = scene.trained.trace()
    hidden = trace.layers[0].activation
    assert scene.coincidences, "no coinciding points shown"
    for step_index, (i, j) in scene.coincidences:
        assert scene.steps[step_index].kind == "activation"
        assert scene.labels[i] == scene.labels[j]
        # one spot on screen: closer than a dot's radius in the view they were drawn in
        assert np.linalg.norm(hidden[i] - hidden[j]) * scene.plan.shots[step_index].end.unit < (
            scene.dot_radius
        )
    said = " ".join(sentence for _, sentence in scene.narration)
    assert "(0, 0) and (1, 1)" in said


def test_xor_keeps_the_coinciding_points_ringed_while_its_caption_is_read():
    from scenes.kit import captions

    scene = scene_for("xor")
    said = [(start, sentence) for start, sentence in scene.narration if "both" in sentence]
    assert len(scene.ring_times) == len(said) == len(scene.coincidences)
    for (shown, gone), (start, sentence) in zip(scene.ring_times, said, strict=True):
        # up with the first words, gone only in the caption's last half second
        assert shown - start <= 1.0
        assert gone >= start + captions.sentence_seconds(sentence) - 0.6


# --- activations --------------------------------------------------------------------------------


def test_leaky_relu_zooms_in_where_its_points_pile_up():
    from scenes.activations import PLANE_CENTER, PLANE_HALF_SIZE, SHOWS

    scene = render_scene(load_scene_class(get_scene("activations")))[0]
    assert set(scene.pile_views) == {"leaky_relu"}
    view = scene.pile_views["leaky_relu"]
    leaky = next(show for show in SHOWS if show.name == "leaky_relu")
    from nn_core import get_activation

    piled = get_activation(leaky.name).forward(scene.lattice)[np.all(scene.lattice < 0, axis=1)]
    drawn = view.to_scene(np.column_stack([piled, np.zeros(len(piled))]))
    # before: a blob a thirtieth of the panel wide; zoomed: 40 % of it or more, inside it
    assert np.ptp(drawn[:, 0]) >= 0.4 * 2 * PLANE_HALF_SIZE
    assert np.ptp(drawn[:, 1]) >= 0.4 * 2 * PLANE_HALF_SIZE
    assert np.all(np.abs(drawn[:, :2] - PLANE_CENTER[:2]) <= PLANE_HALF_SIZE)
