"""Record which formulas each scene typesets, for compiling them in one batch before it constructs.

    .venv/bin/python tests/make_formula_manifests.py             # every scene
    .venv/bin/python tests/make_formula_manifests.py intro xor   # just these ids

Each scene is run twice in this process, without drawing or writing a video: at preview quality
through every frame (readouts typeset their values frame by frame), and skipped to its end as
the tests run it; the union of both is written to ``scenes/formulas/<SceneClass>.json``
(``scenes/kit/formula_batch.py``). tests/test_formula_batch.py fails when a scene typesets a
formula its manifest lacks. A stale manifest only costs time: it never changes a picture.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenes.kit.formula_batch import manifest_path, recording, write_manifest  # noqa: E402
from scenes.registry import SCENES, get_scene, load_scene_class  # noqa: E402

RUNS = (
    # every frame of a preview render, as render.py -q preview steps through it
    {"quality": "low_quality", "write_to_movie": False},
    # skipped to the end, as tests/scene_rendering.py renders a scene
    {"pixel_width": 320, "pixel_height": 180, "frame_rate": 15, "save_last_frame": True},
)


def _draw_nothing(camera, mobjects, **kwargs) -> None:
    """What the camera draws while formulas are recorded: nothing (a formula is typeset when a
    scene or an updater makes it, not when it is drawn)."""


def record(scene_class: type) -> list:
    from manim import tempconfig
    from manim.camera.camera import Camera

    from netplane_render.worker import _keep_tex, _seed_tex

    formulas = []
    for run in RUNS:
        with (
            tempfile.TemporaryDirectory(prefix="netplane-formulas-") as media,
            tempconfig(
                {
                    **run,
                    "media_dir": media,
                    "disable_caching": True,
                    "verbosity": "WARNING",
                    "progress_bar": "none",
                }
            ),
            patch.object(Camera, "capture_mobjects", _draw_nothing),
            recording() as seen,
        ):
            # the formulas of earlier renders are not compiled again (as in tests/scene_rendering)
            _seed_tex(Path(media) / "Tex")
            scene_class().render()
            _keep_tex(Path(media) / "Tex")
            formulas += seen
    return formulas


def main(ids: list[str]) -> None:
    ids = ids or list(SCENES)
    if len(ids) > 1:
        # one process per scene: a formula an earlier scene typeset is reused from Manim's
        # in-process caches without being typeset again, so it would be missing from this
        # scene's manifest when the scene renders alone (as render.py's workers render it)
        for scene_id in ids:
            subprocess.run([sys.executable, __file__, scene_id], check=True)
        return
    for scene_id in ids:
        scene_class = load_scene_class(get_scene(scene_id))
        formulas = record(scene_class)
        write_manifest(manifest_path(scene_class), formulas)
        unique = len({formula.name for formula in formulas})
        print(f"{scene_id}: {unique} formulas in {manifest_path(scene_class)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
