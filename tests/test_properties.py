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
random): `make test-thorough` (73,333 cases in all).
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
# applying a function or an operator to values computed before it, chosen at random among the
# inputs and the results so far. So a value is often used by several operations (fan-out,
# including add(v, v)) and two-input operations join branches (fan-in). The program's output is its
# last result; every input's gradient is compared, and an input that the output does not depend
# on has no gradient on either side. The first property uses the functions of Step 16 (square,
# exp, sigmoid, tanh, add); the second every function and operator of Step 24, with constants —
# Python ints and floats, numpy arrays, and numpy float64 scalars in float64 programs — on either
# side of + - * / and as the exponent of **.
#
# The error budget is the one above, in absolute terms so that it can follow a DAG: forward,
# each result's error bound is the sum over its inputs of |∂f/∂input|·(error of that input) plus
# the rounding of the result; backward, each contribution g·∂f/∂input carries the error of g, the
# error of the local derivative (from the errors of the values it is computed from), and its own
# rounding, and the sum of contributions into one variable adds one rounding per term. Every
# result may also be off by the smallest normal number, because PyTorch flushes some subnormal
# results to 0 (sigmoid(-710) in float64). Two kinds of element are not compared: where the
# contributions into a gradient are so large that their sum could overflow in one order of
# addition and not in another (dezero_core and PyTorch add them in different orders), and where an
# infinite gradient meets a subnormal local derivative (inf · 4e-309 is inf, inf · 0 is nan), and
# x^c at x = ±0 with c < 1 (an infinite slope: its sign follows the sign of the zero, which the
# two libraries treat differently). Nor is any element where a non-integer power meets a base ≤ 0 or
# ±inf: numpy follows C's pow ((-inf)^0.5 = inf), PyTorch computes x^0.5 as a square root (nan);
# nor where a division's denominator is below the smallest normal number (PyTorch may flush it to 0).

UNARY = dict(ULPS, neg=0)  # negation is exact
STEP16_FUNCTIONS = ["exp", "sigmoid", "square", "tanh", "add"]
BINARY = ["add", "sub", "mul", "div"]
EXPONENTS = [2, 3, -1, 0, 0.5, 1.5, -2.5]


def is_value(arg) -> bool:
    return isinstance(arg, int)  # an index into the values; a constant is ("const", c)


@st.composite
def programs(draw, operators=False):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    width = np.finfo(dtype).bits
    moderate = st.floats(-3.0, 3.0, width=width)
    values = draw(st.sampled_from([moderate, elements(dtype)]))
    n_inputs = draw(st.integers(1, 3))
    inputs = [draw(hnp.arrays(dtype, shape, elements=values)) for _ in range(n_inputs)]

    def constant():
        kinds = ["int", "float", "array"] + (["numpy"] if dtype == np.float64 else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "int":
            return ("const", draw(st.integers(-3, 3)))
        if kind == "float":
            return ("const", draw(moderate))
        if kind == "numpy":
            return ("const", np.float64(draw(moderate)))
        return ("const", draw(hnp.arrays(dtype, shape, elements=moderate)))

    ops = []
    names = sorted(UNARY) + BINARY + ["pow"] if operators else STEP16_FUNCTIONS
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(names))
        pick = lambda: draw(st.integers(0, n_inputs + len(ops) - 1))  # noqa: E731
        if name == "pow":
            args = (pick(), ("const", draw(st.sampled_from(EXPONENTS))))
        elif name in BINARY:
            side = draw(st.sampled_from(["both", "left", "right"])) if operators else "both"
            args = (pick() if side != "left" else constant(), pick() if side != "right" else constant())
            if side == "left":  # the constant goes on the left: only an operator can put it there
                args = (args[0], pick())
        else:
            args = (pick(),)
        ops.append((name, args))
    return inputs, ops, operators


def apply_dezero(name, operands, operators):
    if not operators:
        return getattr(dezero_core, name)(*operands)
    a = operands[0]
    if name in UNARY:
        return -a if name == "neg" else getattr(dezero_core, name)(a)
    b = operands[1]
    return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
            "pow": lambda: a ** b}[name]()


