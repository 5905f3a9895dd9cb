"""The words beside a video: Manim's ``.srt`` subcaptions as a WebVTT track, chapters, a transcript.

A netplane scene narrates each step (``scenes/kit/narration.py``); Manim writes the sentences to an
``.srt`` beside the movie. Browsers only read WebVTT in a ``<track>``, so render.py converts it:
same cues, same times (the movie is remuxed, never retimed, so the times still match), with
``.`` as the decimal mark and a ``WEBVTT`` header. The sentences the cues make up are also the
scene's chapters in manifest.json, and the cues its transcript in the gallery.
"""

from __future__ import annotations

from dataclasses import dataclass

import srt

__all__ = ["Cue", "chapters", "cues_from_srt", "cues_from_vtt", "timestamp", "webvtt"]


@dataclass(frozen=True)
class Cue:
    """One sentence shown from ``start`` to ``end`` seconds."""

    start: float
    end: float
    text: str


def cues_from_srt(text: str) -> list[Cue]:
    """The cues of an SRT file, in time order."""
    return [
        Cue(sub.start.total_seconds(), sub.end.total_seconds(), sub.content.strip())
        for sub in sorted(srt.parse(text), key=lambda sub: sub.start)
    ]


def timestamp(seconds: float) -> str:
    """``83.5`` as WebVTT's ``00:01:23.500``."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _seconds(stamp: str) -> float:
    parts = stamp.strip().split(":")
    return sum(float(part) * 60**power for power, part in enumerate(reversed(parts)))


def webvtt(cues: list[Cue]) -> str:
    """A WebVTT file of ``cues``, numbered from 1 (a file with no cues is a valid empty track).

    A cue's text must not hold ``-->`` or a blank line, and ``&`` and ``<`` are escaped.
    """
    blocks = ["WEBVTT", ""]
    for number, cue in enumerate(cues, 1):
        text = " ".join(cue.text.split()).replace("&", "&amp;").replace("<", "&lt;")
        text = text.replace("-->", "->")
        blocks += [str(number), f"{timestamp(cue.start)} --> {timestamp(cue.end)}", text, ""]
    return "\n".join(blocks)


def cues_from_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file written by :func:`webvtt` (with the text unescaped)."""
    cues = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = lines[timing].split("-->")
        body = " ".join(lines[timing + 1 :]).replace("&lt;", "<").replace("&amp;", "&")
        cues.append(Cue(_seconds(start), _seconds(end.split()[0]), body))
    return cues


def chapters(cues: list[Cue]) -> list[dict]:
    """The scene's steps for manifest.json: start time (seconds) and title, one per sentence (a
    long sentence is shown as several cues, each but the last ending without a full stop)."""
    steps: list[dict] = []
    continued = False
    for cue in cues:
        if continued:
            steps[-1]["title"] += " " + cue.text
        else:
            steps.append({"start": round(cue.start, 3), "title": cue.text})
        continued = not cue.text.rstrip().endswith((".", "?", "!"))
    return steps
