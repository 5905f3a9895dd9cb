"""How long captions stay, planned without rendering."""

from __future__ import annotations

import pytest

from scenes.kit.captions import MOST_STRETCH, hold_seconds, reading_seconds, step_run_time

LONG = (
    "W1 = [[1.33, -2.31], [2.85, 0.73]] sends i-hat to (1.33, 2.85) and j-hat to "
    "(-2.31, 0.73): the plane turns and stretches."
)


def test_a_caption_stays_long_enough_to_read():
    assert reading_seconds("b1 shifts every point.") == 2.5
    assert reading_seconds(LONG) == pytest.approx(0.3 * len(LONG.split()))
    assert reading_seconds(LONG) > 5


def test_the_picture_waits_only_for_what_is_missing():
    assert hold_seconds(LONG, 1.0) == pytest.approx(reading_seconds(LONG) - 1.0)
    assert hold_seconds("Short.", 4.0) == 0.0


def test_a_step_slows_for_its_caption_but_not_beyond_a_move():
    assert step_run_time("Short.", 2.5) == 2.5
    slowed = step_run_time(LONG, 2.5)
    assert 2.5 < slowed <= MOST_STRETCH * 2.5
    # what the step cannot give, the picture waits for: together they cover the reading
    assert slowed + hold_seconds(LONG, slowed) == pytest.approx(reading_seconds(LONG))
    # time the caption was already on counts
    assert step_run_time(LONG, 2.5, shown=reading_seconds(LONG)) == 2.5


def test_a_long_sentence_is_cut_at_a_clause_and_never_inside_a_matrix():
    from scenes.kit.captions import FEWEST_CUE_WORDS, MOST_CUE_WORDS, cue_texts, sentence_seconds

    cues = cue_texts(LONG)
    assert len(cues) == 2 and " ".join(cues) == LONG
    for cue in cues:
        assert FEWEST_CUE_WORDS <= len(cue.split()) <= MOST_CUE_WORDS
        assert cue.count("[") == cue.count("]") and cue.count("(") == cue.count(")")
    # cutting costs no reading time where each piece is long enough
    assert sentence_seconds(LONG) == pytest.approx(reading_seconds(LONG))
    assert cue_texts("b1 shifts every point by (0.21, 0.19).") == (
        "b1 shifts every point by (0.21, 0.19).",
    )


def test_a_sentences_time_is_shared_by_its_cues_in_order():
    from scenes.kit.captions import cue_times

    times = cue_times(LONG, 10.0, 20.0)
    assert times[0][0] == 10.0 and times[-1][1] == 20.0
    for (_, end, _), (start, _, _) in zip(times, times[1:], strict=False):
        assert end == pytest.approx(start)
    for start, end, text in times:
        assert end - start >= reading_seconds(text) - 1e-9
