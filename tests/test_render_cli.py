"""render.py through click's CliRunner: help, list, experiments, every early error, and renders.

Renders use two kinds of scenes: the real ``two-curves`` and ``one-layer-transform`` at preview
quality (once per session, shared by the tests that inspect the output), and tiny scenes written
into a temporary folder with a registry of their own, for what real scenes cannot do on demand
(fail, change, take long enough to be killed midway).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import render
from netplane_render import catalog, tracks
from scenes.registry import SCENES, SceneEntry

REPO = Path(__file__).resolve().parent.parent
ALL_FORMATS = "mp4,webm,gif,png"
REAL_IDS = ["two-curves", "one-layer-transform"]


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(render.cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


# --- tiny scenes with a registry of their own -------------------------------------------------

TINY_MODULE = "netplane_tiny_scenes"

TINY_SOURCE = '''
"""Tiny scenes for render.py's tests: no LaTeX, a second or two each."""
import os
import time

from manim import BLUE, YELLOW, Circle, Create, Scene, Square


def themed(scene):
    dark = os.environ.get("NETPLANE_THEME", "dark") == "dark"
    scene.camera.background_color = "#101218" if dark else "#FFFFFF"


class TinySquare(Scene):
    """Narrates each step as netplane scenes do: a subcaption, and the sentence in narration."""

    def slide_break(self):
        pass

    def narrate(self, sentence):
        self.narration = [*getattr(self, "narration", []), (self.time, sentence)]
        self.add_subcaption(sentence, duration=0.6)

    def construct(self):
        themed(self)
        square = Square(color=YELLOW)
        self.narrate("A yellow square is drawn.")
        self.play(Create(square), run_time=0.6)
        self.slide_break()
        self.narrate("It turns.")
        self.play(square.animate.rotate(0.8), run_time=0.6)
        self.slide_break()
        self.narrate("It shrinks to half.")
        self.play(square.animate.scale(0.5), run_time=0.6)


class TinyCircle(Scene):
    def slide_break(self):
        pass

    def construct(self):
        themed(self)
        self.play(Create(Circle(color=BLUE)), run_time=0.8)
        self.wait(0.2)


class Broken(Scene):
    def construct(self):
        themed(self)
        self.play(Create(Circle()), run_time=0.2)
        raise ValueError("this scene is broken on purpose")


class Sleepy(Scene):
    """Renders one animation, then waits: a render that is reliably midway when killed."""

    def construct(self):
        themed(self)
        self.play(Create(Square()), run_time=0.4)
        time.sleep(float(os.environ.get("TINY_SLEEP", "60")))
        self.play(Create(Circle()), run_time=0.4)
