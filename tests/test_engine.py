"""The engine in every state that can do what is tested: forward and backward against PyTorch,
and backprop against the book's own numerical check (Step 4's numerical_diff, Step 10's
gradient_check: the helpers the notebooks teach are the helpers these tests use)."""

import numpy as np
import pytest
import torch

import dezero_core
from dezero_core import gradient_check, numerical_diff
from reference import RTOL, TORCH_FUNCTIONS, torch_value_and_grad
from states import (
    CLASSES,
    LOOP_BACKWARD,
    ORDER,
    RECURSIVE_BACKWARD,
    SEEDS_ITSELF,
    STATES,
    TYPE_CHECKING,
    WITH_BACKWARD,
    WITH_FUNCTIONS,
    WITH_GRAPH,
    WITH_NUMERICAL_DIFF,
    backprop,
    backward_keeping_grads,
    before,
    has_function,
    input_of,
    output_of,
)

DTYPES = [np.float32, np.float64]
SHAPES = [(), (5,), (2, 3)]


def pairs(state_names):
    """(state, function) for every function a state has."""
    return [pytest.param(s, fn, id=f"{s}-{fn}") for s in state_names for fn in TORCH_FUNCTIONS if has_function(s, fn)]


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return np.asarray(rng.uniform(-2.0, 2.0, size=shape), dtype=dtype)


# ---------------------------------------------------------------- forward and backward


@pytest.mark.parametrize("state_name, fn", pairs(WITH_FUNCTIONS))
def test_forward_matches_numpy_and_pytorch(state_name, fn):
    state = STATES[state_name]
    data = sample((4,), np.float64, seed=2)
    expected = {"square": data**2, "exp": np.exp(data), "sigmoid": 1 / (1 + np.exp(-data)), "tanh": np.tanh(data)}
    y = getattr(state, CLASSES[fn])()(state.Variable(data))
    np.testing.assert_allclose(y.data, expected[fn], rtol=1e-14, atol=0)
    np.testing.assert_allclose(y.data, torch_value_and_grad([fn], data)[0], rtol=1e-12, atol=0)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name, fn", pairs(WITH_BACKWARD))
def test_forward_and_backward_match_pytorch(state_name, fn, dtype, shape):
    state = STATES[state_name]
    data = sample(shape, dtype)
    x = state.Variable(data)
    y = backprop(state_name, [fn], x)

    y_ref, grad_ref = torch_value_and_grad([fn], data)
    rtol = RTOL[np.dtype(dtype)]
    assert y.data.dtype == dtype and y.data.shape == shape
    np.testing.assert_allclose(y.data, y_ref, rtol=rtol, atol=0)
    assert x.grad.dtype == dtype and np.shape(x.grad) == shape
    np.testing.assert_allclose(x.grad, grad_ref, rtol=rtol, atol=0)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name, fn", pairs(WITH_BACKWARD))
def test_backward_matches_numerical_diff(state_name, fn, dtype, shape):
    """Backprop against Step 4's numerical_diff, evaluated in float64 as Step 10's gradient_check
    does; from 9.2 on (backward() seeds itself) through gradient_check itself."""
    state = STATES[state_name]
    x = state.Variable(sample(shape, dtype, seed=1))
    f = lambda v: getattr(state, CLASSES[fn])()(v)  # noqa: E731
    rtol, atol = (1e-6, 1e-9) if dtype == np.float64 else (1e-4, 1e-6)
    if state_name in SEEDS_ITSELF:  # the state's own gradient_check from Step 10 on: its Variable, its functions
        assert getattr(state, "gradient_check", gradient_check)(f, x, rtol=rtol, atol=atol)
    else:
        backprop(state_name, [fn], x)
        num_grad = state.numerical_diff(f, state.Variable(x.data.astype(np.float64)))
        np.testing.assert_allclose(x.grad, num_grad, rtol=rtol, atol=atol)


# ---------------------------------------------------------------- the fixed points


@pytest.mark.parametrize("state_name", WITH_BACKWARD)
def test_seed_example_square_exp_square(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(0.5))
    backprop(state_name, ["square", "exp", "square"], x)
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-15)
    _, grad_ref = torch_value_and_grad(["square", "exp", "square"], np.array(0.5))
    np.testing.assert_allclose(x.grad, grad_ref, rtol=1e-14)


