"""A render process that imports Manim once and forks one child per scene.

Every scene renders in a process of its own (``python -m netplane_render.worker SPEC``), and each
such process used to pay Python's start-up and Manim's import (about a second of CPU) before its
first frame. The fork server (``python -m netplane_render.forkserver PARENT_PID``, started by the
runner) pays them once: it imports ``PRELOAD`` and then, for each job, forks a child that becomes
what the fresh process would have been: the job's environment, working folder, ``sys.path`` and
log file, a session of its own (the runner stops a job with ``os.killpg``), and then the worker
module run as ``__main__`` exactly as ``-m`` runs it.

Only modules whose import reads nothing that varies per job are preloaded: Manim builds its
config at import from its defaults and a ``manim.cfg`` in the working folder (the server runs in
the runner's work root, which has none, as a job's folder has none) and its console from
``COLUMNS``, ``NO_COLOR`` and ``TERM`` (the same for every job); the kit and ``nn_core`` read the
theme and the ``NETPLANE_*`` variables only when a scene runs.

Its own process runs one Python thread (render.py runs several: it is never forked); the only
other threads are the idle pools of numpy's and scipy's OpenBLAS, which OpenBLAS itself shuts
down around a fork. It dies with render.py (``PR_SET_PDEATHSIG``, or at the end of its socket),
and each child dies with it, so a render.py killed outright leaves no render behind. The runner
talks to it over a socket: one JSON message per request, per reply and per exit code.

Python's ``multiprocessing`` forkserver does not fit: its children run a target function after
multiprocessing's own bootstrap (stdin closed, the parent's working folder and main module
re-imported, output inherited from the server), the server is one per interpreter with the
environment of its first use, and nothing there gives a child its own session or log file.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PRELOAD", "ForkServer", "ForkedProcess", "StartError", "die_with_parent", "start"]

PRELOAD = ("manim", "manim.__main__", "scenes.kit", "nn_core")
"""Imported once by the server; none of them reads the theme, cwd or NETPLANE_* at import."""
READY_SECONDS = 120
MESSAGE_BYTES = 1 << 20


class StartError(Exception):
    """The server could not start; the runner renders with fresh processes instead."""


PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to end this process when its parent (render.py, or the fork server) dies, even
    by SIGKILL, so a killed render.py leaves no orphan renders behind (best effort: Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:
        sys.exit("render.py went away before this scene started")


# --- the server process -----------------------------------------------------------------------


def _send(sock: socket.socket, message: dict) -> None:
    sock.send(json.dumps(message).encode())


def _job_path(cwd: str, env: dict, base: list[str]) -> list[str]:
    """``sys.path`` as ``python -m`` in ``cwd`` with ``env`` has it: the folder, PYTHONPATH, then
    the interpreter's own entries."""
    extra = [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]
    return [cwd, *extra, *base]


def _become_job(request: dict, base_path: list[str]) -> int:
    """In the forked child: turn into the job's process, run the worker; the exit code."""
    os.setsid()
    log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[:] = _job_path(request["cwd"], request["env"], base_path)
    import runpy

    module, *args = request["argv"]
    try:
        sys.argv = [module, *args]  # runpy puts the module's file in argv[0], as -m does
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    # what the interpreter's own exit would do before os._exit: join threads, run atexit
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    return code


