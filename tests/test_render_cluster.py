"""Past one machine: --cluster (Dask), --shard and publish, and the README's examples of both.

The Dask path is the real one: ``--cluster local:N`` starts a LocalCluster of worker processes,
and the README's example starts ``dask scheduler`` and ``dask worker`` as processes of their own.
Scenes are the real ``two-curves`` (and the session's ``real_render`` of test_render_cli, the
local run to compare with) or the tiny scenes of test_render_cli, at preview or blog quality.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from netplane_render import cluster, shards
from scenes.registry import SCENES
from tests.test_render_cli import (  # noqa: F401 - real_render and tiny are fixtures
    ALL_FORMATS,
    REAL_IDS,
    assert_one_line_error,
    invoke,
    parent_of,
    real_render,
    tiny,
    tiny_registry,
    wait_until,
    workers_of,
)

REPO = Path(__file__).resolve().parent.parent
TINY_IDS = ("tiny-square", "tiny-circle")

# render.py with a catalogue of the two quick tiny scenes; guarded, since Dask's worker processes
# start by importing the main module.
DRIVER = """
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from tests.test_render_cli import tiny_registry
from netplane_render import catalog
registry = tiny_registry(Path({root!r}))
registry = {{k: registry[k] for k in {ids!r}}}
catalog.load_registry = lambda: registry
import render
if __name__ == "__main__":
    render.cli(sys.argv[1:], prog_name="render.py", standalone_mode=False)
    print("dask imported:", any(m.split(".")[0] in ("dask", "distributed") for m in sys.modules))
"""


def write_driver(tmp_path: Path, ids=TINY_IDS) -> Path:
    root = tmp_path / "scenes_root"
    root.mkdir(exist_ok=True)
    tiny_registry(root)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(repo=str(REPO), root=str(root), ids=tuple(ids)))
    return driver


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def ids_and_hashes(folder: Path) -> list[tuple[str, str]]:
    return [(scene["id"], scene["hash"]) for scene in manifest_of(folder)["scenes"]]


# --- the Dask path ------------------------------------------------------------------------------


def test_without_cluster_dask_is_never_imported(tmp_path):
    driver = write_driver(tmp_path, ids=("tiny-circle",))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, driver, "render", "-q", "preview", "-f", "mp4", "--out", out],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "dark" / "preview" / "tiny-circle.mp4").is_file()
    assert "dask imported: False" in result.stdout


def test_cluster_render_matches_the_local_run(real_render, tmp_path):  # noqa: F811
    """two-curves on two Dask workers: the local run's input hash and poster, to the byte."""
    local, local_folder = real_render
    assert local.exit_code == 0, local.output
    out = tmp_path / "media"
    args = ("render", "two-curves", "-q", "preview", "-f", "png", "--out", out)
    result = invoke(*args, "--cluster", "local:2")
    assert result.exit_code == 0, result.output
    folder = out / "dark" / "preview"
    assert ids_and_hashes(folder) == ids_and_hashes(local_folder)[:1]
    assert ids_and_hashes(folder)[0][0] == "two-curves"
    poster = (folder / "two-curves.png").read_bytes()
    assert poster == (local_folder / "two-curves.png").read_bytes()
    assert "2 Dask workers at local:2" in result.output
    # progress names the worker as the scene starts and finishes; so does the summary table
    assert re.search(r"started two-curves on \S+", result.output), result.output
    assert re.search(r"rendered two-curves on \S+ \(", result.output), result.output
    assert re.search(r"two-curves\s+.\s*rendered\s+.\s*[\d.]+\s+.\s*\S+", result.output)
    assert re.search(r"scene\s+.\s*status\s+.\s*seconds\s+.\s*worker", result.output)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    # The same cache key: a local run finds the cluster's video up to date.
    again = invoke(*args)
    assert "1 skipped" in again.output, again.output


def test_slides_on_the_cluster(tiny):  # noqa: F811
    """The slides and their videos come back from the worker into the deck's cache."""
    _, out = tiny
    result = invoke(
        "slides",
        "tiny-square",
        "-q",
        "preview",
        "--to",
        "pdf",
        "--out",
        out,
        "--cluster",
        "local:1",
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"started tiny-square on \S+", result.output), result.output
    folder = out / "dark" / "preview"
    slides = json.loads((folder / ".deck-cache" / "slides" / "TinySquare.json").read_text())
    assert len(slides["slides"]) == 3
    for slide in slides["slides"]:
        assert (folder / ".deck-cache" / slide["file"]).is_file()
    assert (folder / "deck" / "deck.pdf").stat().st_size > 1000


