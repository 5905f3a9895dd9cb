"""A K-class network's story, rendered small: the hidden layers play, then the regions where
each class's score wins, checked against the network (not only the pixels)."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core.training import predict_labels
from scenes.kit.classes import class_regions, drawn_scores
from scenes.kit.story import NetworkStory, region_lattice
from tests.scene_rendering import narrated, render_scene


class ThreeClassesInThePlane(NetworkStory):
    # softmax and cross-entropy come with an architecture ending in 3
    data = "spiral3"
    architecture = "2-2-3"
    steps = 1500
    regions = True


def test_the_story_ends_in_the_regions_of_the_three_scores():
    scene, frame = render_scene(ThreeClassesInThePlane)
    trained = scene.trained
    network = trained.network
    # the output layer is no move of its own: the steps are the hidden layer's W, b, ReLU
    assert [(step.kind, step.layer) for step in scene.steps] == [
        ("linear", 1),
        ("bias", 1),
        ("activation", 1),
    ]
    revealed = [name for name, _ in scene.reveal_log]
    assert revealed[-3:] == ["regions", "ties", "accuracy"]
    # the points as drawn, back in hidden coordinates, fall in the regions of the classes the
    # network predicts
    drawn = scene.figure.data_coordinates()
    weight, bias = drawn_scores(network, trained.data.points, scene.figure.state)
    np.testing.assert_allclose(drawn[:, :2], trained.trace().layers[0].activation, atol=1e-6)
    np.testing.assert_array_equal(
        np.argmax(drawn[:, :2] @ weight.T + bias, axis=1), trained.predicted
    )
    assert scene.class_regions.exact
    assert len(scene.class_regions.ties) >= 2
    # the readout is the network's accuracy, and the rings are its wrong points
    assert scene.measured_accuracy == trained.accuracy
    wrong = np.flatnonzero(trained.predicted != trained.data.labels)
    np.testing.assert_array_equal(scene.ringed_points, wrong)
    # --regions: the lattice is coloured by the predicted class, one colour per class
    lattice = region_lattice(trained.data.points)
    expected = predict_labels(trained.trace(lattice).output, trained.threshold)
    np.testing.assert_array_equal(scene.region_labels, expected)
    assert len(scene.region_clouds) == 3
    assert frame.std() > 5


def test_the_narration_names_the_regions_and_the_counts():
    words = " ".join(narrated(ThreeClassesInThePlane).sentences)
    assert "give each of the 3 classes a score" in words
    assert "class 2 in the vermillion one" in words
    assert "class 0:" in words and "class 2:" in words
    assert "convex regions" in words


def test_regions_in_three_dimensions_are_drawn_straight_across_their_plane():
    class ThreeClassesInSpace(NetworkStory):
        data = "spiral3"
        architecture = "2-8-3"
        output = "softmax"
        loss = "ce"
        steps = 1500

    scene, _ = render_scene(ThreeClassesInSpace)
    trained = scene.trained
    state = scene.figure.state
    weight, bias = drawn_scores(trained.network, trained.data.points, state)
    regions = class_regions(weight, bias, state)
    assert regions.exact
    normal = np.cross(*regions.plane[1:])
    # the points were slid onto the plane across which the scores change
    offsets = (state.points - regions.plane[0]) @ normal
    np.testing.assert_allclose(offsets, 0.0, atol=1e-9)
    np.testing.assert_array_equal(
        np.argmax(state.points @ weight.T + bias, axis=1), trained.predicted
    )
    # the steps show the 8 hidden coordinates through their main axes (the formula line says
    # so); the picture turned onto the score axes before the regions were drawn
    assert scene.projection_name(scene.steps[-1].end) == "its 3 main axes"
    assert any("directions in which the class scores differ" in s for _, s in scene.narration)


def test_the_framing_checks_of_the_stress_gallery_hold_for_three_classes():
    """The data points and every text label inside the frame, no two labels overlapping."""
    from tests.test_stress_gallery import OVERLAP_TOLERANCE, box, inside_frame, visible_texts

    scene, _ = render_scene(ThreeClassesInThePlane)
    drawn = scene.figure.drawn_points()
    radius = scene.dot_radius
    assert inside_frame(drawn.min(axis=0) - radius, drawn.max(axis=0) + radius)
    texts = visible_texts(scene.mobjects + scene.foreground_mobjects)
    assert len(texts) > 5
    for text in texts:
        assert inside_frame(*box(text)), getattr(text, "tex_string", text)
    for index, first in enumerate(texts):
        low_a, high_a = box(first)
        for second in texts[index + 1 :]:
            low_b, high_b = box(second)
            overlap = np.minimum(high_a, high_b)[:2] - np.maximum(low_a, low_b)[:2]
            assert not np.all(overlap > OVERLAP_TOLERANCE), (
                getattr(first, "tex_string", first),
                getattr(second, "tex_string", second),
            )
    # the data is the largest thing on screen: the points span at least half the frame's height
    assert np.ptp(drawn[:, 1]) > 0.5 * 8.0 * 0.5


def test_a_scikit_learn_export_renders_with_sklearns_own_accuracy(tmp_path, monkeypatch):
    from tests.test_model_files_classes import sklearn_export

    classifier, data, path = sklearn_export(tmp_path, "blobs-3", hidden=(2,))

    class FromScikitLearn(NetworkStory):
        data = "blobs-3"
        network = "blobs-3.onnx"

    monkeypatch.setattr(FromScikitLearn, "_beside_file", lambda self, name: str(tmp_path / name))
    scene, _ = render_scene(FromScikitLearn)
    probabilities = classifier.predict_proba(data.points)
    top_two = np.sort(probabilities, axis=1)[:, -2:]
    assert np.all(top_two[:, 1] - top_two[:, 0] > 1e-4), "a near-tie would make this test luck"
    assert scene.measured_accuracy == classifier.score(data.points, data.labels)
    assert [name for name, _ in scene.reveal_log][-3:] == ["regions", "ties", "accuracy"]
    assert "ZipMap" in " ".join(scene.trained.notes)


class ThreeClassesInAWideLayer(NetworkStory):
    data = "spiral3"
    architecture = "2-8-3"
    output = "softmax"
    loss = "ce"
    steps = 1500


class ThreeClassesInSpace3(NetworkStory):
    data = "spiral3"
    architecture = "2-3-3"
    output = "softmax"
    loss = "ce"
    steps = 1500


def angle_to_line(direction: np.ndarray, line: np.ndarray) -> float:
    cosine = abs(direction @ line) / (np.linalg.norm(direction) * np.linalg.norm(line))
    return float(np.degrees(np.arccos(min(1.0, cosine))))


def test_points_sliding_onto_the_section_plane_are_seen_across_the_slide():
    """The slide (a 3-wide layer) and the drop onto the score axes' plane (an 8-wide one) move
    every point along the plane's normal: the camera looks at least 25 degrees away from it
    while they move, then turns to read the regions face-on."""
    for story in (ThreeClassesInSpace3, ThreeClassesInAWideLayer):
        scene, _ = render_scene(story)
        assert scene.slide_poses, story.__name__
        for pose, normal in scene.slide_poses:
            assert angle_to_line(pose.direction, normal) >= 25.0, story.__name__
        assert angle_to_line(scene.current_pose().direction, normal) < 1.0, story.__name__


def test_the_picture_moves_under_the_score_axes_sentence():
    """The sentence that says why the picture turns onto the score axes is long: the turn and
    the drop play under it, the picture held still at most 3 s of it."""
    scene, _ = render_scene(ThreeClassesInAWideLayer)
    cues = narrated(ThreeClassesInAWideLayer).cues
    opening = next(i for i, cue in enumerate(cues) if "drawn so far through" in cue[2])
    closing = next(i for i, cue in enumerate(cues) if "wins it" in cue[2])
    began, ended = scene.score_axes_motion
    assert began == pytest.approx(cues[opening][0], abs=0.1)
    assert cues[closing][1] - ended <= 3.0


def test_the_turn_onto_the_score_axes_keeps_the_points_in_the_frame():
    """Through the turn the points move far (onto the score axes' plane): the camera travels
    with them, so at every moment they are drawn inside the region and large (a camera
    centred where they started zoomed to nothing on the way, the frame empty for 3 s)."""
    from scenes.kit.space_camera import held_inside, project
    from scenes.kit.stages import mix_states

    scene, _ = render_scene(ThreeClassesInAWideLayer)
    start, end, state, target = scene.score_axes_turn
    framing = scene.space_framing()
    usable, room = framing.usable(2), framing.room
    for alpha in np.linspace(0.0, 1.0, 21):
        moved = mix_states(state, target, float(alpha)).points
        frame = held_inside(start.toward(end, float(alpha)), moved, framing)
        drawn = project(frame.pose, frame.view(), moved)
        low, high = drawn.min(axis=0), drawn.max(axis=0)
        assert low[0] >= usable[0] - 1e-6 and high[0] <= usable[1] + 1e-6, alpha
        assert low[1] >= usable[2] - 1e-6 and high[1] <= usable[3] + 1e-6, alpha
        span = high - low
        assert span[0] >= 0.35 * room[0] or span[1] >= 0.5 * room[1], (alpha, span)


class ThreeClassesRegionsInASixteenWideLayer(NetworkStory):
    # the README's 3-class example: generate --data spiral3 --arch 2-16-3 --hidden relu
    # --output softmax --regions
    data = "spiral3"
    architecture = "2-16-3"
    output = "softmax"
    loss = "ce"
    regions = True


def test_the_class_regions_picture_frames_the_points_and_keeps_its_fills_in_the_region():
    """The regions picture at the end is framed on the points, as large as the region under
    the panels and above the readout holds them, and the fills stay inside that region. Main framed the points at a
    fixed reach (23 % of the frame's width) and left the input plane's coloured lattice in the
    figure (a FadeOut restores its mobject), drawn stale over the whole frame and under the
    diagram and formula from 36 s to the end."""
    from manim.camera.three_d_camera import ThreeDCamera

    scene, _ = render_scene(ThreeClassesRegionsInASixteenWideLayer)
    figure = scene.figure
    assert scene.regions_group not in figure.group.get_family()
    camera = ThreeDCamera()
    camera.set_phi(scene.camera.get_phi())
    camera.set_theta(scene.camera.get_theta())
    camera.reset_rotation_matrix()
    # the band under the panels, above the readout at the bottom
    framing = scene.space_framing()
    x0, x1, y0, y1 = framing.region
    region = (x0, x1, max(y0, scene.readout.get_top()[1]), y1)
    usable = (x0 + 0.04, x1 - 0.04, region[2] + 0.04, y1 - 0.04)
    room = (usable[1] - usable[0], usable[3] - usable[2])
    drawn = camera.project_points(figure.drawn_points())[:, :2]
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    assert low[0] >= usable[0] - 1e-6 and high[0] <= usable[1] + 1e-6, (low, high)
    assert low[1] >= usable[2] - 1e-6 and high[1] <= usable[3] + 1e-6, (low, high)
    span = high - low
    assert span[0] >= 0.35 * room[0] or span[1] >= 0.5 * room[1], (span, room)
    fills = scene.decision[0]
    corners = np.vstack([fill.get_anchors() for fill in fills])
    screen = camera.project_points(corners)[:, :2]
    assert screen[:, 0].min() >= region[0] - 1e-3 and screen[:, 0].max() <= region[1] + 1e-3
    assert screen[:, 1].min() >= region[2] - 1e-3 and screen[:, 1].max() <= region[3] + 1e-3