'''

TINY_SCENES = [
    ("tiny-square", "TinySquare", "A square: drawn, turned, shrunk"),
    ("tiny-circle", "TinyCircle", "A circle: drawn"),
    ("broken", "Broken", "A scene that raises: the others must still render"),
    ("sleepy", "Sleepy", "A scene that stops midway, to be killed"),
]


@dataclass(frozen=True)
class TmpSceneEntry(SceneEntry):
    """A registry entry whose module lives under ``root`` instead of the repository."""

    root: Path = Path()

    @property
    def path(self) -> Path:
        return self.root / self.file


def tiny_registry(root: Path) -> dict[str, TmpSceneEntry]:
    """Write the tiny scene module into ``root`` (once) and return a registry of its scenes."""
    module = root / f"{TINY_MODULE}.py"
    if not module.exists():
        module.write_text(TINY_SOURCE)
    return {
        scene_id: TmpSceneEntry(scene_id, cls, TINY_MODULE, description, order, (), root)
        for order, (scene_id, cls, description) in enumerate(TINY_SCENES, start=1)
    }


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """render.py reads the tiny registry; returns (registry, output folder)."""
    scenes_root = tmp_path / "scenes_root"
    scenes_root.mkdir()
    registry = tiny_registry(scenes_root)
    monkeypatch.setattr(catalog, "load_registry", lambda: registry)
    return registry, tmp_path / "out"


def file_digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


# --- help, list, experiments -------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [[], ["list"], ["experiments"], ["render"], ["slides"], ["storyboard"]]
)
def test_help_has_examples(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "python render.py" in result.output


def test_render_help_documents_qualities_and_formats():
    output = " ".join(invoke("render", "--help").output.split())
    for text in ("854x480 15 fps", "1280x720 30 fps", "1920x1080 60 fps", "mp4", "webm", "gif"):
        assert text in output


def test_help_imports_neither_manim_nor_scenes():
    code = textwrap.dedent(
        """
        import sys
        from click.testing import CliRunner
        import render
        for command in ([], ["render"], ["slides"], ["list"], ["experiments"], ["generate"]):
            CliRunner().invoke(render.cli, [*command, "--help"])
        heavy = [m for m in ("manim", "numpy", "scenes.registry", "nn_core") if m in sys.modules]
        print(",".join(heavy))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_list_table_in_catalogue_order():
    result = invoke("list")
    assert result.exit_code == 0
    positions = [result.output.index(f" {scene_id} ") for scene_id in SCENES]
    assert positions == sorted(positions)
    for entry in SCENES.values():
        assert entry.class_name in result.output
        assert entry.file in result.output


def test_list_json():
    rows = json.loads(invoke("list", "--json").output)
    assert [row["id"] for row in rows] == list(SCENES)
    for row, entry in zip(rows, SCENES.values(), strict=True):
        assert row["class"] == entry.class_name
        assert row["file"] == entry.file
        assert row["description"] == entry.description
        assert (REPO / row["file"]).parent.is_dir()


def test_experiments_json():
    from nn_core.experiments import EXPERIMENTS

    rows = json.loads(invoke("experiments", "--json").output)
    assert [row["name"] for row in rows] == list(EXPERIMENTS)
    for row in rows:
        assert {"name", "dataset", "architecture", "parameters", "accuracy"} <= set(row)
        assert 0.0 <= row["accuracy"] <= 1.0
        assert isinstance(row["parameters"], int) and row["parameters"] > 0
        assert isinstance(row["steps"], int) and row["steps"] >= 0
        assert row["fingerprint"] == EXPERIMENTS[row["name"]].fingerprint()
    two_layer = next(row for row in rows if row["name"] == "two-layer-relu")
    assert two_layer["parameters"] == 9
    assert two_layer["accuracy"] == 1.0


def test_experiments_table_shows_percentages():
    result = invoke("experiments")
    assert result.exit_code == 0
    assert "two-layer-relu" in result.output
    assert "100.0%" in result.output
    assert "hard-curves" in result.output


# --- errors before any work starts -------------------------------------------------------------


def assert_one_line_error(result, *fragments, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.output
    for fragment in fragments:
        assert fragment in error_lines[0], error_lines[0]


def test_unknown_id_names_the_closest(tmp_path):
    result = invoke("render", "two-curve", "one-layer-transfrom", "--out", tmp_path / "out")
    assert_one_line_error(result, "'two-curve'", "two-curves", "one-layer-transform")
    assert not (tmp_path / "out").exists()


def test_unknown_id_for_slides(tmp_path):
    result = invoke("slides", "nope-nothing", "--out", tmp_path / "out")
    assert_one_line_error(result, "unknown scene 'nope-nothing'")


def test_unknown_format(tmp_path):
    result = invoke("render", "two-curves", "--format", "mp4,avi", "--out", tmp_path / "out")
    assert_one_line_error(result, "'avi'", "mp4,webm,gif,png", code=2)
    assert not (tmp_path / "out").exists()


def test_unknown_quality(tmp_path):
    result = invoke("render", "two-curves", "--quality", "4k", "--out", tmp_path / "out")
    assert_one_line_error(result, "'4k'", "preview", code=2)


def test_latex_missing_says_how_to_install(tmp_path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    result = invoke("render", "two-curves", "--out", tmp_path / "out", env={"PATH": str(empty_bin)})
    assert_one_line_error(result, "LaTeX", "apt-get install", "dvisvgm")
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    result = invoke("render", "two-curves", "--out", blocker / "media")
    assert_one_line_error(result, "cannot write to output folder", str(blocker))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any permission bits")
def test_output_folder_without_permission(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = invoke("render", "two-curves", "--out", locked)
    assert_one_line_error(result, "cannot write to output folder")


# --- rendering the real scenes -----------------------------------------------------------------


_real_render_cache: dict[str, tuple] = {}


def _render_real(out: Path):
    return invoke("render", *REAL_IDS, "-q", "preview", "-f", ALL_FORMATS, "--out", out)


@pytest.fixture(scope="session")
def real_render(tmp_path_factory):
    """two-curves and one-layer-transform at preview quality in every format, rendered once per
    session (the module-level cache shares it with the modules that import this fixture).

    The same command runs a second time straight away, so the second-run test sees the same
    inputs even while someone edits the scenes."""
    if "result" not in _real_render_cache:
        out = tmp_path_factory.mktemp("real") / "media"
        folder = out / "dark" / "preview"
        result = _render_real(out)
        before = file_digests(folder) if folder.exists() else {}
        started = time.perf_counter()
        again = _render_real(out)
        seconds = time.perf_counter() - started
        _real_render_cache["result"] = (result, folder)
        _real_render_cache["again"] = (again, seconds, before, file_digests(folder))
    return _real_render_cache["result"]


def test_real_scenes_render_in_every_format(real_render):
    result, folder = real_render
    assert result.exit_code == 0, result.output
    for scene_id in REAL_IDS:
        for fmt in ALL_FORMATS.split(","):
            path = folder / f"{scene_id}.{fmt}"
            assert path.is_file() and path.stat().st_size > 1000, path
        assert re.search(rf"{scene_id}\s+.\s*rendered", result.output)
    assert (folder / "logs" / "two-curves.log").is_file()
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_real_scenes_manifest(real_render):
    _, folder = real_render
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (manifest["theme"], manifest["quality"], manifest["resolution"]) == (
        "dark",
        "preview",
        "854x480",
    )
    assert [scene["id"] for scene in manifest["scenes"]] == REAL_IDS
    for scene in manifest["scenes"]:
        entry = SCENES[scene["id"]]
        assert scene["title"] == entry.title
        assert scene["description"] == entry.description
        assert re.fullmatch(r"[0-9a-f]{20}", scene["hash"])
        assert set(scene["files"]) == {"mp4", "webm", "gif", "png", "vtt"}
        for fmt, info in scene["files"].items():
            assert info["file"] == f"{scene['id']}.{fmt}"
            assert info["size"] == (folder / info["file"]).stat().st_size
            if fmt != "vtt":
                assert (info["width"], info["height"]) == (854, 480)
        for fmt in ("mp4", "webm"):
            assert scene["files"][fmt]["duration"] > 1
            assert scene["files"][fmt]["fps"] == 15
        assert scene["files"]["gif"]["duration"] == pytest.approx(
            scene["files"]["mp4"]["duration"], abs=0.15
        )
        # The steps as chapters: the track's cues, which end with the video
        cues = tracks.cues_from_vtt((folder / f"{scene['id']}.vtt").read_text())
        assert scene["files"]["vtt"]["cues"] == len(cues) >= 4
        assert scene["chapters"] == tracks.chapters(cues)
        assert [cue.start for cue in cues] == sorted(cue.start for cue in cues)
        assert cues[-1].end == pytest.approx(scene["files"]["mp4"]["duration"], abs=0.1)


def test_real_scenes_gallery_and_embed(real_render):
    _, folder = real_render
    page = (folder / "index.html").read_text()
    embed = (folder / "embed.md").read_text()
    for scene_id in REAL_IDS:
        entry = SCENES[scene_id]
        assert f'src="{scene_id}.mp4"' in page and f'src="{scene_id}.webm"' in page
        assert f'poster="{scene_id}.png"' in page
        assert entry.description.replace("&", "&amp;") in page
        assert f'poster="{scene_id}.png"' in embed
        assert 'width="854" height="480"' in embed
        for kind in ("captions", "descriptions"):
            assert f'<track kind="{kind}" src="{scene_id}.vtt" srclang="en"' in embed
        # The gallery carries the cues inline (no <track> loads across file:// origins) and the
        # transcript under each video
        assert f'aria-label="Transcript of {entry.title}' in page
        first_step = tracks.cues_from_vtt((folder / f"{scene_id}.vtt").read_text())[0].text
        assert first_step in page and first_step in embed
    assert page.count('<track kind="descriptions" src="data:text/vtt') == len(REAL_IDS)
    assert str(folder) not in page, "the gallery must use relative paths"


def test_second_run_skips_everything(real_render):
    result, _ = real_render
    assert result.exit_code == 0
    again, seconds, before, after = _real_render_cache["again"]
    assert again.exit_code == 0, again.output
    assert "2 skipped" in again.output
    assert seconds < 5
    videos = [name for name in before if not name.endswith((".json", ".html", ".md"))]
    assert {name: after[name] for name in videos} == {name: before[name] for name in videos}


# --- tiny scenes: failures, changes, options -----------------------------------------------------


def test_a_failing_scene_does_not_stop_the_others(tiny):
    _, out = tiny
    result = invoke("render", "tiny-square", "broken", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 1
    folder = out / "dark" / "preview"
    assert (folder / "tiny-square.mp4").is_file() and (folder / "tiny-circle.mp4").is_file()
    assert not list(folder.glob("broken.*"))
    assert re.search(r"broken\s+.\s*failed", result.output)
    assert "broken failed: ValueError: this scene is broken on purpose" in result.output
    log = folder / "logs" / "broken.log"
    assert f"full log: {log}" in result.output.replace("\n  ", " ")
    assert "Traceback" in log.read_text() or "ValueError" in log.read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [scene["id"] for scene in manifest["scenes"]] == ["tiny-square", "tiny-circle"]


def test_only_changed_scenes_render_again(tiny):
    registry, out = tiny
    args = ("render", "tiny-square", "tiny-circle", "-q", "preview", "-f", "mp4,png", "--out", out)
    assert invoke(*args).exit_code == 0
    module = registry["tiny-circle"].path
    module.write_text(module.read_text().replace("self.wait(0.2)", "self.wait(0.3)"))
    result = invoke(*args)
    # Both classes live in one module, so both depend on the edit.
    assert "2 rendered" in result.output
    result = invoke(*args)
    assert "2 skipped" in result.output
    # An option outside the hash's output folder: another theme renders again, into its own folder.
    result = invoke(*args, "--theme", "light")
    assert "2 rendered" in result.output
    assert (out / "light" / "preview" / "tiny-square.png").is_file()
    # A missing format renders the scene; formats already there do not outdate it.
    (out / "dark" / "preview" / "tiny-circle.png").unlink()
    result = invoke(*args)
    assert "1 rendered, 1 skipped" in result.output
    # So does a missing track
    (out / "dark" / "preview" / "tiny-square.vtt").unlink()
    result = invoke(*args)
    assert "1 rendered, 1 skipped" in result.output
    square = tracks.cues_from_vtt((out / "dark" / "preview" / "tiny-square.vtt").read_text())
    said = ["A yellow square is drawn.", "It turns.", "It shrinks to half."]
    assert [cue.text for cue in square] == said
    # A scene that says nothing still gets a (valid, empty) track
    assert (out / "dark" / "preview" / "tiny-circle.vtt").read_text().startswith("WEBVTT")
    result = invoke("render", "tiny-square", "-q", "preview", "-f", "mp4", "--out", out)
    assert "1 skipped" in result.output
    result = invoke("render", "tiny-square", "-q", "preview", "-f", "mp4", "--out", out, "--force")
    assert "1 rendered" in result.output


def test_experiment_change_outdates_only_its_scenes(tiny, monkeypatch):
    from netplane_render import fingerprint
    from nn_core import experiments

    registry, _ = tiny
    with_experiment = TmpSceneEntry(
        "tiny-square", "TinySquare", TINY_MODULE, "", 1, ("xor",), registry["tiny-square"].root
    )
    without = registry["tiny-circle"]
    before = [
        fingerprint.scene_hash(e, registry, quality="preview", theme="dark")
        for e in (with_experiment, without)
    ]
    changed = experiments.EXPERIMENTS["xor"].__class__(
        **{**experiments.EXPERIMENTS["xor"].__dict__, "seed": 99}
    )
    monkeypatch.setitem(experiments.EXPERIMENTS, "xor", changed)
    after = [
        fingerprint.scene_hash(e, registry, quality="preview", theme="dark")
        for e in (with_experiment, without)
    ]
    assert before[0] != after[0]
    assert before[1] == after[1]


# --- interrupting a render ----------------------------------------------------------------------

DRIVER = """
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from tests.test_render_cli import tiny_registry
from netplane_render import catalog
registry = tiny_registry(Path({root!r}))
catalog.load_registry = lambda: registry
import render
render.cli(sys.argv[1:], prog_name="render.py")
"""


def start_driver(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    scenes_root = tmp_path / "scenes_root"
    scenes_root.mkdir(exist_ok=True)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(repo=str(REPO), root=str(scenes_root)))
    return subprocess.Popen(
        [sys.executable, str(driver), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )


def wait_for_midway(folder: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    """Until the sleepy scene's first animation is written (its log says so)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for log in folder.glob(".work-*/sleepy/log.txt"):
            if "Animation 0" in log.read_text(errors="replace"):
                return
        assert process.poll() is None, process.stdout.read().decode()
        time.sleep(0.1)
    raise AssertionError("the render never got midway")


def workers_of(tmp_path: Path) -> list[int]:
    """Pids of render processes of a run in ``tmp_path`` (read from /proc): a worker started
    afresh names its spec there; the fork server and the workers it forks run in folders there."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                cwd = os.readlink(proc / "cwd")
            except OSError:
                continue
            if "netplane_render.worker" in cmdline and str(tmp_path) in cmdline:
                pids.append(int(proc.name))
            elif "netplane_render" in cmdline and Path(cwd).is_relative_to(tmp_path / "out"):
                pids.append(int(proc.name))
    return pids


def wait_until(predicate, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.parametrize(
    ("sig", "with_previous_output"),
    [(signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGKILL, True)],
    ids=["sigint-keeps-old-output", "sigterm-first-render", "sigkill"],
)
def test_killed_render_leaves_no_partial_file(tmp_path, sig, with_previous_output):
    out = tmp_path / "out"
    folder = out / "dark" / "preview"
    args = ("render", "sleepy", "-q", "preview", "-f", ALL_FORMATS, "--out", str(out), "-j", "1")
    if with_previous_output:
        first = start_driver(tmp_path, *args, env={"TINY_SLEEP": "0"})
        assert first.wait(120) == 0, first.stdout.read().decode()
    before = file_digests(folder) if folder.exists() else {}

    process = start_driver(tmp_path, *args, "--force")
    wait_for_midway(folder, process)
    assert workers_of(tmp_path)
    process.send_signal(sig)
    returncode = process.wait(60)
    output = process.stdout.read().decode()
    assert returncode == (-9 if sig == signal.SIGKILL else 128 + sig), output
    if sig != signal.SIGKILL:
        assert "interrupted" in output
        assert not list(folder.glob(".work-*")), "work folders must be removed"
    # The worker follows its parent, even one killed outright.
    assert wait_until(lambda: not workers_of(tmp_path)), "orphan render process"

    after = file_digests(folder)
    videos = {name: digest for name, digest in after.items() if name.startswith("sleepy.")}
    assert videos == {n: d for n, d in before.items() if n.startswith("sleepy.")}, (
        "final names hold exactly the earlier complete files"
    )
    assert set(after) <= {*videos, "manifest.json", "index.html", "embed.md"}, sorted(after)
    if sig == signal.SIGKILL:
        # The next run clears what the killed one left behind.
        assert list(folder.glob(".work-*"))
        rerun = start_driver(tmp_path, *args, env={"TINY_SLEEP": "0"})
        assert rerun.wait(120) == 0, rerun.stdout.read().decode()
        assert not list(folder.glob(".work-*"))


# --- the fork server ---------------------------------------------------------------------------


def manim_imports(log: Path) -> int:
    """How often the process that wrote ``log`` imported manim (PYTHONPROFILEIMPORTTIME=1)."""
    return len(re.findall(r"\|\s+manim$", log.read_text(errors="replace"), re.MULTILINE))


def test_scenes_forked_from_the_server_do_not_import_manim(tiny, monkeypatch):
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    _, out = tiny
    result = invoke("render", "tiny-square", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 0, result.output
    logs = out / "dark" / "preview" / "logs"
    # the server imported it once, before forking them
    assert [manim_imports(logs / f"{i}.log") for i in ("tiny-square", "tiny-circle")] == [0, 0]
    assert "fork server" not in result.output


def test_a_server_that_cannot_start_falls_back_to_fresh_processes(tiny, monkeypatch):
    from netplane_render import forkserver

    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    monkeypatch.setattr(forkserver, "READY_SECONDS", 0.001)
    _, out = tiny
    result = invoke("render", "tiny-square", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 0, result.output
    assert "the fork server did not start" in result.output
    logs = out / "dark" / "preview" / "logs"
    assert [manim_imports(logs / f"{i}.log") for i in ("tiny-square", "tiny-circle")] == [1, 1]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_killed_render_leaves_no_forked_process(tmp_path, sig):
    out = tmp_path / "out"
    folder = out / "dark" / "preview"
    args = ("render", "sleepy", "tiny-circle", "-q", "preview", "--out", str(out), "-j", "2")
    process = start_driver(tmp_path, *args)
    wait_for_midway(folder, process)
    assert len(workers_of(tmp_path)) >= 2, "the fork server and the sleepy scene at least"
    process.send_signal(sig)
    returncode = process.wait(60)
    assert returncode == (-9 if sig == signal.SIGKILL else 128 + sig)
    assert wait_until(lambda: not workers_of(tmp_path)), "orphan render process"


def test_a_server_gone_mid_run_leaves_the_next_scene_to_a_fresh_process(tiny, tmp_path):
    """A server killed (or out of memory) after it started: the scenes still to start run as
    fresh processes, waiting for render.py rather than for the server that is gone."""
    from netplane_render import runner

    class GoneServer:
        pid = 1

        def spawn(self, *args, **kwargs):
            raise ConnectionError("the fork server did not answer")

    registry, _ = tiny
    job = runner.Job(registry["tiny-circle"], "hash")
    (tmp_path / "work").mkdir()
    spec = {"parent_pid": os.getpid(), "scene_id": "tiny-circle"}
    try:
        runner._start(job, tmp_path / "work", spec, "dark", server=GoneServer())
        assert isinstance(job.process, subprocess.Popen)
        assert json.loads((job.work / "spec.json").read_text())["parent_pid"] == os.getpid()
    finally:
        runner._stop(job)


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])
