"""제2고지 (Steps 11–16) in every state that has the feature: functions of several inputs, a
variable used more than once, and backward in generation order on any DAG. Each step's own
limit is tested too (Step 13 overwrites, Step 14 walks a DAG in the wrong order), because the
pages show those limits by running them."""

import gc
import weakref

import numpy as np
import pytest
import torch

import dezero_core
from benchmark import balanced_sum
from states import (
    ACCUMULATES,
    ALL_OPERATORS,
    GENERATIONS,
    MUL_OPERATORS,
    MULTI_BACKWARD,
    NAMED,
    RETAINS_GRAD,
    SCALAR_OPERANDS,
    SEPARATE_ARGUMENTS,
    STATES,
    VARIADIC,
    WEAK_OUTPUTS,
    backward_keeping_grads,
    outputs_of,
)


def scalar(state, value):
    return state.Variable(np.array(value))


@pytest.mark.parametrize("state_name", VARIADIC)
def test_add_takes_two_inputs_and_links_both(state_name):
    state = STATES[state_name]
    x0, x1 = scalar(state, 2), scalar(state, 3)
    f = state.Add()
    if state_name == "step11":
        ys = f([x0, x1])
        assert isinstance(ys, list) and len(ys) == 1
        y = ys[0]
    else:
        y = f(x0, x1)
    assert y.data == 5 and isinstance(y.data, np.ndarray)
    assert list(f.inputs) == [x0, x1] and outputs_of(f) == [y] and y.creator is f


@pytest.mark.parametrize("state_name", SEPARATE_ARGUMENTS)
def test_a_function_with_two_outputs_returns_a_list(state_name):
    state = STATES[state_name]

    class SumAndDifference(state.Function):
        def forward(self, x0, x1):
            return x0 + x1, x0 - x1

    outputs = SumAndDifference()(scalar(state, 5.0), scalar(state, 3.0))
    assert isinstance(outputs, list) and [o.data for o in outputs] == [8.0, 2.0]
    assert all(o.creator is outputs[0].creator for o in outputs)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name", MULTI_BACKWARD)
def test_sum_of_squares_gives_both_gradients(state_name, dtype):
    """Step 13's example: z = x² + y² at (2, 3) is 13 with gradients 4 and 6."""
    state = STATES[state_name]
    x, y = state.Variable(np.array(2.0, dtype=dtype)), state.Variable(np.array(3.0, dtype=dtype))
    z = state.add(state.square(x), state.square(y))
    z.backward()
    assert (z.data, x.grad, y.grad) == (13.0, 4.0, 6.0)
    assert z.data.dtype == x.grad.dtype == y.grad.dtype == dtype


def test_step13_overwrites_the_gradient_of_a_variable_used_twice():
    state = STATES["step13"]
    x = scalar(state, 3.0)
    state.add(x, x).backward()
    assert x.grad == 1.0  # the bug Step 14 fixes: the second gradient overwrote the first


@pytest.mark.parametrize("state_name", ACCUMULATES)
def test_a_variable_used_twice_or_three_times_gets_the_sum(state_name):
    state = STATES[state_name]
    x = scalar(state, 3.0)
    state.add(x, x).backward()
    assert x.grad == 2.0
    x.cleargrad()
    state.add(state.add(x, x), x).backward()
    assert x.grad == 3.0
    state.add(state.add(x, x), x).backward()  # without cleargrad() the gradients add up
    assert x.grad == 6.0


@pytest.mark.parametrize("state_name", ACCUMULATES)
def test_accumulation_does_not_change_another_variables_grad(state_name):
    """x.grad = x.grad + gx, not +=: Add hands the same array to both inputs."""
    state = STATES[state_name]
    x = state.Variable(np.array([1.0, 2.0]))
    y = state.add(x, x)
    backward_keeping_grads(state_name, y)
    np.testing.assert_array_equal(y.grad, [1.0, 1.0])
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def diamond(state_name):
    """Step 16's example: a = x², y = a² + a² at x = 2."""
    state = STATES[state_name]
    x = scalar(state, 2.0)
    a = state.square(x)
    y = state.add(state.square(a), state.square(a))
    backward_keeping_grads(state_name, y)
    return x, a, y


