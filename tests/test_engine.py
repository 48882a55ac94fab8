"""The engine in every state: forward and backward against PyTorch and numerical differentiation."""

import importlib

import numpy as np
import pytest
import torch

import dezero_core
from reference import RTOL, TORCH_FUNCTIONS, central_difference, torch_value_and_grad

STATES = {name: importlib.import_module(f"dezero_core.{name}") for name in dezero_core.STATES}
# A state with `square` before 9.2 needs the starting gradient set by hand.
NEEDS_SEED_GRAD = {"step09_1"}
DTYPES = [np.float32, np.float64]
SHAPES = [(), (5,), (2, 3)]


def run_backward(state_name, y):
    if state_name in NEEDS_SEED_GRAD:
        y.grad = np.ones_like(y.data)
    y.backward()


def _state_function_pairs():
    for state_name, state in STATES.items():
        for fn in TORCH_FUNCTIONS:
            if hasattr(state, fn):
                yield pytest.param(state_name, fn, id=f"{state_name}-{fn}")


STATE_FUNCTION_PAIRS = list(_state_function_pairs())


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return np.asarray(rng.uniform(-2.0, 2.0, size=shape), dtype=dtype)


# ---------------------------------------------------------------- forward and backward


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name, fn", STATE_FUNCTION_PAIRS)
def test_forward_and_backward_match_pytorch(state_name, fn, dtype, shape):
    state = STATES[state_name]
    data = sample(shape, dtype)
    x = state.Variable(data)
    y = getattr(state, fn)(x)
    run_backward(state_name, y)

    y_ref, grad_ref = torch_value_and_grad([fn], data)
    rtol = RTOL[np.dtype(dtype)]
    assert isinstance(y.data, np.ndarray) or state_name in ("step09_1", "step09_2")
    assert y.data.dtype == dtype and y.data.shape == shape
    np.testing.assert_allclose(y.data, y_ref, rtol=rtol, atol=0)
    assert x.grad.dtype == dtype and np.shape(x.grad) == shape
    np.testing.assert_allclose(x.grad, grad_ref, rtol=rtol, atol=0)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name, fn", STATE_FUNCTION_PAIRS)
def test_backward_matches_central_difference(state_name, fn, dtype, shape):
    state = STATES[state_name]
    data = sample(shape, dtype, seed=1)
    x = state.Variable(data)
    run_backward(state_name, getattr(state, fn)(x))

    def forward64(values):  # the engine's own forward, in float64
        return getattr(state, fn)(state.Variable(np.asarray(values))).data

    numerical = central_difference(forward64, data)
    rtol = 1e-6 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(x.grad, numerical, rtol=rtol, atol=1e-9)


@pytest.mark.parametrize("state_name", list(STATES))
def test_forward_matches_numpy(state_name):
    state = STATES[state_name]
    data = sample((4,), np.float64, seed=2)
    expected = {
        "square": data**2,
        "exp": np.exp(data),
        "sigmoid": 1 / (1 + np.exp(-data)),
        "tanh": np.tanh(data),
    }
    for fn, value in expected.items():
        if hasattr(state, fn):
            got = getattr(state, fn)(state.Variable(data)).data
            np.testing.assert_allclose(got, value, rtol=1e-14, atol=0, err_msg=fn)


# ---------------------------------------------------------------- the seed's numbers


@pytest.mark.parametrize("state_name", list(STATES))
def test_seed_example_square_exp_square(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(0.5))
    y = state.square(state.exp(state.square(x)))
    run_backward(state_name, y)
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-15)
    _, grad_ref = torch_value_and_grad(["square", "exp", "square"], np.array(0.5))
    np.testing.assert_allclose(x.grad, grad_ref, rtol=1e-14)


@pytest.mark.parametrize("state_name", [n for n, s in STATES.items() if hasattr(s, "sigmoid")])
def test_seed_example_sigmoid_of_tanh(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(1.0))
    state.sigmoid(state.tanh(x)).backward()
    assert x.grad == pytest.approx(0.09112821805819912, rel=1e-15)
    _, grad_ref = torch_value_and_grad(["tanh", "sigmoid"], np.array(1.0))
    np.testing.assert_allclose(x.grad, grad_ref, rtol=1e-14)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("state_name", list(STATES))