def apply_torch(name, operands):
    a = operands[0]
    if name in UNARY:
        return -a if name == "neg" else TORCH_FUNCTIONS[name](a)
    b = operands[1]
    if name == "div" and not isinstance(a, torch.Tensor):
        # PyTorch computes number / tensor as number · (1 / tensor) (Tensor.__rtruediv__ is reciprocal, then
        # multiply): two roundings, and 0 / 2e-313 = 0 · inf = nan. The reference is the division itself.
        return torch.div(torch.tensor(a, dtype=b.dtype), b)  # (only in the float64 pass below)
    return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
            "pow": lambda: a ** b}[name]()


def run_program_dezero(inputs, ops, operators):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        xs = [dezero_core.Variable(x.copy()) for x in inputs]
        values = list(xs)
        for name, args in ops:
            operands = [values[a] if is_value(a) else a[1] for a in args]
            values.append(apply_dezero(name, operands, operators))
        y = values[-1]
        y.backward()
    runtime_warnings = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return y.data, [x.grad for x in xs], runtime_warnings


def torch_constant(c, as_float64=False):
    if isinstance(c, np.ndarray):
        return torch.from_numpy(c.astype(np.float64) if as_float64 else c.copy())
    return float(c) if isinstance(c, np.floating) else c


def run_program_torch(inputs, ops):
    """y and every input's gradient in the inputs' dtype (None where y does not depend on it),
    whether every value and gradient PyTorch met is finite, and every value in float64."""
    xs = [torch.from_numpy(x.copy()).requires_grad_() for x in inputs]
    values, all_finite = list(xs), True
    constants = []  # dezero_core computes a gradient for a constant operand too (DeZero has no requires_grad):
    for name, args in ops:  # so PyTorch does here, to know whether that gradient meets inf or nan
        operands = []
        for a in args:
            if is_value(a):
                operands.append(values[a])
            elif name == "pow":
                operands.append(torch_constant(a[1]))
            else:
                c = torch.tensor(np.asarray(a[1]), dtype=xs[0].dtype, requires_grad=True)
                constants.append(c)
                operands.append(c)
        values.append(apply_torch(name, operands))
        all_finite = all_finite and bool(torch.isfinite(values[-1]).all())
    y = values[-1]
    y.backward(torch.ones_like(y))
    grads = [None if x.grad is None else x.grad.numpy() for x in xs]
    all_finite = all_finite and all(bool(np.isfinite(g).all()) for g in grads if g is not None)
    all_finite = all_finite and all(bool(torch.isfinite(c.grad).all()) for c in constants if c.grad is not None)

    with torch.no_grad():
        values64 = [torch.from_numpy(x.astype(np.float64)) for x in inputs]
        for name, args in ops:
            values64.append(apply_torch(name, [values64[a] if is_value(a) else torch_constant(a[1], True)
                                               for a in args]))
    return y.detach().numpy(), grads, all_finite, [v.numpy() for v in values64]


def local_derivatives(name, vals, errs, out, eps):
    """[(∂out/∂operand, error bound of that derivative)] for each operand, from float64 values."""
    if name in ("add", "sub"):
        one = np.ones_like(out)
        return [(one, 0 * one), (one if name == "add" else -one, 0 * one)]
    if name == "neg":
        return [(-np.ones_like(out), 0 * out)]
    a, ea = vals[0], errs[0]
    if name == "mul":
        b, eb = vals[1], errs[1]
        return [(b * np.ones_like(out), eb + 0 * out), (a * np.ones_like(out), ea + 0 * out)]
    if name == "div":
        b, eb = vals[1], errs[1]
        d0, d1 = 1 / b + 0 * out, -(a / b) / b + 0 * out
        # dd0 = eb / b², dd1 = ea / b² + 2|a| eb / |b|³, written so that b² cannot underflow to 0
        return [(d0, times(eb, np.abs(d0 / b)) + eps * np.abs(d0)),
                (d1, times(ea, np.abs(d0 / b)) + times(eb, 2 * np.abs(d1 / b)) + 3 * eps * np.abs(d1))]
    if name == "pow":
        c = vals[1]
        if np.all(c == 0):
            return [(0 * out, 0 * out), (0 * out, 0 * out)]
        d = c * a ** (c - 1)
        return [(d, times(np.abs(c * (c - 1) * a ** (c - 2)), ea) + 2 * eps * np.abs(d)), (0 * out, 0 * out)]
    y, ey = out, errs[-1]
    if name == "square":
        return [(2 * a, 2 * ea)]
    if name == "exp":
        return [(y, ey)]
    if name == "tanh":
        return [(1 - y * y, 2 * np.abs(y) * ey + 2 * eps)]
    d = (1 - y) * y  # sigmoid
    return [(d, ey * (np.abs(y) + np.abs(1 - y)) + 3 * eps * np.abs(d))]


