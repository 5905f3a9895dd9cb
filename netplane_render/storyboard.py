"""A storyboard of a rendered video: one PNG of its frames, each with its time, for reviewing.

The frames are taken every ``every`` seconds, at the start of every caption (the ``.vtt`` beside
the video) and at the very end, then laid out as a contact sheet, each tile at least 640 px
wide: what a reviewer looks at to see whether the data stays framed, the captions can be read,
and nothing covers the points (see ``../shared/REVIEW.md``). Frames are read with PyAV and the
sheet drawn with Pillow, both already dependencies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from netplane_render.tracks import Cue, cues_from_vtt

__all__ = [
    "StoryboardError",
    "Tile",
    "contact_sheet",
    "read_frames",
    "storyboard_times",
    "video_duration",
    "write_storyboard",
]

TILE_WIDTH = 640
# Two sampled times closer than this are one frame to a viewer: keep the first
MERGE_SECONDS = 0.2
LABEL_HEIGHT = 44
GAP = 8


class StoryboardError(ValueError):
    pass


@dataclass(frozen=True)
class Tile:
    """One frame of the sheet: the time it is taken at, and the caption starting there."""

    time: float
    caption: str = ""


def storyboard_times(duration: float, cues: list[Cue], every: float) -> list[Tile]:
    """The moments to show, in order: every ``every`` seconds from 0, each caption's start
    (carrying its text), and the last frame (``duration``). Moments closer than
    :data:`MERGE_SECONDS` to a caption start give way to it; other near neighbours merge."""
    if every <= 0:
        raise StoryboardError(f"--every must be a positive number of seconds, not {every:g}")
    if duration <= 0:
        raise StoryboardError("the video has no frames")
    starts = {round(cue.start, 3): cue.text for cue in cues if 0 <= cue.start <= duration}
    regular = [float(t) for t in np.arange(0.0, duration, every)] + [duration]
    tiles = [Tile(start, text) for start, text in starts.items()]
    for t in regular:
        if all(abs(t - tile.time) >= MERGE_SECONDS for tile in tiles) or t == duration:
            tiles.append(Tile(t))
    tiles.sort(key=lambda tile: tile.time)
    # the last frame is always shown, even right after a caption's start
    merged: list[Tile] = []
    for tile in tiles:
        if merged and tile.time - merged[-1].time < MERGE_SECONDS and tile.time != duration:
            continue
        merged.append(tile)
    return merged


def read_frames(video: Path, times: list[float]) -> tuple[list[np.ndarray], float]:
    """The frames shown at ``times`` (seconds, ascending; a time past the end gives the last
    frame) as RGB arrays, decoding the video once; and the video's duration."""
    try:
        container = av.open(str(video))
    except (av.error.FFmpegError, OSError) as error:
        raise StoryboardError(f"cannot read {video}: {error}") from None
    with container:
        if not container.streams.video:
            raise StoryboardError(f"{video} has no video stream")
        stream = container.streams.video[0]
        frames: list[np.ndarray] = []
        wanted = iter(times)
        target = next(wanted, None)
        previous: np.ndarray | None = None
        last_time = 0.0
        for frame in container.decode(stream):
            moment = float(frame.time or 0.0)
            image = frame.to_ndarray(format="rgb24")
            # the frame on screen at `target` is the last one that started at or before it
            while target is not None and moment > target + 1e-6:
                frames.append(previous if previous is not None else image)
                target = next(wanted, None)
            previous, last_time = image, moment
        if previous is None:
            raise StoryboardError(f"{video} has no video frames")
        while target is not None:
            frames.append(previous)
            target = next(wanted, None)
        rate = float(stream.average_rate or 30)
    return frames, last_time + 1.0 / rate


def video_duration(video: Path) -> float:
    """The length of ``video`` in seconds, from its container (frame count over frame rate)."""
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or 0)
            if stream.frames and rate:
                return stream.frames / rate
            if container.duration:
                return container.duration / av.time_base
    except (av.error.FFmpegError, OSError, IndexError) as error:
        raise StoryboardError(f"cannot read {video}: {error}") from None
    return read_frames(video, [])[1]


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow older than 10.1
        return ImageFont.load_default()


def contact_sheet(
    frames: list[np.ndarray],
    tiles: list[Tile],
    *,
    columns: int = 3,
    tile_width: int = TILE_WIDTH,
    title: str = "",
) -> Image.Image:
    """The frames in rows of ``columns``, each scaled to ``tile_width`` with its time above it
    (and, at a caption's start, the caption's first words)."""
    height = round(frames[0].shape[0] * tile_width / frames[0].shape[1])
    rows = -(-len(frames) // columns)
    header = LABEL_HEIGHT if title else 0
    sheet = Image.new(
        "RGB",
        (columns * tile_width + (columns + 1) * GAP, header + rows * (height + LABEL_HEIGHT + GAP)),
        (24, 24, 24),
    )
    draw = ImageDraw.Draw(sheet)
    big, small = _font(22), _font(16)
    if title:
        draw.text((GAP, 10), title, fill=(230, 230, 230), font=big)
    for index, (frame, tile) in enumerate(zip(frames, tiles, strict=True)):
        row, column = divmod(index, columns)
        x = GAP + column * (tile_width + GAP)
        y = header + row * (height + LABEL_HEIGHT + GAP)
        draw.text((x, y + 4), f"{tile.time:.2f} s", fill=(255, 220, 90), font=big)
        if tile.caption:
            words = tile.caption if len(tile.caption) <= 62 else tile.caption[:60] + "..."
            draw.text((x + 110, y + 8), words, fill=(170, 200, 255), font=small)
        image = Image.fromarray(frame).resize((tile_width, height), Image.Resampling.LANCZOS)
        sheet.paste(image, (x, y + LABEL_HEIGHT))
    return sheet


def write_storyboard(
    video: Path, target: Path, *, every: float = 1.5, columns: int = 3, title: str = ""
) -> list[Tile]:
    """Write the storyboard of ``video`` (with the ``.vtt`` beside it, if any) to ``target``
    (a PNG, written under a temporary name and moved into place); returns its tiles."""
    if not video.is_file():
        raise StoryboardError(f"no video at {video}")
    if columns < 1:
        raise StoryboardError(f"--columns must be at least 1, not {columns}")
    track = video.with_suffix(".vtt")
    cues = cues_from_vtt(track.read_text(encoding="utf-8")) if track.is_file() else []
    duration = video_duration(video)
    tiles = storyboard_times(duration, cues, every)
    times = [min(tile.time, duration - 1e-3) for tile in tiles]
    frames, _ = read_frames(video, times)
    sheet = contact_sheet(frames, tiles, columns=columns, title=title)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        sheet.save(partial, format="PNG", optimize=False)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return tiles
