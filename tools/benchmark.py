"""Benchmark dezero_core against PyTorch and against the fastest hand-written code (the floor).

    python tools/benchmark.py            # measure, write book/benchmark/results.json, render
    python tools/benchmark.py --render   # only re-render the table and plot from results.json

Workloads (float64; PyTorch on the CPU with torch.set_num_threads(1)):
- scalar chain: x = np.array(0.5), 1,000 ops cycling sigmoid -> tanh -> square -> exp,
  forward + backward; reported in microseconds per op;
- array chain: 1,000,000 values uniform in (0, 1), 40 ops of the same cycle, forward +
  backward; reported in milliseconds, in peak memory, and in the memory that a collection
  frees after the run (with the collector off during the run: a graph kept alive by cycles);
- growth: scalar chains of 1,000 / 10,000 / 100,000 ops, and balanced trees of add over
  1,000 / 10,000 / 100,000 terms square(x) (the same x in every term: a wide DAG with a
  100,000-fold fan-out), forward + backward; the fastest of the rounds, because growth is
  about the algorithm: linear is 10x from 10,000 to 100,000, n log n about 12.5x.

The floor is the fastest code one would write by hand for the same math, with no graph:
on arrays, numpy ufuncs into buffers where that is safe (every forward output is kept,
because the backward pass needs it; the gradient and one scratch buffer are updated in
place), np.tanh, and sigmoid as 0.5 * tanh(0.5 x) + 0.5 (DeZero's own formula in
dezero/functions.py: one transcendental pass, stable for every x, and the fastest of the
forms measured here); on a 0-d input, Python floats and the math module.

Every round runs every implementation in turn (interleaved), after one untimed warm-up
round; the page reports the median over rounds and the range (min-max). In each round an
implementation first runs once untimed, right after a collection: the first run after a
collection that freed another implementation's garbage pays for re-faulting that memory
(seen here as a 1,000-op PyTorch chain 1.3-3x slower right after a 100,000-op dezero_core
chain). Then it is timed twice, each time after a collection: once with the cyclic garbage
collector off while timing (as `timeit` does) and once with it left on, as a user runs it.
Peak memory is measured in a fresh child process per implementation,
as the rise of the process's peak resident set size (VmHWM).
The page book/benchmark.md shows what this script writes; nothing there is typed by hand.
The project's targets (CONTRIBUTING.md) are printed with a verdict after each run.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
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
ROUNDS = {"scalar": 31, "array": 15, "growth": 9}
FLOOR = "floor (hand-written)"
# The engine's targets at the end of Stage 2 (CONTRIBUTING.md); `make bench` prints a verdict.
TARGETS = {"scalar_vs_torch": 0.5, "array_vs_floor": 1.1, "memory_vs_floor": 1.1, "growth": (7.0, 15.0)}

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


def balanced_sum(add, terms: list):
    """Add neighbouring terms pairwise, level by level, down to one: a balanced tree of add."""
    while len(terms) > 1:
        pairs = [add(terms[i], terms[i + 1]) for i in range(0, len(terms) - 1, 2)]
        terms = pairs + ([terms[-1]] if len(terms) % 2 else [])
    return terms[0]


def dezero_tree(module):
    """forward + backward through the sum of n terms square(x) with a dezero_core state."""

    def run(x0, n_terms):
        x = module.Variable(x0)
        y = balanced_sum(module.add, [module.square(x) for _ in range(n_terms)])
        y.backward()
        return x.grad

    return run


def torch_tree(x0, n_terms):
    import torch

    x = torch.from_numpy(x0).requires_grad_()
    y = balanced_sum(torch.add, [torch.square(x) for _ in range(n_terms)])
    y.backward(torch.ones_like(y))
    return x.grad.numpy()


def torch_chain(x0, n_ops):
    import torch

    functions = [getattr(torch, name) for name in CYCLE]
    x = torch.from_numpy(x0).requires_grad_()
    y = x
    for i in range(n_ops):
        y = functions[i % 4](y)
    y.backward(torch.ones_like(y))
    return x.grad.numpy()


def floor_chain(x0, n_ops):
    """The fastest hand-written forward + backward for the same math, without a graph."""
    import numpy as np

    if x0.ndim == 0:
        return np.float64(_floor_scalar(float(x0), n_ops))
    outputs = []  # the backward pass needs every output (and square needs its input)
    x = x0
    for i in range(n_ops):
        kind = CYCLE[i % 4]
        if kind == "sigmoid":
            y = np.multiply(x, 0.5)
            np.tanh(y, out=y)
            y *= 0.5
            y += 0.5
        elif kind == "tanh":
            y = np.tanh(x)
        elif kind == "square":
            y = np.multiply(x, x)
        else:
            y = np.exp(x)
        outputs.append(y)
        x = y
    g = np.ones_like(x)
    scratch = np.empty_like(x)
    for i in reversed(range(n_ops)):
        kind, y = CYCLE[i % 4], outputs[i]
        if kind == "sigmoid":  # g *= y (1 - y)
            np.subtract(1.0, y, out=scratch)
            scratch *= y
            g *= scratch
        elif kind == "tanh":  # g *= 1 - y²
            np.multiply(y, y, out=scratch)
            np.subtract(1.0, scratch, out=scratch)
            g *= scratch
        elif kind == "square":  # g *= 2x
            g *= outputs[i - 1] if i else x0
            g *= 2.0
        else:  # g *= y
            g *= y
    return g


def _floor_scalar(x0: float, n_ops: int) -> float:
    values = [x0]
    x = x0
    for i in range(n_ops):
        kind = CYCLE[i % 4]
        if kind == "sigmoid":
            x = 0.5 * math.tanh(0.5 * x) + 0.5
        elif kind == "tanh":
            x = math.tanh(x)
        elif kind == "square":
            x = x * x
        else:
            x = math.exp(x)
        values.append(x)
    g = 1.0
    for i in reversed(range(n_ops)):
        kind, y = CYCLE[i % 4], values[i + 1]
        if kind == "sigmoid":
            g *= y * (1.0 - y)
        elif kind == "tanh":
            g *= 1.0 - y * y
        elif kind == "square":
            g *= 2.0 * values[i]
        else:
            g *= y
    return g


def implementations():
    import dezero_core
    from dezero_core import step10, step24

    return {
        "dezero_core": dezero_chain(dezero_core),
        "dezero_core.step24": dezero_chain(step24),
        "dezero_core.step10": dezero_chain(step10),
        "PyTorch": torch_chain,
        FLOOR: floor_chain,
    }


def scalar_input():
    import numpy as np

    return np.array(0.5)


def array_input():
    import numpy as np

    return np.random.default_rng(0).uniform(0.0, 1.0, ARRAY_SIZE)


# ------------------------------------------------------------------ measuring


def interleaved(runs: dict, rounds: int) -> tuple[dict, dict]:
    """Time every run once per round and per collector mode, in turn, after an untimed
    warm-up round; within a round, each implementation runs once untimed before its two
    timed runs. Returns the samples in seconds: (collector off, collector on)."""
    off = {name: [] for name in runs}
    on = {name: [] for name in runs}
    for run in runs.values():  # warm-up, discarded
        run()
    for _ in range(rounds):
        for name, run in runs.items():
            gc.collect()  # frees what the previous implementation left; its memory is re-faulted by…
            run()  # …this untimed run, so that the timed runs below start warm
            for samples, collector_on in ((off, False), (on, True)):
                gc.collect()
                if not collector_on:
                    gc.disable()
                start = time.perf_counter()
                run()
                samples[name].append(time.perf_counter() - start)
                gc.enable()
    return off, on


def check_agreement(impls, x0, n_ops):
    import numpy as np

    reference = torch_chain(x0.copy(), n_ops)
    for name, run in impls.items():
        np.testing.assert_allclose(run(x0.copy(), n_ops), reference, rtol=1e-10, err_msg=name)


def peak_memory_child(name: str) -> tuple[int, int]:
    """Run the array chain once in this (child) process, with the cyclic collector off: the rise of
    peak RSS in bytes, and how much memory a collection frees after the run has returned and dropped
    its result (a graph that reference counting alone could not free: reference cycles)."""
    import gc

    import numpy as np  # noqa: F401  (imported before the baseline is read)
    import torch

    torch.set_num_threads(1)
    run = implementations()[name]
    x0 = array_input()
    run(scalar_input(), 8)  # load everything lazily imported
    run(x0[:8], 8)
    gc.collect()
    gc.disable()
    before = _peak_rss()
    run(x0, ARRAY_OPS)
    peak_rise = _peak_rss() - before
    resident = _rss()
    gc.collect()
    return peak_rise, max(0, resident - _rss())


def _rss() -> int:
    """Current resident set size of this process, in bytes (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _peak_rss() -> int:
    """Peak resident set size of this process, in bytes.

    /proc's VmHWM starts afresh in a new process; getrusage's ru_maxrss would carry over
    the parent's peak across fork and exec and hide the child's own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_memory(name: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, __file__, "--peak-memory-of", name],
        check=True, capture_output=True, text=True,
    )
    peak, retained = out.stdout.split()
    return int(peak), int(retained)


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
    measured = {name: peak_memory(name) for name in impls}
    memory = {name: peak for name, (peak, _) in measured.items()}
    retained = {name: kept for name, (_, kept) in measured.items()}
    x_scalar, x_array = scalar_input(), array_input()
    print("scalar chain ...", flush=True)
    scalar, scalar_on = interleaved({n: (lambda r=r: r(x_scalar, SCALAR_OPS)) for n, r in impls.items()},
                                    ROUNDS["scalar"])
    print("array chain ...", flush=True)
    array, array_on = interleaved({n: (lambda r=r: r(x_array, ARRAY_OPS)) for n, r in impls.items()},
                                  ROUNDS["array"])
    print("growth ...", flush=True)
    import dezero_core

    growth_impls = {("dezero_core", "chain"): impls["dezero_core"], ("PyTorch", "chain"): impls["PyTorch"],
                    ("dezero_core", "tree"): dezero_tree(dezero_core), ("PyTorch", "tree"): torch_tree}
    for (name, shape), run in growth_impls.items():
        if shape == "tree":
            assert float(run(x_scalar.copy(), 1000)) == 1000.0, name  # d/dx of 1,000 x² at 0.5
    growth_runs = {f"{n}|{shape}|{k}": (lambda r=r, k=k: r(x_scalar, k))
                   for (n, shape), r in growth_impls.items() for k in GROWTH_OPS}
    growth, growth_on = interleaved(growth_runs, ROUNDS["growth"])

    return {
        "machine": machine(),
        "settings": {
            "cycle": list(CYCLE), "scalar_ops": SCALAR_OPS, "array_ops": ARRAY_OPS,
            "array_size": ARRAY_SIZE, "growth_ops": list(GROWTH_OPS), "rounds": ROUNDS,
            "torch_threads": 1, "dtype": "float64",
        },
        "scalar_seconds": scalar,
        "scalar_seconds_collector_on": scalar_on,
        "array_seconds": array,
        "array_seconds_collector_on": array_on,
        "growth_seconds": growth,
        "growth_seconds_collector_on": growth_on,
        "array_peak_memory_bytes": memory,
        "array_retained_bytes_collector_off": retained,
    }


# ------------------------------------------------------------------ rendering


def spread(samples: list[float], scale: float) -> dict:
    """Median and range of the samples, multiplied by scale."""
    return {"median": statistics.median(samples) * scale, "min": min(samples) * scale, "max": max(samples) * scale}


def summary(results: dict) -> dict:
    """The figures the page reports, all derived from the raw samples."""
    s = results["settings"]
    per_op_us = 1e6 / s["scalar_ops"]

    def figures(key, scale):
        return {n: spread(v, scale) for n, v in results[key].items()}

    def by_size(samples):
        """{(name, shape): {n: fastest seconds}}: growth is about the algorithm, so the fastest round."""
        table = {}
        for key, v in samples.items():
            name, shape, n = key.split("|")
            table.setdefault((name, shape), {})[int(n)] = min(v)
        return table

    scalar = figures("scalar_seconds", per_op_us)
    array = figures("array_seconds", 1e3)
    growth = by_size(results["growth_seconds"])
    memory = results["array_peak_memory_bytes"]
    scalar_on, array_on = figures("scalar_seconds_collector_on", per_op_us), figures("array_seconds_collector_on", 1e3)
    ratios = {  # the targets are for the collector on, as a user runs the code
        "scalar_vs_torch": scalar_on["dezero_core"]["median"] / scalar_on["PyTorch"]["median"],
        "array_vs_floor": array_on["dezero_core"]["median"] / array_on[FLOOR]["median"],
        "memory_vs_floor": memory["dezero_core"] / memory[FLOOR],
        "retained_mib": results["array_retained_bytes_collector_off"]["dezero_core"] / 2**20,
        "growth_chain": growth["dezero_core", "chain"][100_000] / growth["dezero_core", "chain"][10_000],
        "growth_tree": growth["dezero_core", "tree"][100_000] / growth["dezero_core", "tree"][10_000],
    }
    return {
        "scalar_us": scalar, "scalar_us_collector_on": scalar_on,
        "array_ms": array, "array_ms_collector_on": array_on,
        "growth": growth, "growth_collector_on": by_size(results["growth_seconds_collector_on"]),
        "ratios": ratios,
    }


LABELS = {  # how the page names each implementation
    "dezero_core": "dezero_core (최신)",
    "dezero_core.step24": "dezero_core.step24",
    "dezero_core.step10": "dezero_core.step10",
    "PyTorch": "PyTorch",
    FLOOR: "손으로 쓴 코드 (바닥)",
}


def render_table(results: dict) -> str:
    m, s = results["machine"], results["settings"]
    fig = summary(results)
    mem = results["array_peak_memory_bytes"]
    kept = results["array_retained_bytes_collector_off"]
    names = list(results["scalar_seconds"])

    def cell(f, digits):
        return f"{f['median']:.{digits}f} ({f['min']:.{digits}f}–{f['max']:.{digits}f})"

    lines = [
        "<!-- Generated by `make bench` (tools/benchmark.py) from results.json; do not edit. -->",
        "",
        f"측정: {m['date']}, {m['cpu']} ({m['cores']}코어), {m['system']}, "
        f"Python {m['python']}, NumPy {m['numpy']}, PyTorch {m['torch']} "
        f"(CPU, `torch.set_num_threads(1)`), {s['dtype']}. 시간 칸은 중앙값이고(증가 표만 가장 빠른 값), 괄호 안은 가장 빠른 값–가장 느린 값입니다 "
        f"(스칼라 사슬 {s['rounds']['scalar']}회, 배열 사슬 {s['rounds']['array']}회, 증가는 길이마다 {s['rounds']['growth']}회; "
        f"구현을 번갈아 실행하고, 그 전에 준비 운동으로 한 번씩 따로 돌림). "
        f"'대비' 칸은 중앙값끼리의 비이고, 최대 메모리는 구현마다 새 프로세스에서 한 번 잰 값입니다. "
        f"'GC가 푸는 메모리'는 GC를 끈 채 한 번 실행하고 결과까지 버린 뒤, `gc.collect()`가 돌려준 메모리입니다. 순환 참조 때문에 "
        f"참조 카운트만으로는 해제되지 않고 남아 있던 그래프의 크기입니다.",
        "",
        *summary_sentences(results),
        "",
        f"**스칼라 사슬** ({s['scalar_ops']:,}개 연산, 연산 하나당 µs)",
        "",
        "| 구현 | GC 끔 | PyTorch 대비 | GC 켬 | PyTorch 대비 |",
        "|---|---:|---:|---:|---:|",
    ]
    off, on = fig["scalar_us"], fig["scalar_us_collector_on"]
    for n in names:
        lines.append(f"| {LABELS[n]} | {cell(off[n], 2)} | {off[n]['median'] / off['PyTorch']['median']:.2f}× "
                     f"| {cell(on[n], 2)} | {on[n]['median'] / on['PyTorch']['median']:.2f}× |")
    lines += [
        "",
        f"**배열 사슬** (float64 {s['array_size']:,}개 × {s['array_ops']}개 연산, ms)",
        "",
        "| 구현 | GC 끔 | 바닥 대비 | GC 켬 | 바닥 대비 | 최대 메모리 (MiB) | 바닥 대비 | GC가 푸는 메모리 (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    off, on = fig["array_ms"], fig["array_ms_collector_on"]
    for n in names:
        lines.append(f"| {LABELS[n]} | {cell(off[n], 1)} | {off[n]['median'] / off[FLOOR]['median']:.2f}× "
                     f"| {cell(on[n], 1)} | {on[n]['median'] / on[FLOOR]['median']:.2f}× "
                     f"| {mem[n] / 2**20:.0f} | {mem[n] / mem[FLOOR]:.2f}× | {kept[n] / 2**20:.0f} |")
    shapes = {"chain": "사슬", "tree": "덧셈 나무"}
    lines += ["", "**증가** (스칼라 사슬과 덧셈 나무 전체의 시간, ms, 가장 빠른 값)", "",
              "| 그래프 | 구현 | " + " | ".join(f"{n:,}" for n in s["growth_ops"]) + " | 100,000 ÷ 10,000 |",
              "|---|---|" + "---:|" * (len(s["growth_ops"]) + 1)]
    for label, table in ((", GC 끔", fig["growth"]), (", GC 켬", fig["growth_collector_on"])):
        for (name, shape), by_n in table.items():
            lines.append(f"| {shapes[shape]} | {LABELS[name]}{label} | "
                         + " | ".join(f"{by_n[n] * 1e3:.1f}" for n in s["growth_ops"])
                         + f" | {by_n[100_000] / by_n[10_000]:.1f} |")
    lines.append("")
    return "\n".join(lines)


def summary_sentences(results: dict) -> list[str]:
    """Where dezero_core stands, in words, from the medians (collector off)."""
    fig = summary(results)
    scalar = {n: f["median"] for n, f in fig["scalar_us"].items()}
    array = {n: f["median"] for n, f in fig["array_ms"].items()}
    mib = {n: b / 2**20 for n, b in results["array_peak_memory_bytes"].items()}
    d, t, f = "dezero_core", "PyTorch", FLOOR

    def than(values, other, shown, last):
        mine, theirs = values[d], values[other]
        name = "바닥" if other == f else other
        verdict = ("빠르고" if mine < theirs else "느리고") if not last else ("빠릅니다" if mine < theirs else "느립니다")
        return f"{name}({shown})보다는 {verdict}({name} 시간의 {mine / theirs:.2f}배)"

    return [
        f"- 스칼라 사슬: dezero_core는 연산 하나에 {scalar[d]:.2f} µs로, "
        f"{than(scalar, t, f'{scalar[t]:.2f} µs', False)}, {than(scalar, f, f'{scalar[f]:.2f} µs', True)}.",
        f"- 배열 사슬: dezero_core는 {array[d]:.1f} ms로, "
        f"{than(array, t, f'{array[t]:.1f} ms', False)}, {than(array, f, f'{array[f]:.1f} ms', True)}.",
        f"- 배열 사슬의 최대 메모리: dezero_core는 {mib[d]:.0f} MiB로, 바닥({mib[f]:.0f} MiB)의 {mib[d] / mib[f]:.2f}배, "
        f"PyTorch({mib[t]:.0f} MiB)의 {mib[d] / mib[t]:.2f}배를 씁니다.",
    ]


def verdicts(results: dict) -> str:
    """The project's targets against this run (printed by `make bench`; see CONTRIBUTING.md)."""
    r, t = summary(results)["ratios"], TARGETS
    low, high = t["growth"]
    rows = [
        (f"scalar chain, collector on: dezero_core <= {t['scalar_vs_torch']}x PyTorch", r["scalar_vs_torch"],
         r["scalar_vs_torch"] <= t["scalar_vs_torch"]),
        (f"array chain, collector on: dezero_core <= {t['array_vs_floor']}x the floor", r["array_vs_floor"],
         r["array_vs_floor"] <= t["array_vs_floor"]),
        (f"peak memory: dezero_core <= {t['memory_vs_floor']}x the floor", r["memory_vs_floor"],
         r["memory_vs_floor"] <= t["memory_vs_floor"]),
        ("array chain: nothing left for the collector (it frees < 1 MiB after the run)", r["retained_mib"],
         r["retained_mib"] < 1),
        (f"growth of the chain: 100,000 / 10,000 ops between {low:g} and {high:g}", r["growth_chain"],
         low <= r["growth_chain"] <= high),
        (f"growth of the tree: 100,000 / 10,000 terms between {low:g} and {high:g}", r["growth_tree"],
         low <= r["growth_tree"] <= high),
    ]
    return "\n".join(f"{'met    ' if ok else 'NOT MET'}  {text}: {value:.3f}" for text, value, ok in rows)


def render_plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "dezero-core-benchmark"  # stable ids: same results, same file
    fig_data = summary(results)
    names = list(results["scalar_seconds"])
    labels = names  # the implementations' own names (no Hangul: the plot needs no Korean font)
    palette = {"dezero_core": "#1f77b4", "dezero_core.step24": "#6baed6", "dezero_core.step10": "#c6dbef",
               "PyTorch": "#d62728", FLOOR: "#7f7f7f"}
    colors = [palette[n] for n in names]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))

    def bars(ax, figures):
        medians = [figures[n]["median"] for n in names]
        errors = [[figures[n]["median"] - figures[n]["min"] for n in names],
                  [figures[n]["max"] - figures[n]["median"] for n in names]]
        ax.barh(labels, medians, xerr=errors, color=colors, capsize=3)
        ax.invert_yaxis()

    ax = axes[0]
    bars(ax, fig_data["scalar_us"])
    ax.set_xlabel("µs per op, median and range (lower is better)")
    ax.set_title(f"scalar chain, {results['settings']['scalar_ops']:,} ops")

    ax = axes[1]
    bars(ax, fig_data["array_ms"])
    ax.set_xlabel("ms, median and range (lower is better)")
    ax.set_title(f"array chain, {results['settings']['array_size']:,} values x {results['settings']['array_ops']} ops")
    ax.set_yticklabels([])

    ax = axes[2]
    for (name, shape), by_n in fig_data["growth"].items():
        ns = sorted(by_n)
        ax.loglog(ns, [by_n[n] * 1e3 for n in ns], "o-" if shape == "chain" else "s--", color=palette[name],
                  label=f"{name}, {shape}")
    ns = results["settings"]["growth_ops"]
    base = fig_data["growth"]["dezero_core", "chain"][ns[0]] * 1e3
    ax.loglog(ns, [base * n / ns[0] for n in ns], ":", color="black", label="linear")
    ax.set_xlabel("ops in the chain, terms in the tree")
    ax.set_ylabel("ms, fastest round")
    ax.set_title("growth (collector off)")
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
        print(*peak_memory_child(args.peak_memory_of))
        return 0
    if args.render:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = measure()
        OUT.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    render(results)
    print(TABLE.read_text(encoding="utf-8"))
    print("targets (CONTRIBUTING.md):")
    print(verdicts(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
