"""Every scene's words: one subcaption per step, in order, tiling the video, with the trained numbers.

The scenes are not rendered again here: ``tests.scene_rendering`` records what each render said,
and test_scenes.py (which runs first) renders every registered scene for its control frame.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from nn_core import forward
from nn_core.experiments import trained
from scenes.kit import captions, narration
from scenes.registry import SCENES, get_scene, load_scene_class
from tests.scene_rendering import narrated
from tests.test_scenes import STORY_SCENES

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Sentences are written with at most two decimals
TOLERANCE = 0.0051


def numbers(text: str) -> np.ndarray:
    return np.array([float(match) for match in NUMBER.findall(text)])


def scene_words(scene_id: str):
    return narrated(load_scene_class(get_scene(scene_id)))


# --- every registered scene -------------------------------------------------------------------


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_cues_tile_the_scene_in_order(scene_id):
    words = scene_words(scene_id)
    texts = [text for _, _, text in words.cues]
    assert len(texts) >= 1, f"{scene_id} says nothing"
    # Manim's subcaptions are exactly the sentences the scene narrated, in order, each as its cues
    assert tuple(texts) == tuple(cue for s in words.sentences for cue in captions.cue_texts(s))
    starts = [start for start, _, _ in words.cues]
    assert starts == sorted(starts)
    for (start, end, text), following in zip(words.cues, [*words.cues[1:], None], strict=True):
        # each cue can be read: at least 2.5 s, and 0.3 s a word
        assert end - start >= captions.reading_seconds(text) - 1e-6, (end - start, text)
        # and is gone when the next starts (the last by the scene's end)
        assert end <= (following[0] if following else words.duration) + 1e-6, text
        assert text.strip() and len(text) <= 240 and "\n" not in text, text
        assert "{" not in text and "\\" not in text, f"LaTeX in a subcaption: {text}"


# What follows a step's motion under its caption: a hidden space's axes fading, the number
# line with its ticks appearing, then, where a plane collapsed, where î and ĵ landed, risen,
# held and gone (0.6 + 1 + 1 + 0.8 + 1.5 + 0.4 s)
AFTER_STEP = 5.3


def sentence_spans(words) -> list[tuple[float, float, str]]:
    """Each narrated sentence as (start of its first cue, end of its last, sentence)."""
    spans, cues = [], list(words.cues)
    for sentence in words.sentences:
        own = cues[: len(captions.cue_texts(sentence))]
        del cues[: len(own)]
        spans.append((own[0][0], own[-1][1], sentence))
    return spans


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_no_cue_is_a_wall_of_text(scene_id):
    """Sentences of 20 to 26 words were once shown whole, as two or three lines at once."""
    for _, _, text in scene_words(scene_id).cues:
        assert len(text.split()) <= 20, text


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_the_picture_moves_while_its_captions_are_read(scene_id):
    """Story scenes once opened on a 4-6 s still frame, waiting for a 22-word sentence."""
    from tests.scene_rendering import render_scene

    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    # the sentences of the math steps, and the opening one of a layer story
    story = {scene.step_sentence(step) for step in scene.steps}
    story.add(
        narration.network_sentence(
            scene.trained.network,
            getattr(scene, "function_name", "f"),
            scene.trained.experiment.dataset,
            scene.total_points,
        )
    )
    holds = [
        (at, seconds, sentence) for at, seconds, sentence in scene.hold_log if sentence in story
    ]
    for at, seconds, sentence in holds:
        assert seconds <= 2.0, (at, seconds, sentence)
    assert sum(seconds for _, seconds, _ in holds) <= 4.0, holds


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_a_steps_caption_ends_with_its_step(scene_id):
    """two-layer-linear's b1 caption once stayed on for 4 s after its shift, under layer 2."""
    from tests.scene_rendering import render_scene

    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    cues = sentence_spans(scene_words(scene_id))
    records = [record for record in scene.step_log if record.kind != "camera"]
    for record in records:
        # the caption on when the step began (the last to start by then)
        (start, end, text) = [cue for cue in cues if cue[0] <= record.started + 1e-6][-1]
        assert end >= record.ended - 1e-6, text
        assert (
            end <= max(record.ended + AFTER_STEP, start + captions.reading_seconds(text)) + 1e-6
        ), (
            text,
            record.ended,
            end,
        )


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_every_moment_from_the_first_step_on_has_a_caption(scene_id):
    """intro once showed no caption for 1.5-2.7 s between b2's and the boundary's (while the
    diagram went dark, the formula faded and the camera re-zoomed), xor and two-layer-relu
    too, xor after its coinciding points' ring, and lift-3d for 4.6 s while the camera came
    down to the number line."""
    from tests.scene_rendering import render_scene

    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    cues = scene_words(scene_id).cues
    first = min(record.started for record in scene.step_log if record.kind != "camera")
    shown = [(start, end) for start, end, _ in cues if end > first]
    assert shown[0][0] <= first + 1e-6
    for (_, end), (start, _) in itertools.pairwise(shown):
        assert start - end <= 0.1, (scene_id, round(end, 2), round(start, 2))


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_story_cues_follow_the_layers_with_their_trained_numbers(scene_id):
    scene_class = load_scene_class(get_scene(scene_id))
    experiment = trained(scene_class.experiment)
    network = experiment.network
    trace = forward(network, experiment.data.points)
    # whole sentences: a long one is shown as several cues
    cues = list(scene_words(scene_id).sentences)
    position = 0

    def next_cue(prefix: str) -> str:
        nonlocal position
        for index in range(position, len(cues)):
            if cues[index].startswith(prefix):
                position = index + 1
                return cues[index]
        raise AssertionError(f"no cue starting {prefix!r} after cue {position} in {cues}")

    for number, (weights, bias, layer) in enumerate(
        zip(network.weights, network.biases, trace.layers, strict=True), 1
    ):
        linear = next_cue(f"W{number} ")
        if weights.size <= 4:
            shown = numbers(linear.split(" sends ")[0])[1:]  # after the 1 of "W1"
            np.testing.assert_allclose(shown, weights.ravel(), atol=TOLERANCE)
        if weights.size <= 9:
            # where each basis vector lands: the columns, in order
            landed = numbers(linear.split(" sends ")[1].split(":")[0])
            np.testing.assert_allclose(landed, weights.T.ravel(), atol=TOLERANCE)
        shift = next_cue(f"b{number} shifts")
        if bias.size <= 3:
            np.testing.assert_allclose(numbers(shift)[1:], bias, atol=TOLERANCE)
        activation = network.architecture.activations[number - 1]
        if activation == "relu":
            folded = int(np.count_nonzero((layer.pre_activation < 0).any(axis=1)))
            assert f": {folded} of {len(trace.inputs)} points" in next_cue("ReLU folds")
        elif activation != "identity":
            next_cue(narration.ACTIVATION_NAMES[activation])
    if scene_class.with_boundary:
        decision = next_cue("The boundary at")
        correct = int(round(experiment.accuracy * len(experiment.data.labels)))
        assert f"puts {correct} of {len(experiment.data.labels)} points" in decision


