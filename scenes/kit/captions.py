"""How long each caption stays: long enough to read, and no longer than what it describes.

A caption is on screen at least :func:`reading_seconds` (``max(2.5 s, 0.3 s a word)``). A math
step runs longer, up to :data:`MOST_STRETCH` times its own time, when its caption needs it
(:func:`step_run_time`); what is still missing then, the picture waits for (:func:`hold_seconds`)
before the caption ends with its step. Pure functions, no Manim: tested without rendering.
"""

from __future__ import annotations

__all__ = [
    "MIN_SECONDS",
    "MOST_STRETCH",
    "SECONDS_PER_WORD",
    "hold_seconds",
    "reading_seconds",
    "step_run_time",
]

MIN_SECONDS = 2.5
SECONDS_PER_WORD = 0.3
# A step slowed further than this no longer reads as a move: the picture waits instead
MOST_STRETCH = 1.6


def reading_seconds(sentence: str) -> float:
    """The least time ``sentence`` stays on screen: 2.5 s, or 0.3 s a word if that is more."""
    return max(MIN_SECONDS, SECONDS_PER_WORD * len(sentence.split()))


def hold_seconds(sentence: str, shown: float) -> float:
    """How much longer the picture waits for ``sentence``, already ``shown`` seconds on screen."""
    return max(0.0, reading_seconds(sentence) - shown)


def step_run_time(sentence: str, nominal: float, *, shown: float = 0.0) -> float:
    """How long the step ``sentence`` describes runs: its ``nominal`` time, or longer (up to
    :data:`MOST_STRETCH` times) so that with the ``shown`` seconds the caption was already on,
    it can be read by the step's end."""
    return min(MOST_STRETCH * nominal, max(nominal, reading_seconds(sentence) - shown))
