"""Scenes: the registry, the geometry each scene shows against nn_core's trace, and control frames."""

from __future__ import annotations

import importlib
import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from manim import DL, UR, config

from nn_core import forward
from nn_core.experiments import trained
from scenes.kit.readout import STRIP_HALF_HEIGHT, strip_offsets
from scenes.kit.stages import embed
from scenes.registry import SCENES, UnknownSceneError, get_scene, load_scene_class
from tests.scene_rendering import (
    control_frame_path,
    first_frame,
    frame_difference,
    render_scene,
)

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "ARTICLE.md"
ARTICLE_IDS = [
    "intro", "two-curves", "matmul-1x2", "matmul-1x2-values", "one-layer-transform",
    "one-layer-random", "one-layer-trained", "two-curves-revisited", "hard-curves",
    "one-layer-hard", "two-layer-linear", "matmul-2x2", "relu-fold", "two-layer-relu",
    "matmul-2x3", "matmul-more",
]  # fmt: skip

STORY_SCENES = [
    "intro", "one-layer-transform", "one-layer-random", "one-layer-trained", "one-layer-hard",
    "two-layer-linear", "two-layer-relu", "xor", "lift-3d", "deep-bending",
]  # fmt: skip


# --- registry --------------------------------------------------------------------------------


def test_registry_lists_the_article_in_order():
    assert list(SCENES)[: len(ARTICLE_IDS)] == ARTICLE_IDS
    assert [entry.order for entry in SCENES.values()] == list(range(1, len(SCENES) + 1))


@pytest.mark.skipif(not ARTICLE.exists(), reason="the catalogue lives in ../shared/")
def test_registry_follows_the_whole_catalogue():
    text = ARTICLE.read_text()
    article = [scene_id for _, scene_id in re.findall(r"^\| (\d+) \| ([a-z0-9-]+) \|", text, re.M)]
    others = re.findall(r"^\| ([a-z0-9-]+) \| \d{3}(?:, \d{3})* \|", text, re.M)
    assert article == ARTICLE_IDS
    assert list(SCENES) == article + others


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_every_entry_points_at_a_class_defined_in_its_file(scene_id):
    entry = get_scene(scene_id)
    assert entry.path.is_file(), entry.file
    scene_class = load_scene_class(entry)
    # manim render FILE only offers classes whose __module__ is that file
    assert scene_class.__module__ == entry.module
    assert scene_id in (scene_class.__doc__ or ""), "the docstring names the catalogue id"
    assert entry.description
    for name in entry.experiments:
        trained(name)


def test_unknown_scene_names_the_closest_ids():
    with pytest.raises(UnknownSceneError, match="did you mean two-layer-relu"):
        get_scene("two-layer-reul")


# --- geometry --------------------------------------------------------------------------------


def expected_positions(network, points):
    """Per step (kind, layer): where nn_core's trace puts the data points, lifted to 3-D."""
    expected = []
    for index, layer in enumerate(forward(network, points).layers):
        expected.append((("linear", index + 1), embed(layer.linear)))
        expected.append((("bias", index + 1), embed(layer.pre_activation)))
        if network.architecture.activations[index] != "identity":
            expected.append((("activation", index + 1), embed(layer.activation)))
    return expected