def _serve(sock: socket.socket, base_path: list[str]) -> None:
    """Fork a child per request; report each child's exit code as it ends; stop at EOF."""
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is sock:
                data = sock.recv(MESSAGE_BYTES)
                if not data:
                    return
                request = json.loads(data)
                pid = os.fork()
                if pid == 0:
                    for child in selector.get_map().values():
                        if child.data is not None:
                            os.close(child.fd)
                    selector.close()
                    sock.close()
                    code = 1
                    try:
                        code = _become_job(request, base_path)
                    finally:
                        os._exit(code)
                selector.register(os.pidfd_open(pid), selectors.EVENT_READ, pid)
                _send(sock, {"pid": pid})
            else:
                selector.unregister(key.fileobj)
                os.close(key.fileobj)
                _, status = os.waitpid(key.data, 0)
                _send(sock, {"exit": key.data, "code": os.waitstatus_to_exitcode(status)})


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parent_pid, fd = int(argv[0]), int(argv[1])
    die_with_parent(parent_pid)
    sock = socket.socket(fileno=fd)
    # the interpreter's entries: what is left of sys.path without our folder and PYTHONPATH
    ours = {os.getcwd(), *os.environ.get("PYTHONPATH", "").split(os.pathsep)}
    base_path = [entry for entry in sys.path[1:] if entry not in ours]
    for module in PRELOAD:
        importlib.import_module(module)
    _send(sock, {"ready": os.getpid()})
    _serve(sock, base_path)
    # nothing to flush or clean up: skip the second it takes to tear Manim's modules down
    os._exit(0)


# --- the runner's side ------------------------------------------------------------------------


@dataclass
class ForkServer:
    """The runner's handle on a running server: ``spawn`` a job, collect exit codes."""

    process: subprocess.Popen
    sock: socket.socket
    exits: dict[int, int] = field(default_factory=dict)
    children: list = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid

    def _receive(self, timeout: float | None) -> dict | None:
        """The next message, or None when none came within ``timeout`` seconds."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(MESSAGE_BYTES)
        except (TimeoutError, BlockingIOError):
            return None
        if not data:
            raise ConnectionError("the fork server ended")
        message = json.loads(data)
        if "exit" in message:
            self.exits[message["exit"]] = message["code"]
        return message

    def collect(self, timeout: float | None = 0.0) -> None:
        """Record the exit codes the server has sent, waiting up to ``timeout`` for the first.
        When the server is gone, so are its children (they die with it): by SIGTERM."""
        try:
            while self._receive(timeout) is not None:
                timeout = 0.0
        except (ConnectionError, OSError):
            for process in self.children:
                self.exits.setdefault(process.pid, -signal.SIGTERM)

    def spawn(self, argv: list[str], *, cwd: Path, env: dict, log: Path) -> ForkedProcess:
        _send(self.sock, {"argv": argv, "cwd": str(cwd), "env": env, "log": str(log)})
        while True:
            message = self._receive(READY_SECONDS)
            if message is None:
                raise ConnectionError("the fork server did not answer")
            if "pid" in message:
                child = ForkedProcess(self, message["pid"])
                self.children.append(child)
                return child

    def close(self) -> None:
        """End the server (EOF on its socket) and wait for it, so its CPU time is counted."""
        self.sock.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class ForkedProcess:
    """A forked job, with the part of ``subprocess.Popen`` the runner uses."""

    server: ForkServer
    pid: int
    returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.server.collect()
            self.returncode = self.server.exits.get(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"fork of {self.pid}", timeout)
            self.server.collect(left)
        return self.returncode


def start(workroot: Path, env: dict) -> ForkServer:
    """Start a server in ``workroot`` with ``env`` and wait until it has imported ``PRELOAD``.
    Raises StartError with the reason when it cannot (its output is in ``workroot``)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    log = workroot / "forkserver.log"
    try:
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "netplane_render.forkserver"]
                + [str(os.getpid()), str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=workroot,
                env=env,
                start_new_session=True,
            )
    except OSError as error:
        raise StartError(str(error)) from None
    finally:
        theirs.close()
    server = ForkServer(process, ours)
    try:
        message = server._receive(READY_SECONDS)
    except (ConnectionError, OSError):
        message = {}
    if message is None or "ready" not in message:
        server.close()
        if message is None:
            raise StartError(f"it was not ready within {READY_SECONDS:g} s")
        lines = log.read_text(errors="replace").strip().splitlines()
        raise StartError(lines[-1] if lines else "it ended at once")
    return server


if __name__ == "__main__":
    main()
