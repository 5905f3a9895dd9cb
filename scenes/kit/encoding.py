"""How a netplane scene's video is encoded: the house x264 settings, and still frames converted once.

Manim encodes each play into an H.264 segment (libx264, crf 23, preset medium by default). The
house settings, ``VIDEO_ENCODER_OPTIONS`` (render.py's worker holds the same in
``netplane_render.options``: the kit imports nothing from the render machinery), give the same picture for
less CPU (see the README); a scene takes them unless the render chose its own encoder options
(``--encoder-option``, a ``manim.cfg``). render.py's worker passes them explicitly, so the
benchmark's hand-written reference and encode floor get them too.

A still moment (a ``wait`` with nothing updating) is drawn once and handed to the encoder as one
frame repeated n times; Manim's encoder then converts that RGBA frame to YUV n times.
``HeldFrameEncoder`` converts it once and encodes the converted frame n times: same packets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
from manim import config
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = [
    "VIDEO_ENCODER_OPTIONS",
    "HeldFrameEncoder",
    "NetplaneFileWriter",
    "house_encoder_options",
]

# libx264 at preset veryfast with superfast's motion search, crf 18.5: medium's picture at crf 23
# for about 40% of its CPU (README)
VIDEO_ENCODER_OPTIONS = {"preset": "veryfast", "crf": "18.5", "x264-params": "me=dia:subme=1"}


@contextmanager
def house_encoder_options() -> Iterator[None]:
    """While a scene resolves its render settings: the house x264 options, unless the render
    set encoder options or another codec. Manim reads them once, when the scene is made."""
    chosen = config.video_encoder_options or config.video_codec not in ("auto", "libx264")
    if chosen:
        yield
        return
    config.video_encoder_options = VIDEO_ENCODER_OPTIONS
    try:
        yield
    finally:
        config.video_encoder_options = {}


class HeldFrameEncoder(VideoSegmentEncoder):
    """Manim's segment encoder, converting a repeated frame to the stream's format only once."""

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if repeat == 1:
            super().write_frame(pixels, repeat=1)
            return
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            # what the stream would do to each copy (same reformatter, same defaults)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self.spec.pixel_format
            )
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class NetplaneFileWriter(SceneFileWriter):
    """Manim's file writer with ``HeldFrameEncoder`` for its segments."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return HeldFrameEncoder(target=target, spec=self.video_encoder)
