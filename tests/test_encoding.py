"""The house x264 settings reach every render path, and a still moment is drawn and converted once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from manim import Square, tempconfig
from manim._config.output import OutputFormat, OutputSpec
from manim._config.video_encoder import resolve_video_encoder
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from netplane_render.media import x264_settings
from netplane_render.options import VIDEO_ENCODER_OPTIONS
from scenes.kit import encoding
from scenes.kit.base import NetplaneScene
from scenes.kit.encoding import HeldFrameEncoder
from tests.test_render_cli import REAL_IDS, real_render  # noqa: F401 - the shared render

REPO = Path(__file__).resolve().parent.parent
# What the preset and crf decide in x264's record of its settings (threads depend on the machine)
PRESET_KEYS = ("crf", "ref", "subme", "me", "trellis", "mixed_ref", "analyse", "rc_lookahead")


def test_the_scenes_and_the_worker_hold_the_same_house_settings():
    assert encoding.VIDEO_ENCODER_OPTIONS == VIDEO_ENCODER_OPTIONS


def _spec(width: int, height: int, options: dict):
    mp4 = OutputSpec(
        format=OutputFormat.MP4, transparent=False, save_sections=False, fallback_to_still=False
    )
    return resolve_video_encoder(mp4, width=width, height=height, frame_rate=15, options=options)


def _encode(encoder_class, target: Path, frames_and_repeats, options: dict) -> Path:
    height, width = frames_and_repeats[0][0].shape[:2]
    encoder = encoder_class(target=target, spec=_spec(width, height, options))
    for pixels, repeat in frames_and_repeats:
        encoder.write_frame(pixels, repeat=repeat)
    encoder.finish()
    return target


def _frames(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    frames = [rng.integers(0, 255, (48, 64, 4), dtype=np.uint8) for _ in range(3)]
    for frame in frames:
        frame[..., 3] = 255
    return frames


def house_settings(tmp_path: Path) -> dict[str, str]:
    """The preset-dependent settings x264 records for the house options."""
    movie = _encode(
        VideoSegmentEncoder,
        tmp_path / "house.mp4",
        [(frame, 1) for frame in _frames()],
        VIDEO_ENCODER_OPTIONS,
    )
    settings = x264_settings(movie)
    return {key: settings[key] for key in PRESET_KEYS}


class Still(NetplaneScene):
    def construct(self) -> None:
        self.add(Square())
        self.wait(2)


def test_house_settings_differ_from_manims_default(tmp_path):
    default = x264_settings(
        _encode(VideoSegmentEncoder, tmp_path / "d.mp4", [(_frames()[0], 1)], {"crf": "23"})
    )
    house = house_settings(tmp_path)
    assert house != {key: default[key] for key in PRESET_KEYS}
    assert house["crf"] == f"{float(VIDEO_ENCODER_OPTIONS['crf']):.1f}"


def test_a_scene_takes_the_house_settings_unless_the_render_chose(tmp_path):
    with tempconfig({"media_dir": str(tmp_path)}):
        scene = Still()
        assert dict(scene.session_spec.video_encoder.options) == VIDEO_ENCODER_OPTIONS
        from manim import config

        assert config.video_encoder_options == {}  # set only while the scene was made
    with tempconfig({"media_dir": str(tmp_path), "video_encoder_options": {"crf": "30"}}):
        assert dict(Still().session_spec.video_encoder.options) == {"crf": "30"}


def test_the_runner_encodes_with_the_house_settings(real_render, tmp_path):  # noqa: F811
    _, folder = real_render
    house = house_settings(tmp_path)
    for scene_id in REAL_IDS:
        written = x264_settings(folder / f"{scene_id}.mp4")
        assert {key: written.get(key) for key in PRESET_KEYS} == house, scene_id


def test_manim_render_of_a_scene_file_uses_the_house_settings(tmp_path):
    """The plain ``manim render scenes/<file>.py Scene`` path: a movie, encoded as render.py's."""
    source = (
        "from manim import Square\n"
        "from scenes.kit.base import NetplaneScene\n\n\n"
        "class Still(NetplaneScene):\n"
        "    def construct(self):\n"
        "        self.add(Square())\n"
        "        self.wait(1)\n"
    )
    (tmp_path / "still.py").write_text(source)
    environment = dict(os.environ, PYTHONPATH=str(REPO), NETPLANE_THEME="dark")
    manim = Path(sys.executable).parent / "manim"
    command = [str(manim), "render", "-ql", "-r", "128,72", "--media_dir", "media"]
    result = subprocess.run(
        [*command, "still.py", "Still"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    [movie] = (tmp_path / "media" / "videos").glob("**/Still.mp4")
    written = x264_settings(movie)
    assert {key: written.get(key) for key in PRESET_KEYS} == house_settings(tmp_path)


def test_a_held_frame_encodes_to_the_same_file_converted_once(tmp_path, monkeypatch):
    frames = _frames(1)
    held = [(frames[0], 1), (frames[1], 12), (frames[2], 1), (frames[0], 5)]
    options = {**VIDEO_ENCODER_OPTIONS, "threads": "1"}
    manims = _encode(VideoSegmentEncoder, tmp_path / "manim.mp4", held, options)
    converted = []
    real_from_ndarray = av.VideoFrame.from_ndarray

    def counting(array, *args, **kwargs):
        converted.append(1)
        return real_from_ndarray(array, *args, **kwargs)

    monkeypatch.setattr(av.VideoFrame, "from_ndarray", counting)
    ours = _encode(HeldFrameEncoder, tmp_path / "ours.mp4", held, options)
    assert len(converted) == len(held)
    assert ours.read_bytes() == manims.read_bytes()


def test_a_still_hold_is_drawn_once(tmp_path, monkeypatch):
    """A caption's hold (a wait with nothing updating) is one picture, repeated by the encoder."""
    writes = []
    with tempconfig(
        {
            "media_dir": str(tmp_path),
            "pixel_width": 128,
            "pixel_height": 72,
            "frame_rate": 15,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
        }
    ):
        scene = Still()
        draws = []
        capture = scene.camera.capture_mobjects
        monkeypatch.setattr(
            scene.camera, "capture_mobjects", lambda *a, **k: draws.append(1) or capture(*a, **k)
        )
        write = scene.renderer.file_writer.write_frame
        monkeypatch.setattr(
            scene.renderer.file_writer,
            "write_frame",
            lambda pixels, repeat=1: writes.append(repeat) or write(pixels, repeat=repeat),
        )
        scene.render()
    assert writes == [30]
    # the still picture and the frame drawn from it (Manim's frozen-frame path), not 30 frames
    assert len(draws) <= 2


@pytest.mark.parametrize("repeat", [0, -1])
def test_a_held_frame_needs_a_positive_repeat(tmp_path, repeat):
    height, width = 48, 64
    encoder = HeldFrameEncoder(target=tmp_path / "x.mp4", spec=_spec(width, height, {}))
    with pytest.raises(ValueError):
        encoder.write_frame(_frames()[0], repeat=repeat)
    encoder.abort()


def _formula_svg(tmp_path: Path, name: str, tex: str, compile_tex) -> bytes:
    from manim.utils import tex_file_writing

    with tempconfig({"media_dir": str(tmp_path / name)}):
        previous = tex_file_writing.compile_tex
        tex_file_writing.compile_tex = compile_tex
        try:
            return Path(tex_file_writing.tex_to_svg_file(tex)).read_bytes()
        finally:
            tex_file_writing.compile_tex = previous


def test_a_formula_compiled_from_the_preamble_format_is_the_same(tmp_path, monkeypatch):
    from scenes.kit import latex_format

    monkeypatch.setenv("NETPLANE_TEX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(latex_format, "_formats", {})
    runs = []
    real_run = subprocess.run
    monkeypatch.setattr(
        latex_format.subprocess,
        "run",
        lambda command, **kw: runs.append(command) or real_run(command, **kw),
    )
    formula = r"$W_1 = \begin{bmatrix} 1 & -0.5 \end{bmatrix}$"
    ours = _formula_svg(tmp_path, "ours", formula, latex_format.compile_with_preamble_format)
    [fmt] = (tmp_path / "cache" / "format").glob("netplane-*.fmt")
    assert any(f"-fmt={fmt.stem}" in command for command in runs)
    manims = _formula_svg(tmp_path, "manim", formula, latex_format._manim_compile_tex)
    assert ours == manims


def test_a_formula_falls_back_to_manims_compilation_without_a_format(tmp_path, monkeypatch):
    from scenes.kit import latex_format

    monkeypatch.setenv("NETPLANE_TEX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(latex_format, "_formats", {})
    monkeypatch.setattr(latex_format, "_build_format", lambda *args: None)
    svg = _formula_svg(tmp_path, "plain", r"$x^2$", latex_format.compile_with_preamble_format)
    assert b"<svg" in svg
    assert not (tmp_path / "cache" / "format").exists() or not list(
        (tmp_path / "cache" / "format").glob("*.fmt")
    )
