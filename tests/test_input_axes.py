"""The input plane's axes: tick labels in the data's own units, names from the data set."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core.experiments import CUSTOM_ENVIRONMENT_VARIABLE, custom_experiment, experiment_to_json
from scenes.kit.input_axes import MAX_LABELS, MIN_LABEL_SPACING, axis_ticks
from scenes.kit.readout import tick_label
from tests.scene_rendering import render_scene


@pytest.mark.parametrize(
    ("low", "high", "unit"),
    [(3.0, 6.9, 1.7), (0.1, 2.5, 1.7), (-0.004, 0.006, 900.0), (-120.0, 80.0, 0.05)],
)
def test_ticks_are_round_readable_and_cover_the_range(low, high, unit):
    ticks = axis_ticks(low, high, unit)
    step = ticks.step
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert any(np.isclose(mantissa, m) for m in (1.0, 2.0, 5.0))
    assert 2 <= len(ticks.values) <= MAX_LABELS
    assert step * unit >= MIN_LABEL_SPACING
    assert ticks.values.min() >= low - 1e-9 and ticks.values.max() <= high + 1e-9
    assert np.allclose(ticks.coordinates, ticks.values)


def test_the_second_axis_name_keeps_off_the_horizontal_axis_line():
    """With labels -1, 0, 1 the name of x2 once stood at the column's middle, level with 0,
    where the plane's horizontal axis line ran through it (hard-curves, one-layer-hard)."""
    from scenes.kit.input_axes import input_axes
    from scenes.kit.plane import PlaneView
    from scenes.kit.theme import THEMES

    view = PlaneView(unit=1.4)
    points = np.array([[-3.0, -1.2], [3.0, 1.4], [0.0, 0.0]])
    axes = input_axes(view, points, ("x1", "x2"), THEMES["dark"])
    name = axes.name_labels[1]
    axis_y = view.to_scene(np.zeros(3))[1]
    assert not name.get_bottom()[1] <= axis_y <= name.get_top()[1]


def test_standardized_coordinates_are_labelled_in_the_datas_units():
    # the plane shows (value - 5) / 2: its coordinate 0 is the data's 5, coordinate 1 its 7
    ticks = axis_ticks(-1.0, 1.0, 3.0, offset=5.0, scale=2.0)
    assert ticks.values.min() >= 3.0 - 1e-9 and ticks.values.max() <= 7.0 + 1e-9
    assert np.allclose(ticks.coordinates, (ticks.values - 5.0) / 2.0)


@pytest.fixture(scope="module")
def iris_story(tmp_path_factory):
    """The generator's video of a CSV file whose header names its columns."""
    from scenes.custom import CustomNetwork

    rng = np.random.default_rng(7)
    length = np.concatenate([rng.normal(4.3, 0.4, 30), rng.normal(5.6, 0.5, 30)])
    width = np.concatenate([rng.normal(1.3, 0.2, 30), rng.normal(2.0, 0.25, 30)])
    labels = np.repeat([0, 1], 30)
    rows = [f"{a:.1f},{b:.1f},{c}" for a, b, c in zip(length, width, labels, strict=True)]
    path = tmp_path_factory.mktemp("iris") / "petals.csv"
    path.write_text("petal_length_cm,petal_width_cm,virginica\n" + "\n".join(rows) + "\n")
    experiment = custom_experiment(str(path), "2-1", steps=200)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
        scene, _ = render_scene(CustomNetwork)
    return scene


def test_the_axis_names_come_from_the_csv_header(iris_story):
    axes = iris_story.shown_input_axes
    assert axes.names == ("petal_length_cm", "petal_width_cm")
    assert len(axes.name_labels) == 2, "an axis name was left out"


def test_the_tick_labels_are_the_datas_own_numbers_where_they_stand(iris_story):
    scene = iris_story
    axes = scene.shown_input_axes
    points = scene.trained.data.points
    view = scene.plan.input
    for axis in (0, 1):
        ticks = axes.ticks[axis]
        # the petals' centimetres, not a standardized or rescaled copy
        assert ticks.values.min() <= np.percentile(points[:, axis], 25)
        assert ticks.values.max() >= np.percentile(points[:, axis], 75)
        drawn = axes.tick_labels[axis]
        assert len(drawn) >= 2
        at = [view.to_scene(np.array([c, c, 0.0]))[axis] for c in ticks.coordinates]
        for label in drawn:
            assert min(abs(label.get_center()[axis] - a) for a in at) < 0.02
    texts = {tick_label(v, axes.ticks[0].step) for v in axes.ticks[0].values}
    assert "5" in texts or "5.0" in texts


def test_the_labels_keep_off_the_points(iris_story):
    scene = iris_story
    axes = scene.shown_input_axes
    drawn = scene.plan.input.to_scene(np.column_stack([scene.trained.data.points, np.zeros(60)]))
    for label in [*axes.tick_labels[0], *axes.tick_labels[1], *axes.name_labels]:
        (left, bottom, _), (right, top, _) = (
            label.get_corner([-1, -1, 0]),
            label.get_corner([1, 1, 0]),
        )
        inside = (
            (drawn[:, 0] > left)
            & (drawn[:, 0] < right)
            & (drawn[:, 1] > bottom)
            & (drawn[:, 1] < top)
        )
        assert not inside.any()


def test_only_the_input_plane_is_labelled(iris_story):
    scene = iris_story
    assert scene.input_axes is None  # faded before the first step moved the points
    assert scene.shown_input_axes not in scene.mobjects


def test_a_standardized_plane_reads_in_the_original_units(tmp_path):
    from datasets import load_csv, standardize
    from nn_core.experiments import run_experiment

    path = tmp_path / "wide.csv"
    rows = [f"{50 + 5 * i},{0.001 * i},{int(i > 4)}" for i in range(10)]
    path.write_text("income,ratio,label\n" + "\n".join(rows) + "\n")
    result = run_experiment(custom_experiment(str(path), "2-1", steps=20, standardize=True))
    _, mean, scale = standardize(load_csv(path))
    assert np.allclose(result.input_units(), np.column_stack([mean, scale]))
    plain = run_experiment(custom_experiment(str(path), "2-1", steps=20))
    assert plain.input_units() == ((0.0, 1.0), (0.0, 1.0))
    # read through them, the standardized points are the file's numbers again
    offset, spread = np.array(result.input_units()).T
    assert np.allclose(offset + spread * result.data.points, load_csv(path).points)