@pytest.mark.parametrize("state_name", [s for s in ORDER if has_function(s, "sigmoid")])
def test_seed_example_sigmoid_of_tanh(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(1.0))
    backprop(state_name, ["tanh", "sigmoid"], x)
    assert x.grad == pytest.approx(0.09112821805819912, rel=1e-15)
    _, grad_ref = torch_value_and_grad(["tanh", "sigmoid"], np.array(1.0))
    np.testing.assert_allclose(x.grad, grad_ref, rtol=1e-14)


@pytest.mark.parametrize("state_name", WITH_NUMERICAL_DIFF)
def test_numerical_diff_gives_dezeros_own_step4_values(state_name):
    state = STATES[state_name]
    square_at_2 = state.numerical_diff(lambda v: state.Square()(v), state.Variable(np.array(2.0)))
    assert square_at_2 == pytest.approx(4.000000000004, rel=1e-15)
    composite = state.numerical_diff(lambda v: state.Square()(state.Exp()(state.Square()(v))), state.Variable(np.array(0.5)))
    assert composite == pytest.approx(3.2974426293330694, rel=1e-15)
    assert isinstance(composite, (np.ndarray, np.floating))


def test_step3_composition_value():
    state = STATES["step03"]
    y = state.Square()(state.Exp()(state.Square()(state.Variable(np.array(0.5)))))
    assert y.data == pytest.approx(1.648721270700128, rel=1e-15)


# ---------------------------------------------------------------- gradient_check itself


class _WrongSquare(dezero_core.Square):
    def backward(self, gy):
        return gy * self.xs[0]  # forgets the 2 of 2x


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_gradient_check_accepts_right_and_rejects_wrong_backward(dtype):
    data = sample((6,), dtype, seed=4)
    for fn in CLASSES:
        assert gradient_check(getattr(dezero_core, fn), dezero_core.Variable(data))
    assert not gradient_check(lambda v: _WrongSquare()(v), dezero_core.Variable(data))


