"""Render a registered scene in-process, small and without animations, for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

CONTROL_FRAMES = Path(__file__).parent / "control_frames"
CONTROL_SIZE = (320, 180)
# LaTeX output is cached here between runs (gitignored): each formula compiles once per machine
TEST_MEDIA = Path(__file__).resolve().parent.parent / ".cache" / "test-media"


def render_scene(scene_class: type, *, size: tuple[int, int] = CONTROL_SIZE, theme: str = "dark"):
    """Run ``scene_class`` to its end without drawing the animations; returns (scene, last frame).

    The last frame is an ``(height, width, 3)`` uint8 array.
    """
    from manim import tempconfig

    previous_theme = os.environ.get("NETPLANE_THEME")
    os.environ["NETPLANE_THEME"] = theme
    try:
        with tempconfig(
            {
                "pixel_width": size[0],
                "pixel_height": size[1],
                "frame_rate": 15,
                "media_dir": str(TEST_MEDIA),
                "write_to_movie": False,
                # save_last_frame is what makes the Cairo renderer skip every animation to its end
                "save_last_frame": True,
                "disable_caching": True,
                "verbosity": "WARNING",
                "progress_bar": "none",
            }
        ):
            scene = scene_class()
            scene.render()
            scene.renderer.update_frame(scene)
            frame = np.array(scene.renderer.get_frame())[:, :, :3].copy()
    finally:
        if previous_theme is None:
            os.environ.pop("NETPLANE_THEME", None)
        else:
            os.environ["NETPLANE_THEME"] = previous_theme
    return scene, frame


def control_frame_path(scene_id: str, theme: str = "dark") -> Path:
    return CONTROL_FRAMES / f"{scene_id}.{theme}.npz"


def frame_difference(frame: np.ndarray, control: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference (0-255) and the share of pixels off by more than 48 in any channel."""
    delta = np.abs(frame.astype(np.int16) - control.astype(np.int16))
    return float(delta.mean()), float((delta.max(axis=2) > 48).mean())
