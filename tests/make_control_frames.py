"""Regenerate the stored control frames after an intended visual change.

    .venv/bin/python tests/make_control_frames.py            # every scene and stress entry
    .venv/bin/python tests/make_control_frames.py relu-fold  # just these ids
    .venv/bin/python tests/make_control_frames.py stress-wide-layer  # a stress-gallery entry

Look at the PNGs it writes next to them before committing the .npz files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenes.registry import SCENES, get_scene, load_scene_class  # noqa: E402
from tests.scene_rendering import CONTROL_FRAMES, control_frame_path, render_scene  # noqa: E402
from tests.stress_gallery import PREFIX, STRESS_GALLERY, render_stress  # noqa: E402


def main(ids: list[str]) -> None:
    from PIL import Image

    CONTROL_FRAMES.mkdir(exist_ok=True)
    preview = Path(".cache/control-previews")
    preview.mkdir(parents=True, exist_ok=True)
    everything = list(SCENES) + [PREFIX + name for name in STRESS_GALLERY]
    for scene_id in ids or everything:
        if scene_id.startswith(PREFIX):
            _, frame = render_stress(scene_id)
        else:
            _, frame = render_scene(load_scene_class(get_scene(scene_id)))
        np.savez_compressed(control_frame_path(scene_id), frame=frame)
        Image.fromarray(frame).save(preview / f"{scene_id}.png")
        print(f"{scene_id}: {control_frame_path(scene_id)} (preview {preview / scene_id}.png)")


if __name__ == "__main__":
    main(sys.argv[1:])
