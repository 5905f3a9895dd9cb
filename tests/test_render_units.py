"""The pieces of netplane_render that need no render: options, ids, failure causes, GIF timing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from netplane_render.catalog import UnknownIdError, resolve_ids
from netplane_render.costs import EXPECTED_CPU_SECONDS, longest_first
from netplane_render.media import _gif_durations, gif_frame_step
from netplane_render.options import FormatError, parse_formats
from netplane_render.runner import failure_cause
from scenes.registry import SCENES


def test_formats_are_deduplicated_in_a_fixed_order():
    assert parse_formats("png, webm,mp4,webm") == ("mp4", "webm", "png")
    assert parse_formats("GIF") == ("gif",)


@pytest.mark.parametrize("text", ["", " , ", "mp4,mov", "avi"])
def test_bad_formats(text):
    with pytest.raises(FormatError):
        parse_formats(text)


def test_ids_resolve_in_catalogue_order():
    ids = list(SCENES)
    picked = resolve_ids(SCENES, [ids[3], ids[1], ids[3]])
    assert [entry.id for entry in picked] == [ids[1], ids[3]]
    assert [entry.id for entry in resolve_ids(SCENES, [])] == ids


def _job(scene_id: str):
    return SimpleNamespace(entry=SimpleNamespace(id=scene_id))


def test_the_dearest_scenes_render_first_so_the_workers_finish_together():
    jobs = [_job(scene_id) for scene_id in SCENES]
    ordered = [job.entry.id for job in longest_first(jobs)]
    assert ordered[:2] == ["deep-bending", "trask-network"]
    assert ordered[-1] == "relu-fold"
    assert sorted(ordered) == sorted(SCENES)
    # a scene of one's own has no expected cost: it starts first, not last
    assert longest_first([*jobs, _job("custom")])[0].entry.id == "custom"
    # every catalogue scene has a figure
    assert set(EXPECTED_CPU_SECONDS) == set(SCENES)


def test_the_runner_starts_its_jobs_longest_first(tmp_path, monkeypatch):
    from netplane_render import runner
    from netplane_render.options import QUALITIES

    started = []
    monkeypatch.setattr(
        runner, "run_jobs", lambda jobs, **kw: started.extend(j.entry.id for j in jobs) or {}
    )
    options = runner.RenderOptions(QUALITIES["preview"], "dark", ("mp4",), tmp_path, 2, force=True)
    entries = [SCENES[scene_id] for scene_id in ("relu-fold", "intro", "deep-bending")]
    monkeypatch.setattr(runner, "make_workroot", lambda folder: tmp_path / "work")
    with pytest.raises(KeyError):  # no outcomes from the stand-in runner
        runner.render_scenes(entries, SCENES, options, None)
    assert started == ["deep-bending", "intro", "relu-fold"]


def test_unknown_ids_are_all_named_with_hints():
    with pytest.raises(UnknownIdError) as error:
        resolve_ids(SCENES, ["two-curve", "zzz"])
    message = str(error.value)
    assert "'two-curve' (did you mean two-curves" in message
    assert "'zzz'" in message


RICH_TRACEBACK = """
[11/23/26 12:37:14] INFO     Animation 0 : Partial movie file written in
╭─────────────────────────────── Traceback (most recent call last) ────────────────╮
│ /work/main/scenes/broken.py:12 in construct                                        │
│ ❱ 12 │   │   raise ValueError("the curve is empty")                              │
╰────────────────────────────────────────────────────────────────────────────────────╯
ValueError: the curve is empty

"""


def test_failure_cause_is_the_last_error_line():
    assert failure_cause(RICH_TRACEBACK, 1) == "ValueError: the curve is empty"
    assert failure_cause("ModuleNotFoundError: No module named 'scenes.intro'\n", 1).startswith(
        "ModuleNotFoundError"
    )
    assert failure_cause("rendering...\n", -9) == "the render process was killed by SIGKILL"
    assert failure_cause("", 3) == "the render process exited with code 3"


def test_gif_keeps_at_most_15_fps_and_its_length():
    assert [gif_frame_step(fps) for fps in (15, 30, 60, 24)] == [1, 2, 4, 2]
    delays = _gif_durations(45, 15)
    assert sum(delays) == 3000
    assert set(delays) <= {60, 70}


def test_a_scene_built_on_another_scene_file_depends_on_it(tmp_path):
    from netplane_render.fingerprint import scene_module_imports

    scenes = tmp_path / "scenes"
    (scenes / "kit").mkdir(parents=True)
    (scenes / "story.py").write_text("from scenes.prequel import Base\n")
    (scenes / "sequel.py").write_text(
        "from scenes.story import Story\nfrom scenes.kit.base import Scene\nimport numpy\n"
    )
    (scenes / "prequel.py").write_text("import math\n")
    (scenes / "kit" / "base.py").write_text("import math\n")
    imports = scene_module_imports(scenes / "sequel.py", root=tmp_path)
    # the kit is left out: every scene depends on all of it already
    assert imports == [scenes / "prequel.py", scenes / "story.py"]


def test_a_sentence_shown_as_several_cues_is_one_chapter():
    from netplane_render.tracks import Cue, chapters

    cues = [
        Cue(0.0, 3.0, "W1 = [[1, 2], [3, 4]] sends i-hat to (1, 3)"),
        Cue(3.0, 6.0, "and j-hat to (2, 4): the plane turns and stretches."),
        Cue(6.0, 8.5, "b1 shifts every point by (1, 0)."),
    ]
    assert chapters(cues) == [
        {
            "start": 0.0,
            "title": "W1 = [[1, 2], [3, 4]] sends i-hat to (1, 3) and j-hat to (2, 4): "
            "the plane turns and stretches.",
        },
        {"start": 6.0, "title": "b1 shifts every point by (1, 0)."},
    ]
