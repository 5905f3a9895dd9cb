"""Render scenes on a Dask distributed cluster: one task per scene, the same worker code as at home.

``render.py render/slides/generate --cluster ADDRESS`` hands its jobs here instead of to
``runner.run_workers``. Each task runs on a Dask worker, in that machine's own checkout of
netplane: :func:`render_task` first checks that the checkout matches this one (commit, the
hashed sources, Manim's version) and that LaTeX is there, else it refuses with one line; then it
runs ``python -m netplane_render.worker`` exactly as a local job does, in a private folder, and
returns the folder's files (videos, result.json, log) as bytes. Here they are written into the
job's work folder beside the output, and the runner commits them as it commits a local job's:
atomic moves, the manifest, gallery and embed file, the same cache key.

A worker that dies mid-scene is Dask's to handle: the scheduler runs the task again on another
worker (``distributed.scheduler.allowed-failures`` times), then reports it failed; nothing of
the dead attempt reaches the output folder, and the other scenes go on.

``local:N`` starts a ``LocalCluster`` of N worker processes on this machine. Dask is imported
only here, and this module only with ``--cluster``.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from netplane_render.fingerprint import (
    PROJECT_ROOT,
    checkout_commit,
    file_digest,
    hashed_files,
    manim_version,
)
from netplane_render.runner import (
    LATEX_PACKAGES,
    WORKER_MODULE,
    ClusterError,
    child_environment,
    pid_alive,
)

__all__ = [
    "connect",
    "localize_inputs",
    "parse_local",
    "refusal",
    "render_task",
    "run_cluster",
    "task_for",
]

TASK_PREFIX = "netplane-task-"
POLL_SECONDS = 0.1
CANCEL_POLL_SECONDS = 1.0
CONNECT_TIMEOUT = "15s"
# Files of a worker's folder that stay there: Manim's own cache of frames and partial movies.
KEPT_ON_WORKER = ("manim",)


def parse_local(address: str) -> int | None:
    """``local:N`` -> N; None for a scheduler's address. Raises ValueError for a bad ``local:``."""
    if not address.startswith("local:"):
        return None
    count = address.partition(":")[2]
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"--cluster {address}: expected local:N with N a number of workers >= 1")
    return int(count)


# --- on the coordinator ---------------------------------------------------------------------


def _portable(path: Path) -> str:
    """A path as the worker's checkout knows it: relative to the project root when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _checked_files(entry) -> dict[str, str]:
    """The files a worker must hold with the same contents: every hashed source and the trained
    networks the scene shows, path -> sha256."""
    # the registry is not needed: the shared sources are the same for every scene
    paths = [path for path in hashed_files(entry, {}) if path.exists()]
    if entry.experiments:
        from nn_core.trained_store import trained_file

        paths += [trained_file(name) for name in entry.experiments]
    return {_portable(path): file_digest(path) for path in paths if path.is_file()}


def task_for(job, spec: dict, theme: str) -> dict:
    """What a worker needs to render ``job``: the worker spec, the checks, the input files."""
    entry = job.entry
    module_root = Path(entry.path).resolve().parents[len(entry.module.split(".")) - 1]
    return {
        "spec": {**spec, "file": _portable(Path(spec["file"]))},
        "module_root": _portable(module_root),
        "environment": dict(getattr(entry, "environment", None) or {}),
        "theme": theme,
        "commit": checkout_commit(),
        "manim": manim_version(),
        "files": _checked_files(entry),
        # A CSV data set or a network file (generate) travels with the task.
        "inputs": {str(path): Path(path).read_bytes() for path in getattr(entry, "inputs", ())},
    }


def connect(address: str):
    """A Dask client for ``address`` (``local:N`` starts a LocalCluster); its closer."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            "--cluster needs Dask distributed, netplane's optional extra: "
            "pip install -e '.[cluster]' (./netplane setup installs it)"
        ) from None

    count = parse_local(address)
    if count is not None:
        # A terminal's Ctrl-C reaches every process of its group; the worker processes leave it
        # to render.py, which closes the cluster (and they, their renders). Ignored while they
        # start (spawned processes keep an ignored signal), and again by dask_setup below in
        # any worker a nanny restarts later.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            cluster = distributed.LocalCluster(
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                preload=[__name__],
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        client = distributed.Client(cluster)

        def close():
            client.close()
            cluster.close()
            # the folders of renders cut short when the workers closed (they share our /tmp)
            _remove_stale_tasks(Path(tempfile.gettempdir()))

        return client, close
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: {error or type(error).__name__}"
        ) from None
    return client, client.close