def test_gradient_check_needs_float64_differences_for_float32():
    """Evaluated in float32, the central difference alone is off by about 1e-3 (Step 10)."""
    x = dezero_core.Variable(np.array([0.1, 0.5, 1.0], dtype=np.float32))
    assert gradient_check(dezero_core.sigmoid, x)
    in_float32 = numerical_diff(dezero_core.sigmoid, x)
    assert not np.allclose(x.grad, in_float32, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name", WITH_GRAPH)
def test_every_grad_keeps_the_dtype_of_its_data(state_name, dtype):
    state = STATES[state_name]
    names = [n for n in ("square", "exp", "sigmoid", "tanh", "square") if has_function(state_name, n)]
    x = state.Variable(sample((3,), dtype, seed=3) / 4)
    variables, y = [x], x
    for name in names:
        y = getattr(state, CLASSES[name])()(y)
        variables.append(y)
    if state_name not in SEEDS_ITSELF:
        y.grad = np.ones_like(y.data)
    backward_keeping_grads(state_name, y)
    for v in variables:
        assert v.data.dtype == dtype
        assert v.grad.dtype == dtype


# ---------------------------------------------------------------- Variable, Function, as_array

REJECTED = [1, 1.0, [1.0, 2.0], "1.0", True, np.float64(1.0), np.float32(1.0), torch.tensor(1.0)]


def test_step1_variable_is_a_box():
    Variable = STATES["step01"].Variable
    x = Variable(np.array(1.0))
    assert x.data == 1.0
    x.data = np.array(2.0)
    assert x.data == 2.0


@pytest.mark.parametrize("data", REJECTED, ids=lambda d: type(d).__name__)
@pytest.mark.parametrize("state_name", TYPE_CHECKING)
def test_variable_rejects_anything_but_ndarray(state_name, data):
    with pytest.raises(TypeError) as info:
        STATES[state_name].Variable(data)
    assert str(info.value) == f"{type(data)}은(는) 지원하지 않습니다."


@pytest.mark.parametrize("state_name", TYPE_CHECKING)
def test_variable_accepts_ndarray_and_none(state_name):
    Variable = STATES[state_name].Variable
    for data in (np.array(1.0), np.zeros((2, 3), dtype=np.float32), np.arange(3)):
        v = Variable(data)
        assert v.data is data and v.grad is None and v.creator is None
    assert Variable(None).data is None


@pytest.mark.parametrize("state_name", before("step09_3"))
def test_variable_checks_types_only_from_9_3(state_name):
    assert STATES[state_name].Variable(1.0).data == 1.0


@pytest.mark.parametrize("state_name", TYPE_CHECKING)
def test_as_array(state_name):
    as_array = STATES[state_name].as_array
    for scalar, dtype in [(np.float64(1.5), np.float64), (np.float32(1.5), np.float32), (1.5, np.float64)]:
        out = as_array(scalar)
        assert isinstance(out, np.ndarray) and out.ndim == 0 and out.dtype == dtype and out == 1.5
    array = np.array([1.0, 2.0])
    assert as_array(array) is array
    zero_d = np.array(2.0)
    assert as_array(zero_d) is zero_d
    # the reason for as_array: arithmetic on a 0-d array returns a numpy scalar
    assert not isinstance(zero_d**2, np.ndarray)
    if has_function(state_name, "square"):
        assert isinstance(STATES[state_name].Square()(STATES[state_name].Variable(zero_d)).data, np.ndarray)


@pytest.mark.parametrize("state_name", WITH_FUNCTIONS)
def test_function_base_class_is_abstract(state_name):
    state = STATES[state_name]
    with pytest.raises(NotImplementedError):
        state.Function().forward(np.array(1.0))
    with pytest.raises(NotImplementedError):
        state.Function()(state.Variable(np.array(1.0)))
    if state_name in WITH_BACKWARD:
        with pytest.raises(NotImplementedError):
            state.Function().backward(np.array(1.0))


@pytest.mark.parametrize("state_name", WITH_BACKWARD)
def test_calling_a_function_keeps_its_input_and_links_the_graph(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(2.0))
    f = state.Square()
    y = f(x)
    assert input_of(f) is x and y.data == 4.0
    if state_name in WITH_GRAPH:
        assert y.creator is f and output_of(f) is y and x.creator is None


# ---------------------------------------------------------------- backward edge cases


@pytest.mark.parametrize("state_name", WITH_GRAPH)
def test_backward_on_a_leaf_does_not_crash(state_name):
    x = STATES[state_name].Variable(np.array([3.0, 4.0], dtype=np.float32))
    x.backward()
    if state_name in SEEDS_ITSELF:
        np.testing.assert_array_equal(x.grad, np.ones(2, dtype=np.float32))
        assert x.grad.dtype == np.float32
    else:
        assert x.grad is None  # no starting gradient before 9.2: nothing to do


@pytest.mark.parametrize("state_name", [s for s in LOOP_BACKWARD if has_function(s, "tanh")])
def test_chain_of_100000_functions_backpropagates(state_name):
    state = STATES[state_name]
    n = 100_000
    x = state.Variable(np.array(0.5))
    y = x
    for _ in range(n):
        y = state.Tanh()(y)
    y.backward()  # a recursive backward would hit RecursionError long before this

    # d/dx tanh∘…∘tanh(x) = ∏ (1 - tᵢ²), computed directly
    t, expected = 0.5, 1.0
    for _ in range(n):
        t = np.tanh(t)
        expected *= 1 - t * t
    assert x.grad == pytest.approx(expected, rel=1e-9)
    assert 1e-9 < expected < 1e-6  # not a trivially vanished gradient


def _deep_square_chain(state_name, n):
    state = STATES[state_name]
    x = state.Variable(np.array(1.0))
    y = x
    for _ in range(n):
        y = state.Square()(y)  # 1² = 1 all the way along the chain
    if state_name not in SEEDS_ITSELF:
        y.grad = np.ones_like(y.data)
    return x, y


@pytest.mark.parametrize("state_name", LOOP_BACKWARD)
def test_backward_is_a_loop_from_step8_on(state_name):
    x, y = _deep_square_chain(state_name, 100_000)
    with np.errstate(over="ignore"):
        y.backward()  # no RecursionError
    assert y.data == 1.0
    assert x.grad == np.inf  # d/dx of x^(2^100000) at 1 is 2^100000: more than float64 holds


@pytest.mark.parametrize("state_name", RECURSIVE_BACKWARD)
def test_step7_backward_is_recursive_on_purpose(state_name):
    x, y = _deep_square_chain(state_name, 100)
    y.backward()  # shallow chains work
    assert x.grad == 2.0**100
    x, y = _deep_square_chain(state_name, 100_000)
    with pytest.raises(RecursionError), np.errstate(over="ignore"):
        y.backward()
