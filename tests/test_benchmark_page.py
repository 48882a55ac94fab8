"""The benchmark page shows what tools/benchmark.py measured, never numbers typed by hand."""

import json

import pytest

import benchmark


@pytest.fixture(scope="module")
def results():
    return json.loads(benchmark.RESULTS.read_text(encoding="utf-8"))


def test_table_is_rendered_from_results(results):
    assert benchmark.TABLE.read_text(encoding="utf-8") == benchmark.render_table(results), (
        "book/benchmark/results.md differs from results.json: run `python tools/benchmark.py --render`"
    )


def test_plot_is_rendered_from_results(results, tmp_path):
    fresh = tmp_path / "results.svg"
    benchmark.render_plot(results, fresh)
    assert fresh.read_bytes() == benchmark.PLOT.read_bytes(), (
        "book/benchmark/results.svg differs from results.json: run `python tools/benchmark.py --render`"
    )


def test_results_cover_every_workload_and_implementation(results):
    names = {"dezero_core", "dezero_core.step09", "PyTorch", "numpy (hand-written)"}
    assert set(results["scalar_seconds"]) == names
    assert set(results["array_seconds"]) == names
    assert set(results["array_peak_memory_bytes"]) == names
    assert all(value > 0 for value in results["array_peak_memory_bytes"].values())
    for samples in (results["scalar_seconds"], results["array_seconds"], results["growth_seconds"]):
        assert all(len(v) >= 5 and min(v) > 0 for v in samples.values())
    assert {"date", "cpu", "python", "numpy", "torch"} <= set(results["machine"])