def dask_setup(worker) -> None:
    """Dask's preload hook, in each worker process of a ``local:N`` cluster: Ctrl-C is render.py's,
    and so is the scheduler's end."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: the ignored signal inherited at start stands
        pass
    heartbeat_log = logging.getLogger("distributed.worker")
    if not any(isinstance(f, OwnSchedulerGone) for f in heartbeat_log.filters):
        heartbeat_log.addFilter(OwnSchedulerGone())


class OwnSchedulerGone(logging.Filter):
    """Drops a local worker's "Failed to communicate with scheduler during heartbeat" traceback.

    A ``local:N`` scheduler lives in render.py's process and goes only when render.py closes the
    cluster (Ctrl-C included); a heartbeat already in flight then fails on the closed connection
    and Dask logs it at ERROR, a traceback after "interrupted" for nothing that went wrong.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to communicate with scheduler")


def _materialize(job, workroot: Path, result: dict) -> int | None:
    """Write a task's returned files into ``job.work`` as a local worker would have left them;
    the returncode (None when the task did not run the worker)."""
    job.work = workroot / job.entry.id
    job.work.mkdir()
    job.worker = result.get("worker", job.worker)
    remote = Path(result.get("work", "/nonexistent"))
    for relative, data in result.get("files", {}).items():
        target = job.work / relative
        if job.work.resolve() not in target.resolve().parents:
            continue  # a path that would leave the work folder is no file of ours
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    log = result.get("log", b"") or (result.get("refused", "") + "\n").encode()
    (job.work / "log.txt").write_bytes(log)
    outcome = job.work / "result.json"
    if outcome.is_file():
        # The worker named its files where they were there; they are here now.
        data = json.loads(outcome.read_text())
        for info in data.get("files", {}).values():
            info["path"] = str(job.work / Path(info["path"]).relative_to(remote))
        outcome.write_text(json.dumps(data, indent=2))
    if "refused" in result:
        job.cause = result["refused"]
        return None
    return result.get("returncode")


def _failed(job, workroot: Path, cause: str) -> None:
    job.work = workroot / job.entry.id
    job.work.mkdir(exist_ok=True)
    (job.work / "log.txt").write_text(cause + "\n")
    job.cause = cause


def _failure(error: BaseException) -> str:
    """One line for a task that raised instead of returning."""
    if type(error).__name__ == "KilledWorker":
        return (
            "the Dask workers running it died each time (killed, or out of memory) and the "
            "scheduler gave up on it; see the workers' own logs"
        )
    text = str(error).strip().splitlines()
    return f"the Dask task failed: {type(error).__name__}: {text[0] if text else ''}"[:300]


def run_cluster(
    jobs, workroot: Path, make_spec, theme: str, address: str, on_start, on_done, note=print
):
    """Run ``jobs`` as Dask tasks; ``on_start(job, running)`` when a worker starts one (again on
    another worker if the first died), ``on_done(job, returncode, running)`` once its files are
    in ``job.work``, as for local jobs.

    On any exception (KeyboardInterrupt included) the tasks are cancelled and the client closed
    (a LocalCluster's workers, and the renders they run, end with it). ``note(text)`` says what
    the cluster is: its workers, or that there are none yet.
    """
    client, close = connect(address)
    workers = client.scheduler_info().get("workers", {})
    if workers:
        note(f"{len(workers)} Dask workers at {address}")
    else:
        note(f"no Dask worker has joined the scheduler at {address} yet; waiting for one")
    run = uuid.uuid4().hex[:12]
    events: queue.Queue = queue.Queue()
    topic = f"netplane-{run}"
    pending = {}
    running: list = []
    by_scene = {job.entry.id: job for job in jobs}
    try:
        client.subscribe_topic(topic, events.put)
        for job in jobs:
            task = task_for(job, make_spec(job), theme) | {"topic": topic}
            key = f"netplane-{job.entry.id}-{run}"
            pending[client.submit(render_task, task, key=key, pure=False)] = job
        while pending:
            while not events.empty():
                _, message = events.get()
                job = by_scene.get(message.get("scene"))
                if job is None or job not in pending.values():
                    continue
                job.worker = message["name"]
                job.started = time.perf_counter()
                if job not in running:
                    running.append(job)
                on_start(job, running)
            for future, job in list(pending.items()):
                if not future.done():
                    continue
                del pending[future]
                if job in running:
                    running.remove(job)
                job.started = job.started or time.perf_counter()
                if future.status == "finished":
                    returncode = _materialize(job, workroot, future.result())
                else:
                    _failed(job, workroot, _failure(future.exception()))
                    returncode = None
                on_done(job, returncode, running)
            time.sleep(POLL_SECONDS)
    finally:
        if pending:
            client.cancel(list(pending), force=True)
        close()


def _worker_name() -> str:
    from distributed import get_worker

    worker = get_worker()
    name = str(worker.name)
    return name if name != worker.address else worker.address.removeprefix("tcp://")


# --- on the worker --------------------------------------------------------------------------


def _remove_stale_tasks(root: Path) -> None:
    """Folders of tasks whose Dask worker was killed outright."""
    for folder in root.glob(f"{TASK_PREFIX}*"):
        match = re.match(rf"{TASK_PREFIX}(\d+)-", folder.name)
        if match and not pid_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


