"""Property-based tests: the latest dezero_core against PyTorch, on random compositions.

Every function and random compositions of 1 to 6 of them, on arrays from 0-d to 3-d, in
float32 and float64, with values from subnormal to 1e4 (deep into exp's overflow region).
For each case: forward values and x.grad match PyTorch within an error budget; inf and nan
sit exactly where PyTorch has them; y and x.grad keep the input's dtype; and a RuntimeWarning
is raised only where PyTorch, too, produces a non-finite number: in the result, or in a step
of the composition (exp(355) squared overflows in both libraries even when a sigmoid then
turns the inf back into 1; numpy says so, PyTorch stays silent).

The error budget is not a loose blanket tolerance. A correctly rounded step f contributes a
few ulps (eps) of relative error, and magnifies the error it receives by its condition number
|x f'(x) / f(x)|; the budget propagates exactly that through the composition, forward for y
and backward for dy/dx, and allows 4 times the result (two implementations, each within it,
plus a factor 2 for libraries whose exp and tanh are not correctly rounded). Absolute
differences below the smallest normal number (np.finfo(dtype).tiny) are allowed: PyTorch
flushes some results that are really subnormal, such as float32 sigmoid(-100), to 0.

Profiles (HYPOTHESIS_PROFILE): "quick" (the default, what `make test` runs: 300 cases per
property, derandomized so CI is reproducible) and "thorough" (10,000 cases per property,
random): `make test-thorough` (53,333 cases in all).
"""

import os
import warnings

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import dezero_core
from reference import TORCH_FUNCTIONS

settings.register_profile(
    "quick", max_examples=300, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

NAMES = sorted(TORCH_FUNCTIONS)
ULPS = {"square": 1, "exp": 2, "tanh": 2, "sigmoid": 4}  # rounding error of one evaluation, in eps
SAFETY = 4.0

# ---------------------------------------------------------------- strategies


def elements(dtype):
    width = np.finfo(dtype).bits
    smallest_exponent = -44 if dtype == np.float32 else -320

    def by_magnitude(sign, exponent, mantissa):
        return float(dtype(sign * mantissa * 10.0**exponent))

    return st.one_of(
        st.floats(-1e4, 1e4, width=width),
        st.builds(by_magnitude, st.sampled_from([-1.0, 1.0]), st.integers(smallest_exponent, 4),
                  st.floats(1.0, 9.5, width=width)),
        st.sampled_from([0.0, -0.0, 88.0, 89.0, -88.0, -104.0, 709.0, 710.0, -745.0, 1e4, -1e4]),
    ).filter(lambda v: abs(v) <= 1e4)


@st.composite
def cases(draw, max_functions=6):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    x = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=max_functions))
    return names, x


# ---------------------------------------------------------------- the two sides


def run_dezero(names, x):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = dezero_core.Variable(x.copy())
        y = v
        for name in names:
            y = getattr(dezero_core, name)(y)
        y.backward()
    runtime_warnings = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return y.data, v.grad, runtime_warnings


def run_torch(names, x):
    """y and dy/dx in x's dtype, plus each step's (input, output) in float64 for the budget."""
    xt = torch.from_numpy(x.copy()).requires_grad_()
    yt, all_finite = xt, True
    for name in names:
        yt = TORCH_FUNCTIONS[name](yt)
        all_finite = all_finite and bool(torch.isfinite(yt).all())  # does PyTorch meet inf or nan?
    yt.backward(torch.ones_like(yt))
    all_finite = all_finite and bool(torch.isfinite(xt.grad).all())

    steps, value = [], torch.from_numpy(x.astype(np.float64))
    with torch.no_grad():
        for name in names:
            out = TORCH_FUNCTIONS[name](value)
            steps.append((name, value.numpy(), out.numpy()))
            value = out
    return yt.detach().numpy(), xt.grad.numpy(), steps, all_finite


# ---------------------------------------------------------------- the error budget


