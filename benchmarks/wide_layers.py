"""How preview render time grows with the width of the hidden layers.

Renders ``render.py generate --data moons --arch A --steps 10 -q preview -f mp4`` for 2-8-1,
2-64-64-1 and 2-500-500-1 networks (training is 10 steps: the render is what is measured) and
prints the seconds each took. Wide layers are drawn summarized (a few neurons, an ellipsis and
the count) and projected onto their three main axes, so the cost stays bounded; the target is
2-64-64-1 under a minute at preview on a 2-core machine.

    .venv/bin/python benchmarks/wide_layers.py
    .venv/bin/python benchmarks/wide_layers.py 2-8-1 2-128-1
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURES = ("2-8-1", "2-64-64-1", "2-500-500-1")


def render_seconds(architecture: str, out: Path) -> float:
    command = [
        sys.executable,
        str(ROOT / "render.py"),
        "generate",
        "--data",
        "moons",
        "--arch",
        architecture,
        "--steps",
        "10",
        "-q",
        "preview",
        "-f",
        "mp4",
        "--out",
        str(out),
        "--force",
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main(architectures: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'architecture':<14} {'preview render':>15}")
        for architecture in architectures:
            seconds = render_seconds(architecture, Path(folder))
            print(f"{architecture:<14} {seconds:>13.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(ARCHITECTURES))
