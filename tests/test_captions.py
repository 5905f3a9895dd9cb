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