def test_step14_walks_a_diamond_in_the_wrong_order():
    x, _, y = diamond("step14")
    assert y.data == 32.0 and x.grad == 96.0  # a's creator ran before a had both gradients


@pytest.mark.parametrize("state_name", GENERATIONS)
def test_generations_give_the_right_gradient_on_a_diamond(state_name):
    x, a, y = diamond(state_name)
    assert (y.data, x.grad, a.grad) == (32.0, 64.0, 16.0)
    assert (x.generation, a.generation, y.generation) == (0, 1, 3)
    assert a.creator.generation == 0 and y.creator.generation == 2


@pytest.mark.parametrize("state_name", ["step16", "step24", "step24_fast"])  # the heap is the same in between
def test_a_wide_tree_of_100000_terms(state_name):
    """The benchmark's tree: the sum of square(x) over 100,000 terms, x used 100,000 times.
    DeZero's re-sorted list did not finish this in 120 s; the heap takes a fraction of a second."""
    state = STATES[state_name]
    n = 100_000
    x = scalar(state, 0.5)
    y = balanced_sum(state.add, [state.square(x) for _ in range(n)])
    y.backward()
    assert y.data == n * 0.25 and x.grad == n * 1.0


@pytest.mark.parametrize("state_name", GENERATIONS)
def test_functions_of_one_generation_are_never_compared(state_name):
    """The heap holds (-generation, counter, function): equal generations fall back to the counter,
    never to the functions themselves, which have no order."""
    state = STATES[state_name]
    x = scalar(state, 1.0)
    y = balanced_sum(state.add, [state.exp(x), state.tanh(x), state.sigmoid(x), state.square(x)])
    y.backward()
    expected = np.exp(1.0) + (1 - np.tanh(1.0) ** 2) + (1 / (1 + np.exp(-1.0))) * (1 - 1 / (1 + np.exp(-1.0))) + 2.0
    assert x.grad == pytest.approx(expected, rel=1e-15)


def test_a_dag_matches_pytorch():
    """x feeds four functions, two branches join twice, and a skip connection reaches the end."""
    def program(v, lib):
        a = lib.exp(v)
        b = lib.tanh(a)
        c = lib.sigmoid(lib.add(b, v))
        return lib.add(lib.add(c, lib.square(b)), lib.add(a, v))

    data = np.array([-1.5, 0.25, 0.9])
    x = dezero_core.Variable(data.copy())
    y = program(x, dezero_core)
    y.backward()
    xt = torch.tensor(data, requires_grad=True)
    yt = program(xt, torch)
    yt.backward(torch.ones_like(yt))
    np.testing.assert_allclose(y.data, yt.detach().numpy(), rtol=1e-14, atol=0)
    np.testing.assert_allclose(x.grad, xt.grad.numpy(), rtol=1e-14, atol=0)


# ---------------------------------------------------------------- Steps 17–24

def freed_by_reference_counting(state):
    """Build y = square(exp(square(x))), drop every name: is the graph gone with the collector off?"""
    gc.disable()
    try:
        x = state.Variable(np.ones(1000))
        y = state.square(state.exp(state.square(x)))
        refs = [weakref.ref(y), weakref.ref(y.creator), weakref.ref(x)]
        del x, y
        freed = all(r() is None for r in refs)
    finally:
        gc.enable()
    gc.collect()
    return freed


def test_step16_keeps_its_graph_until_the_collector_runs():
    assert not freed_by_reference_counting(STATES["step16"])


@pytest.mark.parametrize("state_name", WEAK_OUTPUTS)
def test_the_graph_is_freed_by_reference_counting_alone(state_name):
    assert freed_by_reference_counting(STATES[state_name])