def test_every_grad_keeps_the_dtype_of_its_data(state_name, dtype):
    state = STATES[state_name]
    names = [n for n in ("square", "exp", "sigmoid", "tanh", "square") if hasattr(state, n)]
    x = state.Variable(sample((3,), dtype, seed=3) / 4)
    variables = [x]
    for name in names:
        variables.append(getattr(state, name)(variables[-1]))
    run_backward(state_name, variables[-1])
    for v in variables:
        assert v.data.dtype == dtype
        assert v.grad.dtype == dtype


# ---------------------------------------------------------------- Variable, Function, as_array

TYPE_CHECKING_STATES = [n for n in STATES if n not in ("step09_1", "step09_2")]
REJECTED = [1, 1.0, [1.0, 2.0], "1.0", True, np.float64(1.0), np.float32(1.0), torch.tensor(1.0)]


@pytest.mark.parametrize("data", REJECTED, ids=lambda d: type(d).__name__)
@pytest.mark.parametrize("state_name", TYPE_CHECKING_STATES)
def test_variable_rejects_anything_but_ndarray(state_name, data):
    with pytest.raises(TypeError) as info:
        STATES[state_name].Variable(data)
    assert str(info.value) == f"{type(data)}은(는) 지원하지 않습니다."


@pytest.mark.parametrize("state_name", TYPE_CHECKING_STATES)
def test_variable_accepts_ndarray_and_none(state_name):
    Variable = STATES[state_name].Variable
    for data in (np.array(1.0), np.zeros((2, 3), dtype=np.float32), np.arange(3)):
        v = Variable(data)
        assert v.data is data and v.grad is None and v.creator is None
    assert Variable(None).data is None


@pytest.mark.parametrize("state_name", ["step09_1", "step09_2"])
def test_variable_checks_types_only_from_9_3(state_name):
    assert STATES[state_name].Variable(1.0).data == 1.0


@pytest.mark.parametrize("state_name", TYPE_CHECKING_STATES)
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
    assert isinstance(STATES[state_name].square(STATES[state_name].Variable(zero_d)).data, np.ndarray)


@pytest.mark.parametrize("state_name", list(STATES))
def test_function_base_class_is_abstract(state_name):
    Function = STATES[state_name].Function
    with pytest.raises(NotImplementedError):
        Function().forward(np.array(1.0))
    with pytest.raises(NotImplementedError):
        Function().backward(np.array(1.0))
    with pytest.raises(NotImplementedError):
        Function()(STATES[state_name].Variable(np.array(1.0)))


@pytest.mark.parametrize("state_name", list(STATES))
def test_calling_a_function_links_the_graph(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(2.0))
    f = state.Square()
    y = f(x)
    assert y.creator is f and f.input is x and f.output is y
    assert x.creator is None
    assert y.data == 4.0


# ---------------------------------------------------------------- backward edge cases


@pytest.mark.parametrize("state_name", list(STATES))
def test_backward_on_a_leaf_does_not_crash(state_name):
    x = STATES[state_name].Variable(np.array([3.0, 4.0], dtype=np.float32))
    x.backward()
    if state_name in NEEDS_SEED_GRAD:
        assert x.grad is None  # 9.1 has no starting gradient yet: nothing to do
    else:
        np.testing.assert_array_equal(x.grad, np.ones(2, dtype=np.float32))
        assert x.grad.dtype == np.float32


@pytest.mark.parametrize("state_name", [n for n, s in STATES.items() if hasattr(s, "tanh")])
def test_chain_of_100000_functions_backpropagates(state_name):
    state = STATES[state_name]
    n = 100_000
    x = state.Variable(np.array(0.5))
    y = x
    for _ in range(n):
        y = state.tanh(y)
    y.backward()  # a recursive backward would hit RecursionError long before this

    # d/dx tanh∘…∘tanh(x) = ∏ (1 - tᵢ²), computed directly
    t, expected = 0.5, 1.0
    for _ in range(n):
        t = np.tanh(t)
        expected *= 1 - t * t
    assert x.grad == pytest.approx(expected, rel=1e-9)
    assert 1e-9 < expected < 1e-6  # not a trivially vanished gradient


@pytest.mark.parametrize("state_name", list(STATES))
def test_backward_is_a_loop_in_every_state(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(1.0))
    y = x
    for _ in range(100_000):
        y = state.square(y)  # 1² = 1 all the way along the chain
    with np.errstate(over="ignore"):
        run_backward(state_name, y)  # no RecursionError
    assert y.data == 1.0
    assert x.grad == np.inf  # d/dx of x^(2^100000) at 1 is 2^100000: more than float64 holds
