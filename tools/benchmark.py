"""Benchmark dezero_core against PyTorch and a hand-written numpy forward+backward.

    python tools/benchmark.py            # measure, write book/benchmark/results.json, render
    python tools/benchmark.py --render   # only re-render the table and plot from results.json

Workloads (float64; PyTorch on the CPU with torch.set_num_threads(1)):
- scalar chain: x = np.array(0.5), 1,000 ops cycling sigmoid -> tanh -> square -> exp,
  forward + backward; reported in microseconds per op;
- array chain: 1,000,000 values uniform in (0, 1), 40 ops of the same cycle, forward +
  backward; reported in milliseconds and in peak memory;
- growth: scalar chains of 1,000 / 10,000 / 100,000 ops; time should grow linearly.

Each workload runs every implementation once per repeat, in turn (interleaved), and the
median over repeats is reported. As `timeit` does, the cyclic garbage collector is off while
a run is timed and a collection runs, untimed, before each run: otherwise a run pays for
collecting what earlier runs (of any implementation) left behind, and every full collection
also walks the hundreds of thousands of objects that importing PyTorch creates. The growth
workload is also measured with the collector on, and reported beside, for transparency.
Peak memory is measured separately, in a fresh child process per implementation, as the
rise of the process's peak resident set size (VmHWM).
The page book/benchmark.md shows what this script writes; nothing there is typed by hand.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "book" / "benchmark"
RESULTS = OUT / "results.json"
TABLE = OUT / "results.md"
PLOT = OUT / "results.svg"

CYCLE = ("sigmoid", "tanh", "square", "exp")
SCALAR_OPS, ARRAY_OPS, ARRAY_SIZE = 1_000, 40, 1_000_000
GROWTH_OPS = (1_000, 10_000, 100_000)
REPEATS = {"scalar": 31, "array": 9, "growth": 7}
TARGETS = {"scalar_vs_torch": 0.35, "array_vs_numpy": 1.1, "growth": (8.0, 12.0)}

# ------------------------------------------------------------------ the implementations


def dezero_chain(module):
    """forward + backward through n ops of CYCLE with a dezero_core state."""
    functions = [getattr(module, name) for name in CYCLE]

    def run(x0, n_ops):
        x = module.Variable(x0)
        y = x
        for i in range(n_ops):
            y = functions[i % 4](y)
        y.backward()
        return x.grad

    return run


def torch_chain(x0, n_ops):
    import torch

    functions = [getattr(torch, name) for name in CYCLE]
    x = torch.from_numpy(x0).requires_grad_()
    y = x
    for i in range(n_ops):
        y = functions[i % 4](y)
    y.backward(torch.ones_like(y))
    return x.grad.numpy()


def numpy_chain(x0, n_ops):
    """What one would write by hand: textbook formulas, outputs kept for the backward pass."""
    import numpy as np

    tape = []
    x = x0
    for i in range(n_ops):
        kind = CYCLE[i % 4]
        if kind == "sigmoid":
            y = 1 / (1 + np.exp(-x))
        elif kind == "tanh":
            e, e_neg = np.exp(x), np.exp(-x)
            y = (e - e_neg) / (e + e_neg)
        elif kind == "square":
            y = x**2
        else:
            y = np.exp(x)
        tape.append((kind, x, y))
        x = y
    g = np.ones_like(x)
    for kind, x, y in reversed(tape):
        if kind == "sigmoid":
            g = g * (1 - y) * y
        elif kind == "tanh":
            g = g * (1 - y * y)
        elif kind == "square":
            g = g * (2 * x)
        else:
            g = g * y
    return g


def implementations():
    import dezero_core
    from dezero_core import step09

    return {
        "dezero_core": dezero_chain(dezero_core),
        "dezero_core.step09": dezero_chain(step09),
        "PyTorch": torch_chain,
        "numpy (hand-written)": numpy_chain,
    }


def scalar_input():
    import numpy as np

    return np.array(0.5)


def array_input():
    import numpy as np

    return np.random.default_rng(0).uniform(0.0, 1.0, ARRAY_SIZE)


# ------------------------------------------------------------------ measuring


def interleaved(runs: dict, repeats: int, collector_on: bool = False) -> dict[str, list[float]]:
    """Time every run once per repeat, in turn; return all the samples (seconds)."""
    samples = {name: [] for name in runs}
    for name, run in runs.items():  # warm-up, not timed
        run()
    for _ in range(repeats):
        for name, run in runs.items():
            gc.collect()
            if not collector_on:
                gc.disable()
            start = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - start)
            gc.enable()
    return samples


def check_agreement(impls, x0, n_ops):
    import numpy as np

    reference = torch_chain(x0.copy(), n_ops)
    for name, run in impls.items():
        np.testing.assert_allclose(run(x0.copy(), n_ops), reference, rtol=1e-10, err_msg=name)


def peak_memory_child(name: str) -> int:
    """Run the array chain once in this (child) process; print the rise of peak RSS in bytes."""
    import numpy as np  # noqa: F401  (imported before the baseline is read)
    import torch

    torch.set_num_threads(1)
    run = implementations()[name]
    x0 = array_input()
    run(scalar_input(), 8)  # load everything lazily imported
    before = _peak_rss()
    run(x0, ARRAY_OPS)
    return _peak_rss() - before


def _peak_rss() -> int:
    """Peak resident set size of this process, in bytes.

    /proc's VmHWM starts afresh in a new process; getrusage's ru_maxrss would carry over
    the parent's peak across fork and exec and hide the child's own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_memory(name: str) -> int:
    out = subprocess.run(
        [sys.executable, __file__, "--peak-memory-of", name],
        check=True, capture_output=True, text=True,
    )
    return int(out.stdout.strip())