ROUNDING = dict(UNARY, add=1, sub=1, mul=1, div=1, pow=2)  # in eps, relative to the result


def times(a, b):
    """a · b for error bounds, where no error times any factor is no error: 0 · inf = 0, not nan."""
    return np.where((a == 0) | (b == 0), 0.0, a * b)


def program_budget(inputs, ops, values, dtype):
    """Bounds on the absolute error of y and of each input's gradient, and a mask per input of the
    elements whose gradient may overflow in one order of summation and not in another."""
    eps, tiny = float(np.finfo(dtype).eps), float(np.finfo(dtype).tiny)
    n = len(inputs)
    as64 = lambda c: np.asarray(c, dtype=np.float64)  # noqa: E731
    with np.errstate(all="ignore"):
        err = [np.zeros_like(v) for v in values[:n]]
        undefined = np.zeros(np.shape(values[0]), dtype=bool)  # x^c, c not an integer, x ≤ 0 or ±inf: conventions differ
        for (name, args), out in zip(ops, values[n:]):
            vals = [values[a] if is_value(a) else as64(a[1]) for a in args]
            if name == "pow" and np.any(vals[1] != np.round(vals[1])):
                undefined = undefined | (vals[0] <= 0) | ~np.isfinite(vals[0])
            if name == "div":  # a denominator that PyTorch may have flushed to 0 (0 / sigmoid(-710) is 0 or nan)
                undefined = undefined | (np.abs(vals[1]) < tiny)
            errs = [err[a] if is_value(a) else 0.0 for a in args]
            bound = ROUNDING[name] * eps * np.abs(out) + tiny  # + tiny: a subnormal result flushed to 0
            for (d, _), e, v in zip(local_derivatives(name, vals, errs + [0.0], out, eps), errs, vals):
                bound = bound + np.where(np.isfinite(v), times(np.abs(d), e), 0.0)
            err.append(bound)

        grad = [np.zeros_like(v) for v in values]  # the gradient, error bound, sum of |contributions|, count
        grad_err = [np.zeros_like(v) for v in values]
        magnitude = [np.zeros_like(v) for v in values]
        count = [0] * len(values)
        uncertain = [np.zeros(np.shape(v), dtype=bool) for v in values]  # inf · (subnormal or 0): inf or nan
        grad[-1] = np.ones_like(values[-1])
        reached = {len(values) - 1}  # the values y depends on: the others get no gradient at all
        for k in reversed(range(len(ops))):
            name, args = ops[k]
            o = n + k
            if o not in reached:
                continue
            reached.update(a for a in args if is_value(a))
            g = grad[o]
            dg = grad_err[o] + eps * count[o] * magnitude[o]  # the sum into g rounds once per term
            vals = [values[a] if is_value(a) else as64(a[1]) for a in args]
            errs = [err[a] if is_value(a) else 0.0 for a in args]
            for a, (d, dd) in zip(args, local_derivatives(name, vals, errs + [err[o]], values[o], eps)):
                if not is_value(a):
                    continue
                contribution = g * d
                uncertain[a] = uncertain[a] | uncertain[o] | ((np.abs(d) < tiny) & ~np.isfinite(g))
                if name == "pow":  # x^c at x = ±0 with c < 1: an infinite slope whose sign follows the zero's sign
                    uncertain[a] = uncertain[a] | ((vals[0] == 0) & (vals[1] < 1))
                grad[a] = grad[a] + contribution
                exact = name in ("add", "sub", "neg")  # ±g: no rounding
                grad_err[a] = (grad_err[a] + times(np.abs(d), dg) + times(np.abs(g), dd)
                               + (0 if exact else eps * np.abs(contribution)))
                magnitude[a] = magnitude[a] + np.abs(contribution)
                count[a] += 1
        finite_max = float(np.finfo(dtype).max)
        grad_bounds, order_sensitive = [], []
        for i in range(n):
            bound = grad_err[i] + eps * count[i] * magnitude[i]
            grad_bounds.append(np.nan_to_num(bound, nan=np.inf))  # a bound that overflows bounds nothing
            order_sensitive.append((~(magnitude[i] < finite_max / 4) & (count[i] > 1)) | uncertain[i])
    return np.nan_to_num(err[-1], nan=np.inf), grad_bounds, order_sensitive, undefined