def test_worker_on_another_commit_refuses_with_one_line(tmp_path, monkeypatch):
    # The coordinator claims another commit; the worker, a process of its own, sees its own.
    monkeypatch.setattr(cluster, "checkout_commit", lambda: "0123456789" * 4)
    out = tmp_path / "out"
    result = invoke("render", "two-curves", "-q", "preview", "--out", out, "--cluster", "local:1")
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert re.search(
        r"two-curves failed: worker \S+ is on commit \w+, this render on 0123456789", flat
    )
    assert "Traceback" not in result.output
    folder = out / "dark" / "preview"
    # Nothing finished, so nothing describes anything
    assert sorted(p.name for p in folder.iterdir()) == ["logs"]


def test_worker_without_latex_refuses_with_one_line(tmp_path):
    # The workers start with this PATH: python runs by its full path, LaTeX is not found.
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    out = tmp_path / "out"
    result = invoke(
        "render",
        "two-curves",
        "-q",
        "preview",
        "--out",
        out,
        "--cluster",
        "local:1",
        env={"PATH": str(empty_bin)},
    )
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert re.search(
        r"two-curves failed: worker \S+ has no LaTeX \(latex, dvisvgm not on PATH\)", flat
    )
    assert not list((out / "dark" / "preview").glob("two-curves.*"))


def test_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = invoke(
        "render",
        "two-curves",
        "-q",
        "preview",
        "--out",
        tmp_path,
        "--cluster",
        f"tcp://127.0.0.1:{port}",
    )
    assert_one_line_error(result, "cannot reach the Dask scheduler at tcp://127.0.0.1:")


def test_cluster_without_dask_installed_is_one_line(tiny, monkeypatch):  # noqa: F811
    _, out = tiny
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an absent package raises
    result = invoke("render", "tiny-circle", "-q", "preview", "--out", out, "--cluster", "local:1")
    assert_one_line_error(result, "--cluster needs Dask", "pip install -e '.[cluster]'")
    assert not list((out / "dark" / "preview").glob("tiny-circle.*"))


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_generate_inputs_travel_with_the_task(tmp_path):
    """A CSV named by the coordinator's path is read on the worker from the copy sent along."""
    from nn_core.experiments import CUSTOM_ENVIRONMENT_VARIABLE

    original = "/home/author/data sets/pünkte.csv"  # not on this machine; spaces, non-ASCII
    experiment = json.dumps({"dataset": original, "steps": 5})
    environment = {CUSTOM_ENVIRONMENT_VARIABLE: experiment, "OTHER": "1"}
    local = cluster.localize_inputs(environment, {original: b"0,0,0\n1,1,1\n"}, tmp_path / "in")
    dataset = Path(json.loads(local[CUSTOM_ENVIRONMENT_VARIABLE])["dataset"])
    assert dataset.parent == tmp_path / "in" and dataset.read_bytes() == b"0,0,0\n1,1,1\n"
    assert local["OTHER"] == "1"


def test_worker_killed_mid_scene_loses_nothing(tmp_path):
    driver = write_driver(tmp_path, ids=("sleepy", "tiny-square"))
    tasks = tmp_path / "tasks"  # the workers' temporary folders, where their renders run
    tasks.mkdir()
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, driver, "render", "-q", "preview", "-f", "mp4,png", "--out", out]
        + ["--cluster", "local:2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "TMPDIR": str(tasks), "TINY_SLEEP": "4"},
    )
    try:
        wait_for_task_midway(tasks, process)
        (render_process,) = [pid for pid in workers_of(tmp_path) if "sleepy" in _cmdline(pid)]
        # Kill the Dask worker process that runs the render, outright
        os.kill(parent_of(render_process), signal.SIGKILL)
        returncode = process.wait(120)
    finally:
        if process.poll() is None:
            process.kill()
    output = process.stdout.read().decode()
    assert returncode == 0, output
    assert len(re.findall(r"started sleepy on", output)) == 2, output
    folder = out / "dark" / "preview"
    assert ids_and_hashes(folder)[0][0] == "sleepy"
    assert {scene_id for scene_id, _ in ids_and_hashes(folder)} == {"sleepy", "tiny-square"}
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        ["embed.md", "index.html", "logs", "manifest.json"]
        + [f"{i}.{f}" for i in ("sleepy", "tiny-square") for f in ("mp4", "png", "vtt")]
    )
    assert wait_until(lambda: not workers_of(tmp_path)), "orphan render process"


