"""Tests for the `datasets` package: shapes, determinism, the geometric promises each data set
makes (who separates what), and every CSV error."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import linprog

from datasets import Dataset, DatasetError, dataset_names, load_csv, load_dataset

EXPECTED_NAMES = [
    "two-curves",
    "hard-curves",
    "xor",
    "xor-noisy",
    "circles",
    "moons",
    "spiral",
    "trask",
    "spiral3",
    "blobs",
]
EXPECTED_CLASSES = {"spiral3": 3, "blobs": 4}
EXPECTED_SIZES = {
    "two-curves": 200,
    "hard-curves": 200,
    "xor": 4,
    "xor-noisy": 200,
    "circles": 500,
    "moons": 200,
    "spiral": 200,
    "trask": 4,
    "spiral3": 300,
    "blobs": 240,
}
PLANE_DATASETS = [name for name in EXPECTED_NAMES if name != "trask"]


def is_linearly_separable(points: np.ndarray, labels: np.ndarray) -> bool:
    """points: (n, d), labels: (n,). True if some w, b give (2y - 1)(w . x + b) >= 1 for all.

    Solved as a feasibility linear programme (zero objective) in the d + 1 unknowns (w, b).
    """
    signs = 2.0 * labels - 1.0
    augmented = np.column_stack([points, np.ones(len(points))])
    result = linprog(
        c=np.zeros(augmented.shape[1]),
        A_ub=-signs[:, np.newaxis] * augmented,
        b_ub=-np.ones(len(points)),
        bounds=[(None, None)] * augmented.shape[1],
        method="highs",
    )
    assert result.status in (0, 2), result.message  # 0: feasible, 2: infeasible
    return result.status == 0


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def class_points(data: Dataset, label: int) -> np.ndarray:
    return data.points[data.labels == label]


# --- every built-in data set ------------------------------------------------------------------


def test_dataset_names_are_stable_and_complete():
    assert dataset_names() == EXPECTED_NAMES
    names = dataset_names()
    names.append("mutated")
    assert dataset_names() == EXPECTED_NAMES


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_shapes_and_dtypes(name):
    data = load_dataset(name)
    n = EXPECTED_SIZES[name]
    expected_features = 3 if name == "trask" else 2
    assert data.name == name
    assert data.points.shape == (n, expected_features)
    assert data.labels.shape == (n,)
    assert data.points.dtype == np.float64
    assert data.labels.dtype == np.int64
    assert data.n_features == expected_features
    assert np.all(np.isfinite(data.points))


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_labels_are_0_to_k_minus_1_and_classes_balanced(name):
    data = load_dataset(name)
    classes = EXPECTED_CLASSES.get(name, 2)
    assert set(np.unique(data.labels).tolist()) == set(range(classes))
    assert data.n_classes == classes
    counts = np.bincount(data.labels)
    assert np.all(counts == counts[0])


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_arrays_are_read_only(name):
    data = load_dataset(name)
    with pytest.raises(ValueError, match="read-only"):
        data.points[0, 0] = 99.0
    with pytest.raises(ValueError, match="read-only"):
        data.labels[0] = 1 - data.labels[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.name = "other"


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_loading_twice_gives_identical_bits(name):
    first, second = load_dataset(name), load_dataset(name)
    assert first.points is not second.points
    assert first.points.tobytes() == second.points.tobytes()
    assert first.labels.tobytes() == second.labels.tobytes()
    assert first.description == second.description


def test_loading_leaves_global_random_state_alone():
    # The legacy global generator is read here only to prove the data sets never draw from it.
    before = np.random.get_state()  # noqa: NPY002
    for name in EXPECTED_NAMES:
        load_dataset(name)
    after = np.random.get_state()  # noqa: NPY002
    assert np.array_equal(after[1], before[1]) and after[2] == before[2]


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_description_is_one_sentence(name):
    description = load_dataset(name).description
    assert description.endswith(".")
    assert description.count(". ") == 0


@pytest.mark.parametrize("name", PLANE_DATASETS)
def test_plane_datasets_fit_the_visible_plane(name):
    assert np.all(np.abs(load_dataset(name).points) <= 3.0)


# --- two-curves ---------------------------------------------------------------------------


def test_two_curves_are_100_points_each_over_evenly_spaced_x1():
    data = load_dataset("two-curves")
    for label in (0, 1):
        curve = class_points(data, label)
        assert curve.shape == (100, 2)
        np.testing.assert_allclose(curve[:, 0], np.linspace(-3.0, 3.0, 100))


def test_two_curves_class_0_is_the_lower_curve_and_a_horizontal_line_separates():
    data = load_dataset("two-curves")
    lower, upper = class_points(data, 0), class_points(data, 1)
    assert np.all(lower[:, 1] < upper[:, 1])
    assert lower[:, 1].max() < upper[:, 1].min()
    assert is_linearly_separable(data.points, data.labels)


def test_two_curves_are_wavy_not_flat():
    data = load_dataset("two-curves")
    for label in (0, 1):
        heights = class_points(data, label)[:, 1]
        assert np.ptp(heights) > 0.5
        slopes = np.diff(heights)
        assert np.any(slopes > 0) and np.any(slopes < 0)


def test_two_curves_stay_within_x2_band():
    assert np.all(np.abs(load_dataset("two-curves").points[:, 1]) <= 2.5)


def test_articles_hand_picked_classifier_gets_about_two_thirds_right():
    data = load_dataset("two-curves")
    f = data.points @ np.array([1.0, 1.0]) - 2.0
    predicted = (f > 1.0).astype(np.int64)
    accuracy = np.mean(predicted == data.labels)
    assert 0.60 <= accuracy <= 0.72


# --- hard-curves --------------------------------------------------------------------------


def test_hard_curves_are_two_curves_pulled_closer():
    hard, easy = load_dataset("hard-curves"), load_dataset("two-curves")
    hard_gap = class_points(hard, 1)[:, 1] - class_points(hard, 0)[:, 1]
    easy_gap = class_points(easy, 1)[:, 1] - class_points(easy, 0)[:, 1]
    assert np.all(hard_gap > 0)
    assert hard_gap.max() < easy_gap.min()
    for label in (0, 1):
        np.testing.assert_allclose(class_points(hard, label)[:, 0], np.linspace(-3.0, 3.0, 100))


def test_no_straight_line_separates_the_hard_curves():
    data = load_dataset("hard-curves")
    assert not is_linearly_separable(data.points, data.labels)


def test_a_two_two_one_relu_network_separates_the_hard_curves():
    # The class-1 region is the part of the plane above the tent min(0.75, 0.8 - 0.6 |x1|):
    # hidden unit 1 measures how far a point is above the right slope, unit 2 above the left
    # slope, and b2 = -0.1 asks for a little more than zero in total, which flattens the tip.
    W1 = np.array([[0.6, 1.0], [-0.6, 1.0]])
    b1 = np.array([-0.7, -0.7])
    W2 = np.array([[1.0, 1.0]])
    b2 = np.array([-0.1])
    data = load_dataset("hard-curves")
    hidden = relu(W1 @ data.points.T + b1[:, np.newaxis])  # (2, n)
    output = (W2 @ hidden + b2[:, np.newaxis])[0]  # (n,)
    margin = (2 * data.labels - 1) * output
    assert W1.size + b1.size + W2.size + b2.size == 9
    assert margin.min() > 0.05


# --- the other built-in data sets ---------------------------------------------------------


def test_xor_is_exactly_the_four_corners():
    data = load_dataset("xor")
    np.testing.assert_array_equal(data.points, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(data.labels, [0, 1, 1, 0])
    assert not is_linearly_separable(data.points, data.labels)


def test_xor_noisy_clusters_sit_around_the_corners_with_xor_labels():
    data = load_dataset("xor-noisy")
    signs = data.points > 0
    np.testing.assert_array_equal(data.labels, signs[:, 0] ^ signs[:, 1])
    for corner in ([-1, -1], [-1, 1], [1, -1], [1, 1]):
        in_quadrant = np.all(np.sign(data.points) == corner, axis=1)
        assert np.count_nonzero(in_quadrant) == 50
        np.testing.assert_allclose(data.points[in_quadrant].mean(axis=0), corner, atol=0.1)
    assert not is_linearly_separable(data.points, data.labels)


def test_circles_inner_class_1_radius_1_outer_class_0_radius_2():
    data = load_dataset("circles")
    radius = np.linalg.norm(data.points, axis=1)
    assert radius[data.labels == 1].mean() == pytest.approx(1.0, abs=0.05)
    assert radius[data.labels == 0].mean() == pytest.approx(2.0, abs=0.05)
    assert radius[data.labels == 1].max() < radius[data.labels == 0].min()
    assert np.std(radius[data.labels == 0]) > 0.05  # noisy, not a perfect circle
    assert not is_linearly_separable(data.points, data.labels)


@pytest.mark.parametrize("name", ["moons", "spiral", "circles", "xor-noisy"])
def test_noisy_datasets_are_centred_on_the_origin(name):
    np.testing.assert_allclose(load_dataset(name).points.mean(axis=0), [0.0, 0.0], atol=0.15)


def test_moons_interleave_so_no_line_separates_them():
    data = load_dataset("moons")
    upper, lower = class_points(data, 0), class_points(data, 1)
    assert upper[:, 1].mean() > lower[:, 1].mean()
    assert not is_linearly_separable(data.points, data.labels)


def test_spiral_arms_wind_into_each_other():
    data = load_dataset("spiral")
    radius = np.linalg.norm(data.points, axis=1)
    for label in (0, 1):
        arm_radius = radius[data.labels == label]
        assert arm_radius.min() < 0.7 and arm_radius.max() > 2.3
    assert not is_linearly_separable(data.points, data.labels)


def test_spiral3_is_cs231ns_three_arm_spiral():
    data = load_dataset("spiral3")
    radius = np.linalg.norm(data.points, axis=1)
    for arm in range(3):
        rows = data.labels == arm
        # radius 0..1 evenly, exactly as the case study's linspace
        np.testing.assert_allclose(radius[rows], np.linspace(0.0, 1.0, 100), atol=1e-12)
        # the angle is linspace(4 arm, 4 (arm + 1)) plus noise of standard deviation 0.2
        x, y = data.points[rows].T
        angle = np.arctan2(x, y)[1:]  # (r sin t, r cos t); the first point sits at the origin
        expected = np.linspace(4.0 * arm, 4.0 * (arm + 1), 100)[1:]
        noise = np.angle(np.exp(1j * (angle - expected)))
        assert 0.12 < noise.std() < 0.28
        assert np.abs(noise).max() < 1.0


@pytest.mark.parametrize("classes", [2, 3, 5, 6])
def test_blobs_come_in_2_to_6_classes(classes):
    data = load_dataset(f"blobs-{classes}")
    assert data.n_classes == classes
    assert data.points.shape == (60 * classes, 2)
    centres = np.array([data.points[data.labels == k].mean(axis=0) for k in range(classes)])
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 1.8, atol=0.2)


@pytest.mark.parametrize("name", ["blobs-7", "blobs-1"])
def test_blobs_outside_2_to_6_classes_are_refused(name):
    with pytest.raises(DatasetError, match=r"blobs come in 2 to 6 classes"):
        load_dataset(name)


def test_trask_is_the_tutorials_survey_matrix():
    data = load_dataset("trask")
    np.testing.assert_array_equal(data.points, [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(data.labels, [1, 1, 0, 0])
    assert data.n_features == 3
    assert "3 features" in data.description
    assert "not 2-D" in data.description


# --- unknown names ------------------------------------------------------------------------


def test_unknown_name_suggests_the_closest_and_lists_all():
    with pytest.raises(DatasetError) as caught:
        load_dataset("moon")
    message = str(caught.value)
    assert "'moon'" in message
    assert "did you mean 'moons'?" in message
    for name in EXPECTED_NAMES:
        assert name in message


def test_unknown_name_with_other_spelling_still_finds_a_match():
    with pytest.raises(DatasetError, match="did you mean 'two-curves'"):
        load_dataset("Two_Curves")


def test_unknown_name_without_close_match_only_lists_names():
    with pytest.raises(DatasetError) as caught:
        load_dataset("imagenet")
    assert "did you mean" not in str(caught.value)
    assert "two-curves" in str(caught.value)


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, ValueError)
    with pytest.raises(DatasetError, match="unknown data set"):
        load_dataset(["not", "a", "name"])


# --- the Dataset record -------------------------------------------------------------------


def test_dataset_copies_its_inputs():
    points = np.zeros((2, 2))
    labels = np.array([0, 1])
    data = Dataset("copy", points, labels, "Two points.")
    points[0, 0] = 5.0
    labels[0] = 1
    assert data.points[0, 0] == 0.0
    assert data.labels[0] == 0
    assert points.flags.writeable


def test_dataset_accepts_float_labels_that_are_0_or_1():
    data = Dataset("floats", [[0.0, 0.0], [1.0, 1.0]], [0.0, 1.0], "Two points.")
    assert data.labels.dtype == np.int64


@pytest.mark.parametrize(
    ("points", "labels", "problem"),
    [
        (
            [[0.0, 0.0], [1.0, 1.0]],
            [0, 0.5],
            "labels must be whole numbers 0, 1, ..., one per class, found 0.5",
        ),
        (
            [[0.0, 0.0], [1.0, 1.0]],
            [0, -1],
            "labels must be whole numbers 0, 1, ..., one per class, found -1",
        ),
        ([[0.0, 0.0], [1.0, 1.0]], [0, 6], "label 6 makes 7 classes; netplane draws at most 6"),
        ([[0.0, 0.0], [1.0, 1.0]], [0, 1, 1], r"labels must have shape \(2,\)"),
        ([[0.0, np.nan], [1.0, 1.0]], [0, 1], "NaN or infinite"),
        ([0.0, 1.0], [0, 1], r"shape \(n, d\)"),
        (np.zeros((0, 2)), [], r"shape \(n, d\)"),
        ([["a", "b"]], [0], "points must be numbers"),
    ],
)
def test_dataset_rejects_bad_arrays(points, labels, problem):
    with pytest.raises(DatasetError, match=problem):
        Dataset("bad", points, labels, "Bad.")


def test_dataset_rejects_empty_name():
    with pytest.raises(DatasetError, match="name"):
        Dataset("", [[0.0, 0.0]], [0], "One point.")


# --- load_csv -----------------------------------------------------------------------------


def write(tmp_path, text: str, filename: str = "mine.csv"):
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_and_blank_lines(tmp_path):
    path = write(tmp_path, "x1,x2,label\n\n0.5, 1.0, 0\n-1,2,1\n\n3e-1,-2.5,1.0\n")
    data = load_csv(path)
    assert data.name == "mine"
    np.testing.assert_array_equal(data.points, [[0.5, 1.0], [-1.0, 2.0], [0.3, -2.5]])
    np.testing.assert_array_equal(data.labels, [0, 1, 1])
    assert data.points.dtype == np.float64 and data.labels.dtype == np.int64
    assert not data.points.flags.writeable and not data.labels.flags.writeable
    assert data.n_features == 2


def test_csv_without_header_and_str_path(tmp_path):
    data = load_csv(str(write(tmp_path, "1,2,0\n3,4,1", filename="plain.csv")))
    assert data.name == "plain"
    np.testing.assert_array_equal(data.points, [[1.0, 2.0], [3.0, 4.0]])


def test_csv_with_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("x1,x2,label\r\n1,2,0\r\n".encode("utf-8-sig"))
    np.testing.assert_array_equal(load_csv(path).points, [[1.0, 2.0]])


def test_csv_missing_file(tmp_path):
    with pytest.raises(DatasetError, match=r"missing\.csv: file not found"):
        load_csv(tmp_path / "missing.csv")


def test_csv_directory(tmp_path):
    with pytest.raises(DatasetError, match="is a directory"):
        load_csv(tmp_path)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "x1,x2,label\n", "x1,x2,label\n\n"])
def test_csv_without_data_rows(tmp_path, text):
    with pytest.raises(DatasetError, match=r"mine\.csv: no data rows"):
        load_csv(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x1,x2,label\n1,2,0\n1,abc,1\n", r"mine\.csv, line 3: x2 'abc' is not a number"),
        ("1,2,0\n\n,2,1\n", r"mine\.csv, line 3: x1 '' is not a number"),
        ("1,2,0\nx1,x2,label\n", r"mine\.csv, line 2: x1 'x1' is not a number"),
        ("x1,x2,label\n1,2,6\n", r"mine\.csv, line 2: label 6 makes 7 classes; .* at most 6"),
        (
            "1,2,0.5\n",
            r"mine\.csv, line 1: labels must be whole numbers 0, 1, \.\.\., one per class, found 0\.5",
        ),
        ("1,2,0\n1,2\n", r"mine\.csv, line 2: found 2 columns, expected 3"),
        ("1,2,0,4\n", r"mine\.csv, line 1: found 4 columns, expected 3"),
        ("x1,x2\n1,2\n", r"mine\.csv, line 1: found 2 columns, expected 3"),
        ("1,2,0\n\n\nnan,1,1\n", r"mine\.csv, line 4: x1 is 'nan'; NaN and infinite"),
        ("1,inf,0\n", r"mine\.csv, line 1: x2 is 'inf'; NaN and infinite"),
        ("1,2,NaN\n", r"mine\.csv, line 1: label is 'NaN'; NaN and infinite"),
    ],
)
def test_csv_bad_rows_name_file_line_and_problem(tmp_path, text, problem):
    with pytest.raises(DatasetError, match=problem):
        load_csv(write(tmp_path, text))


def test_csv_not_utf8(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(DatasetError, match=r"binary\.csv: not a UTF-8 text file"):
        load_csv(path)


# --- coordinate names ----------------------------------------------------------------------


def test_a_csv_header_names_the_coordinates(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text("petal_length_cm, petal_width_cm ,species\n1.4,0.2,0\n4.7,1.4,1\n")
    data = load_csv(path)
    assert data.feature_names == ("petal_length_cm", "petal_width_cm")
    # standardizing rescales the numbers, not what they measure
    from datasets import standardize

    assert standardize(data)[0].feature_names == data.feature_names


def test_coordinates_without_a_header_are_x1_and_x2(tmp_path):
    path = tmp_path / "bare.csv"
    path.write_text("1.4,0.2,0\n4.7,1.4,1\n")
    assert load_csv(path).feature_names == ("x1", "x2")
    for name in PLANE_DATASETS:
        assert load_dataset(name).feature_names == ("x1", "x2"), name
    assert load_dataset("trask").feature_names == ("x1", "x2", "x3")


def test_feature_names_name_each_coordinate_once():
    with pytest.raises(DatasetError, match="must name each of the 2 coordinates"):
        Dataset("d", np.zeros((2, 2)), np.array([0, 1]), "two points", ("only one",))
    with pytest.raises(DatasetError, match="must name each of the 2 coordinates"):
        Dataset("d", np.zeros((2, 2)), np.array([0, 1]), "two points", ("a", " "))
