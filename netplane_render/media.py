"""Turn the mp4 that Manim wrote into the files a blog needs: web mp4, webm, gif, poster png.

Manim renders a scene once, to mp4; everything else is derived from that file with PyAV (which
Manim already depends on) and Pillow, so adding a format never costs a second render. Every
function writes exactly the path it is given; callers pass temporary names and move them into
place when complete.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from netplane_render.options import GIF_MAX_FPS, GIF_MAX_WIDTH

__all__ = ["derive_outputs", "describe", "gif_frame_step", "remux_faststart", "x264_settings"]

# VP9 in realtime mode: 15x faster than "good" on Manim's flat colours for the same PSNR
# (about 46 dB against the mp4), at a file some 15% larger. On one thread: two cost some 8% more
# CPU for the same picture, and renders already run a scene per core.
WEBM_OPTIONS = {"crf": "32", "b": "0", "deadline": "realtime", "cpu-used": "8"}
PALETTE_SAMPLES = 24


def remux_faststart(source: Path, target: Path) -> None:
    """Copy ``source`` (mp4) to ``target`` with the index at the front, so a browser can start
    playing before the whole file has arrived. Packets are copied, not re-encoded."""
    with (
        av.open(str(source)) as src,
        av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"}) as dst,
    ):
        in_stream = src.streams.video[0]
        out_stream = dst.add_stream_from_template(in_stream)
        for packet in src.demux(in_stream):
            if packet.dts is None:
                continue
            packet.stream = out_stream
            dst.mux(packet)


def gif_frame_step(fps: float) -> int:
    """Keep every n-th frame so the GIF plays at no more than GIF_MAX_FPS."""
    return max(1, math.ceil(fps / GIF_MAX_FPS - 1e-9))


def _gif_size(width: int, height: int) -> tuple[int, int]:
    if width <= GIF_MAX_WIDTH:
        return width, height
    scaled_height = round(height * GIF_MAX_WIDTH / width)
    return GIF_MAX_WIDTH, scaled_height + scaled_height % 2


def _gif_durations(count: int, fps: float) -> list[int]:
    """Per-frame delays in ms, on GIF's 10 ms grid, summing to the true length (a fixed 70 ms for
    15 fps would stretch the clip by 5%)."""
    ends = [round(i * 1000 / fps, -1) for i in range(count + 1)]
    return [max(10, int(b - a)) for a, b in zip(ends, ends[1:], strict=False)]


def derive_outputs(mp4: Path, outputs: dict[str, Path]) -> None:
    """Write the formats in ``outputs`` (``webm``, ``gif``, ``png``: path) from ``mp4``.

    One decoding pass feeds the webm encoder and keeps the last frame for the poster; a GIF
    needs a second pass, because its palette is chosen from frames across the whole clip.
    """
    unknown = set(outputs) - {"webm", "gif", "png"}
    if unknown:
        raise ValueError(f"cannot derive {sorted(unknown)} from mp4")
    if "webm" in outputs or "png" in outputs:
        last_frame = _encode_webm(mp4, outputs.get("webm"))
        if "png" in outputs:
            last_frame.save(outputs["png"], format="PNG", optimize=True)
    if "gif" in outputs:
        _write_gif(mp4, outputs["gif"])


def _encode_webm(mp4: Path, target: Path | None) -> Image.Image:
    """Encode ``mp4`` to VP9 webm at ``target`` (if given); return the last frame."""
    last = None
    with av.open(str(mp4)) as src:
        in_stream = src.streams.video[0]
        rate = in_stream.average_rate or Fraction(30)
        dst = av.open(str(target), "w", format="webm") if target is not None else None
        try:
            out_stream = None
            if dst is not None:
                out_stream = dst.add_stream("libvpx-vp9", rate=rate, options=WEBM_OPTIONS)
                out_stream.width = in_stream.codec_context.width
                out_stream.height = in_stream.codec_context.height
                out_stream.pix_fmt = "yuv420p"
                out_stream.codec_context.thread_count = 1
            for index, frame in enumerate(src.decode(in_stream)):
                last = frame
                if out_stream is not None:
                    # Timestamps from the frame count: Manim's frames are evenly spaced.
                    frame.pts = index
                    frame.time_base = 1 / Fraction(rate)
                    dst.mux(out_stream.encode(frame))
            if out_stream is not None:
                dst.mux(out_stream.encode(None))
        finally:
            if dst is not None:
                dst.close()
    if last is None:
        raise ValueError(f"{mp4} has no video frames")
    return last.to_image()


def _gif_frames(mp4: Path):
    """Yield ``(index, rgb array)`` of the frames the GIF keeps, scaled to its size."""
    with av.open(str(mp4)) as src:
        stream = src.streams.video[0]
        fps = float(stream.average_rate or 30)
        step = gif_frame_step(fps)
        width, height = _gif_size(stream.codec_context.width, stream.codec_context.height)
        kept = 0
        for index, frame in enumerate(src.decode(stream)):
            if index % step:
                continue
            yield kept, frame.to_ndarray(width=width, height=height, format="rgb24")
            kept += 1


def _write_gif(mp4: Path, target: Path) -> None:
    with av.open(str(mp4)) as src:
        stream = src.streams.video[0]
        fps = float(stream.average_rate or 30)
        total = stream.frames or round(float(src.duration or 0) / 1e6 * fps)
    step = gif_frame_step(fps)
    kept_total = max(1, math.ceil(total / step))
    wanted = set(
        np.linspace(0, kept_total - 1, min(PALETTE_SAMPLES, kept_total)).round().astype(int)
    )

    samples = [rgb for index, rgb in _gif_frames(mp4) if index in wanted]
    if not samples:
        raise ValueError(f"{mp4} has no video frames")
    # One palette for the whole clip: no colour flicker between frames, and flat areas stay flat
    # without dithering noise (which would also bloat the file).
    montage = Image.fromarray(np.concatenate(samples, axis=0))
    palette = montage.quantize(colors=255, method=Image.Quantize.MEDIANCUT)

    frames = [
        Image.fromarray(rgb).quantize(palette=palette, dither=Image.Dither.NONE)
        for _, rgb in _gif_frames(mp4)
    ]
    frames[0].save(
        target,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=_gif_durations(len(frames), fps / step),
        loop=0,
        disposal=1,
    )


def describe(path: Path) -> dict:
    """What the manifest says about one output file: resolution, frame rate, duration, size."""
    suffix = path.suffix.lower()
    info: dict = {"file": path.name, "size": path.stat().st_size}
    if suffix in (".mp4", ".webm"):
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            duration = (
                float(container.duration) / 1e6
                if container.duration
                else float(stream.duration * stream.time_base)
            )
            info.update(
                width=stream.codec_context.width,
                height=stream.codec_context.height,
                # WebM's millisecond timestamps make the measured average 15.0004 and the like
                fps=round(float(stream.base_rate or stream.average_rate or 0), 2),
                duration=round(duration, 3),
            )
    elif suffix == ".gif":
        with Image.open(path) as image:
            durations = []
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                durations.append(image.info.get("duration", 0))
            # No fps: Pillow merges identical frames into one longer frame.
            info.update(width=image.width, height=image.height, duration=sum(durations) / 1000)
    elif suffix == ".png":
        with Image.open(path) as image:
            info.update(width=image.width, height=image.height)
    return info


_X264_SEI = re.compile(rb"x264 - core \d+.*? - options: ([^\x00]*)")


def x264_settings(path: Path) -> dict[str, str]:
    """The settings x264 wrote into the video at ``path`` (its SEI message: ``crf``, ``subme``,
    ``ref``, ...), or ``{}`` when no x264 wrote it."""
    match = _X264_SEI.search(Path(path).read_bytes())
    if match is None:
        return {}
    pairs = (item.split("=", 1) for item in match.group(1).decode("ascii", "replace").split())
    return {key: value for key, value in (pair for pair in pairs if len(pair) == 2)}