@pytest.fixture(scope="module")
def rendered_stories():
    return {
        scene_id: render_scene(load_scene_class(get_scene(scene_id)))[0]
        for scene_id in STORY_SCENES
    }


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_points_sit_where_the_trace_puts_them_after_every_step(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    network, points = scene.trained.network, scene.trained.data.points
    expected = expected_positions(network, points)
    shown = [record for record in math_steps(scene) if not record.kind.startswith("single")]
    assert [(r.kind, r.layer) for r in shown] == [key for key, _ in expected]
    for record, (key, positions) in zip(shown, expected, strict=True):
        if step_of(scene, record).end.dimension == 1:
            # on the number line only x is a value: the height is the point's strip offset
            np.testing.assert_allclose(
                record.coordinates[:, 0], positions[:, 0], atol=1e-6, err_msg=str(key)
            )
            continue
        np.testing.assert_allclose(record.coordinates, positions, atol=1e-6, err_msg=str(key))


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_a_1x2_map_puts_every_point_on_the_number_line(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    last_layer = scene.trained.network.layer_count
    outputs = scene.trace.layers[-1].pre_activation[:, 0]
    for record in math_steps(scene):
        if record.layer == last_layer and record.kind == "bias":
            np.testing.assert_allclose(record.coordinates[:, 0], outputs, atol=1e-6)
            # in the strip: each point at its own height, within the band, never in depth
            height = record.coordinates[:, 1] * record.views[-1].unit
            np.testing.assert_allclose(height, strip_offsets(scene.labels), atol=1e-6)
            assert np.all(record.coordinates[:, 2] == 0.0)


def test_strip_offsets_are_deterministic_and_within_the_band():
    labels = np.array([0, 1] * 150 + [1] * 100)
    offsets = strip_offsets(labels)
    np.testing.assert_array_equal(offsets, strip_offsets(labels.copy()))
    assert np.all(np.abs(offsets) <= STRIP_HALF_HEIGHT)
    # each class on its own side of the line, so neither hides the other, and spread out
    assert np.all(offsets[labels == 0] > 0) and np.all(offsets[labels == 1] < 0)
    assert np.ptp(offsets[labels == 1]) > 0.7 * STRIP_HALF_HEIGHT
    assert len(np.unique(np.round(offsets, 9))) == len(labels)


@pytest.mark.parametrize("scene_id", ["one-layer-hard", "two-layer-linear"])
def test_the_points_on_the_wrong_side_are_outlined_and_counted(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    final = math_steps(scene)[-1].coordinates
    wrong = (final[:, 0] > scene.trained.threshold) != scene.labels.astype(bool)
    rings = scene.wrong_side_outlines.points.reshape(
        -1, len(scene.wrong_side_outlines._template), 3
    )
    assert len(rings) == np.count_nonzero(wrong) > 0
    assert f"{np.count_nonzero(wrong)} on the wrong side" in scene.readout[1].tex_string


@pytest.mark.parametrize("scene_id", [s for s in STORY_SCENES if s != "one-layer-transform"])
def test_accuracy_on_screen_comes_from_where_the_points_landed(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    final = math_steps(scene)[-1].coordinates
    predicted = (final[:, 0] > scene.trained.threshold).astype(int)
    assert scene.measured_accuracy == pytest.approx(np.mean(predicted == scene.labels))
    assert scene.measured_accuracy == pytest.approx(scene.trained.accuracy)


def test_the_transform_alone_shows_no_boundary(rendered_stories):
    assert not hasattr(rendered_stories["one-layer-transform"], "measured_accuracy")


def test_relu_leaves_no_negative_coordinate(rendered_stories):
    scene = rendered_stories["two-layer-relu"]
    (folded,) = [r for r in math_steps(scene) if r.kind == "activation"]
    assert folded.coordinates.min() >= 0.0
    assert scene.measured_accuracy == 1.0


def test_the_separating_plane_is_where_the_output_meets_the_threshold(rendered_stories):
    from scenes.kit.space import decision_logit

    scene = rendered_stories["lift-3d"]
    network = scene.trained.network
    corners = scene.section.get_vertices()
    hidden = scene.view_at_section.to_coords(corners)
    level = decision_logit(network.architecture.activations[-1], scene.trained.threshold)
    np.testing.assert_allclose(
        hidden @ network.weights[-1][0] + network.biases[-1][0], level, atol=1e-6
    )
    assert len(corners) >= 3


def test_two_linear_layers_end_where_their_single_map_ends(rendered_stories):
    scene = rendered_stories["two-layer-linear"]
    two_layers = [r for r in scene.step_log if r.kind == "bias" and r.layer == 2][0]
    single = [r for r in scene.step_log if r.kind == "single-bias"][0]
    np.testing.assert_allclose(single.coordinates[:, 0], two_layers.coordinates[:, 0], atol=1e-9)
    # and each point in the same place of the strip, in the view of each
    heights = [r.coordinates[:, 1] * r.views[-1].unit for r in (single, two_layers)]
    np.testing.assert_allclose(*heights, atol=1e-9)


@pytest.mark.parametrize("scene_id", ["two-layer-linear", "two-layer-relu"])
def test_the_hidden_spaces_axes_stay_drawn_under_the_points(scene_id):
    """Fading the h1/h2 axes once added them again on top of the scene: the h1 axis was drawn
    over the points lying on it, which vanished for 0.3 s (two-layer-linear 24.4 s,
    two-layer-relu 28.9 s). As their fade begins, the axes stay drawn before every point."""
    from manim.utils.family import extract_mobject_family_members

    scene = render_scene(load_scene_class(get_scene(scene_id)))[0]
    figure, before = scene.figure, list(scene.mobjects)
    try:
        # what Manim does with an animation's mobject as a play begins
        scene.add_mobjects_from_animations([figure.show_space_axes(0.0)])
        drawn = extract_mobject_family_members(scene.mobjects)
    finally:
        scene.mobjects[:] = before
    # Manim draws each mobject at its last place in this order
    axes = max(i for i, m in enumerate(drawn) if m is figure.space_axes)
    assert all(axes < max(i for i, m in enumerate(drawn) if m is dot) for dot in figure.dots)


def test_relu_fold_clamps_the_lattice_and_frames_the_first_quadrant():
    module = importlib.import_module("scenes.hard_curves")
    scene, _ = render_scene(module.ReluFold)
    (folded,) = scene.step_log
    # read back through the view the camera closed in to, so to rounding
    assert folded.coordinates.min() >= -1e-9
    # every point either kept its coordinate or was clamped to 0
    coordinates = folded.coordinates[:, :2]
    assert np.all(np.isclose(coordinates % 0.5, 0.25) | np.isclose(coordinates, 0, atol=1e-9))
    # the camera closed in: the folded quadrant is drawn as wide as the whole plane was, on screen
    (view,) = folded.views
    on_screen = view.to_scene(folded.coordinates)[:, :2]
    width, height = np.ptp(on_screen, axis=0)
    assert width >= 0.45 * config.frame_width or height >= 0.6 * config.frame_height
    assert np.all(np.abs(on_screen) <= [config.frame_width / 2, config.frame_height / 2])
    # and below the quadrant captions in the corner, which once covered the top-right points
    captions = scene.quadrant_captions
    low, high = captions.get_corner(DL)[:2], captions.get_corner(UR)[:2]
    under = np.all((on_screen >= low - 0.07) & (on_screen <= high + 0.07), axis=1)
    assert not under.any(), f"{under.sum()} points under the quadrant captions"


# --- motion ----------------------------------------------------------------------------------


def math_steps(scene):
    """The log's W, b and activation steps (and a replay's), without the camera steps."""
    return [record for record in scene.step_log if record.kind != "camera"]


def step_of(scene, record):
    (step,) = [s for s in scene.steps if (s.kind, s.layer) == (record.kind, record.layer)]
    return step


def followed(record) -> bool:
    """Whether the camera panned with the points through ``record`` (a bias too large for a
    still view): same zoom throughout, and every point held on screen."""
    units = {view.unit for view in record.views}
    return len(units) == 1 and np.allclose(record.drawn, record.drawn[:1], atol=1e-9)


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_the_camera_moves_only_where_the_plan_lets_it(rendered_stories, scene_id):
    """A camera step of its own moves the view, never the plane; a bias is played in one
    view (or, for a b many times the data's size, the camera follows the points); a linear
    map and an activation may travel; a 3-D camera turns only in steps of its own, or through
    a linear step the space plan turns in (ending at the plan's pose)."""
    scene = rendered_stories[scene_id]
    for record in scene.step_log:
        assert len(record.views) == len(record.times) > 2, record.kind
        if record.kind == "camera":
            # a camera step moves the view, never the plane
            plane = np.array(
                [
                    view.to_coords(drawn)
                    for view, drawn in zip(record.views, record.drawn, strict=True)
                ]
            )
            np.testing.assert_allclose(plane[..., 0], [plane[0, :, 0]] * len(plane), atol=1e-9)
            # off the line the plane's y too; on it, each point's strip height on screen
            heights = np.array(
                [
                    drawn[:, 1] - view.center[1]
                    for view, drawn in zip(record.views, record.drawn, strict=True)
                ]
            )
            steady = np.allclose(plane[..., 1], plane[0, :, 1], atol=1e-9)
            assert steady or np.allclose(heights, heights[0], atol=1e-9), record.layer
            continue
        if record.kind.endswith("bias"):
            still = set(record.views) == {record.views[0]}
            assert still or followed(record), (record.kind, record.layer)
        before, after = record.camera
        plan = getattr(scene, "space_plan", None)
        index = scene.steps.index(step_of(scene, record)) if plan is not None else None
        if record.kind == "linear" and index in getattr(plan, "frames", {}) and plan.turns(index):
            end = plan.end_pose(index)
            assert after[:2] == pytest.approx((end.phi, end.theta), abs=1e-9), record.layer
            continue
        assert before == after, (record.kind, record.layer)


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_the_flat_number_line_never_rezooms_while_the_points_stand_still(scene_id):
    """xor (49 s) and two-layer-relu (38-40 s) once zoomed onto the readout after their last
    bias, the points still, the old and new tick labels crossing: on a number line drawn flat,
    a camera step may only pan, at the scale the line was drawn at."""
    scene = render_scene(load_scene_class(get_scene(scene_id)))[0]
    landed = None
    for record in scene.step_log:
        if record.kind != "camera":
            start, end = dimensions(scene, record)
            landed = record if end == 1 and 3 not in (start, end) else None
        elif landed is not None and record.layer > 0:
            # (layer 0: back to the input plane, as two-layer-linear's replay starts)
            units = {round(view.unit, 9) for view in record.views}
            assert units == {round(landed.views[-1].unit, 9)}, (record.layer, sorted(units))


def flat_records(scene):
    """The math steps a flat view draws (3-D steps are seen through the 3-D camera)."""
    return [record for record in math_steps(scene) if 3 not in dimensions(scene, record)]


def dimensions(scene, record) -> tuple[int, int]:
    """The dimensions of the spaces ``record``'s step starts and ends in (a replay's too)."""
    if record.kind.startswith("single-"):
        (step,) = [s for s in scene.single_steps if f"single-{s.kind}" == record.kind]
    else:
        step = step_of(scene, record)
    return step.start.dimension, step.end.dimension


def framed_in(region, drawn, dot_radius: float, on_line: bool, spread: bool) -> bool:
    """Whether ``drawn`` lies inside ``region`` (dots whole) and, if the points are ``spread``,
    covers at least 35 % of its width or 50 % of its height (35 % of its width on the line)."""
    width, height = region[1] - region[0], region[3] - region[2]
    inside = dot_radius - 1e-6
    x, y = drawn[:, 0], drawn[:, 1]
    if not (x.min() >= region[0] + inside and x.max() <= region[1] - inside):
        return False
    if not (y.min() >= region[2] + inside and y.max() <= region[3] - inside):
        return False
    wide = np.ptp(x) >= 0.35 * width - 1e-6
    tall = np.ptp(y) >= 0.5 * height - 1e-6 and not on_line
    return wide or tall or not spread


def assert_framed_on_the_data(scene, records) -> None:
    """At every sampled moment the points' bounding box on screen lies inside the plane's
    region (dots whole) and covers at least 35 % of its width or 50 % of its height (on the
    number line, where height means nothing, 35 % of its width); or, in a scene with a tall
    column for upright shapes, inside that column and filling it so."""
    regions = [scene.plane_region]
    if getattr(scene, "tall_region", None) is not None:
        regions.append(scene.tall_region)
    for record in records:
        start, end = dimensions(scene, record)
        spread = np.ptp(record.coordinates[:, 0]) != 0
        for t, drawn in zip(record.times, record.drawn, strict=True):
            on_line = start == 1 or (t == 1 and end == 1)
            where = (record.kind, record.layer, round(float(t), 2))
            assert any(
                framed_in(region, drawn, scene.dot_radius, on_line, spread) for region in regions
            ), (*where, np.ptp(drawn[:, :2], axis=0))


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_the_data_fills_the_frame_at_every_moment(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    records = flat_records(scene)
    if scene_id in ("lift-3d", "deep-bending"):
        assert records, "the number line after space is drawn flat"
    assert_framed_on_the_data(scene, records)


def test_the_intro_stands_its_upright_curves_at_full_height():
    """During W1 and b1 the curves stand upright: they once sat squeezed into the band under
    the diagram and formula, about 4 units tall, with the column between those free."""
    scene = render_scene(load_scene_class(get_scene("intro")))[0]
    column = scene.tall_region
    for record in math_steps(scene)[:2]:
        assert record.layer == 1 and record.kind in ("linear", "bias")
        assert np.ptp(record.drawn[-1][:, 1]) >= 0.75 * (column[3] - column[2]), record.kind
    # the column is free: no panel on screen through the steps reaches into it
    for record in math_steps(scene):
        for box in record.panels:
            apart_x = box[1] <= column[0] or column[1] <= box[0]
            apart_y = box[3] <= column[2] or column[3] <= box[2]
            assert apart_x or apart_y, (record.kind, record.layer, box)


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_a_bias_moves_every_drawn_point_by_b_in_its_view(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    biases = [r for r in math_steps(scene) if r.kind == "bias"]
    assert biases
    for record in biases:
        if step_of(scene, record).end.projected_from:
            continue
        b = embed(scene.trained.network.biases[record.layer - 1])
        if followed(record):
            # the camera pans with the points: in the plane they still move by b
            plane = [view.to_coords(d) for view, d in zip(record.views, record.drawn, strict=True)]
            np.testing.assert_allclose(plane[-1] - plane[0], np.broadcast_to(b, plane[0].shape))
            continue
        shift = record.drawn - record.drawn[:1]
        # at every moment, one vector for all the points: a translation, not a zoom
        np.testing.assert_allclose(shift, np.broadcast_to(shift[:, :1], shift.shape), atol=1e-9)
        np.testing.assert_allclose(shift[-1, 0], record.views[0].unit * b, atol=1e-6)
        assert np.linalg.norm(shift[-1, 0]) > 0.05 or np.linalg.norm(b) < 0.05


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_no_map_passes_through_a_collapse_it_does_not_make(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    for record in math_steps(scene):
        if record.kind != "linear" or record.matrices is None:
            continue
        weight = scene.trained.network.weights[record.layer - 1]
        inputs = weight.shape[1]
        singular = np.linalg.svd(weight, compute_uv=False)
        floor = min(1.0, singular.min()) if weight.shape[0] == inputs else 0.0
        # a mirror image in space has no fourth dimension to turn through: it may flatten once
        # onto a plane, never onto a line
        mirror_in_space = weight.shape == (3, 3) and np.linalg.det(weight) < 0
        for t, matrix in zip(record.times[:-1], record.matrices[:-1], strict=True):
            values = np.linalg.svd(matrix[:, :inputs], compute_uv=False)
            if mirror_in_space:
                assert values[1] > 1e-6, (record.layer, t, values)
                continue
            smallest = values.min()
            assert smallest > 1e-6 and smallest >= floor - 1e-9, (record.layer, t, smallest)
        # the drawn points follow that matrix (where it leaves them in the plane of the screen)
        start = step_of(scene, record).start.points
        for view, matrix, drawn in zip(record.views, record.matrices, record.drawn, strict=True):
            moved = start @ matrix.T
            if np.allclose(moved[:, 2], 0.0) or scene.eye_distance is None:
                np.testing.assert_allclose(drawn, view.to_scene(moved), atol=1e-6)


BOUNDARY_SCENES = [s for s in STORY_SCENES if s != "one-layer-transform"]
READOUT_ORDER = ["number line", "ticks", "boundary", "sides", "accuracy"]


@pytest.mark.parametrize("scene_id", BOUNDARY_SCENES)
def test_the_accuracy_appears_after_the_boundary_and_once(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    names = [name for name, _ in scene.reveal_log]
    readouts = 2 if scene_id == "two-layer-linear" else 1  # the single map's replay measures again
    assert names == READOUT_ORDER * readouts
    for name, accuracy_on_screen in scene.reveal_log:
        assert accuracy_on_screen == (name == "accuracy"), name


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_nothing_covers_the_points(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    assert not scene.figure.basis_shown, "basis arrows left lying on the number line"
    region = scene.plane_region
    if region is None or scene.eye_distance is None:
        return  # the 3-D camera turns the points in space
    inside = scene.dot_radius - 1e-6  # whole dots, not only their centres
    regions = [region] + ([scene.tall_region] if scene.tall_region is not None else [])

    def within(x, y, box) -> bool:
        return bool(
            x.min() >= box[0] + inside
            and x.max() <= box[1] - inside
            and y.min() >= box[2] + inside
            and y.max() <= box[3] - inside
        )

    for record in math_steps(scene):
        # each moment in the plane's region, or (an upright shape) in the tall column
        for drawn in record.drawn:
            x, y = drawn[:, 0], drawn[:, 1]
            assert any(within(x, y, box) for box in regions), record.kind
    # and the captions stay out of that region
    captions = [scene.get_expression(0)] + ([scene.readout] if hasattr(scene, "readout") else [])
    for mobject in captions:
        assert mobject.get_top()[1] <= region[2] + 1e-6


def test_paths_reach_the_matrix_without_a_singular_moment():
    from scenes.kit.stages import LinearPath

    generator = np.random.default_rng(3)
    for weight in [*generator.normal(size=(20, 2, 2)), np.diag([1.0, -1.0]), -np.eye(2)]:
        path = LinearPath(weight)
        np.testing.assert_allclose(path.at(1.0)[:2, :2], weight)
        np.testing.assert_allclose(path.at(0.0)[:, :2], np.eye(3)[:, :2], atol=1e-12)
        smallest = [
            np.linalg.svd(path.at(t)[:, :2], compute_uv=False).min() for t in np.linspace(0, 1, 401)
        ]
        assert min(smallest) >= min(1.0, np.linalg.svd(weight, compute_uv=False).min()) - 1e-9
        if np.linalg.det(weight) < 0:
            assert path.phase_names[0] == "flip"
            # half-way through the flip the plane stands on edge, out of the screen
            halfway = 0.5 / len(path.phases)
            assert np.linalg.norm(path.at(halfway)[2, :2]) == pytest.approx(1.0)
    row = LinearPath(np.array([[-2.67, 2.94]]))
    assert row.phase_names == ("turn", "squash")
    direction = np.array([-2.67, 2.94, 0.0]) / np.hypot(-2.67, 2.94)
    np.testing.assert_allclose(row.at(0.5) @ direction, [1.0, 0.0, 0.0], atol=1e-12)


def test_hard_curves_come_from_the_two_curves_and_every_straight_line_fails():
    from datasets import load_dataset

    scene, _ = render_scene(load_scene_class(get_scene("hard-curves")))
    hard = load_dataset("hard-curves").points
    np.testing.assert_allclose(scene.figure.data_coordinates()[:, :2], hard, atol=1e-9)
    assert [name for name, _ in scene.tried] == [name for name, *_ in scene.tried_lines]
    for name, value in scene.tried:
        experiment = trained(name)
        output = forward(experiment.network, hard).output[:, 0]
        assert value == pytest.approx(np.mean((output > experiment.threshold) == scene.labels))
        assert value < 1.0, f"{name}'s line separates the hard curves"
    assert scene.tried[-1][1] == pytest.approx(trained("one-layer-hard").accuracy)


# --- pictures --------------------------------------------------------------------------------


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_last_frame_matches_its_control_frame(scene_id):
    path = control_frame_path(scene_id)
    assert path.exists(), (
        f"no control frame for {scene_id}: run `.venv/bin/python tests/make_control_frames.py "
        f"{scene_id}`, look at the preview PNG, and commit {path.name}"
    )
    _, frame = render_scene(load_scene_class(get_scene(scene_id)))
    control = np.load(path)["frame"]
    assert frame.shape == control.shape
    mean, share = frame_difference(frame, control)
    assert mean < 1.5 and share < 0.01, (
        f"{scene_id} differs from its control frame (mean {mean:.2f}, {share:.1%} of pixels); "
        "if the change is intended, regenerate with tests/make_control_frames.py"
    )


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_each_meaningful_colour_is_told_apart_from_every_other(theme_name):
    from manim import ManimColor

    from scenes.kit.theme import THEMES

    theme = THEMES[theme_name]
    meanings = {
        **{f"class {n}": color for n, color in enumerate(theme.class_palette)},
        **{f"basis {n}": color for n, color in enumerate(theme.basis_colors)},
        "highlight": theme.highlight,
        "boundary": theme.boundary,
        **{f"quadrant {n + 1}": color for n, color in enumerate(theme.quadrant_colors)},
    }
    rgb = {name: ManimColor(color).to_rgb() * 255 for name, color in meanings.items()}
    for first, second in itertools.combinations(rgb, 2):
        distance = np.linalg.norm(rgb[first] - rgb[second])
        assert distance > 70, f"{first} and {second} look alike ({distance:.0f})"


def test_light_theme_changes_colours_not_layout():
    entry = get_scene("two-curves")
    _, dark = render_scene(load_scene_class(entry), theme="dark")
    _, light = render_scene(load_scene_class(entry), theme="light")
    assert dark[0, 0].max() < 40 and light[0, 0].min() > 215
    # the same things are drawn in the same places: compare where each frame departs from its background
    drawn_dark = np.abs(dark.astype(int) - dark[0, 0]).max(axis=2) > 60
    drawn_light = np.abs(light.astype(int) - light[0, 0]).max(axis=2) > 60
    assert (drawn_dark & drawn_light).sum() > 0.5 * drawn_dark.sum()


def test_plane_section_is_a_polygon_on_the_plane_inside_the_box():
    from scenes.kit.stages import plane_section

    normal = np.array([1.0, 2.0, -0.5])
    corners = plane_section(normal, 0.7, np.array([-1.0, -1, -1]), np.array([1.0, 1, 1]))
    assert len(corners) >= 3
    np.testing.assert_allclose(corners @ normal, 0.7)
    assert np.all(np.abs(corners) <= 1 + 1e-12)
    assert len(plane_section(normal, 50.0, -np.ones(3), np.ones(3))) == 0


def test_wide_layers_are_projected_and_say_so():
    from scenes.kit.stages import grid_lines, layer_steps

    experiment = trained("circles-deep")
    steps = layer_steps(experiment.network, experiment.data.points, grid_lines((-3, 3), (-3, 3)))
    widths = [step.end.projected_from for step in steps]
    assert widths[:3] == [4, 4, 4] and widths[3] == 6 and widths[-1] is None
    assert all(step.end.points.shape[1] == 3 for step in steps)


def test_two_linear_layers_and_their_product_land_on_the_same_points():
    from scenes.linear_collapse import LinearCollapse

    scene, _ = render_scene(LinearCollapse)
    two = [r for r in scene.step_log if r.kind.startswith("two-")]
    one = [r for r in scene.step_log if r.kind.startswith("one-")]
    assert [r.kind for r in two] == ["two-linear", "two-bias"] * 2
    assert [r.kind for r in one] == ["one-linear", "one-bias"]
    np.testing.assert_allclose(one[-1].coordinates, two[-1].coordinates, atol=1e-9)
    w1, w2 = LinearCollapse.first_weight, LinearCollapse.second_weight
    b1, b2 = LinearCollapse.first_bias, LinearCollapse.second_bias
    points = scene_data_points()
    np.testing.assert_allclose(
        two[-1].coordinates[:, :2], (w2 @ (w1 @ points.T + b1[:, None])).T + b2, atol=1e-9
    )


def test_linear_collapse_opens_and_closes_without_long_still_frames():
    """linear-collapse stood still for 6.4 s under its opening sentence (both panels' names
    at once, then nothing) and 6.3 s under its verdict: each half now comes with its cue."""
    from scenes.linear_collapse import LinearCollapse

    scene, _ = render_scene(LinearCollapse)
    first, last = scene.narration[0][1], scene.narration[-1][1]
    for _, seconds, sentence in scene.hold_log:
        if sentence in (first, last):
            assert seconds <= 2.0, (seconds, sentence)


def scene_data_points():
    from datasets import load_dataset

    return load_dataset("two-curves").points


def test_readme_lists_every_scene():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for entry in SCENES.values():
        assert f"| `{entry.id}` | `{entry.file}` | `{entry.class_name}` |" in readme, entry.id


def test_every_scene_class_a_scene_file_offers_is_registered():
    """What `manim render FILE` lists (Scene subclasses defined in FILE) is what the registry has."""
    import inspect

    from manim import Scene

    registered = {(entry.module, entry.class_name) for entry in SCENES.values()}
    # rendered by 'render.py generate' (and its --training)
    registered.add(("scenes.custom", "CustomNetwork"))
    registered.add(("scenes.custom", "CustomTraining"))
    for module_name in {module for module, _ in registered}:
        module = importlib.import_module(module_name)
        offered = {
            (module_name, name)
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and issubclass(value, Scene)
            and value.__module__ == module_name
        }
        assert offered <= registered, offered - registered


def test_an_unknown_theme_is_one_clear_line():
    with pytest.raises(SystemExit, match="unknown theme 'sepia' in NETPLANE_THEME"):
        render_scene(load_scene_class(get_scene("two-curves")), theme="sepia")


def test_the_layout_says_which_files_are_stories_and_which_the_kit():
    """scenes/ holds one file per story (plus the registry and the generator's custom.py);
    every shared piece lives in scenes/kit/."""
    folder = Path(__file__).resolve().parent.parent / "scenes"
    story_files = {path.name for path in folder.glob("*.py")} - {
        "__init__.py",
        "registry.py",
        "custom.py",
    }
    assert story_files == {Path(entry.file).name for entry in SCENES.values()}
    assert (folder / "kit" / "base.py").is_file() and (folder / "kit" / "__init__.py").is_file()


def test_the_3d_camera_holds_the_planned_pose_and_sees_the_lifted_sheet(rendered_stories):
    """During each step in space the camera holds the pose the space plan chose for it (or,
    through a linear step it turns in, takes the planned pose at every sampled moment), and the
    lifted sheet is seen well open (see tests/test_space_views.py for the angles and framing)."""
    from scenes.kit.space_camera import spread_share

    scene = rendered_stories["lift-3d"]
    for record in math_steps(scene):
        index = scene.steps.index(step_of(scene, record))
        if index not in scene.space_plan.poses:
            continue
        pose = scene.space_plan.poses[index]
        assert record.camera[0][:2] == pytest.approx((pose.phi, pose.theta), abs=1e-9)
        for t, sampled in zip(record.times, record.poses, strict=True):
            planned = scene.space_plan.frame_at(index, float(t)).pose
            assert sampled[:2] == pytest.approx((planned.phi, planned.theta), abs=1e-9)
    lift = scene.steps[0]
    assert lift.end.dimension == 3
    assert spread_share(scene.space_plan.poses[0], lift.end.points) >= 0.4
    # and the first hidden axis still runs left to right on screen
    assert -np.sin(scene.space_plan.poses[0].theta) > 0


def test_the_bias_shifts_the_points_along_a_fixed_labelled_ruler(rendered_stories):
    """one-layer-transform: the number line and its ticks are there as soon as W lands the
    points on it, before the bias moves them by -2, and the ruler does not move with them."""
    scene = rendered_stories["one-layer-transform"]
    assert scene.number_line_after_steps == 1  # after W_1, before + b_1
    assert [name for name, _ in scene.reveal_log] == ["number line", "ticks"]
    (bias,) = [r for r in math_steps(scene) if r.kind == "bias"]
    assert set(bias.views) == {bias.views[0]}
    labels = [label.get_tex_string() for label in scene.shown_number_line.numbers]
    assert {"{-}2", "0", "2"} <= set(labels)


def test_arrows_longer_than_the_frame_end_at_its_edge_with_a_mark():
    from scenes.kit.plane import PlaneFigure, PlaneView, clip_to_box
    from scenes.kit.stages import PlaneState
    from scenes.kit.theme import current_theme

    box = (-6.0, 6.0, -3.0, 3.0)
    end, clipped = clip_to_box(np.zeros(3), np.array([12.0, 3.0, 0.0]), box)
    np.testing.assert_allclose(end, [6.0, 1.5, 0.0])
    assert clipped
    assert not clip_to_box(np.zeros(3), np.array([1.0, 1.0, 0.0]), box)[1]
    basis = np.array([[0.0, 0.0, 0.0], [20.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    state = PlaneState(np.zeros((1, 3)), np.zeros((0, 2, 3)), basis, 2)
    figure = PlaneFigure(state, np.zeros(1), PlaneView(), current_theme(), frame_box=box)
    long_arrow, short_arrow = figure.basis[:2]
    assert long_arrow.get_end()[0] == pytest.approx(6.0)
    assert figure.clip_marks[0].get_stroke_opacity() == 1.0
    assert short_arrow.get_end()[1] == pytest.approx(1.0)
    assert figure.clip_marks[1].get_stroke_opacity() == 0.0


# --- the generator's networks ----------------------------------------------------------------

GENERATED = ["2-2-1", "2-3-1", "2-8-1"]


@pytest.fixture(scope="module")
def generated_stories():
    from scenes.kit.story import NetworkStory

    stories = {}
    for architecture in GENERATED:
        story = type(
            "Generated",
            (NetworkStory,),
            {"data": "moons", "architecture": architecture, "hidden": "tanh", "steps": 600},
        )
        stories[architecture] = render_scene(story)[0]
    return stories


@pytest.mark.parametrize("architecture", GENERATED)
def test_the_generators_videos_are_framed_on_their_data(generated_stories, architecture):
    scene = generated_stories[architecture]
    records = flat_records(scene)
    assert records and records[-1].kind == "bias"
    assert_framed_on_the_data(scene, records)
    for record in records:
        if record.kind == "bias":
            assert set(record.views) == {record.views[0]} or followed(record)


# The first frame shows the scene's subject when this share of it is drawn (the two curves'
# dotted points alone: 0.01; an empty frame, or the faint background grid alone: 0)
FIRST_FRAME_INK = 0.005


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_the_first_frame_already_shows_the_subject(scene_id):
    """A blog shows a video's first frame as its poster before play: two-curves and the five
    matrix scenes faded everything in from an empty frame."""
    frame = first_frame(load_scene_class(get_scene(scene_id)))
    background = frame[0, 0].astype(np.int16)
    ink = np.abs(frame.astype(np.int16) - background).max(axis=2) > 24
    assert ink.mean() >= FIRST_FRAME_INK, (scene_id, float(ink.mean()))


# Share of the first frame drawn in each class's colour when the layer stories' points are there
# from the start (one-layer-transform at 640x360: about 0.0006 each; the legend's dot alone 0.0002)
CLASS_INK = 0.0004


@pytest.mark.parametrize(
    "scene_id",
    ["one-layer-transform", "one-layer-random", "one-layer-trained", "one-layer-hard", "xor"]
    + ["two-layer-linear", "two-layer-relu", "lift-3d", "deep-bending"],
)
def test_a_layer_storys_first_frame_shows_its_points(scene_id):
    """The layer stories faded their points in under the first sentence: their poster was an
    empty plane with î and ĵ (one-layer-transform at 0 s). Each class's colour is in it."""
    from scenes.kit.theme import THEMES

    frame = first_frame(load_scene_class(get_scene(scene_id)), size=(640, 360)).astype(np.int16)
    for color in THEMES["dark"].class_colors:
        rgb = np.array([int(color.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4)])
        share = float((np.abs(frame - rgb).max(axis=2) < 40).mean())
        assert share >= CLASS_INK, (scene_id, color, share)
