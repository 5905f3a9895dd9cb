"""The fair sample a frame shows of a large data set (datasets.sampling)."""

from __future__ import annotations

import numpy as np
import pytest

from datasets.sampling import shown_sample


def data(n: int, share_of_ones: float, wrong_count: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < share_of_ones).astype(np.int64)
    wrong = np.zeros(n, dtype=bool)
    wrong[rng.choice(n, size=wrong_count, replace=False)] = True
    return labels, wrong


def test_a_small_data_set_is_shown_whole():
    labels, wrong = data(500, 0.5, 20)
    sample = shown_sample(labels, wrong, limit=2000)
    assert np.array_equal(sample.indices, np.arange(500))
    assert sample.is_everything and sample.summary() == "all 500 points shown"


@pytest.mark.parametrize(("share", "wrong_count"), [(0.5, 37), (0.1, 300), (0.93, 0)])
def test_the_sample_keeps_each_class_share_and_every_wrong_point(share, wrong_count):
    labels, wrong = data(200_000, share, wrong_count)
    sample = shown_sample(labels, wrong, limit=2000)
    shown = sample.indices
    assert sample.count == 2000 and len(np.unique(shown)) == 2000
    assert np.all(np.diff(shown) > 0)
    for label in (0, 1):
        expected = np.mean(labels == label) * 2000
        assert abs(np.sum(labels[shown] == label) - expected) <= 1
    assert set(np.flatnonzero(wrong)) <= set(shown)
    assert sample.wrong == sample.wrong_shown == wrong_count
    assert sample.summary() == (
        f"2,000 of 200,000 points shown (each class's share, all {wrong_count} wrong-side points)"
    )


def test_the_sample_is_deterministic_and_the_seed_is_explicit():
    labels, wrong = data(50_000, 0.4, 12)
    first = shown_sample(labels, wrong, limit=1000)
    again = shown_sample(labels, wrong, limit=1000)
    other = shown_sample(labels, wrong, limit=1000, seed=5)
    assert np.array_equal(first.indices, again.indices)
    assert not np.array_equal(first.indices, other.indices)


def test_more_wrong_points_than_the_sample_holds_are_sampled_and_said_so():
    labels, wrong = data(100_000, 0.5, 40_000)
    sample = shown_sample(labels, wrong, limit=1000)
    assert sample.count == 1000
    assert sample.wrong == 40_000
    # wrong and right in their own proportion within each class
    assert abs(sample.wrong_shown - 400) <= 2
    assert "of 40,000 wrong-side points" in sample.summary()


def test_a_tiny_class_still_appears():
    labels = np.zeros(100_000, dtype=np.int64)
    labels[:3] = 1
    sample = shown_sample(labels, np.zeros(100_000, dtype=bool), limit=500)
    assert sample.count == 500
    assert np.sum(labels[sample.indices] == 1) == 1


def test_bad_limits_and_shapes_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        shown_sample(np.zeros(5), np.zeros(5, dtype=bool), limit=0)
    with pytest.raises(ValueError, match="4 wrong-side flags for 5 labels"):
        shown_sample(np.zeros(5), np.zeros(4, dtype=bool))