def describe(ops, n_inputs):
    names = [f"x{i}" for i in range(n_inputs)]
    for name, args in ops:
        operands = [names[a] if is_value(a) else repr(a[1]) for a in args]
        names.append(f"{name}({', '.join(operands)})")
    return names[-1]


def check_program(inputs, ops, operators):
    dtype = inputs[0].dtype.type
    y, grads, runtime_warnings = run_program_dezero(inputs, ops, operators)
    y_t, grads_t, torch_all_finite, values = run_program_torch(inputs, ops)
    program = describe(ops, len(inputs))

    assert y.dtype == inputs[0].dtype, f"y = {program}: dtype {y.dtype}, PyTorch {y_t.dtype}"
    assert y.shape == y_t.shape
    y_bound, grad_bounds, order_sensitive, undefined = program_budget(inputs, ops, values, dtype)
    tiny = float(np.finfo(dtype).tiny)
    defined = ~np.broadcast_to(undefined, y.shape)
    with np.errstate(all="ignore"):
        assert_same(y[defined], y_t[defined], (SAFETY * y_bound + tiny)[defined], f"y = {program}")
    for i, (grad, grad_t) in enumerate(zip(grads, grads_t)):
        assert (grad is None) == (grad_t is None), f"x{i}.grad of {program}: {grad!r} vs PyTorch {grad_t!r}"
        if grad is None:
            continue
        assert np.asarray(grad).dtype == inputs[0].dtype and np.shape(grad) == inputs[0].shape, (
            f"x{i}.grad of {program}: {np.asarray(grad).dtype} {np.shape(grad)}")
        keep = ~order_sensitive[i] & defined
        with np.errstate(all="ignore"):
            tolerance = SAFETY * grad_bounds[i] + tiny
        assert_same(np.asarray(grad)[keep], grad_t[keep], tolerance[keep], f"x{i}.grad of {program}")
    uses = [a for _, args in ops for a in args if is_value(a)]
    event(f"{len(inputs)} input(s)")  # `make test-thorough` prints how often each kind of program ran
    if len(uses) > len(set(uses)):
        event("a value used more than once (fan-out)")
    if any(len([a for a in args if is_value(a)]) == 2 for _, args in ops):
        event("an operation joins two values (fan-in)")
    if any(not is_value(a) for _, args in ops for a in args if _ != "pow"):
        event("a constant operand (number or array)")
    if not np.isfinite(y_t).all():
        event("inf or nan in the output")
    if any(m.any() for m in order_sensitive):
        event("gradient elements not compared: a sum that may overflow, or inf times a subnormal")
    if runtime_warnings and not any(m.any() for m in order_sensitive):
        assert not torch_all_finite, (
            f"RuntimeWarning {runtime_warnings} although every step of PyTorch's computation is finite"
        )


@given(program=programs())
def test_random_programs_match_pytorch(program):
    check_program(*program)


@given(program=programs(operators=True))
def test_random_programs_with_operators_and_constants_match_pytorch(program):
    check_program(*program)