def test_the_matrix_scene_names_the_trained_w1():
    weights = trained("two-layer-relu").network.weights[0]
    cues = [text for _, _, text in scene_words("matmul-2x2").cues]
    columns = [cue for cue in cues if cue.startswith("Column")]
    for n, cue in enumerate(columns):
        np.testing.assert_allclose(numbers(cue)[1:3], weights[:, n], atol=TOLERANCE)
    entries = [numbers(cue)[1] for cue in cues if cue.startswith("w") and " = " in cue]
    np.testing.assert_allclose(entries, weights.ravel(), atol=TOLERANCE)


def test_training_cues_read_the_history():
    history = trained(load_scene_class(get_scene("circles-training")).experiment).history
    last = [text for _, _, text in scene_words("circles-training").cues][-1]
    assert f"by step {history[-1].step}," in last
    assert f"accuracy {narration.number_text(100 * history[-1].accuracy, 1)}%" in last
    trask = trained("trask")
    final = forward(trask.network, trask.data.points).output[:, 0]
    said = scene_words("trask-network").sentences[-1]
    np.testing.assert_allclose(numbers(said.split("targets")[0])[1:], final, atol=TOLERANCE)


# --- the sentences themselves -----------------------------------------------------------------


def test_numbers_are_written_short():
    assert narration.number_text(1.333) == "1.33"
    assert narration.number_text(2.0) == "2"
    assert narration.number_text(-0.001) == "0"
    assert narration.matrix_text(np.array([[1.33, -2.31], [2.85, 0.73]])) == (
        "[[1.33, -2.31], [2.85, 0.73]]"
    )
    assert narration.signed_sum([5.87, -5.86], ["h1", "h2"]) == "5.87 h1 - 5.86 h2"


def test_the_issue_examples():
    weights = np.array([[1.33, -2.31], [2.85, 0.73]])
    assert narration.linear_sentence(weights, "W1") == (
        "W1 = [[1.33, -2.31], [2.85, 0.73]] sends i-hat to (1.33, 2.85) and j-hat to "
        "(-2.31, 0.73): the plane turns and stretches."
    )
    assert narration.bias_sentence(np.array([3.34, -0.53]), "b1") == (
        "b1 shifts every point by (3.34, -0.53)."
    )
    before = np.array([[1.0, 2.0], [-1.0, 2.0], [-1.0, -1.0]])
    assert narration.activation_sentence("relu", before, np.maximum(before, 0)) == (
        "ReLU folds every negative coordinate to 0: 2 of 3 points land on an axis."
    )
    assert narration.decision_sentence(0.0, 200, 200).endswith("accuracy 100%.")


def test_the_planes_extent_said_is_the_one_its_tick_labels_show():
    from tests.scene_rendering import render_scene

    scene = render_scene(load_scene_class(get_scene("two-curves")))[0]
    said = next(s for s in scene_words("two-curves").sentences if s.startswith("The plane,"))
    axes = scene.shown_input_axes
    spans = re.findall(r"(\S+) from (\S+) to ([^\s.]+(?:\.\d+)?)", said)
    assert [name for name, *_ in spans] == list(axes.names)
    for (_, low, high), ticks in zip(spans, axes.ticks, strict=True):
        assert (float(low), float(high)) == pytest.approx((ticks.values[0], ticks.values[-1]))
