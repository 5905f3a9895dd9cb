"""The render options every command shares: qualities, themes, output formats."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FORMATS",
    "GIF_MAX_FPS",
    "GIF_MAX_WIDTH",
    "QUALITIES",
    "THEMES",
    "TRACK",
    "VIDEO_ENCODER_OPTIONS",
    "FormatError",
    "Quality",
    "parse_formats",
]


@dataclass(frozen=True)
class Quality:
    name: str
    width: int
    height: int
    fps: int
    manim_flag: str
    """Manim's ``-q`` letter for this resolution and frame rate."""
    purpose: str

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height} {self.fps} fps"


QUALITIES: dict[str, Quality] = {
    q.name: q
    for q in (
        Quality("preview", 854, 480, 15, "l", "small and fast, for checking"),
        Quality("blog", 1280, 720, 30, "m", "for a blog post"),
        Quality("slides", 1920, 1080, 60, "h", "for slides and full-screen"),
    )
}

THEMES = ("dark", "light")

# mp4 first: every other format is derived from it.
FORMATS = ("mp4", "webm", "gif", "png")
# Written for every scene whatever the formats: the words of a video are not optional.
TRACK = "vtt"

# A GIF of a 1080p60 scene weighs hundreds of megabytes; blogs want a light loop.
GIF_MAX_WIDTH = 854
GIF_MAX_FPS = 15


class FormatError(ValueError):
    pass


def parse_formats(text: str) -> tuple[str, ...]:
    """``"webm, mp4"`` -> ``("mp4", "webm")``: known formats, deduplicated, in FORMATS order."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not names:
        raise FormatError(f"no format given: expected a comma list of {','.join(FORMATS)}")
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise FormatError(
            f"unknown format {', '.join(map(repr, unknown))}: expected a comma list of "
            f"{','.join(FORMATS)}"
        )
    return tuple(name for name in FORMATS if name in names)


# libx264 settings of every render, also in scenes.kit.encoding (Manim's default is crf 23, preset
# medium). veryfast keeps the picture of medium at crf 23 on these flat colours, thin lines and small
# text (SSIM and PSNR against lossless frames, README "The catalogue's render cost"); its diamond
# motion search and subme 1 (superfast's) cut x264's CPU by another quarter, and crf 18.5 rather
# than 19 buys the picture back, in files 5-10% larger.
VIDEO_ENCODER_OPTIONS = {"preset": "veryfast", "crf": "18.5", "x264-params": "me=dia:subme=1"}
