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
    names = {"dezero_core", "dezero_core.step24", "dezero_core.step10", "PyTorch", benchmark.FLOOR}
    timed = ("scalar_seconds", "array_seconds", "growth_seconds")
    for key in timed:
        for samples in (results[key], results[f"{key}_collector_on"]):
            assert key == "growth_seconds" or set(samples) == names
            # a median and a spread need rounds: at least 9 after the discarded warm-up
            assert all(len(v) >= 9 and min(v) > 0 for v in samples.values())
    shapes = {key.split("|")[1] for key in results["growth_seconds"]}
    assert shapes == {"chain", "tree"}  # the growth of a chain and of a wide DAG
    assert set(results["array_peak_memory_bytes"]) == names
    assert set(results["array_retained_bytes_collector_off"]) == names
    assert all(value > 0 for value in results["array_peak_memory_bytes"].values())
    assert {"date", "cpu", "python", "numpy", "torch"} <= set(results["machine"])


def test_the_floor_computes_the_same_gradient_as_pytorch():
    """The floor's in-place array path and its math-module scalar path compute the chain's
    gradient (its speed is measured by `make bench`, never asserted in a test)."""
    import numpy as np

    x = benchmark.array_input()[:1000]
    reference = benchmark.torch_chain(x.copy(), benchmark.ARRAY_OPS)
    np.testing.assert_allclose(benchmark.floor_chain(x.copy(), benchmark.ARRAY_OPS), reference, rtol=1e-10)
    scalar = benchmark.scalar_input()
    np.testing.assert_allclose(benchmark.floor_chain(scalar, benchmark.SCALAR_OPS),
                               benchmark.torch_chain(scalar.copy(), benchmark.SCALAR_OPS), rtol=1e-10)


def test_the_page_names_no_target_or_verdict():
    """Targets and verdicts are for maintainers (CONTRIBUTING.md, `make bench`'s output), not readers."""
    page = benchmark.TABLE.read_text(encoding="utf-8") + (benchmark.ROOT / "book" / "benchmark.md").read_text(encoding="utf-8")
    for word in ("목표", "판정", "충족", "미달"):
        assert word not in page
