"""How the suite shares its renders when it runs on several processes (pytest-xdist).

pyproject's ``-n auto --dist loadfile`` starts one worker process per core and sends each test
file whole to one worker, so a file's module fixtures run once. A render kept for the session
(``tests/scene_rendering.py``, the ``real_render`` fixture of test_render_cli) lives in one
worker, so the files that share one are sent to a worker together, as if they were one file:

- the files that render the catalogue's scenes in-process, which ask for the same scenes (and
  the generator's videos of ``scene_rendering.GENERATED_VIDEOS``);
- the files that use ``real_render``.

(Not with xdist_group marks and ``--dist loadgroup``: that mode renames the tests' node ids,
which pytest 9 no longer lets it do, so it silently spreads the tests one by one.)

The units start heaviest first (``START_FIRST``, then the others by their number of tests, as
xdist's own order): a unit that renders or trains for minutes, started last, would finish alone
on one worker while the other waits.

``-n 0`` runs everything in this process, as without xdist (for ``--pdb`` or print debugging).
"""

from __future__ import annotations

from collections import OrderedDict

CATALOGUE_FILES = (
    "test_activation_scenes.py",
    "test_camera.py",
    "test_entrance.py",
    "test_formula_batch.py",
    "test_matmul_scenes.py",
    "test_overlays.py",
    "test_scene_gaps.py",
    "test_scenes.py",
    "test_scenes_narration.py",
    "test_space_views.py",
    "test_training_scenes.py",
    "test_vocabulary.py",
)
REAL_RENDER_FILES = ("test_render_browser.py", "test_render_cli.py", "test_render_cluster.py")
# The units that take longest, longest first (their tests' --durations summed, in a fresh clone)
START_FIRST = (
    "catalogue",
    "tests/test_stress_gallery.py",
    "real-render",
    "tests/test_render_generate.py",
    "tests/test_class_story.py",
    "tests/test_big_data.py",
    "tests/test_network_story.py",
    "tests/test_custom.py",
    "tests/test_encoding.py",
    "tests/test_render_slides.py",
)
SHARED_WORK = {name: "catalogue" for name in CATALOGUE_FILES} | {
    name: "real-render" for name in REAL_RENDER_FILES
}


def shared_work(nodeid: str) -> str:
    """The unit of work a test goes to a worker in: its file, or the group its file is in."""
    path = nodeid.split("::", 1)[0]
    return SHARED_WORK.get(path.rsplit("/", 1)[-1], path)


def start_rank(unit: str, tests: int) -> tuple[int, int]:
    """Where a unit of work starts: the heavy ones first, in ``START_FIRST``'s order, then the
    rest, most tests first."""
    heavy = START_FIRST.index(unit) if unit in START_FIRST else len(START_FIRST)
    return heavy, -tests


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":  # another --dist asked for on the command line
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedWorkScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_work(nodeid)

        def _assign_work_unit(self, node) -> None:
            # the queue is complete when the first unit is handed out: order it once, then
            if not getattr(self, "_ordered", False):
                units = sorted(self.workqueue.items(), key=lambda it: start_rank(it[0], len(it[1])))
                self.workqueue = OrderedDict(units)
                self._ordered = True
            super()._assign_work_unit(node)

    return SharedWorkScheduling(config, log)
