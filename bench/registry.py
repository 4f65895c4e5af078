"""The workload registry and the timing loop shared by every workload.

A workload is registered with `@workload(name, issue=..., target=...)` on a function
`setup(tf) -> step`: setup builds the inputs (not timed), `step()` is the timed statement and
performs `calls` operations, so the reported time is per operation. The same function runs in
the tensorlite child and the TensorFlow child; only `tf` differs.
"""
import dataclasses
import gc
import time
import timeit
from typing import Callable, Optional


@dataclasses.dataclass(frozen=True)
class Target:
    """What a workload must reach: `baseline time / tensorlite time >= min_ratio`."""
    baseline: str      # "tensorflow" or "numpy"
    min_ratio: float
    text: str


def faster_than_tf(times):
    return Target("tensorflow", times, f"TF/tl >= {times:g}x")


def within_numpy(factor):
    # tensorlite may be at most `factor` times slower than the NumPy baseline.
    return Target("numpy", 1.0 / factor, f"within {factor:g}x of NumPy")


@dataclasses.dataclass(frozen=True)
class Workload:
    name: str
    issue: Optional[str]            # the issue that set the target, e.g. "#12"
    target: Optional[Target]        # None: reported, no target yet
    setup: Callable                 # setup(tf) -> step
    calls: int = 1                  # operations performed by one step()
    numpy_baseline: Optional[Callable] = None   # setup() -> step, timed in the tensorlite child
    self_timed: bool = False    # setup is instead `measure(impl_module_name) -> seconds`


WORKLOADS = []


def workload(name, *, issue=None, target=None, calls=1, numpy_baseline=None, self_timed=False):
    """Register the decorated `setup(tf) -> step` function (or self-timed measure) as a workload."""
    def register(setup):
        if any(w.name == name for w in WORKLOADS):
            raise ValueError(f"workload {name!r} is registered twice")
        WORKLOADS.append(Workload(name, issue, target, setup, calls, numpy_baseline, self_timed))
        return setup
    return register


def best_times_interleaved(step, baseline, calls=1, rounds=7, min_run_s=0.05):
    """(seconds per operation of `step`, of `baseline`), timed in alternating runs.

    Comparing against a NumPy baseline on a small, busy machine: alternating A/B runs and
    taking each one's minimum cancels drift (frequency, other load) that separate best-of
    loops would fold into the ratio.
    """
    step(), baseline()
    timers = [timeit.Timer(step), timeit.Timer(baseline)]
    numbers = []
    for timer in timers:
        number = 1
        while timer.timeit(number) < min_run_s:
            number *= 2
        numbers.append(number)
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(numbers[i]) / numbers[i])
    gc.collect()
    return best[0] / calls, best[1] / calls


def best_time(step, calls=1, repeat=5, min_run_s=0.05, budget_s=3.0):
    """Seconds per operation: min over `repeat` runs of `number` back-to-back steps (timeit style).

    `number` grows until one run takes `min_run_s`; repeats stop early (after 3) once the
    workload has used `budget_s`, so a slow implementation cannot stall the whole benchmark.
    """
    step()  # warm-up: first-call tracing, plan caches, lazy imports
    timer = timeit.Timer(step)  # disables gc while timing, like `python -m timeit`
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min_run_s:
            break
        number = number * 10 if elapsed < min_run_s / 10 else number * 2
    runs = [elapsed]
    started = time.perf_counter()
    while len(runs) < repeat and not (len(runs) >= 3 and time.perf_counter() - started > budget_s):
        runs.append(timer.timeit(number))
    gc.collect()
    return min(runs) / number / calls
