"""Progress and budgets (netplane_render.progress): driven by a fake clock, never this machine's
speed, so the figures are the same on any CPU."""

from __future__ import annotations

import io

import numpy as np
import pytest
from rich.console import Console

from netplane_render.options import QUALITIES
from netplane_render.progress import (
    BudgetError,
    TrainingMonitor,
    check_render_budget,
    format_duration,
    render_estimate,
)
from nn_core import Progress, TrainingConfig, init_network, parse_architecture, train


class FakeClock:
    """Each reading is ``step_seconds`` later than the one before: a step costs what we say."""

    def __init__(self, step_seconds: float) -> None:
        self.step_seconds = step_seconds
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += self.step_seconds
        return self.now


def console(terminal: bool) -> Console:
    return Console(file=io.StringIO(), force_terminal=terminal, width=120, color_system=None)


def run(monitor: TrainingMonitor, steps: int) -> None:
    with monitor:
        for step in range(steps + 1):
            monitor(Progress(step, steps, 1.0 / (step + 1)))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(3.21, "3.2 s"), (42, "42 s"), (250, "4 min 10 s"), (3000, "50 min"), (7500, "2 h 5 min")],
)
def test_durations_read_as_a_person_plans(seconds, text):
    assert format_duration(seconds) == text


def test_a_long_training_on_a_terminal_shows_a_bar_with_step_loss_and_time_left():
    out = console(terminal=True)
    run(
        TrainingMonitor(out, limit_seconds=None, points=200, parameters=9, clock=FakeClock(0.01)),
        2000,
    )
    text = out.file.getvalue()
    assert "training" in text
    assert "step 2,000/2,000" in text
    assert "loss" in text and "left" in text
    assert "━" in text  # the bar


def test_a_long_training_in_a_log_prints_a_plain_line_every_few_seconds():
    out = console(terminal=False)
    # 2,000 steps of 10 ms: 20 s, a line every 5 s
    run(
        TrainingMonitor(out, limit_seconds=None, points=200, parameters=9, clock=FakeClock(0.01)),
        2000,
    )
    lines = out.file.getvalue().splitlines()
    steps = [line for line in lines if line.startswith("training: step ")]
    assert 3 <= len(steps) <= 6, lines
    assert "loss" in steps[0] and "left" in steps[0]
    assert lines[0].startswith("training: about 20 s")
    assert lines[-1].startswith("training: done in 20 s")
    assert "\x1b" not in out.file.getvalue()


def test_a_short_training_shows_nothing():
    for terminal in (True, False):
        out = console(terminal)
        run(
            TrainingMonitor(
                out, limit_seconds=300, points=200, parameters=9, clock=FakeClock(0.0005)
            ),
            2000,
        )
        assert out.file.getvalue() == ""


def test_over_budget_training_stops_after_its_first_steps_with_the_estimate_and_options():
    out = console(terminal=False)
    seen = []
    monitor = TrainingMonitor(
        out, limit_seconds=300, points=200, parameters=9, clock=FakeClock(0.0003)
    )
    with pytest.raises(BudgetError) as stopped, monitor:
        for step in range(10_000_001):
            seen.append(step)
            monitor(Progress(step, 10_000_000, 0.5))
    message = str(stopped.value)
    assert len(seen) == 5  # measured on the first steps, never spent
    assert "\n" not in message
    assert "about 50 min" in message
    assert "10,000,000 steps on 200 points" in message
    assert "fewer --steps (about 1,000,000 fit)" in message
    assert "a smaller network" in message
    assert "--max-minutes 63" in message
    assert out.file.getvalue() == ""


def test_max_minutes_lets_it_through():
    out = console(terminal=False)
    monitor = TrainingMonitor(
        out, limit_seconds=63 * 60, points=200, parameters=9, clock=FakeClock(0.3)
    )
    run(monitor, 10_000)
    assert monitor.estimate == pytest.approx(0.3 * 10_001)


def test_the_monitor_watches_nn_core_training_without_changing_it():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(50, 2))
    labels = (points[:, 0] > 0).astype(int)
    config = TrainingConfig(steps=400)
    out = console(terminal=False)
    monitor = TrainingMonitor(
        out, limit_seconds=None, points=50, parameters=9, clock=FakeClock(0.02)
    )
    with monitor:
        watched = train(
            init_network(parse_architecture("2-2-1"), 0), points, labels, config, monitor
        )
    alone = train(init_network(parse_architecture("2-2-1"), 0), points, labels, config)
    assert np.array_equal(watched.network.flat_parameters(), alone.network.flat_parameters())
    assert "training: step " in out.file.getvalue()
    with pytest.raises(BudgetError):
        limited = TrainingMonitor(
            out, limit_seconds=1, points=50, parameters=9, clock=FakeClock(0.02)
        )
        train(init_network(parse_architecture("2-2-1"), 0), points, labels, config, limited)


def test_a_render_of_many_points_is_over_budget_and_a_fair_sample_is_not():
    blog = QUALITIES["blog"]
    every = render_estimate(5, 200_000, blog)
    sample = render_estimate(5, 2_000, blog)
    assert every.seconds > 30 * 60 > sample.seconds
    assert every.frames == sample.frames == 31 * 30
    with pytest.raises(BudgetError) as stopped:
        check_render_budget(every, 30 * 60, blog, 200_000)
    message = str(stopped.value)
    assert "\n" not in message
    assert "200,000 of 200,000 points" in message
    assert "--show-points 2000" in message and "a lower --quality" in message
    assert "--max-minutes" in message
    check_render_budget(sample, 30 * 60, blog, 200_000)
    check_render_budget(every, every.seconds + 1, blog, 200_000)


def test_render_estimates_grow_with_points_steps_and_quality():
    preview, slides = QUALITIES["preview"], QUALITIES["slides"]
    assert render_estimate(5, 4000, preview).seconds > render_estimate(5, 2000, preview).seconds
    assert render_estimate(8, 2000, preview).seconds > render_estimate(5, 2000, preview).seconds
    assert render_estimate(5, 2000, slides).seconds > render_estimate(5, 2000, preview).seconds
