"""render.py storyboard: the moments it picks, and a sheet from a small video through the CLI."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

import render
from netplane_render.storyboard import (
    GAP,
    LABEL_HEIGHT,
    TILE_WIDTH,
    StoryboardError,
    storyboard_times,
)
from netplane_render.tracks import Cue, webvtt


def test_times_every_n_seconds_at_each_caption_and_the_end():
    cues = [Cue(0.0, 2.0, "first"), Cue(2.1, 5.0, "second"), Cue(4.4, 6.0, "third")]
    tiles = storyboard_times(6.5, cues, 1.5)
    times = [tile.time for tile in tiles]
    assert times == sorted(times) and times[-1] == 6.5
    # a regular moment next to a caption's start gives way to it
    assert 2.1 in times and 4.4 in times and 4.5 not in times
    assert {tile.caption for tile in tiles if tile.caption} == {"first", "second", "third"}
    assert min(np.diff(times)) >= 0.2


def test_bad_spacing_is_one_clear_error():
    with pytest.raises(StoryboardError, match="positive number of seconds"):
        storyboard_times(5.0, [], 0)


def write_video(path: Path, seconds: float = 3.0, fps: int = 10) -> None:
    """A small video whose frames brighten with time, so a tile tells its moment."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for index in range(int(seconds * fps)):
            level = int(255 * index / (seconds * fps))
            frame = np.full((180, 320, 3), level, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def test_the_command_writes_one_sheet_from_a_video_and_its_captions(tmp_path):
    video = tmp_path / "clip.mp4"
    write_video(video)
    video.with_suffix(".vtt").write_text(webvtt([Cue(0.0, 1.2, "one"), Cue(1.2, 3.0, "two")]))
    target = tmp_path / "sheet.png"
    result = CliRunner().invoke(
        render.cli, ["storyboard", str(video), "--every", "1", "--to", str(target)]
    )
    assert result.exit_code == 0, result.output
    # 0 and 1.2 (the captions' starts; 1 s gives way to 1.2), 2 s, and the last frame
    assert "(4 frames)" in result.output
    sheet = Image.open(target)
    assert sheet.width >= 3 * TILE_WIDTH
    pixels = np.asarray(sheet.convert("L")).astype(int)
    tile_height = round(180 * TILE_WIDTH / 320)
    first_row = LABEL_HEIGHT + LABEL_HEIGHT + tile_height // 2
    second_row = first_row + tile_height + LABEL_HEIGHT + GAP
    middle = GAP + TILE_WIDTH // 2
    # the first tile is the dark first frame, the last (second row) the bright last one
    assert pixels[first_row, middle] < 20 < 200 < pixels[second_row, middle]
    assert not list(tmp_path.glob(".*.part"))


def test_a_scene_not_rendered_yet_says_which_command_renders_it(tmp_path):
    result = CliRunner().invoke(render.cli, ["storyboard", "intro", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "render.py render intro" in result.output
    missing = CliRunner().invoke(render.cli, ["storyboard", str(tmp_path / "none.mp4")])
    assert missing.exit_code == 1 and "no video at" in missing.output