def machine() -> dict:
    import numpy
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "torch": torch.__version__,
    }


def measure() -> dict:
    import torch

    torch.set_num_threads(1)
    impls = implementations()
    check_agreement(impls, scalar_input(), SCALAR_OPS)
    check_agreement(impls, array_input()[:1000], ARRAY_OPS)

    print("peak memory ...", flush=True)
    memory = {name: peak_memory(name) for name in impls}
    x_scalar, x_array = scalar_input(), array_input()
    print("scalar chain ...", flush=True)
    scalar = interleaved({n: (lambda r=r: r(x_scalar, SCALAR_OPS)) for n, r in impls.items()}, REPEATS["scalar"])
    print("array chain ...", flush=True)
    array = interleaved({n: (lambda r=r: r(x_array, ARRAY_OPS)) for n, r in impls.items()}, REPEATS["array"])
    print("growth ...", flush=True)
    growth_impls = {n: impls[n] for n in ("dezero_core", "PyTorch")}
    growth_runs = {f"{n}|{k}": (lambda r=r, k=k: r(x_scalar, k)) for n, r in growth_impls.items() for k in GROWTH_OPS}
    growth = interleaved(growth_runs, REPEATS["growth"])
    growth_collector_on = interleaved(growth_runs, REPEATS["growth"], collector_on=True)

    return {
        "machine": machine(),
        "settings": {
            "cycle": list(CYCLE), "scalar_ops": SCALAR_OPS, "array_ops": ARRAY_OPS,
            "array_size": ARRAY_SIZE, "growth_ops": list(GROWTH_OPS), "repeats": REPEATS,
            "torch_threads": 1, "dtype": "float64", "targets": TARGETS,
        },
        "scalar_seconds": scalar,
        "array_seconds": array,
        "growth_seconds": growth,
        "growth_seconds_collector_on": growth_collector_on,
        "array_peak_memory_bytes": memory,
    }


# ------------------------------------------------------------------ rendering


def summary(results: dict) -> dict:
    """The figures the page reports, all derived from the raw samples."""
    med = statistics.median
    s, a = results["settings"], results
    scalar_us = {n: med(v) / s["scalar_ops"] * 1e6 for n, v in a["scalar_seconds"].items()}
    array_ms = {n: med(v) * 1e3 for n, v in a["array_seconds"].items()}
    def by_chain_length(samples):
        table = {}
        for key, v in samples.items():
            name, n_ops = key.split("|")
            table.setdefault(name, {})[int(n_ops)] = med(v)
        return table

    growth = by_chain_length(a["growth_seconds"])
    growth_on = by_chain_length(a["growth_seconds_collector_on"])
    ratios = {
        "scalar_vs_torch": scalar_us["dezero_core"] / scalar_us["PyTorch"],
        "array_vs_numpy": array_ms["dezero_core"] / array_ms["numpy (hand-written)"],
        "growth": growth["dezero_core"][100_000] / growth["dezero_core"][10_000],
    }
    return {"scalar_us": scalar_us, "array_ms": array_ms, "growth": growth, "growth_collector_on": growth_on,
            "ratios": ratios}