def wait_for_task_midway(tasks: Path, process: subprocess.Popen, scene: str = "sleepy") -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        logs = [p.read_text(errors="replace") for p in tasks.glob(f"*/{scene}/log.txt")]
        if any("Animation 0" in log for log in logs):
            return
        assert process.poll() is None, process.stdout.read().decode()
        time.sleep(0.1)
    raise AssertionError(f"the {scene} scene never got midway")


def test_ctrl_c_on_a_local_cluster_stops_everything_quietly(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, Dask's workers included."""
    driver = write_driver(tmp_path, ids=("sleepy",))
    tasks = tmp_path / "tasks"
    tasks.mkdir()
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, driver, "render", "-q", "preview", "--out", out, "--cluster", "local:1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "TMPDIR": str(tasks), "TINY_SLEEP": "60"},
        start_new_session=True,
    )
    try:
        wait_for_task_midway(tasks, process)
        os.killpg(process.pid, signal.SIGINT)
        returncode = process.wait(60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    output = process.stdout.read().decode()
    assert returncode == 130, output
    assert "Traceback" not in output and "interrupted" in output, output
    assert wait_until(lambda: not workers_of(tmp_path)), "orphan render process"
    assert list(tasks.glob("netplane-task-*")) == []
    folder = out / "dark" / "preview"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_local_workers_do_not_log_the_closed_scheduler_of_their_own_render(caplog):
    """The heartbeat that races render.py's own close of a local cluster is not reported;
    any other worker error still is."""
    worker_log = logging.getLogger("distributed.worker")
    before = signal.getsignal(signal.SIGINT)
    try:
        cluster.dask_setup(worker=None)
        cluster.dask_setup(worker=None)  # a restarted worker's hook: still one filter
        try:
            raise OSError("Stream is closed")
        except OSError:
            worker_log.exception("Failed to communicate with scheduler during heartbeat.")
            worker_log.exception("Unexpected exception during heartbeat. Closing worker.")
    finally:
        signal.signal(signal.SIGINT, before)
        owned = [f for f in worker_log.filters if isinstance(f, cluster.OwnSchedulerGone)]
        for f in owned:
            worker_log.removeFilter(f)
    assert len(owned) == 1
    assert [r.getMessage() for r in caplog.records] == [
        "Unexpected exception during heartbeat. Closing worker."
    ]


# --- an interrupted render leaves no empty shell (issue 19) ---------------------------------------


def test_interrupted_first_render_leaves_no_manifest_gallery_or_embed(tmp_path):
    driver = write_driver(tmp_path, ids=("sleepy",))
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, driver, "render", "-q", "preview", "--out", out, "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    time.sleep(5)
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 130, process.stdout.read().decode()
    folder = out / "dark" / "preview"
    left = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    assert left == [], left


# --- shards and publish ---------------------------------------------------------------------------


def test_shards_cover_the_catalogue_once_balanced_and_stable():
    entries = list(SCENES.values())
    seconds = {entry.id: 5.0 + (index * 7) % 23 for index, entry in enumerate(entries)}
    del seconds[entries[3].id]  # a scene never rendered counts as the median
    for n in (1, 3, 4, len(entries) + 2):
        shares = [shards.shard_share(entries, k, n, seconds) for k in range(1, n + 1)]
        ids = [entry.id for share, _, _ in shares for entry in share]
        assert sorted(ids) == sorted(SCENES), n
        loads = [load for _, load, _ in shares]
        assert max(loads) - min(loads) <= max(seconds.values()) + 1e-9
        assert shares == [shards.shard_share(entries, k, n, seconds) for k in range(1, n + 1)]
        for share, _, _ in shares:
            assert share == [entry for entry in entries if entry in share]  # catalogue order


def test_shard_times_decide_the_shares(tiny, tmp_path):  # noqa: F811
    """By catalogue order alone tiny-circle is in shard 1 of 2; a manifest that says sleepy
    takes long gives sleepy a shard of its own, the first."""
    _, out = tiny
    times = tmp_path / "last" / "manifest.json"
    times.parent.mkdir()
    scenes = [{"id": "sleepy", "render_seconds": 100.0}, {"id": "tiny-circle", "render_seconds": 2}]
    times.write_text(json.dumps({"theme": "dark", "scenes": scenes}))
    args = ("render", "tiny-circle", "sleepy", "-q", "preview", "-f", "png", "--out", out)
    result = invoke(*args, "--shard", "2/2", "--shard-times", times)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert (
        "shard 2/2: 1 of 2 scenes, about 2 of 102 s by the last render times: tiny-circle" in flat
    )
    assert ids_and_hashes(out / "dark" / "preview")[0][0] == "tiny-circle"
    # --shard-times alone, or a file that is no manifest: one line each
    assert_one_line_error(invoke(*args, "--shard-times", times), "give --shard K/N too", code=2)
    result = invoke(*args, "--shard", "1/2", "--shard-times", tmp_path / "none.json")
    assert_one_line_error(result, "--shard-times", "none.json")


def test_slide_shards_publish_into_one_deck(tiny, tmp_path):  # noqa: F811
    """Two slides --shard jobs, their caches published together, then one deck, no render."""
    _, out = tiny
    args = ("slides", "tiny-square", "tiny-circle", "-q", "preview", "--to", "pdf")
    for k in (1, 2):
        result = invoke(*args, "--shard", f"{k}/2", "--out", tmp_path / f"shard-{k}")
        assert result.exit_code == 0, result.output
        assert "1 rendered" in result.output
    shard_folders = [tmp_path / f"shard-{k}" / "dark" / "preview" for k in (1, 2)]
    result = invoke("publish", *shard_folders, "--out", out)
    assert result.exit_code == 0, result.output
    assert "slides of 2 scenes merged" in " ".join(result.output.split())
    result = invoke(*args, "--out", out)
    assert result.exit_code == 0, result.output
    assert "2 skipped" in result.output
    assert (out / "dark" / "preview" / "deck" / "deck.pdf").stat().st_size > 1000


def test_bad_shard_is_one_line(tmp_path):
    for text in ("0/3", "4/3", "2", "a/b"):
        result = invoke("render", "--shard", text, "--out", tmp_path)
        assert_one_line_error(result, "--shard", code=2)


def _fake_shard(folder: Path, **meta) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"png")
    scene = {"id": "a", "title": "A", "description": "a", "hash": "1" * 20}
    scene["files"] = {"png": {"file": "a.png", "size": 3}}
    fields = {"theme": "dark", "quality": "blog", "commit": "c1", "manim_version": "0.22.0"}
    (folder / "manifest.json").write_text(
        json.dumps({**fields, **meta, "resolution": "1280x720", "scenes": [scene]})
    )
    return folder


