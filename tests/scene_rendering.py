"""Render a registered scene in-process, small and without animations, for the tests.

A render is kept for the whole test session: every test that asks for the same scene class at
the same size and theme, with the same ``NETPLANE_*`` environment, gets the same scene object
and last frame, so a scene renders once however many files check it. Tests read what they get
and never change it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONTROL_FRAMES = Path(__file__).parent / "control_frames"
CONTROL_SIZE = (320, 180)
# Manim's media folder for these renders (gitignored), one per process: Manim deletes the other
# files in its Tex folder after each formula, so two pytest-xdist workers must not share one. The
# compiled formulas themselves are kept across runs and processes in .cache/tex (see _render).
TEST_MEDIA = (
    Path(__file__).resolve().parent.parent
    / ".cache"
    / "test-media"
    / os.environ.get("PYTEST_XDIST_WORKER", "main")
)


@dataclass(frozen=True)
class Narrated:
    """What a rendered scene said: Manim's subcaptions as (start, end, text), the sentences the
    scene narrated, and the scene's length in seconds."""

    cues: tuple[tuple[float, float, str], ...]
    sentences: tuple[str, ...]
    duration: float


# Session-wide renders: (class, size, theme, NETPLANE_* variables) -> (scene, last frame)
_renders: dict[tuple, tuple] = {}

# Every render records what the scene said, so the narration tests reuse the renders the picture
# tests make anyway instead of rendering every scene a second time.
_narrated: dict[str, Narrated] = {}

# ... and the names of the formulas it typeset, for the test that its formula manifest is current
_typeset: dict[str, frozenset[str]] = {}


@dataclass(frozen=True)
class Played:
    """One call of the scene's ``play`` (``wait`` is a play of ``Wait``): the scene's time before
    and after it, and the animations it was given."""

    start: float
    end: float
    animations: tuple


# ... and what it played, for the tests of how a scene animates (no subclass rendering it again)
_played: dict[str, tuple[Played, ...]] = {}


def _key(scene_class: type) -> str:
    return f"{scene_class.__module__}.{scene_class.__qualname__}"


def narrated(scene_class: type) -> Narrated:
    """What ``scene_class`` says, from an earlier render in this session or a new one."""
    if _key(scene_class) not in _narrated:
        render_scene(scene_class)
    return _narrated[_key(scene_class)]


def typeset(scene_class: type) -> frozenset[str]:
    """The file names of the formulas ``scene_class`` typesets (from a render, as ``narrated``)."""
    if _key(scene_class) not in _typeset:
        render_scene(scene_class)
    return _typeset[_key(scene_class)]


def played(scene_class: type) -> tuple[Played, ...]:
    """Every ``play`` of ``scene_class``, in order (from a render, as ``narrated``)."""
    if _key(scene_class) not in _played:
        render_scene(scene_class)
    return _played[_key(scene_class)]


def render_scene(scene_class: type, *, size: tuple[int, int] = CONTROL_SIZE, theme: str = "dark"):
    """Run ``scene_class`` to its end without drawing the animations; returns (scene, last frame).

    The last frame is an ``(height, width, 3)`` uint8 array. Rendered once per session (see
    the module's docstring); the frame handed out is a copy, the scene is shared.
    """
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("NETPLANE_")))
    key = (scene_class, tuple(size), theme, environment)
    if key not in _renders:
        _renders[key] = _render(scene_class, size, theme)
    scene, frame = _renders[key]
    return scene, frame.copy()


# render.py generate's videos the suite checks (test_vocabulary, test_camera), at its defaults: the
# issue's architectures, a 2-D, a 3-D and a deeper 3-D story
GENERATED_VIDEOS = (
    {"dataset": "moons", "architecture": "2-2-1", "hidden_activation": "tanh"},
    {"dataset": "moons", "architecture": "2-3-1", "hidden_activation": "tanh"},
    {"dataset": "spiral", "architecture": "2-3-3-1", "hidden_activation": "tanh"},
)


def render_generated(experiment):
    """``render.py generate``'s scene for ``experiment`` (a ``custom_experiment``), as its worker
    renders it, the experiment handed over in the environment; (scene, last frame), kept for the
    session like ``render_scene``'s, so the files that check the generator's videos share them."""
    from nn_core.experiments import CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json
    from scenes.custom import CustomNetwork

    previous = os.environ.get(CUSTOM_ENVIRONMENT_VARIABLE)
    os.environ[CUSTOM_ENVIRONMENT_VARIABLE] = experiment_to_json(experiment)
    try:
        return render_scene(CustomNetwork)
    finally:
        if previous is None:
            del os.environ[CUSTOM_ENVIRONMENT_VARIABLE]
        else:
            os.environ[CUSTOM_ENVIRONMENT_VARIABLE] = previous


