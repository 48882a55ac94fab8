"""제2고지 (Steps 11–16) in every state that has the feature: functions of several inputs, a
variable used more than once, and backward in generation order on any DAG. Each step's own
limit is tested too (Step 13 overwrites, Step 14 walks a DAG in the wrong order), because the
pages show those limits by running them."""

import numpy as np
import pytest
import torch

import dezero_core
from states import ACCUMULATES, GENERATIONS, MULTI_BACKWARD, SEPARATE_ARGUMENTS, STATES, VARIADIC


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
    assert list(f.inputs) == [x0, x1] and f.outputs == [y] and y.creator is f


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
    y.backward()
    np.testing.assert_array_equal(y.grad, [1.0, 1.0])
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def diamond(state):
    """Step 16's example: a = x², y = a² + a² at x = 2."""
    x = scalar(state, 2.0)
    a = state.square(x)
    y = state.add(state.square(a), state.square(a))
    y.backward()
    return x, a, y


def test_step14_walks_a_diamond_in_the_wrong_order():
    x, _, y = diamond(STATES["step14"])
    assert y.data == 32.0 and x.grad == 96.0  # a's creator ran before a had both gradients


@pytest.mark.parametrize("state_name", GENERATIONS)
def test_generations_give_the_right_gradient_on_a_diamond(state_name):
    x, a, y = diamond(STATES[state_name])
    assert (y.data, x.grad, a.grad) == (32.0, 64.0, 16.0)
    assert (x.generation, a.generation, y.generation) == (0, 1, 3)
    assert a.creator.generation == 0 and y.creator.generation == 2


def balanced_sum(state, terms):
    while len(terms) > 1:
        pairs = [state.add(terms[i], terms[i + 1]) for i in range(0, len(terms) - 1, 2)]
        terms = pairs + ([terms[-1]] if len(terms) % 2 else [])
    return terms[0]


@pytest.mark.parametrize("state_name", GENERATIONS)
def test_a_wide_tree_of_100000_terms(state_name):
    """The benchmark's tree: the sum of square(x) over 100,000 terms, x used 100,000 times.
    DeZero's re-sorted list did not finish this in 120 s; the heap takes a fraction of a second."""
    state = STATES[state_name]
    n = 100_000
    x = scalar(state, 0.5)
    y = balanced_sum(state, [state.square(x) for _ in range(n)])
    y.backward()
    assert y.data == n * 0.25 and x.grad == n * 1.0


@pytest.mark.parametrize("state_name", GENERATIONS)
def test_functions_of_one_generation_are_never_compared(state_name):
    """The heap holds (-generation, counter, function): equal generations fall back to the counter,
    never to the functions themselves, which have no order."""
    state = STATES[state_name]
    x = scalar(state, 1.0)
    y = balanced_sum(state, [state.exp(x), state.tanh(x), state.sigmoid(x), state.square(x)])
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
