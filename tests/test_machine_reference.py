"""The machine reference printed beside benchmark figures."""

from scripts.devtools.machine import Reference, cpu_times, reference, steal_share


def test_reference_times_both_kinds_of_work():
    measured = reference(repeat=3)
    assert 0 < measured.python_best_ms <= measured.python_median_ms
    assert 0 < measured.numpy_best_ms <= measured.numpy_median_ms
    assert set(measured.as_dict()) == {"python_best_ms", "python_median_ms", "numpy_best_ms", "numpy_median_ms"}


def test_reference_line_names_both_figures():
    line = Reference(27.44, 27.8, 20.1, 22.04).line()
    assert line == "interpreter 27.4 ms (median 27.8), arrays 20.1 ms (median 22.0)"


def test_steal_share_between_two_readings(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 50 800 10 0 0 40 0 0\ncpu0 1 2 3\n")
    before = cpu_times(stat)
    stat.write_text("cpu  200 0 60 900 10 0 0 70 0 0\ncpu0 1 2 3\n")
    after = cpu_times(stat)
    assert before == (1000, 40) and after == (1240, 70)
    assert steal_share(before, after) == 30 / 240
    assert steal_share(after, before) is None and steal_share(None, after) is None
    assert cpu_times(tmp_path / "missing") is None
