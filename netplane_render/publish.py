"""What sits beside the videos: ``manifest.json``, the ``index.html`` gallery and ``embed.md``.

All three are rewritten (atomically) after every finished scene, so an interrupted run still
leaves a consistent folder; a folder where no scene has finished has none of them. Paths inside them are relative to the folder, so it can be copied to
a blog as it is and the gallery works when opened from disk.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from netplane_render.options import TRACK

__all__ = [
    "atomic_write",
    "inline_track",
    "read_manifest",
    "remove_folder_files",
    "render_embed",
    "render_index",
    "track_elements",
    "transcript_html",
    "transcript_lines",
    "write_folder_files",
]

MANIFEST = "manifest.json"
GALLERY = "index.html"
EMBED = "embed.md"

VIDEO_TYPES = {"webm": "video/webm", "mp4": "video/mp4"}
# Browsers play the first source they can: H.264 mp4 plays everywhere and is the smaller file
# for Manim's flat colours; VP9 webm serves browsers built without H.264.
VIDEO_ORDER = ("mp4", "webm")

PAGE_COLORS = {
    "dark": {"background": "#101218", "card": "#1A1D26", "text": "#ECECEC", "muted": "#9AA0A6"},
    "light": {"background": "#F4F6F9", "card": "#FFFFFF", "text": "#1B1E24", "muted": "#5F6670"},
}


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary name, so readers never see half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def read_manifest(folder: Path) -> dict[str, dict]:
    """The scenes recorded in ``folder/manifest.json``, id -> entry; empty if absent or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {scene["id"]: scene for scene in data["scenes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _present(folder: Path, scene: dict) -> dict[str, dict]:
    """The scene's recorded files that are still on disk."""
    return {fmt: f for fmt, f in scene.get("files", {}).items() if (folder / f["file"]).exists()}


def _size_attributes(scene: dict, files: dict[str, dict]) -> tuple[int | None, int | None]:
    for fmt in (*VIDEO_ORDER, "png", "gif"):
        if fmt in files and "width" in files[fmt]:
            return files[fmt]["width"], files[fmt]["height"]
    return None, None


def video_snippet(
    scene: dict, files: dict[str, dict], prefix: str = "", track_src: str | None = None
) -> str | None:
    """An HTML5 ``<video>`` element for the scene (None if it has no video file); ``track_src``
    replaces the path of its WebVTT track."""
    sources = [fmt for fmt in VIDEO_ORDER if fmt in files]
    if not sources:
        return None
    width, height = _size_attributes(scene, files)
    attributes = ["controls", 'preload="metadata"', "playsinline"]
    if width:
        attributes += [f'width="{width}"', f'height="{height}"']
    if "png" in files:
        attributes.append(f'poster="{html.escape(prefix + files["png"]["file"])}"')
    attributes.append(f'title="{html.escape(scene["title"])}"')
    lines = [f"<video {' '.join(attributes)}>"]
    for fmt in sources:
        src = html.escape(prefix + files[fmt]["file"])
        lines.append(f'  <source src="{src}" type="{VIDEO_TYPES[fmt]}">')
    lines += track_elements(files, prefix, track_src)
    fallback = files.get("gif") or files.get("png")
    if fallback:
        alt = html.escape(scene["description"])
        lines.append(f'  <img src="{html.escape(prefix + fallback["file"])}" alt="{alt}">')
    lines.append("</video>")
    return "\n".join(lines)


def track_elements(files: dict[str, dict], prefix: str = "", src: str | None = None) -> list[str]:
    """``<track>`` elements for the scene's WebVTT file: the same cues twice.

    ``descriptions`` is what the cues are (text describing a video without sound, for screen
    readers), but browsers do not display such tracks, so the same file is also the default
    ``captions`` track, shown over the video. The videos have no sound, so nothing is lost.
    """
    if TRACK not in files:
        return []
    src = html.escape(src or prefix + files[TRACK]["file"])
    return [
        f'  <track kind="captions" src="{src}" srclang="en" label="English" default>',
        f'  <track kind="descriptions" src="{src}" srclang="en" label="Step descriptions">',
    ]


def inline_track(folder: Path, files: dict[str, dict]) -> str | None:
    """The scene's WebVTT file as a ``data:`` URL.

    Chromium loads a ``<track>`` only from the page's own origin, and a page opened from disk
    has none (every file:// URL is an origin of its own), so the gallery carries its cues inline.
    embed.md links the .vtt file itself, which works on a blog served over http.
    """
    if TRACK not in files:
        return None
    text = (folder / files[TRACK]["file"]).read_text(encoding="utf-8")
    return "data:text/vtt;charset=utf-8," + quote(text)


def transcript_lines(scene: dict) -> list[tuple[str, str]]:
    """The scene's steps as (``m:ss``, sentence), from its chapters in manifest.json."""
    return [
        (f"{int(chapter['start']) // 60}:{int(chapter['start']) % 60:02d}", chapter["title"])
        for chapter in scene.get("chapters", [])
    ]


def transcript_html(scene: dict) -> str:
    """The transcript under a video in the gallery: one paragraph per step, with its time."""
    lines = transcript_lines(scene)
    if not lines:
        return ""
    rows = "\n".join(
        f'<li><span class="time">{when}</span> {html.escape(text)}</li>' for when, text in lines
    )
    return (
        f'<section class="transcript" aria-label="Transcript of {html.escape(scene["title"])}">\n'
        f"<h3>Transcript</h3>\n<ol>\n{rows}\n</ol>\n</section>\n"
    )


def image_snippet(scene: dict, files: dict[str, dict], prefix: str = "") -> str | None:
    image = files.get("gif") or files.get("png")
    if image is None:
        return None
    size = f' width="{image["width"]}" height="{image["height"]}"' if "width" in image else ""
    src = html.escape(prefix + image["file"])
    return f'<img src="{src}"{size} alt="{html.escape(scene["description"])}">'


def render_index(folder: Path, meta: dict, scenes: list[dict]) -> str:
    colors = PAGE_COLORS.get(meta["theme"], PAGE_COLORS["dark"])
    cards = []
    for scene in scenes:
        files = _present(folder, scene)
        if not files:
            continue
        media = video_snippet(scene, files, track_src=inline_track(folder, files)) or image_snippet(
            scene, files
        )
        links = " · ".join(
            f'<a href="{html.escape(f["file"])}" download>{fmt} ({_human_size(f["size"])})</a>'
            for fmt, f in files.items()
        )
        duration = next((f["duration"] for f in files.values() if "duration" in f), None)
        length = f" · {duration:.1f} s" if duration else ""
        cards.append(
            f'<article class="scene" id="{html.escape(scene["id"])}">\n'
            f"<h2>{html.escape(scene['title'])}</h2>\n"
            f'<p class="description">{html.escape(scene["description"])}</p>\n'
            f"{media}\n"
            f"{transcript_html(scene)}"
            f'<p class="files"><code>{html.escape(scene["id"])}</code>{length} · {links}</p>\n'
            "</article>"
        )
    heading = f"netplane: {meta['theme']} theme, {meta['quality']} ({meta['resolution']})"
    body = "\n".join(cards) or "<p>No scene rendered yet.</p>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(heading)}</title>
<style>
  body {{ background: {colors["background"]}; color: {colors["text"]}; margin: 0 auto;
         max-width: 1000px; padding: 1.5rem; font: 16px/1.5 system-ui, sans-serif; }}
  .scene {{ background: {colors["card"]}; border-radius: 8px; padding: 1rem 1.25rem;
           margin: 0 0 1.5rem; }}
  .scene h2 {{ margin: 0 0 0.25rem; font-size: 1.2rem; }}
  .description, .files {{ color: {colors["muted"]}; margin: 0.25rem 0 0.75rem; }}
  .files {{ font-size: 0.85rem; margin-top: 0.5rem; }}
  a {{ color: inherit; }}
  video, img {{ display: block; width: 100%; height: auto; border-radius: 4px; }}
  ::cue {{ font-size: 70%; background: rgba(0, 0, 0, 0.75); }}
  .transcript h3 {{ font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }}
  .transcript ol {{ list-style: none; margin: 0; padding: 0; }}
  .transcript li {{ margin: 0.15rem 0; display: grid; grid-template-columns: 3rem 1fr; }}
  .transcript .time {{ color: {colors["muted"]}; font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
<h1>{html.escape(heading)}</h1>
<p>Snippets to embed these videos in a blog post: <a href="{EMBED}">{EMBED}</a>.
Every file's size, resolution and duration: <a href="{MANIFEST}">{MANIFEST}</a>.</p>
{body}
</body>
</html>
"""


def render_embed(folder: Path, meta: dict, scenes: list[dict]) -> str:
    lines = [
        f"# netplane videos: {meta['theme']} theme, {meta['quality']} ({meta['resolution']})",
        "",
        "Copy the files of a scene next to your post, or change the paths below to where they",
        "live. The `<video>` snippets offer the mp4 (H.264, plays in every current browser) and",
        "the webm (VP9) for browsers built without H.264; the poster is the scene's last frame.",
        "The `<track>` is the WebVTT file of the scene's steps in words (copy it too): shown as",
        "captions, and read by screen readers as descriptions.",
        "",
    ]
    for scene in scenes:
        files = _present(folder, scene)
        if not files:
            continue
        lines += [f"## {scene['title']}", "", f"`{scene['id']}`: {scene['description']}", ""]
        snippet = video_snippet(scene, files)
        if snippet:
            lines += ["```html", snippet, "```", ""]
        transcript = transcript_lines(scene)
        if transcript:
            lines += ["Transcript, to put under the video (the video has no sound):", ""]
            lines += [f"- {when} {text}" for when, text in transcript]
            lines.append("")
        image = image_snippet(scene, files)
        if image and "gif" in files:
            lines += [
                "As an animated GIF, where video is not allowed:",
                "",
                "```html",
                image,
                "```",
                "",
            ]
    return "\n".join(lines)


def _human_size(size: int) -> str:
    for unit in ("B", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def write_folder_files(
    folder: Path, meta: dict, recorded: Mapping[str, dict], order: list[str]
) -> None:
    """Write manifest.json, index.html and embed.md for ``recorded`` scenes, in ``order``."""
    scenes = [recorded[scene_id] for scene_id in order if scene_id in recorded]
    manifest = {**meta, "scenes": scenes}
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    atomic_write(folder / GALLERY, render_index(folder, meta, scenes))
    atomic_write(folder / EMBED, render_embed(folder, meta, scenes))


def remove_folder_files(folder: Path) -> None:
    """Remove manifest.json, index.html and embed.md: for a folder that holds no finished scene."""
    for name in (MANIFEST, GALLERY, EMBED):
        (folder / name).unlink(missing_ok=True)