def error_budget(steps, dtype):
    """(bound on the relative error of y, bound on the absolute error of dy/dx), per element."""
    eps = float(np.finfo(dtype).eps)
    with np.errstate(all="ignore"):
        rel_in = np.zeros_like(steps[0][1])
        rels = []
        for name, x, y in steps:  # forward: relative error of each output
            if name == "square":
                cond = np.full_like(x, 2.0)
            elif name == "exp":
                cond = np.abs(x)
            elif name == "tanh":
                cond = np.where(y == 0, 1.0, np.abs(x) * (1 - y * y) / np.abs(y))
            else:
                cond = np.abs(x) * (1 - y)
            # at x = ±inf a finite output is the function's exact limit: nothing propagates
            cond = np.where(np.isfinite(x), cond, 0.0)
            rel_out = cond * np.where(np.isfinite(x), rel_in, 0.0) + ULPS[name] * eps
            rels.append((rel_in, rel_out))
            rel_in = rel_out

        g = np.ones_like(steps[-1][2])
        dg = np.zeros_like(g)
        for (name, x, y), (rel_x, rel_y) in zip(reversed(steps), reversed(rels)):
            if name == "square":
                d, dd = 2 * x, 2 * np.abs(x) * rel_x
            elif name == "exp":
                d, dd = y, np.abs(y) * rel_y
            elif name == "tanh":
                d, dd = 1 - y * y, 2 * y * y * rel_y + 2 * eps
            else:
                d = (1 - y) * y
                dd = np.abs(y) * rel_y * (np.abs(y) + np.abs(1 - y)) + 3 * eps * np.abs(d)
            g, dg = g * d, np.abs(d) * dg + np.abs(g) * dd + eps * np.abs(g * d)
        rel_y_final = rels[-1][1]
    return np.nan_to_num(rel_y_final, nan=0.0), np.nan_to_num(dg, nan=0.0)


def assert_same(actual, expected, tolerance, what):
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected), err_msg=f"{what}: nan positions")
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(actual[~finite & ~np.isnan(expected)], expected[~finite & ~np.isnan(expected)],
                                  err_msg=f"{what}: inf positions and signs")
    assert np.isfinite(actual[finite]).all(), f"{what}: non-finite where PyTorch is finite"
    diff = np.abs(actual[finite] - expected[finite])
    allowed = tolerance[finite]
    worst = np.argmax(diff - allowed) if diff.size else None
    assert (diff <= allowed).all(), (
        f"{what}: |{actual[finite][worst]!r} - {expected[finite][worst]!r}| = {diff[worst]:.3g} "
        f"> allowed {allowed[worst]:.3g}"
    )


def check(names, x):
    dtype = x.dtype.type
    y, grad, runtime_warnings = run_dezero(names, x)
    y_t, grad_t, steps, torch_all_finite = run_torch(names, x)

    assert y.dtype == x.dtype and np.asarray(grad).dtype == x.dtype
    assert np.shape(y) == x.shape and np.shape(grad) == x.shape

    rel_y, abs_grad = error_budget(steps, dtype)
    tiny = float(np.finfo(dtype).tiny)
    eps = float(np.finfo(dtype).eps)
    with np.errstate(all="ignore"):
        y_tolerance = SAFETY * rel_y * np.abs(y_t.astype(np.float64)) + tiny
        grad_tolerance = SAFETY * (abs_grad + eps * np.abs(grad_t.astype(np.float64))) + tiny
    assert_same(y, y_t, y_tolerance, f"y = {'∘'.join(reversed(names))}(x)")
    assert_same(grad, grad_t, grad_tolerance, f"x.grad of {'∘'.join(reversed(names))}")

    if runtime_warnings:
        assert not torch_all_finite, (
            f"RuntimeWarning {runtime_warnings} although every step of PyTorch's computation is finite"
        )


# ---------------------------------------------------------------- the properties


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_each_function_matches_pytorch(name, data):
    _, x = data.draw(cases(max_functions=1))
    check([name], x)


@given(case=cases())
def test_compositions_match_pytorch(case):
    check(*case)