def render_table(results: dict) -> str:
    m, s, t = results["machine"], results["settings"], results["settings"]["targets"]
    fig = summary(results)
    mem = results["array_peak_memory_bytes"]
    lines = [
        "<!-- Generated by `make bench` (tools/benchmark.py) from results.json; do not edit. -->",
        "",
        f"측정: {m['date']}, {m['cpu']} ({m['cores']}코어), {m['system']}, "
        f"Python {m['python']}, NumPy {m['numpy']}, PyTorch {m['torch']} "
        f"(CPU, `torch.set_num_threads(1)`), {s['dtype']}. "
        f"반복 횟수 {s['repeats']['scalar']}/{s['repeats']['array']}/{s['repeats']['growth']}회의 중앙값.",
        "",
        "| 구현 | 스칼라 사슬 (µs/연산) | PyTorch 대비 | 배열 사슬 (ms) | 손으로 쓴 numpy 대비 | 배열 사슬 최대 메모리 (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in results["scalar_seconds"]:
        us, ms = fig["scalar_us"][name], fig["array_ms"][name]
        lines.append(
            f"| {name} | {us:.2f} | {us / fig['scalar_us']['PyTorch']:.2f}× | {ms:.1f} "
            f"| {ms / fig['array_ms']['numpy (hand-written)']:.2f}× | {mem[name] / 2**20:.0f} |"
        )
    lines += ["", "| 사슬 길이 (스칼라 연산 수) | " + " | ".join(f"{n:,}" for n in s["growth_ops"]) + " |",
              "|---|" + "---:|" * len(s["growth_ops"])]
    for name, by_n in fig["growth"].items():
        lines.append(f"| {name} (ms) | " + " | ".join(f"{by_n[n] * 1e3:.1f}" for n in s["growth_ops"]) + " |")
    for name, by_n in fig["growth_collector_on"].items():
        lines.append(f"| {name}, GC 켠 채 (ms) | " + " | ".join(f"{by_n[n] * 1e3:.1f}" for n in s["growth_ops"]) + " |")
    r = fig["ratios"]
    low, high = t["growth"]

    def verdict(ok):
        return "충족" if ok else "미달"

    lines += [
        "",
        "| 목표 | 측정값 | 판정 |",
        "|---|---:|---|",
        f"| 스칼라 사슬: dezero_core 시간 ≤ PyTorch의 {t['scalar_vs_torch']}배 | {r['scalar_vs_torch']:.3f}× "
        f"| {verdict(r['scalar_vs_torch'] <= t['scalar_vs_torch'])} |",
        f"| 배열 사슬: dezero_core 시간 ≤ 손으로 쓴 numpy의 {t['array_vs_numpy']}배 | {r['array_vs_numpy']:.3f}× "
        f"| {verdict(r['array_vs_numpy'] <= t['array_vs_numpy'])} |",
        f"| 선형 증가: 100,000개 / 10,000개 사슬의 시간 비가 {low:g}–{high:g} | {r['growth']:.2f} "
        f"| {verdict(low <= r['growth'] <= high)} |",
        "",
    ]
    return "\n".join(lines)


def render_plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "dezero-core-benchmark"  # stable ids: same results, same file
    fig_data = summary(results)
    names = list(results["scalar_seconds"])
    colors = ["#1f77b4", "#9ecae1", "#d62728", "#7f7f7f"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))

    ax = axes[0]
    ax.barh(names, [fig_data["scalar_us"][n] for n in names], color=colors)
    ax.set_xlabel("µs per op (lower is better)")
    ax.set_title(f"scalar chain, {results['settings']['scalar_ops']:,} ops")
    ax.invert_yaxis()

    ax = axes[1]
    ax.barh(names, [fig_data["array_ms"][n] for n in names], color=colors)
    ax.set_xlabel("ms (lower is better)")
    ax.set_title(f"array chain, {results['settings']['array_size']:,} values x {results['settings']['array_ops']} ops")
    ax.invert_yaxis()
    ax.set_yticklabels([])

    ax = axes[2]
    for name, color in (("dezero_core", colors[0]), ("PyTorch", colors[2])):
        by_n = fig_data["growth"][name]
        ns = sorted(by_n)
        ax.loglog(ns, [by_n[n] * 1e3 for n in ns], "o-", color=color, label=name)
    ns = results["settings"]["growth_ops"]
    base = fig_data["growth"]["dezero_core"][ns[0]] * 1e3
    ax.loglog(ns, [base * n / ns[0] for n in ns], ":", color="black", label="linear")
    ax.set_xlabel("ops in the chain")
    ax.set_ylabel("ms")
    ax.set_title("growth")
    ax.legend()

    m = results["machine"]
    fig.suptitle(f"{m['date']} · {m['cpu']} · numpy {m['numpy']} · torch {m['torch']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def render(results: dict) -> None:
    TABLE.write_text(render_table(results), encoding="utf-8")
    render_plot(results, PLOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--render", action="store_true", help="only re-render from results.json")
    parser.add_argument("--peak-memory-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_memory_of:
        print(peak_memory_child(args.peak_memory_of))
        return 0
    if args.render:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = measure()
        OUT.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    render(results)
    print(TABLE.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