@pytest.mark.parametrize(
    ("key", "value"), [("commit", "c2"), ("theme", "light"), ("quality", "preview")]
)
def test_publish_refuses_mismatched_shards_by_name(tmp_path, key, value):
    one = _fake_shard(tmp_path / "one")
    two = _fake_shard(tmp_path / "two", **{key: value})
    result = invoke("publish", one, two, "--out", tmp_path / "media")
    assert_one_line_error(result, str(two), f"{key} {value}", str(one))
    assert not (tmp_path / "media").exists()


def test_publish_refuses_a_folder_that_is_no_shard(tmp_path):
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "video.mp4").write_bytes(b"x")
    assert_one_line_error(invoke("publish", stray), "has files but no manifest.json")
    assert_one_line_error(invoke("publish", tmp_path / "nope"), "no such folder")


# --- the README's examples, run as written ------------------------------------------------------


def readme_block(language: str) -> str:
    """The code block in README.md after the '<!-- tested: ...' note, of ``language``."""
    text = (REPO / "README.md").read_text()
    pattern = rf"<!-- tested: tests/test_render_cluster.py[^>]*-->\n```{language}\n(.*?)```"
    (block,) = re.findall(pattern, text, flags=re.S)
    return block


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_here(command: str) -> str:
    """A README command run from any folder: its relative paths lead into this checkout."""
    command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    return command.replace(" render.py ", f" {REPO / 'render.py'} ")