@given(case=cases())
@settings(max_examples=settings().max_examples // 3)
def test_scalar_compositions_warn_only_where_pytorch_is_not_finite(case):
    # A 0-d input makes the warning check exact: one element, one verdict.
    names, x = case
    check(names, x.reshape(-1)[:1].reshape(()))


# ---------------------------------------------------------------- random programs (Stage 2)
#
# A program is a small DAG: 1–3 inputs of one shape and dtype, then 1–12 operations, each
# applying a function (square, exp, sigmoid, tanh, or add of two operands) to values computed
# before it, chosen at random among the inputs and the results so far. So a value is often used
# by several operations (fan-out, including add(v, v)) and add joins branches (fan-in). The
# program's output is its last result; every input's gradient is compared, and an input that
# the output does not depend on has no gradient on either side.
#
# The error budget is the one above, in absolute terms so that it can follow a DAG: forward,
# each result's error bound is |f'(x)|·(error of x) plus the rounding of the result; backward,
# each contribution g·f'(x) carries the error of g, the error of f'(x) (which comes from the
# error of x or y), and its own rounding, and the sum of contributions into one variable adds
# one rounding per term. Where the contributions into a gradient are so large that their sum
# could overflow in one order of addition and not in another (dezero_core and PyTorch add them
# in different orders), the element is not compared.

UNARY = {"square": 1, "exp": 2, "tanh": 2, "sigmoid": 4}  # rounding error of one evaluation, in eps
PROGRAM_FUNCTIONS = sorted(UNARY) + ["add"]


@st.composite
def programs(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    width = np.finfo(dtype).bits
    moderate = st.floats(-3.0, 3.0, width=width)
    values = draw(st.sampled_from([moderate, elements(dtype)]))
    n_inputs = draw(st.integers(1, 3))
    inputs = [draw(hnp.arrays(dtype, shape, elements=values)) for _ in range(n_inputs)]
    ops = []
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(PROGRAM_FUNCTIONS))
        arity = 2 if name == "add" else 1
        available = n_inputs + len(ops)
        ops.append((name, tuple(draw(st.integers(0, available - 1)) for _ in range(arity))))
    return inputs, ops


def run_program_dezero(inputs, ops):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        xs = [dezero_core.Variable(x.copy()) for x in inputs]
        values = list(xs)
        for name, args in ops:
            values.append(getattr(dezero_core, name)(*(values[a] for a in args)))
        y = values[-1]
        y.backward()
    runtime_warnings = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return y.data, [x.grad for x in xs], runtime_warnings


TORCH_PROGRAM_FUNCTIONS = dict(TORCH_FUNCTIONS, add=torch.add)


def run_program_torch(inputs, ops):
    """y and every input's gradient in the inputs' dtype (None where y does not depend on it),
    whether every value and gradient PyTorch met is finite, and every value in float64."""
    xs = [torch.from_numpy(x.copy()).requires_grad_() for x in inputs]
    values, all_finite = list(xs), True
    for name, args in ops:
        values.append(TORCH_PROGRAM_FUNCTIONS[name](*(values[a] for a in args)))
        all_finite = all_finite and bool(torch.isfinite(values[-1]).all())
    y = values[-1]
    y.backward(torch.ones_like(y))
    grads = [None if x.grad is None else x.grad.numpy() for x in xs]
    all_finite = all_finite and all(bool(np.isfinite(g).all()) for g in grads if g is not None)

    with torch.no_grad():
        values64 = [torch.from_numpy(x.astype(np.float64)) for x in inputs]
        for name, args in ops:
            values64.append(TORCH_PROGRAM_FUNCTIONS[name](*(values64[a] for a in args)))
    return y.detach().numpy(), grads, all_finite, [v.numpy() for v in values64]


def program_budget(inputs, ops, values, dtype):
    """Bounds on the absolute error of y and of each input's gradient, and a mask per input of the
    elements whose gradient may overflow in one order of summation and not in another."""
    eps = float(np.finfo(dtype).eps)
    n = len(inputs)
    with np.errstate(all="ignore"):
        err = [np.zeros_like(v) for v in values[:n]]
        for (name, args), out in zip(ops, values[n:]):
            if name == "add":
                err.append(err[args[0]] + err[args[1]] + eps * np.abs(out))
                continue
            x = values[args[0]]
            slope = {"square": 2 * np.abs(x), "exp": np.abs(out), "tanh": 1 - out * out,
                     "sigmoid": out * (1 - out)}[name]
            err.append(np.where(np.isfinite(x), slope * err[args[0]], 0.0) + UNARY[name] * eps * np.abs(out))

        grad = [np.zeros_like(v) for v in values]  # the gradient, error bound, sum of |contributions|, count
        grad_err = [np.zeros_like(v) for v in values]
        magnitude = [np.zeros_like(v) for v in values]
        count = [0] * len(values)
        grad[-1] = np.ones_like(values[-1])
        reached = {len(values) - 1}  # the values y depends on: the others get no gradient at all
        for k in reversed(range(len(ops))):
            name, args = ops[k]
            o = n + k
            if o not in reached:
                continue
            reached.update(args)
            g = grad[o]
            dg = grad_err[o] + eps * count[o] * magnitude[o]  # the sum into g rounds once per term
            if name == "add":
                locals_ = [(np.ones_like(g), np.zeros_like(g))] * 2
            else:
                x, y, ex, ey = values[args[0]], values[o], err[args[0]], err[o]
                if name == "square":
                    d, dd = 2 * x, 2 * ex
                elif name == "exp":
                    d, dd = y, ey
                elif name == "tanh":
                    d, dd = 1 - y * y, 2 * np.abs(y) * ey + 2 * eps
                else:
                    d = (1 - y) * y
                    dd = ey * (np.abs(y) + np.abs(1 - y)) + 3 * eps * np.abs(d)
                locals_ = [(d, dd)]
            for a, (d, dd) in zip(args, locals_):
                contribution = g * d
                grad[a] = grad[a] + contribution
                grad_err[a] = grad_err[a] + np.abs(d) * dg + np.abs(g) * dd + (0 if name == "add" else eps * np.abs(contribution))
                magnitude[a] = magnitude[a] + np.abs(contribution)
                count[a] += 1
        finite_max = float(np.finfo(dtype).max)
        grad_bounds, order_sensitive = [], []
        for i in range(n):
            bound = grad_err[i] + eps * count[i] * magnitude[i]
            grad_bounds.append(np.nan_to_num(bound, nan=0.0, posinf=0.0))
            order_sensitive.append(~(magnitude[i] < finite_max / 4) & (count[i] > 1))
    return np.nan_to_num(err[-1], nan=0.0, posinf=0.0), grad_bounds, order_sensitive


def describe(ops, n_inputs):
    names = [f"x{i}" for i in range(n_inputs)]
    for name, args in ops:
        names.append(f"{name}({', '.join(names[a] for a in args)})")
    return names[-1]


def check_program(inputs, ops):
    dtype = inputs[0].dtype.type
    y, grads, runtime_warnings = run_program_dezero(inputs, ops)
    y_t, grads_t, torch_all_finite, values = run_program_torch(inputs, ops)
    program = describe(ops, len(inputs))

    assert y.dtype == inputs[0].dtype and y.shape == inputs[0].shape
    y_bound, grad_bounds, order_sensitive = program_budget(inputs, ops, values, dtype)
    tiny = float(np.finfo(dtype).tiny)
    with np.errstate(all="ignore"):
        assert_same(y, y_t, SAFETY * y_bound + tiny, f"y = {program}")
    for i, (grad, grad_t) in enumerate(zip(grads, grads_t)):
        assert (grad is None) == (grad_t is None), f"x{i}.grad of {program}: {grad!r} vs PyTorch {grad_t!r}"
        if grad is None:
            continue
        assert np.asarray(grad).dtype == inputs[0].dtype and np.shape(grad) == inputs[0].shape
        keep = ~order_sensitive[i]
        with np.errstate(all="ignore"):
            tolerance = SAFETY * grad_bounds[i] + tiny
        assert_same(np.asarray(grad)[keep], grad_t[keep], tolerance[keep], f"x{i}.grad of {program}")
    uses = [a for _, args in ops for a in args]
    event(f"{len(inputs)} input(s)")  # `make test-thorough` prints how often each kind of program ran
    if len(uses) > len(set(uses)):
        event("a value used more than once (fan-out)")
    if any(name == "add" for name, _ in ops):
        event("add joins two values (fan-in)")
    if not np.isfinite(y_t).all():
        event("inf or nan in the output")
    if any(m.any() for m in order_sensitive):
        event("gradient elements not compared: the sum could overflow in one order and not another")
    if runtime_warnings and not any(m.any() for m in order_sensitive):
        assert not torch_all_finite, (
            f"RuntimeWarning {runtime_warnings} although every step of PyTorch's computation is finite"
        )


@given(program=programs())
def test_random_programs_match_pytorch(program):
    check_program(*program)