@pytest.mark.parametrize("state_name", RETAINS_GRAD)
def test_retain_grad_and_no_grad(state_name):
    state = STATES[state_name]
    x0, x1 = scalar(state, 1.0), scalar(state, 1.0)
    t = state.add(x0, x1)
    y = state.add(x0, t)
    y.backward()
    assert (y.grad, t.grad, x0.grad, x1.grad) == (None, None, 2.0, 1.0)  # DeZero's Step 18 example
    x0.cleargrad(), x1.cleargrad()
    y.backward(retain_grad=True)
    assert (y.grad, t.grad, x0.grad, x1.grad) == (1.0, 1.0, 2.0, 1.0)

    with state.no_grad():
        z = state.square(state.Variable(np.ones(3)))
    assert z.creator is None and z.generation == 0 and state.Config.enable_backprop
    with pytest.raises(ZeroDivisionError), state.using_config("enable_backprop", False):
        1 / 0
    assert state.Config.enable_backprop  # restored after an exception


@pytest.mark.parametrize("state_name", MUL_OPERATORS)
def test_step20_example_with_operators(state_name):
    state = STATES[state_name]
    a, b, c = scalar(state, 3.0), scalar(state, 2.0), scalar(state, 1.0)
    y = a * b + c  # DeZero's Step 20 prints variable(7.0), 2.0, 3.0
    y.backward()
    assert (y.data, a.grad, b.grad, c.grad) == (7.0, 2.0, 3.0, 1.0)


@pytest.mark.parametrize("state_name", NAMED)
def test_a_variable_looks_like_an_array(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array([[1, 2, 3], [4, 5, 6]]), name="x")
    assert (x.name, x.shape, x.ndim, x.size, x.dtype, len(x)) == ("x", (2, 3), 2, 6, np.dtype(int), 2)
    assert repr(x) == "variable([[1 2 3]\n          [4 5 6]])"
    assert repr(state.Variable(np.array([1, 2, 3]))) == "variable([1 2 3])"
    assert repr(state.Variable(None)) == "variable(None)"


OPERATOR_CASES = {  # expression on dezero_core variables or PyTorch tensors (x, y) and on numbers/arrays
    "x + y": lambda x, y: x + y, "x * y": lambda x, y: x * y, "x - y": lambda x, y: x - y,
    "x / y": lambda x, y: x / y, "-x": lambda x, y: -x, "x ** 3": lambda x, y: x ** 3,
    "x + 2": lambda x, y: x + 2, "2 + x": lambda x, y: 2 + x, "x - 2.5": lambda x, y: x - 2.5,
    "2.5 - x": lambda x, y: 2.5 - x, "3 * x": lambda x, y: 3 * x, "x / 4": lambda x, y: x / 4,
    "4 / x": lambda x, y: 4 / x, "x ** 0.5": lambda x, y: x ** 0.5, "x ** -2": lambda x, y: x ** -2,
    "(x + 3) ** 2 * y / (1 - x)": lambda x, y: (x + 3) ** 2 * y / (1 - x),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("expression", list(OPERATOR_CASES))
@pytest.mark.parametrize("state_name", ALL_OPERATORS)
def test_operators_match_pytorch(state_name, expression, dtype):
    state, f = STATES[state_name], OPERATOR_CASES[expression]
    a, b = np.array([0.5, 2.0, 3.0], dtype=dtype), np.array([1.5, -0.25, 2.0], dtype=dtype)
    x, y = state.Variable(a.copy()), state.Variable(b.copy())
    z = f(x, y)
    z.backward()
    xt, yt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    zt = f(xt, yt)
    zt.backward(torch.ones_like(zt))
    rtol = 1e-14 if dtype == np.float64 else 1e-6
    assert z.dtype == dtype and x.grad.dtype == dtype  # Python numbers keep float32 float32, as in PyTorch
    np.testing.assert_allclose(z.data, zt.detach().numpy(), rtol=rtol)
    np.testing.assert_allclose(x.grad, xt.grad.numpy(), rtol=rtol)
    if yt.grad is not None:
        np.testing.assert_allclose(y.grad, yt.grad.numpy(), rtol=rtol)


@pytest.mark.parametrize("state_name", SCALAR_OPERANDS)
def test_numbers_and_arrays_on_either_side_give_variables(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array([1.0, 2.0]))
    for result in (np.array([3.0, 4.0]) * x, np.array([3.0, 4.0]) + x, np.float64(2.0) * x, 2 * x, x * np.array(2.0)):
        assert isinstance(result, state.Variable) and result.data.dtype == np.float64


REJECTED_OPERANDS = ["a", b"a", [1.0, 2.0], (1.0,), torch.tensor(1.0), np.array(["a"]), np.array([1j]),
                     np.array([object()]), None]


@pytest.mark.parametrize("bad", REJECTED_OPERANDS, ids=lambda b: type(b).__name__ + getattr(getattr(b, "dtype", None), "kind", ""))
@pytest.mark.parametrize("state_name", SCALAR_OPERANDS)
def test_anything_else_is_a_clear_type_error(state_name, bad):
    state = STATES[state_name]
    x = state.Variable(np.array([1.0, 2.0]))
    if bad is not None:
        with pytest.raises(TypeError, match="지원하지 않습니다"):
            state.Variable(bad)
    for operation in (lambda: x + bad, lambda: bad + x, lambda: x * bad, lambda: bad * x):
        with pytest.raises(TypeError):
            operation()
    if state_name in ALL_OPERATORS:
        for operation in (lambda: x - bad, lambda: bad - x, lambda: x / bad, lambda: bad / x):
            with pytest.raises(TypeError):
                operation()


@pytest.mark.parametrize("state_name", ALL_OPERATORS)
def test_division_and_power_follow_pytorch_where_dezero_gives_inf_or_nan(state_name):
    state = STATES[state_name]
    x0, x1 = scalar(state, 1e-300), scalar(state, 1e-200)
    (x0 / x1).backward()
    assert x1.grad == -1e100  # DeZero's -x0 / x1**2 gives -inf: x1**2 underflows to 0
    x = state.Variable(np.array([0.0, 2.0]))
    (x ** 0).backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])  # DeZero's 0 · 0⁻¹ is nan at x = 0