def refusal(task: dict, worker: str) -> str | None:
    """Why this worker cannot render ``task`` with the same result as the coordinator, or None."""
    commit = checkout_commit()
    if task["commit"] and commit and commit != task["commit"]:
        return (
            f"worker {worker} is on commit {commit[:10]}, this render on {task['commit'][:10]}: "
            f"check out {task['commit'][:10]} there and run ./netplane setup"
        )
    if manim_version() != task["manim"]:
        return (
            f"worker {worker} has Manim {manim_version()}, this render {task['manim']}: "
            "run ./netplane setup there"
        )
    for name, digest in task["files"].items():
        path = Path(name) if Path(name).is_absolute() else PROJECT_ROOT / name
        if not path.is_file():
            return f"worker {worker} has no {name} in {PROJECT_ROOT}: check out the same commit"
        if file_digest(path) != digest:
            return (
                f"worker {worker}'s {name} differs from this checkout's "
                "(another commit, or an uncommitted edit)"
            )
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        return (
            f"worker {worker} has no LaTeX ({', '.join(missing)} not on PATH): "
            f"sudo apt-get install --no-install-recommends {LATEX_PACKAGES} (or ./netplane setup)"
        )
    return None


def _announce(task: dict, status: str, worker: str) -> None:
    """Tell the coordinator (through a Dask event topic) that this worker took the scene."""
    if task.get("topic"):
        from distributed import get_worker

        scene = task["spec"]["scene_id"]
        get_worker().log_event(task["topic"], {"scene": scene, "status": status, "name": worker})


def localize_inputs(environment: dict, inputs: dict[str, bytes], folder: Path) -> dict:
    """Write the input files sent with a task into ``folder``; ``environment`` with the
    coordinator's paths of them replaced by these copies (the experiment travels as JSON)."""
    environment = dict(environment)
    for index, (original, data) in enumerate(inputs.items()):
        local = folder / f"{index}-{Path(original).name}"
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)
        for form in (original, json.dumps(original)[1:-1]):
            environment = {
                key: value.replace(form, str(local)) for key, value in environment.items()
            }
    return environment


def _cancelled() -> bool:
    """Whether the coordinator let go of the task this thread runs (Ctrl-C, a closed client):
    Dask cannot stop a running task, so the task stops its render itself."""
    from distributed import get_worker

    worker = get_worker()
    state = worker.state.tasks.get(worker.get_current_task())
    return state is None or state.state in ("cancelled", "released", "forgotten")


def _wait_unless_cancelled(process: subprocess.Popen) -> int | None:
    """The render's exit code; None if the task was cancelled first (the render is ended)."""
    while True:
        try:
            return process.wait(CANCEL_POLL_SECONDS)
        except subprocess.TimeoutExpired:
            if not _cancelled():
                continue
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
                process.wait(5)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        return None


def render_task(task: dict) -> dict:
    """Render one scene on this Dask worker; runs in the worker's own checkout.

    Returns ``worker`` (its name) and either ``refused`` (one line) or ``returncode``, ``log``
    (bytes), ``work`` (the folder it ran in) and ``files`` (path in that folder -> bytes).
    """
    worker = _worker_name()
    cause = refusal(task, worker)
    if cause:
        return {"worker": worker, "refused": cause}
    _announce(task, "started", worker)
    root = Path(tempfile.gettempdir())
    _remove_stale_tasks(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{TASK_PREFIX}{os.getpid()}-", dir=root))
    try:
        spec = dict(task["spec"])
        work = folder / spec["scene_id"]
        work.mkdir()
        environment = localize_inputs(task["environment"], task["inputs"], folder / "inputs")
        file = Path(spec["file"])
        spec["file"] = str(file if file.is_absolute() else PROJECT_ROOT / file)
        # the render process ends with this worker process, as a local one ends with render.py
        spec["parent_pid"] = os.getpid()
        spec_path = work / "spec.json"
        spec_path.write_text(json.dumps(spec, indent=2))
        module_root = Path(task["module_root"])
        if not module_root.is_absolute():
            module_root = PROJECT_ROOT / module_root
        with open(work / "log.txt", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", WORKER_MODULE, str(spec_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=work,
                env=child_environment(environment, module_root, task["theme"]),
                start_new_session=True,
            )
            returncode = _wait_unless_cancelled(process)
        if returncode is None:
            return {"worker": worker, "refused": "cancelled by render.py"}
        files = {}
        for path in sorted(work.rglob("*")):
            relative = path.relative_to(work)
            if path.is_file() and relative.parts[0] not in KEPT_ON_WORKER:
                if relative.name not in ("spec.json", "log.txt"):
                    files[str(relative)] = path.read_bytes()
        log_bytes = (work / "log.txt").read_bytes()
        return {
            "worker": worker,
            "returncode": returncode,
            "log": log_bytes,
            "work": str(work),
            "files": files,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
