"""What the catalogue costs to render, per second of video, against the encoder alone.

Renders the catalogue (or ``--ids``) from scratch through render.py's own runner (``--force``,
into a temporary folder, ``--jobs`` at a time, the formats render.py writes by default), then
the hand-written Manim reference scene (``benchmarks/reference.py``: a NumberPlane and 200 dots
through a linear map and ReLU) as a row of its own, then the encode-only floor: one still frame
held for as many frames as the catalogue's videos have, through the same path. Prints per scene
the render seconds (wall), the CPU seconds its worker used (LaTeX and ffmpeg included), the
video seconds, render and CPU seconds per video second and frames per second; then the totals
(the total CPU is the whole run's, so it counts the fork server's imports that no row has) and
the ratio of the catalogue's render time to the floor's.

    .venv/bin/python benchmarks/catalogue.py                      # preview quality, all
    .venv/bin/python benchmarks/catalogue.py --quality blog       # what ./netplane render does
    .venv/bin/python benchmarks/catalogue.py --ids two-layer-relu,lift-3d

Formulas are compiled as on a fresh clone: into an empty LaTeX cache of the run's own, shared
by its scenes (``--warm-tex`` uses the project's ``.cache/tex`` instead, as a second
``./netplane render`` would). Wall seconds depend on what else the machine runs; the CPU
column much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_ID = "reference-manim"
FLOOR_ID = "encode-floor"


@dataclass(frozen=True)
class BenchmarkEntry:
    """A scene of ``benchmarks/reference.py``, shaped like a registry entry for the runner."""

    id: str
    class_name: str
    description: str
    environment: dict = field(default_factory=dict)
    module: str = "reference"
    order: int = 0
    experiments: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return "benchmarks/reference.py"

    @property
    def path(self) -> Path:
        return ROOT / self.file

    @property
    def title(self) -> str:
        return self.description


@dataclass(frozen=True)
class Row:
    id: str
    wall: float
    cpu: float
    video: float
    frames: int

    def line(self) -> str:
        name = self.id if self.id.startswith("*") else f"`{self.id}`"
        return (
            f"| {name} | {self.wall:.1f} | {self.cpu:.1f} | {self.video:.1f} | "
            f"{self.wall / self.video:.2f} | {self.cpu / self.video:.2f} | "
            f"{self.frames / self.wall:.1f} |"
        )


HEADER = (
    "| scene | render s | CPU s | video s | render s / video s | CPU s / video s | frames/s |\n"
    "|---|---:|---:|---:|---:|---:|---:|"
)


def alone_at_the_end(out: Path) -> float:
    """Wall seconds the last scene to finish ran after the one before it had finished (with two
    workers, how long one of them sat idle at the end), from when each scene's log was last
    written."""
    finished = sorted(log.stat().st_mtime for log in out.glob("*/*/logs/*.log"))
    return finished[-1] - finished[-2] if len(finished) > 1 else 0.0


def render(entries, registry, quality, jobs: int, out: Path) -> tuple[list[Row], float]:
    """Render ``entries`` with the runner; their rows and the wall seconds of the whole run."""
    from rich.console import Console

    from netplane_render.options import FORMATS
    from netplane_render.runner import RenderOptions, render_scenes

    formats = tuple(f for f in FORMATS if f != "gif")
    options = RenderOptions(quality, "dark", formats, out, jobs, force=True)
    # render.py's preflight makes the output folder; the runner only fills it
    options.folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcomes = render_scenes(
        entries, registry, options, Console(stderr=True), order=[e.id for e in entries]
    )
    wall = time.perf_counter() - started
    failed = [o for o in outcomes if o.status != "rendered"]
    if failed:
        sys.exit(f"benchmark: {failed[0].id} did not render: {failed[0].cause}")
    manifest = json.loads((options.folder / "manifest.json").read_text())
    scenes = {scene["id"]: scene for scene in manifest["scenes"]}
    rows = []
    for entry in entries:
        scene = scenes[entry.id]
        video = scene["files"]["mp4"]["duration"]
        rows.append(
            Row(
                entry.id,
                scene["render_seconds"],
                scene["render_cpu_seconds"],
                video,
                round(video * quality.fps),
            )
        )
    return rows, wall


def encoder_settings(folder: Path) -> str:
    """The x264 settings every mp4 under ``folder`` was written with, read from the files (so
    the table says what catalogue, reference and floor were really encoded with)."""
    from netplane_render.media import x264_settings
    from netplane_render.options import VIDEO_ENCODER_OPTIONS

    keys = ("crf", "ref", "subme", "me", "trellis", "rc_lookahead")
    found = {
        tuple((key, x264_settings(movie).get(key)) for key in keys)
        for movie in folder.glob("*/dark/*/*.mp4")
    }
    if len(found) != 1:
        sys.exit(f"benchmark: the rendered videos were encoded with {len(found)} settings")
    written = ", ".join(f"{key} {value}" for key, value in next(iter(found)))
    options = ", ".join(f"{key} {value}" for key, value in VIDEO_ENCODER_OPTIONS.items())
    return f"{options} ({written})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ids", default="", help="comma list of scene ids (default: all)")
    parser.add_argument("--quality", default="preview", choices=("preview", "blog", "slides"))
    parser.add_argument("--jobs", type=int, default=2, help="scenes rendered at once")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference scene")
    parser.add_argument(
        "--warm-tex", action="store_true", help="use the project's LaTeX cache (.cache/tex)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="copy the rendered catalogue here, to watch it (render.py storyboard VIDEO)",
    )
    args = parser.parse_args(argv)

    from netplane_render.catalog import load_registry
    from netplane_render.options import QUALITIES

    registry = load_registry()
    ids = [i for i in args.ids.split(",") if i] or list(registry)
    unknown = [i for i in ids if i not in registry]
    if unknown:
        print(f"benchmark: no scene '{unknown[0]}' (see render.py list)", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("benchmark: --jobs must be at least 1", file=sys.stderr)
        return 2
    quality = QUALITIES[args.quality]
    os.environ.setdefault("NETPLANE_THEME", "dark")

    with tempfile.TemporaryDirectory(prefix="netplane-bench-") as folder:
        if not args.warm_tex:
            os.environ["NETPLANE_TEX_CACHE"] = str(Path(folder) / "tex")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows, wall = render(
            [registry[i] for i in ids], registry, quality, args.jobs, Path(folder) / "cat"
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        alone = alone_at_the_end(Path(folder) / "cat")
        if args.keep:
            shutil.copytree(Path(folder) / "cat", args.keep, dirs_exist_ok=True)
        cpu_all = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        reference = []
        if not args.no_reference:
            entry = BenchmarkEntry(REFERENCE_ID, "HandWrittenReference", "hand-written Manim")
            reference, _ = render([entry], registry, quality, 1, Path(folder) / "ref")
        video = sum(r.video for r in rows)
        floor_entry = BenchmarkEntry(
            FLOOR_ID,
            "EncodeFloor",
            "one still frame, encoded",
            environment={"NETPLANE_FLOOR_SECONDS": f"{video:.3f}"},
        )
        floor, _ = render([floor_entry], registry, quality, 1, Path(folder) / "floor")
        encoders = encoder_settings(Path(folder))

    total_wall = sum(r.wall for r in rows)
    # The rows count each scene's worker; a forked worker's row leaves out what the fork server
    # paid once for all of them (Python's start-up, Manim's import): the total counts it.
    total_cpu = cpu_all
    total = Row("**total**", total_wall, total_cpu, video, sum(r.frames for r in rows))
    print(
        f"\n{args.quality} ({quality.label}), {len(rows)} scenes, {args.jobs} jobs, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
        f"LaTeX cache {'warm' if args.warm_tex else 'empty at the start'}\n"
    )
    print(f"x264 (every row): {encoders}\n")
    print(HEADER)
    for row in [*rows, total, *reference, *floor]:
        print(row.line())
    floor_row = floor[0]
    print(
        f"\nwhole run: {wall:.1f} s wall, {cpu_all:.1f} s CPU in the workers"
        f" ({wall / 60:.1f} min for {video:.0f} s of video)"
    )
    print(
        f"of that CPU, {cpu_all - sum(r.cpu for r in rows):.1f} s is in no scene's row "
        "(the fork server's imports, paid once; git)"
    )
    print(f"the last scene ran alone for {alone:.1f} s at the end")
    print(
        f"catalogue / encode floor: {total_wall / floor_row.wall:.2f}x render time, "
        f"{total_cpu / floor_row.cpu:.2f}x CPU"
    )
    if reference:
        ref = reference[0]
        print(
            f"catalogue / hand-written reference, per video second: "
            f"{(total_wall / video) / (ref.wall / ref.video):.2f}x render time, "
            f"{(total_cpu / video) / (ref.cpu / ref.video):.2f}x CPU"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
