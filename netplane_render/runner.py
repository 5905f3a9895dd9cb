"""Render many scenes: check first, skip what is up to date, run the rest in child processes.

Each scene renders in ``python -m netplane_render.worker`` with its output in a log file, inside a
private work folder under the output folder (same file system, so ``os.replace`` is atomic).
Finished files are moved into place only when the worker reports success; the work folders are
removed at the end, also on Ctrl-C or SIGTERM, and a later run removes those of a process that
was killed outright. A final name therefore only ever holds a complete file.

Entries are read by attribute (``id``, ``class_name``, ``module``, ``path``, ``title``, ...), as
``scenes.registry.SceneEntry`` has them. An entry may also carry ``environment``, variables for
the child process that renders it, ``inputs``, files it reads (both hashed with its sources, see
``netplane_render.fingerprint``), and ``details``, extra fields for its manifest.json entry:
``render.py generate`` passes its network to the scene that way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netplane_render import publish
from netplane_render.costs import longest_first
from netplane_render.fingerprint import PROJECT_ROOT, checkout_commit, manim_version, scene_hash
from netplane_render.options import TRACK, Quality

__all__ = [
    "LATEX_PACKAGES",
    "ClusterError",
    "Outcome",
    "PreflightError",
    "RenderOptions",
    "check_latex",
    "child_environment",
    "check_writable",
    "failure_cause",
    "plan_jobs",
    "print_summary",
    "render_scenes",
    "run_jobs",
    "run_workers",
    "worker_spec",
]

LATEX_PACKAGES = (
    "texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm cm-super-minimal"
)
WORK_PREFIX = ".work-"
POLL_SECONDS = 0.1


class PreflightError(Exception):
    """A problem found before any work starts; its message is one line for the user."""


class ClusterError(Exception):
    """The Dask cluster cannot be used (not installed, unreachable); one line for the user."""


@dataclass(frozen=True)
class RenderOptions:
    quality: Quality
    theme: str
    formats: tuple[str, ...]
    out: Path
    jobs: int
    force: bool = False
    subfolder: str = ""
    """A folder inside ``OUT/<theme>/<quality>/`` with a manifest and gallery of its own."""
    cluster: str | None = None
    """A Dask scheduler's address, or ``local:N``: render there (``netplane_render.cluster``)."""

    @property
    def outputs(self) -> tuple[str, ...]:
        """Every file a rendered scene has: the formats asked for and its WebVTT track."""
        return (*self.formats, TRACK)

    @property
    def folder(self) -> Path:
        return self.out / self.theme / self.quality.name / self.subfolder

    def meta(self) -> dict:
        """The folder-wide part of manifest.json."""
        return {
            "generator": "netplane render.py",
            "theme": self.theme,
            "quality": self.quality.name,
            "resolution": f"{self.quality.width}x{self.quality.height}",
            "fps": self.quality.fps,
            "manim_version": manim_version(),
            # publish refuses to merge shards rendered from different commits
            "commit": checkout_commit(),
        }


@dataclass
class Outcome:
    id: str
    status: str
    """``rendered``, ``skipped`` or ``failed``."""
    seconds: float = 0.0
    cause: str = ""
    log: Path | None = None
    worker: str = ""
    """The Dask worker that rendered it (empty for local jobs)."""


@dataclass
class Job:
    """One scene to render: its registry entry, input hash, and while running, its process."""

    entry: object
    hash: str
    work: Path | None = None
    process: object = None
    """A ``subprocess.Popen``, or a ``forkserver.ForkedProcess`` (poll, wait, pid, returncode)."""
    started: float = 0.0
    log_file: object = None
    worker: str = ""
    cause: str = ""
    """Why it failed when the log cannot say (a cluster worker refused it, or died)."""


# --- checks before any work -------------------------------------------------------------------