@pytest.mark.parametrize("state_name", [s for s in ALL_OPERATORS if hasattr(STATES[s], "goldstein")])
def test_step24_functions_at_one_one(state_name):
    state = STATES[state_name]
    expected = {"sphere": (2.0, 2.0), "matyas": (0.040000000000000036, 0.040000000000000036), "goldstein": (-5376.0, 8064.0)}
    for name, grads in expected.items():
        x, y = scalar(state, 1.0), scalar(state, 1.0)
        getattr(state, name)(x, y).backward()
        assert (x.grad, y.grad) == grads


# ---------------------------------------------------------------- Step 24 다시 보기: reused gradient arrays


def test_reusing_gradient_arrays_never_touches_an_array_someone_else_holds():
    fast = STATES["step24_fast"]
    data = np.linspace(-1.0, 1.0, 1000)
    reference = STATES["step24"]

    def graph(state):
        x = state.Variable(data.copy())
        a = state.sigmoid(x)
        b = state.tanh(a) + a  # Add hands the same gradient array to both inputs
        y = state.exp(state.square(b)) * a
        return x, a, y

    x_ref, a_ref, y_ref = graph(reference)
    y_ref.backward(retain_grad=True)
    for retain in (False, True):
        x, a, y = graph(fast)
        seed = np.full_like(data, 1.0)
        y.grad = seed  # a gradient the user set: never written in place
        y.backward(retain_grad=retain)
        np.testing.assert_array_equal(seed, 1.0)
        np.testing.assert_allclose(x.grad, x_ref.grad, rtol=1e-14)
        if retain:
            np.testing.assert_allclose(a.grad, a_ref.grad, rtol=1e-14)
            assert not np.shares_memory(a.grad, y.grad)


@pytest.mark.parametrize("state_name", ["step24", "step24_fast"])
def test_integer_arrays_and_saturated_tanh(state_name):
    """Integer data goes through every function (sigmoid gives floats), and a saturated tanh has a +0 gradient
    as in PyTorch."""
    state = STATES[state_name]
    x = state.Variable(np.array([1, 2, 3]))
    y = state.sigmoid(x)
    y.backward()
    expected = torch.sigmoid(torch.tensor([1.0, 2.0, 3.0]).double())
    np.testing.assert_allclose(y.data, expected.numpy(), rtol=1e-15)
    x = state.Variable(np.array([30.0, -30.0, 0.1]))
    state.tanh(x).backward()
    assert not np.signbit(x.grad).any()
