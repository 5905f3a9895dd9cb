"""A 200,000-row CSV through 'render.py generate' at preview: the issue's large data set.

Writes the data set (two clouds, a few labels flipped; deterministic) to a temporary folder,
runs ``render.py generate --data big.csv --arch 2-2-1 -q preview -f mp4`` (``--steps`` as
given, 60 by default) and prints the wall and CPU seconds of the whole command (training on
all 200,000 rows, then rendering the 2,000 points it shows), and what it printed. The target is
under 2 minutes on the 2-core development machine; wall time is only meaningful when the
machine is otherwise idle, so CPU seconds are printed beside it.

    .venv/bin/python benchmarks/big_csv.py [STEPS]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ROWS = 200_000


def write_data(path: Path) -> None:
    rng = np.random.default_rng(0)
    labels = (np.arange(ROWS) % 2).astype(np.int64)
    centres = np.where(labels[:, None] == 1, [2.0, 0.5], [-2.0, -0.5])
    points = centres + rng.normal(scale=0.5, size=(ROWS, 2))
    labels[rng.choice(ROWS, size=40, replace=False)] ^= 1
    np.savetxt(
        path,
        np.column_stack([points, labels]),
        fmt=["%.5f", "%.5f", "%d"],
        delimiter=",",
        header="x1,x2,label",
        comments="",
    )


def main() -> None:
    steps = sys.argv[1] if len(sys.argv) > 1 else "60"
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "big.csv"
        write_data(data)
        command = [
            sys.executable, "render.py", "generate", "--data", str(data), "--arch", "2-2-1",
            "--steps", steps, "-q", "preview", "-f", "mp4", "--force",
            "--out", str(Path(folder) / "out"),
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(result.stdout)
    if result.returncode:
        print(result.stderr)
    print(f"{ROWS:,} rows, {steps} steps, preview: {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