def check_latex() -> None:
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        raise PreflightError(
            f"LaTeX is missing ({', '.join(missing)} not on PATH); the scenes typeset formulas. "
            f"Install it with: sudo apt-get install --no-install-recommends {LATEX_PACKAGES} "
            "(or run ./netplane setup)"
        )


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise PreflightError(f"cannot write to output folder {folder}: {reason}") from None


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` still runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_work(folder: Path) -> None:
    """Remove work folders and half-written files left by a render.py killed outright."""
    for work in folder.glob(f"{WORK_PREFIX}*"):
        match = re.match(rf"{re.escape(WORK_PREFIX)}(\d+)-", work.name)
        if match and not pid_alive(int(match.group(1))):
            shutil.rmtree(work, ignore_errors=True)
    for partial in folder.glob(".*.part"):
        # publish.atomic_write names them .<name>.<pid>.part
        match = re.search(r"\.(\d+)\.part$", partial.name)
        if match and not pid_alive(int(match.group(1))):
            partial.unlink(missing_ok=True)


# --- what to do -------------------------------------------------------------------------------


def _up_to_date(folder: Path, recorded: dict | None, digest: str, formats: Sequence[str]) -> bool:
    if recorded is None or recorded.get("hash") != digest:
        return False
    files = recorded.get("files", {})
    for fmt in formats:
        info = files.get(fmt)
        if info is None:
            return False
        path = folder / info["file"]
        if not path.is_file() or path.stat().st_size != info["size"]:
            return False
    return True


def plan_jobs(entries: Sequence, registry: Mapping, options: RenderOptions) -> tuple[list, list]:
    """Split ``entries`` into jobs to render and ids that are up to date."""
    recorded = publish.read_manifest(options.folder)
    to_render, up_to_date = [], []
    for entry in entries:
        digest = scene_hash(entry, registry, quality=options.quality.name, theme=options.theme)
        if not options.force and _up_to_date(
            options.folder, recorded.get(entry.id), digest, options.outputs
        ):
            up_to_date.append(entry.id)
        else:
            to_render.append(Job(entry, digest))
    return to_render, up_to_date


# --- failures ---------------------------------------------------------------------------------

_BOX = re.compile(r"^[\s│╭╮╰╯─━┃┏┓┗┛┆┊|+\-=~^]*$")
_ERROR_LINE = re.compile(r"^([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)|Error|ERROR)\b:?")
_LOG_PREFIX = re.compile(r"^\[[^\]]*\]\s*")


def failure_cause(log_text: str, returncode: int | None = None) -> str:
    """The last meaningful error line of a worker's log, for the one-line failure summary."""
    lines = [_LOG_PREFIX.sub("", line.strip(" │")).strip() for line in log_text.splitlines()]
    lines = [line for line in lines if line and not _BOX.match(line)]
    for line in reversed(lines):
        if _ERROR_LINE.match(line):
            return line[:300]
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"the render process was killed by {name}"
    if lines:
        return lines[-1][:300]
    return f"the render process exited with code {returncode}"


# --- running ----------------------------------------------------------------------------------


def _module_root(entry) -> Path:
    """The folder to put on PYTHONPATH so ``entry.module`` imports."""
    depth = len(entry.module.split("."))
    return Path(entry.path).resolve().parents[depth - 1]


def _child_env(entry, theme: str) -> dict[str, str]:
    environment = getattr(entry, "environment", None) or {}
    return child_environment(environment, _module_root(entry), theme)


def child_environment(environment: Mapping[str, str], module_root: Path, theme: str) -> dict:
    """The environment of a worker process: ours, the entry's variables, the theme, and a
    PYTHONPATH on which the scene's module imports (a cluster worker builds it the same way)."""
    env = dict(os.environ)
    env.update(environment)
    paths = [str(module_root), str(PROJECT_ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env.update(
        NETPLANE_THEME=theme,
        PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)),
        PYTHONUNBUFFERED="1",
        # Manim logs through rich: wide lines and no colour keep the log file readable.
        COLUMNS="160",
        NO_COLOR="1",
        TERM="dumb",
    )
    return env


WORKER_MODULE = "netplane_render.worker"


def _start(job: Job, workroot: Path, spec: dict, theme: str, server=None) -> None:
    """Start ``job``'s worker: forked by ``server`` (a ``forkserver.ForkServer``) when there is
    one, else as a fresh process (also when the server has gone away since it started); either
    way in its own session, with its output in its log."""
    job.work = workroot / job.entry.id
    job.work.mkdir()
    spec_path = job.work / "spec.json"
    job.log_file = open(job.work / "log.txt", "wb")  # noqa: SIM115 - closed in _stop
    job.started = time.perf_counter()
    env = _child_env(job.entry, theme)
    if server is not None:
        # the worker dies with its parent: the server
        spec_path.write_text(json.dumps({**spec, "parent_pid": server.pid}, indent=2))
        try:
            job.process = server.spawn(
                [WORKER_MODULE, str(spec_path)], cwd=job.work, env=env, log=job.work / "log.txt"
            )
            return
        except OSError:
            pass  # the server is gone (killed, or out of memory): this scene starts afresh
    spec_path.write_text(json.dumps(spec, indent=2))
    job.process = subprocess.Popen(
        [sys.executable, "-m", WORKER_MODULE, str(spec_path)],
        stdout=job.log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=job.work,
        env=env,
        # Own process group: a terminal's Ctrl-C reaches render.py only, which stops the
        # renders itself and cleans up after them.
        start_new_session=True,
    )


def _forkable(entry) -> bool:
    """Whether a forked child imports what a fresh worker would: the preloaded project packages
    are the checkout's unless the scene's own module root has packages of the same names."""
    from netplane_render.forkserver import PRELOAD

    root = _module_root(entry)
    packages = {name.split(".")[0] for name in PRELOAD}
    return root == PROJECT_ROOT or not any((root / name).exists() for name in packages)


@contextmanager
def _fork_server(jobs: list[Job], workroot: Path, theme: str, note):
    """A fork server for ``jobs``, closed at the end; None when it cannot start or a scene's
    module root would shadow what it preloads: then the workers start as fresh processes.
    Started for a single scene too: it costs what the scene's own start-up would have."""
    from netplane_render import forkserver

    if not all(_forkable(job.entry) for job in jobs):
        yield None
        return
    try:
        server = forkserver.start(workroot, child_environment({}, PROJECT_ROOT, theme))
    except forkserver.StartError as error:
        note(f"the fork server did not start ({error}); each scene starts Python afresh")
        yield None
        return
    try:
        yield server
    finally:
        server.close()


def _stop(job: Job) -> None:
    """End a running job's process group, waiting briefly, then by force."""
    if job.process is not None and job.process.poll() is None:
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(job.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                job.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
    if job.log_file is not None and not job.log_file.closed:
        job.log_file.close()


def run_workers(
    jobs: list[Job],
    workroot: Path,
    make_spec,
    theme: str,
    n_parallel: int,
    on_start,
    on_done,
    note=print,
) -> None:
    """Run ``jobs`` at most ``n_parallel`` at a time; ``on_done(job, returncode)`` as each ends.
    A fork server starts them (``netplane_render.forkserver``).

    On any exception (KeyboardInterrupt included) every running process is stopped first.
    """
    with _fork_server(jobs, workroot, theme, note) as server:
        _run_workers(jobs, workroot, make_spec, theme, n_parallel, on_start, on_done, server)


def _run_workers(
    jobs: list[Job], workroot: Path, make_spec, theme: str, n_parallel, on_start, on_done, server
) -> None:
    pending = list(jobs)
    running: list[Job] = []
    try:
        while pending or running:
            while pending and len(running) < n_parallel:
                job = pending.pop(0)
                _start(job, workroot, make_spec(job), theme, server)
                running.append(job)
                on_start(job, running)
            for job in list(running):
                returncode = job.process.poll()
                if returncode is None:
                    continue
                job.log_file.close()
                running.remove(job)
                on_done(job, returncode, running)
            time.sleep(POLL_SECONDS)
    finally:
        for job in running:
            _stop(job)


def _commit(job: Job, folder: Path, options: RenderOptions, seconds: float) -> dict:
    """Move a finished job's files into place; return its manifest entry."""
    result = json.loads((job.work / "result.json").read_text())
    files = {}
    for fmt in options.outputs:
        info = dict(result["files"][fmt])
        source = Path(info.pop("path"))
        target = folder / f"{job.entry.id}.{fmt}"
        os.replace(source, target)
        info["file"] = target.name
        files[fmt] = info
    entry = job.entry
    return {
        "id": entry.id,
        "title": entry.title,
        "description": entry.description,
        "class": entry.class_name,
        "file": entry.file,
        "order": entry.order,
        "experiments": list(entry.experiments),
        **(getattr(entry, "details", None) or {}),
        "hash": job.hash,
        "rendered_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "render_seconds": round(seconds, 2),
        "render_cpu_seconds": result.get("cpu_seconds"),
        "files": files,
        "chapters": result.get("chapters", []),
    }


def run_jobs(
    jobs: list[Job],
    *,
    workroot: Path,
    logs: Path,
    make_spec,
    commit,
    theme: str,
    n_parallel: int,
    console,
    label: str = "render",
    cluster: str | None = None,
) -> dict[str, Outcome]:
    """Run ``jobs`` in workers under one overall progress bar; ``commit(job, seconds)`` moves a
    successful job's results into place. Each job's log ends up in ``logs/<id>.log``.

    With ``cluster`` (a Dask scheduler's address or ``local:N``) the workers are Dask's
    (``netplane_render.cluster``): each job's files come back into its work folder here and
    are committed exactly as a local job's; progress names the worker of each scene."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    outcomes: dict[str, Outcome] = {}
    progress = Progress(
        TextColumn(f"[bold]{label}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
    )
    task = progress.add_task("", total=len(jobs))

    def describe_running(running: list[Job]) -> str:
        return ", ".join(
            f"{job.entry.id} on {job.worker}" if job.worker else job.entry.id for job in running
        )

    def where(job: Job) -> str:
        return f" on {job.worker}" if job.worker else ""

    def on_start(job: Job, running: list[Job]) -> None:
        if cluster is not None:
            progress.console.print(f"[cyan]started[/cyan] {job.entry.id}{where(job)}")
        progress.update(task, description=describe_running(running))

    def on_done(job: Job, returncode: int | None, running: list[Job]) -> None:
        scene_id = job.entry.id
        seconds = time.perf_counter() - job.started
        # Made on the first finished scene, so an interrupted first run leaves no empty folder.
        logs.mkdir(parents=True, exist_ok=True)
        log_path = logs / f"{scene_id}.log"
        os.replace(job.work / "log.txt", log_path)
        outcome = Outcome(scene_id, "failed", seconds, log=log_path, worker=job.worker)
        if returncode == 0 and (job.work / "result.json").exists():
            try:
                commit(job, seconds)
            except (OSError, KeyError, ValueError) as error:
                outcome.cause = f"could not move the results into place: {error}"
            else:
                outcome.status = "rendered"
                progress.console.print(
                    f"[green]rendered[/green] {scene_id}{where(job)} ({seconds:.1f} s)"
                )
        else:
            outcome.cause = job.cause or failure_cause(
                log_path.read_text(errors="replace"), returncode
            )
        outcomes[scene_id] = outcome
        if outcome.status == "failed":
            progress.console.print(f"[red]failed[/red] {scene_id}{where(job)}: {outcome.cause}")
        shutil.rmtree(job.work, ignore_errors=True)
        progress.update(task, advance=1, description=describe_running(running))

    with progress:
        if cluster is None:
            run_workers(
                jobs,
                workroot,
                make_spec,
                theme,
                n_parallel,
                on_start,
                on_done,
                progress.console.print,
            )
        else:
            from netplane_render.cluster import run_cluster

            run_cluster(
                jobs, workroot, make_spec, theme, cluster, on_start, on_done, progress.console.print
            )
    return outcomes


def worker_spec(job: Job, options: RenderOptions, **extra) -> dict:
    return {
        "scene_id": job.entry.id,
        "file": str(Path(job.entry.path).resolve()),
        "module": job.entry.module,
        "class_name": job.entry.class_name,
        "manim_quality": options.quality.manim_flag,
        "formats": list(options.formats),
        "parent_pid": os.getpid(),
        **extra,
    }


def make_workroot(folder: Path) -> Path:
    # Absolute: the worker runs inside its work folder, so a path relative to ours (--out media)
    # would not lead it back to its spec.
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=folder)).resolve()


def render_scenes(
    entries: Sequence,
    registry: Mapping,
    options: RenderOptions,
    console,
    *,
    order: Sequence[str] | None = None,
) -> list[Outcome]:
    """Render ``entries`` into ``options.folder`` and write the manifest, gallery and embed page.

    ``registry`` is the scene catalogue (it decides which scene files are the shared toolkit);
    ``order`` lists the ids that manifest.json and the gallery show, in that order, by default
    the registry's: scenes recorded earlier under other ids are dropped from them.

    Returns one outcome per entry, in the order given. Raises KeyboardInterrupt after cleaning
    up if interrupted.
    """
    folder = options.folder
    logs = folder / "logs"
    remove_stale_work(folder)
    to_render, up_to_date = plan_jobs(entries, registry, options)
    outcomes = {scene_id: Outcome(scene_id, "skipped") for scene_id in up_to_date}
    order = list(registry if order is None else order)
    meta = options.meta()
    recorded = {k: v for k, v in publish.read_manifest(folder).items() if k in order}
    # Keep the gallery in step with what is on disk even when nothing renders; but a folder
    # where no scene has finished gets no manifest, gallery or embed file describing nothing.
    if recorded:
        publish.write_folder_files(folder, meta, recorded, order)
    else:
        publish.remove_folder_files(folder)
    if not to_render:
        return [outcomes[entry.id] for entry in entries]

    def commit(job: Job, seconds: float) -> None:
        recorded[job.entry.id] = _commit(job, folder, options, seconds)
        publish.write_folder_files(folder, meta, recorded, order)

    workroot = make_workroot(folder)
    try:
        outcomes |= run_jobs(
            longest_first(to_render),
            workroot=workroot,
            logs=logs,
            make_spec=lambda job: worker_spec(job, options),
            commit=commit,
            theme=options.theme,
            n_parallel=options.jobs,
            console=console,
            cluster=options.cluster,
        )
    finally:
        shutil.rmtree(workroot, ignore_errors=True)
    return [outcomes[entry.id] for entry in entries]


def print_summary(console, outcomes: Sequence[Outcome], folder: Path | None = None) -> None:
    from rich.table import Table

    table = Table(title="summary", title_justify="left")
    table.add_column("scene", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("seconds", justify="right", no_wrap=True)
    on_workers = any(outcome.worker for outcome in outcomes)
    if on_workers:
        table.add_column("worker", no_wrap=True)
    styles = {"rendered": "green", "skipped": "dim", "failed": "bold red"}
    for outcome in outcomes:
        seconds = f"{outcome.seconds:.1f}" if outcome.status != "skipped" else "-"
        style = styles.get(outcome.status, "")
        row = [outcome.id, f"[{style}]{outcome.status}[/{style}]", seconds]
        table.add_row(*row, *([outcome.worker or "-"] if on_workers else []))
    console.print(table)
    counts = {status: sum(o.status == status for o in outcomes) for status in styles}
    console.print(", ".join(f"{n} {status}" for status, n in counts.items()))
    for outcome in outcomes:
        if outcome.status == "failed":
            console.print(
                f"[bold red]{outcome.id}[/bold red] failed: {outcome.cause}", soft_wrap=True
            )
            if outcome.log is not None:
                console.print(f"  full log: {outcome.log}", soft_wrap=True)
    if folder is not None:
        console.print(f"gallery: {folder / publish.GALLERY}", soft_wrap=True)
