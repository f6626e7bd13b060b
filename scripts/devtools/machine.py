"""How fast the machine is at the moment, as a figure printed beside benchmark results.

This machine's cores are shared with other work, so the same code on the same index measures differently
from one day to the next (up to several times apart at 1M statements). A fixed amount of work of the kinds a
search does, interpreter work and array work, timed before and after a benchmark, says which figures can be
compared: two runs whose references differ much were taken on a machine of different speeds. Where the
machine is a virtual one, the share of CPU time its host gave to others meanwhile (`steal`) says the same of
the time between two readings.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Reference:
    """Milliseconds for the fixed work: the best of the repeats (what the machine can do) and their median
    (what it did while others shared it)."""

    python_best_ms: float
    python_median_ms: float
    numpy_best_ms: float
    numpy_median_ms: float

    def as_dict(self) -> dict:
        return {key: round(value, 2) for key, value in asdict(self).items()}

    def line(self) -> str:
        return (f"interpreter {self.python_best_ms:.1f} ms (median {self.python_median_ms:.1f}), "
                f"arrays {self.numpy_best_ms:.1f} ms (median {self.numpy_median_ms:.1f})")


def _python_work() -> int:
    """Dictionaries, strings and small integers, as parsing a question and building a page do."""
    counts: dict[str, int] = {}
    for i in range(200_000):
        word = str(i % 5_000)
        counts[word] = counts.get(word, 0) + len(word)
    return len(counts)


def _array_work(values: np.ndarray, where: np.ndarray) -> float:
    """A gather, arithmetic and a partial sort of a million numbers, as an estimate and a ranking do."""
    gathered = values[where]
    scored = gathered * 2.2 / (gathered + 1.3)
    return float(np.partition(scored, len(scored) - 50)[-50])


def _timed_ms(work, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def reference(repeat: int = 7) -> Reference:
    """Time the fixed work `repeat` times each (the same numbers every call: a seeded generator)."""
    rng = np.random.default_rng(0)
    values = rng.random(1_000_000)
    where = rng.integers(0, len(values), len(values))
    python = _timed_ms(_python_work, repeat)
    arrays = _timed_ms(lambda: _array_work(values, where), repeat)
    return Reference(min(python), statistics.median(python), min(arrays), statistics.median(arrays))


def cpu_times(stat: Path = Path("/proc/stat")) -> tuple[int, int] | None:
    """(all CPU time, the time stolen by the host), in clock ticks since boot; None where /proc/stat is not."""
    try:
        fields = stat.read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    ticks = [int(value) for value in fields[1:9]]  # user nice system idle iowait irq softirq steal
    return sum(ticks), ticks[7] if len(ticks) > 7 else 0


def steal_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of CPU time between two `cpu_times` that the host gave to other machines."""
    if before is None or after is None or after[0] <= before[0]:
        return None
    return (after[1] - before[1]) / (after[0] - before[0])
