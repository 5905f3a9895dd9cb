"""Long work made visible, and budgets that ask before they spend.

:class:`TrainingMonitor` is an observer for ``nn_core.train``: it measures the first steps,
stops training that would take longer than its limit (:class:`BudgetError`, one line with the
estimate and what to do), and shows training that takes more than a couple of seconds: a rich
progress bar (step, loss, time left) on a terminal, a plain line every few seconds otherwise
(CI logs). :func:`render_estimate` is the same question for a render, asked before it starts.

The clock is a parameter, so tests give it the step time they want instead of this machine's.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "RENDER_LIMIT_MINUTES",
    "TRAINING_LIMIT_MINUTES",
    "BudgetError",
    "RenderEstimate",
    "TrainingMonitor",
    "check_render_budget",
    "format_duration",
    "render_estimate",
]

# Training longer than this asks first (--max-minutes N allows it).
TRAINING_LIMIT_MINUTES = 5.0
# A render of a generated scene at blog quality routinely takes a few minutes on two cores; one
# that would take half an hour draws far more than a frame can show, or at a resolution nobody
# checks a network at.
RENDER_LIMIT_MINUTES = 30.0
# Shorter training is over before a bar would help.
SHOW_AFTER_SECONDS = 2.0
# How often a plain line reports when the output is not a terminal.
PLAIN_EVERY_SECONDS = 5.0
# The estimate is made after this many steps or this much time, whichever comes first.
MEASURE_STEPS = 5
MEASURE_SECONDS = 1.0
# Redraw the bar at most this often: a step can take a fraction of a millisecond.
REFRESH_SECONDS = 0.1
# The monitors' clock unless one is given (the command-line tests replace it)
CLOCK = time.monotonic


class BudgetError(Exception):
    """Work that would take longer than its limit; the message is one line with the estimate
    and the options."""


def format_duration(seconds: float) -> str:
    """``3 s``, ``4 min 10 s``, ``2 h 5 min``: rounded to what a person plans by."""
    seconds = max(0.0, float(seconds))
    if seconds < 60:
        return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"
    minutes = int(round(seconds / 60)) if seconds >= 600 else int(seconds // 60)
    if minutes < 60:
        rest = int(round(seconds - 60 * minutes)) if seconds < 600 else 0
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(int(round(seconds / 60)), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _minutes_to_allow(seconds: float) -> int:
    """A ``--max-minutes`` that lets ``seconds`` of work through, with room for a slower run."""
    return max(1, math.ceil(seconds * 1.25 / 60))


def _two_figures(count: float) -> int:
    """``count`` rounded down to two significant figures (at least 1): 987,654 -> 980,000."""
    whole = max(1, int(count * (1 + 1e-9)))
    unit = 10 ** max(0, len(str(whole)) - 2)
    return whole // unit * unit


class TrainingMonitor:
    """Watch a training run (``nn_core.train``'s observer): budget, then progress.

    Parameters
    ----------
    console : rich.console.Console
        Where progress goes (render.py's stderr console). A terminal gets a progress bar;
        anything else a plain line every ``PLAIN_EVERY_SECONDS``.
    limit_seconds : float or None
        Training whose estimate exceeds this stops with :class:`BudgetError` after the first
        steps; ``None``: no limit.
    points, parameters : int
        The data size and the network's parameter count, for the message.
    clock : callable, optional
        Seconds, monotonic (by default ``CLOCK``); tests pass a fake one.
    """

    def __init__(
        self,
        console,
        *,
        limit_seconds: float | None,
        points: int,
        parameters: int,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.console = console
        self.limit_seconds = limit_seconds
        self.points = points
        self.parameters = parameters
        self.clock = clock or CLOCK
        self.started = self.clock()
        self.estimate: float | None = None
        """Seconds the whole run will take, once measured on its first steps."""
        self.bar = None
        self.task = None
        self.last_shown = -math.inf
        self.shown = False

    def __enter__(self) -> TrainingMonitor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close(finished=exc_info[0] is None)

    def __call__(self, progress) -> None:
        now = self.clock()
        elapsed = now - self.started
        # step 0 is the first evaluation: a run of N steps evaluates N + 1 times
        done, total = progress.step + 1, progress.steps + 1
        if self.estimate is None:
            if done < min(MEASURE_STEPS, total) and elapsed < MEASURE_SECONDS:
                return
            self.estimate = elapsed / done * total
            self._check_budget(progress, elapsed / done)
            if self.estimate < SHOW_AFTER_SECONDS:
                return
            self._start(progress.steps)
        if not self.shown:
            return
        if self.bar is None:
            # a log gets its last line from close()
            if now - self.last_shown < PLAIN_EVERY_SECONDS or done == total:
                return
        elif now - self.last_shown < REFRESH_SECONDS and done < total:
            return
        self.last_shown = now
        left = elapsed / done * (total - done)
        if self.bar is not None:
            self.bar.update(self.task, completed=progress.step, loss=progress.loss)
        else:
            self.console.print(
                f"training: step {progress.step:,} of {progress.steps:,}, loss "
                f"{progress.loss:.4g}, about {format_duration(left)} left",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )

    def _check_budget(self, progress, per_step: float) -> None:
        if self.limit_seconds is None or self.estimate <= self.limit_seconds:
            return
        fitting = _two_figures(self.limit_seconds / per_step)
        raise BudgetError(
            f"training would take about {format_duration(self.estimate)} "
            f"({progress.steps:,} steps on {self.points:,} points, {self.parameters:,} "
            f"parameters; measured on the first {progress.step + 1} steps), more than the "
            f"{format_duration(self.limit_seconds)} limit: use fewer --steps (about "
            f"{fitting:,} fit), a smaller network, or --max-minutes "
            f"{_minutes_to_allow(self.estimate)} to allow it"
        )

    def _start(self, steps: int) -> None:
        self.shown = True
        if not self.console.is_terminal:
            self.console.print(
                f"training: about {format_duration(self.estimate)} "
                f"({self.points:,} points, {self.parameters:,} parameters)",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            self.last_shown = self.clock()
            return
        from rich.progress import (
            BarColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("training"),
            BarColumn(),
            TextColumn("step {task.completed:,}/{task.total:,}"),
            TextColumn("loss {task.fields[loss]:.4g}"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=self.console,
            get_time=self.clock,
        )
        self.bar.start()
        self.task = self.bar.add_task("training", total=steps, loss=math.nan)

    def close(self, finished: bool = True) -> None:
        """Stop the bar (kept on screen as a record); a plain log gets a last line."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        elif self.shown and finished:
            self.console.print(
                f"training: done in {format_duration(self.clock() - self.started)}",
                highlight=False,
                markup=False,
            )
        self.shown = False


# --- renders -----------------------------------------------------------------------------------

# A rough model of a generated scene's render, from its frames and what each frame draws,
# measured at preview (854x480) on the 2-core development machine: a 2-2-1 network's 31 s video
# (463 frames) rendered in 47 s, and benchmarks/dot_cloud.py draws 5,000 points for 52 ms a
# frame more than 200. It overstates on a faster machine, which only makes it ask sooner.
SECONDS_PER_MATH_STEP = 6.0
FIXED_VIDEO_SECONDS = 1.0
FRAME_SECONDS = 0.08
POINT_FRAME_SECONDS = 11e-6
STARTUP_SECONDS = 10.0
PREVIEW_PIXELS = 854 * 480


@dataclass(frozen=True)
class RenderEstimate:
    seconds: float
    video_seconds: float
    frames: int
    points: int


def render_estimate(math_steps: int, points: int, quality) -> RenderEstimate:
    """How long a generated scene with ``math_steps`` animated steps (each layer's W, b and
    activation) drawing ``points`` dots takes to render at ``quality`` (an options.Quality).

    Frame cost grows with the pixels: with their square root for the fixed part (much of it is
    per-object work), in proportion for the dots (each is filled)."""
    video_seconds = FIXED_VIDEO_SECONDS + SECONDS_PER_MATH_STEP * math_steps
    frames = math.ceil(video_seconds * quality.fps)
    pixels = quality.width * quality.height / PREVIEW_PIXELS
    per_frame = FRAME_SECONDS * math.sqrt(pixels) + POINT_FRAME_SECONDS * points * pixels
    return RenderEstimate(STARTUP_SECONDS + frames * per_frame, video_seconds, frames, points)


def check_render_budget(
    estimate: RenderEstimate, limit_seconds: float | None, quality, total_points: int
) -> None:
    """Raise :class:`BudgetError` when ``estimate`` is over ``limit_seconds``, naming the
    options: fewer points shown, a lower quality, or ``--max-minutes``."""
    if limit_seconds is None or estimate.seconds <= limit_seconds:
        return
    options = []
    if estimate.points > 2000:
        options.append("fewer points on screen (--show-points 2000)")
    if quality.name != "preview":
        options.append("a lower --quality")
    options.append(f"--max-minutes {_minutes_to_allow(estimate.seconds)} to allow it")
    raise BudgetError(
        f"rendering would take about {format_duration(estimate.seconds)} ({estimate.points:,} "
        f"of {total_points:,} points drawn in each of {estimate.frames:,} frames at "
        f"{quality.label}; estimated), more than the {format_duration(limit_seconds)} limit: "
        f"use {', '.join(options[:-1]) + ', or ' if len(options) > 1 else ''}{options[-1]}"
    )