def _render(scene_class: type, size: tuple[int, int], theme: str):
    from manim import tempconfig

    from netplane_render.worker import _keep_tex, _seed_tex
    from scenes.kit.formula_batch import recording

    # formulas compiled by earlier renders, these tests' (in any worker) or render.py's, are not
    # compiled again, and the ones compiled here serve theirs (each keeps its own folder: Manim
    # deletes the other files in it after each formula)
    tex_dir = TEST_MEDIA / "Tex"
    _seed_tex(tex_dir)
    previous_theme = os.environ.get("NETPLANE_THEME")
    os.environ["NETPLANE_THEME"] = theme
    try:
        with tempconfig(last_frame_settings(size)):
            with recording() as formulas:
                scene = scene_class()
                with _no_frames_drawn(scene.renderer), _plays_recorded(scene) as plays:
                    scene.render()
            _played[_key(scene_class)] = tuple(plays)
            _typeset[_key(scene_class)] = frozenset(formula.name for formula in formulas)
            scene.renderer.update_frame(scene)
            frame = np.array(scene.renderer.get_frame())[:, :, :3].copy()
            _narrated[_key(scene_class)] = Narrated(
                tuple(
                    (sub.start.total_seconds(), sub.end.total_seconds(), sub.content)
                    for sub in scene.renderer.file_writer.subcaptions
                ),
                tuple(sentence for _, sentence in getattr(scene, "narration", ())),
                scene.time,
            )
        _keep_tex(tex_dir)
    finally:
        if previous_theme is None:
            os.environ.pop("NETPLANE_THEME", None)
        else:
            os.environ["NETPLANE_THEME"] = previous_theme
    return scene, frame


class _FirstFrameDrawn(Exception):
    pass


def first_frame(scene_class: type, *, size: tuple[int, int] = CONTROL_SIZE) -> np.ndarray:
    """The video's first frame, ``(height, width, 3)`` uint8: the scene runs up to its first
    play (or wait), whose animations have begun, and stops there."""
    from manim import tempconfig

    settings = {**last_frame_settings(size), "save_last_frame": False}
    with tempconfig(settings):
        scene = scene_class()
        drawn = {}

        def play_internal(*_args, **_kwargs) -> None:
            scene.renderer.update_frame(scene)
            drawn["frame"] = np.array(scene.renderer.get_frame())[:, :, :3].copy()
            raise _FirstFrameDrawn

        scene.play_internal = play_internal
        try:
            scene.render()
        except _FirstFrameDrawn:
            pass
    return drawn["frame"]


def last_frame_settings(size: tuple[int, int]) -> dict:
    """Manim's settings for rendering a scene's last frame at ``size`` into the tests' media."""
    return {
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


@contextmanager
def _no_frames_drawn(renderer) -> Iterator[None]:
    """Nothing drawn while the scene plays: skipping an animation, Manim still draws its still
    and its moving mobjects, into frames it throws away (it draws the last frame afresh, with no
    still image under it, as ``_render`` does after this)."""
    renderer.update_frame = lambda *args, **kwargs: None
    try:
        yield
    finally:
        del renderer.update_frame


@contextmanager
def _plays_recorded(scene) -> Iterator[list[Played]]:
    """Records each of ``scene``'s plays into the list it yields."""
    plays: list[Played] = []
    play = scene.play

    def recorded(*animations, **kwargs):
        start = scene.renderer.time
        play(*animations, **kwargs)
        plays.append(Played(start, scene.renderer.time, animations))

    scene.play = recorded
    try:
        yield plays
    finally:
        del scene.play


def control_frame_path(scene_id: str, theme: str = "dark") -> Path:
    return CONTROL_FRAMES / f"{scene_id}.{theme}.npz"


def frame_difference(frame: np.ndarray, control: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference (0-255) and the share of pixels off by more than 48 in any channel."""
    delta = np.abs(frame.astype(np.int16) - control.astype(np.int16))
    return float(delta.mean()), float((delta.max(axis=2) > 48).mean())
