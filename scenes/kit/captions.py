"""How long each caption stays, and how a long sentence is cut into cues a viewer can read.

A cue is on screen at least :func:`reading_seconds` (``max(2.5 s, 0.3 s a word)``). A sentence
longer than :data:`MOST_CUE_WORDS` words is cut at a clause (:func:`cue_texts`), so no cue is a
wall of text and each one sits under the part of the picture it speaks of. A math step runs
longer, up to :data:`MOST_STRETCH` times its own time (or :data:`LONGEST_STEP`), when its caption needs it
(:func:`step_run_time`); what is still missing then, the picture waits for
(:func:`hold_seconds`) before the caption ends with its step; :func:`cue_times` spreads the
sentence's time over its cues. Pure functions, no Manim: tested without rendering.
"""

from __future__ import annotations

import re

__all__ = [
    "FEWEST_CUE_WORDS",
    "LONGEST_STEP",
    "MIN_SECONDS",
    "MOST_CUE_WORDS",
    "MOST_STRETCH",
    "SECONDS_PER_WORD",
    "cue_texts",
    "cue_times",
    "hold_seconds",
    "reading_seconds",
    "sentence_seconds",
    "step_run_time",
]

MIN_SECONDS = 2.5
SECONDS_PER_WORD = 0.3
# A step slowed further than this no longer reads as a move: the picture waits instead ...
MOST_STRETCH = 2.0
# ... though any step may take this long, as a map in a lecture video does
LONGEST_STEP = 5.0
# A cue longer than this is cut at a clause ...
MOST_CUE_WORDS = 15
# ... into pieces no shorter than this (a shorter piece would cost more than its words' time)
FEWEST_CUE_WORDS = 8

# Where a sentence may be cut, strongest first: between two sentences, after a colon or
# semicolon, after a comma, before "and", "so" or "for"; never inside brackets (a matrix or a
# vector).
_BREAKS = (
    (re.compile(r"[.!?] (?=[A-Z])|[:;] "), 0),
    (re.compile(r", "), 1),
    (re.compile(r" (?=and |so |for )"), 2),
)


def reading_seconds(sentence: str) -> float:
    """The least time ``sentence`` stays on screen: 2.5 s, or 0.3 s a word if that is more."""
    return max(MIN_SECONDS, SECONDS_PER_WORD * len(sentence.split()))


def _depth(text: str) -> list[int]:
    """The bracket depth before each character of ``text``."""
    depth, depths = 0, []
    for character in text:
        depths.append(depth)
        depth += character in "([{"
        depth -= character in ")]}"
    return depths


def _cuts(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` may be cut: (character index where the second piece starts, weight)."""
    depths = _depth(sentence)
    cuts = []
    for pattern, weight in _BREAKS:
        for match in pattern.finditer(sentence):
            if depths[match.start()] == 0 and match.start() > 0:
                cuts.append((match.end(), weight))
    return cuts


def cue_texts(sentence: str) -> tuple[str, ...]:
    """``sentence`` as the cues it is shown in: itself if it has at most
    :data:`MOST_CUE_WORDS` words, otherwise cut at the clause that leaves the most even pieces
    (each at least :data:`FEWEST_CUE_WORDS` words; a sentence's end or a colon preferred to a
    comma, a comma to "and"), each piece cut again while too long. A sentence with no such clause stays whole."""
    words = len(sentence.split())
    if words <= MOST_CUE_WORDS:
        return (sentence,)
    # a very long sentence may leave a shorter piece rather than stay whole
    fewest = FEWEST_CUE_WORDS if words <= MOST_CUE_WORDS + 5 else FEWEST_CUE_WORDS // 2 + 1
    best = None
    for index, weight in _cuts(sentence):
        first, second = sentence[:index].rstrip(), sentence[index:].lstrip()
        sizes = len(first.split()), len(second.split())
        if min(sizes) < fewest:
            continue
        score = (max(sizes) + 2 * weight, weight)
        if best is None or score < best[0]:
            best = (score, first, second)
    if best is None:
        return (sentence,)
    _, first, second = best
    return (*cue_texts(first), *cue_texts(second))


def sentence_seconds(sentence: str) -> float:
    """The least time ``sentence`` needs on screen, cue by cue."""
    return sum(reading_seconds(cue) for cue in cue_texts(sentence))


def cue_times(sentence: str, start: float, end: float) -> list[tuple[float, float, str]]:
    """The cues of ``sentence`` shown from ``start`` to ``end`` (at least its
    :func:`sentence_seconds`): (start, end, text) each, the time shared in proportion to what
    each cue needs."""
    cues = cue_texts(sentence)
    needs = [reading_seconds(cue) for cue in cues]
    scale = (end - start) / sum(needs)
    times, at = [], start
    for number, (cue, need) in enumerate(zip(cues, needs, strict=True)):
        until = end if number == len(cues) - 1 else at + need * scale
        times.append((at, until, cue))
        at = until
    return times


def hold_seconds(sentence: str, shown: float) -> float:
    """How much longer the picture waits for ``sentence``, already ``shown`` seconds on screen."""
    return max(0.0, sentence_seconds(sentence) - shown)


def step_run_time(sentence: str, nominal: float, *, shown: float = 0.0) -> float:
    """How long the step ``sentence`` describes runs: its ``nominal`` time, or longer (up to
    :data:`MOST_STRETCH` times) so that with the ``shown`` seconds the caption was already on,
    it can be read by the step's end."""
    longest = max(MOST_STRETCH * nominal, LONGEST_STEP)
    return min(longest, max(nominal, sentence_seconds(sentence) - shown))