@pytest.fixture(scope="module")
def readme_cluster(tmp_path_factory):
    """The README's scheduler and worker, started as written (port 8786 swapped for a free
    one), as processes of their own; yields the render command and the worker's temp folder."""
    port = free_port()
    commands = [
        line.replace("SCHEDULER:8786", f"127.0.0.1:{port}").replace("--port 8786", f"--port {port}")
        for line in readme_block("bash").splitlines()
        if line and not line.startswith("#")
    ]
    scheduler, worker, render_command = commands
    assert scheduler.startswith(".venv/bin/dask scheduler")
    assert worker.startswith(".venv/bin/dask worker")
    tasks = tmp_path_factory.mktemp("worker-tmp")
    started = []
    try:
        for command, env in ((scheduler, {}), (worker, {"TMPDIR": str(tasks), "TINY_SLEEP": "60"})):
            started.append(
                subprocess.Popen(
                    as_here(command),
                    shell=True,
                    cwd=REPO,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    env={**os.environ, **env},
                )
            )
        yield render_command, f"tcp://127.0.0.1:{port}", tasks
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_readme_cluster_example_runs_as_written(readme_cluster, tmp_path):
    render_command, _, _ = readme_cluster
    result = subprocess.run(
        as_here(render_command),
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    folder = tmp_path / "media" / "dark" / "preview"
    assert (folder / "two-curves.mp4").is_file() and (folder / "two-curves.png").is_file()
    assert [scene["id"] for scene in manifest_of(folder)["scenes"]] == ["two-curves"]
    assert re.search(r"started two-curves on 127\.0\.0\.1:\d+", result.stderr), result.stderr


def test_ctrl_c_stops_the_render_on_a_remote_worker(readme_cluster, tmp_path):
    """Dask cannot stop a running task; the task sees it was cancelled and ends its render."""
    _, address, tasks = readme_cluster
    driver = write_driver(tmp_path, ids=("sleepy",))
    process = subprocess.Popen(
        [sys.executable, driver, "render", "-q", "preview", "--out", tmp_path / "out"]
        + ["--cluster", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_task_midway(tasks, process)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(60) == 130
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    # the sleepy scene would sleep a minute more
    assert wait_until(lambda: not workers_of(tasks), timeout=15), "the render goes on"
    assert wait_until(lambda: not list(tasks.glob("netplane-task-*")), timeout=5)


def test_readme_ci_example_runs_as_written_and_matches_one_local_run(tmp_path):
    """The workflow's commands, job by job, with the catalogue of two tiny scenes: three shards
    (one of them empty), artifacts copied as GitHub's actions would, then the publish job."""
    workflow = yaml.safe_load(readme_block("yaml"))
    driver = write_driver(tmp_path)
    python_render = f"{sys.executable} {driver}"
    artifacts = tmp_path / "artifacts"

    def run_job(job: dict, workdir: Path, matrix: dict) -> None:
        workdir.mkdir()
        for step in job["steps"]:

            def expand(text: str) -> str:
                for key, value in matrix.items():
                    text = text.replace(f"${{{{ matrix.{key} }}}}", str(value))
                return text

            uses = step.get("uses", "")
            if "run" in step:
                command = expand(step["run"])
                if command == "./netplane setup":
                    continue  # this checkout is set up
                command = command.replace(".venv/bin/python render.py", python_render)
                done = subprocess.run(
                    command, shell=True, cwd=workdir, capture_output=True, text=True, check=False
                )
                assert done.returncode == 0, command + "\n" + done.stdout + done.stderr
            elif uses.startswith("actions/upload-artifact"):
                path = workdir / expand(step["with"]["path"])
                if path.is_dir():  # an empty shard has nothing to upload
                    shutil.copytree(path, artifacts / expand(step["with"]["name"]))
            elif uses.startswith("actions/download-artifact"):
                shutil.copytree(artifacts, workdir / step["with"]["path"])

    render_job = workflow["jobs"]["render"]
    for shard in render_job["strategy"]["matrix"]["shard"]:
        run_job(render_job, tmp_path / f"render-{shard}", {"shard": shard})
    assert sorted(p.name for p in artifacts.iterdir()) == ["shard-1", "shard-2"]
    publish_job = workflow["jobs"]["publish"]
    assert publish_job["needs"] == "render"
    run_job(publish_job, tmp_path / "publish", {})
    published = tmp_path / "publish" / "media" / "dark" / "blog"

    local = tmp_path / "local"
    done = subprocess.run(
        [sys.executable, driver, "render", "--out", local],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    local_folder = local / "dark" / "blog"
    assert ids_and_hashes(published) == ids_and_hashes(local_folder) != []
    assert [scene_id for scene_id, _ in ids_and_hashes(published)] == list(TINY_IDS)
    for name in ("index.html", "embed.md"):
        assert (published / name).read_text() == (local_folder / name).read_text(), name
    meta = {k: v for k, v in manifest_of(published).items() if k != "scenes"}
    assert meta == {k: v for k, v in manifest_of(local_folder).items() if k != "scenes"}


def test_help_mentions_cluster_and_shard():
    output = " ".join(invoke("render", "--help").output.split())
    assert "--cluster ADDRESS" in output and "--shard K/N" in output
    assert "Examples:" in invoke("publish", "--help").output
