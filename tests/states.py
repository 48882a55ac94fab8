"""The engine's states, grouped by what each can do, so that a test runs on every state
that has the feature it tests (Step 1 has no Square; Step 7's backward is recursive on purpose)."""

import importlib
import weakref

import numpy as np

import dezero_core


def before(first: str) -> list[str]:
    return list(dezero_core.STATES[: dezero_core.STATES.index(first)])


ORDER = dezero_core.STATES
STATES = {name: importlib.import_module(f"dezero_core.{name}") for name in ORDER}


# Steps 11 and 12 change how a function is called (a list of inputs, then separate arguments) and
# have only Add, without a backward: the functions and backward return in Step 13.
ADD_ONLY = ["step11", "step12"]


def since(first: str) -> list[str]:
    """The states from `first` on, in book order."""
    return list(ORDER[ORDER.index(first):])


def having_functions(names: list[str]) -> list[str]:
    return [name for name in names if name not in ADD_ONLY]




WITH_FUNCTIONS = having_functions(since("step02"))  # Function, Square
WITH_NUMERICAL_DIFF = having_functions(since("step04"))
WITH_BACKWARD = having_functions(since("step06"))  # Variable.grad, Function.backward
WITH_GRAPH = having_functions(since("step07"))  # creator, Variable.backward
RECURSIVE_BACKWARD = ["step07"]
LOOP_BACKWARD = having_functions(since("step08"))
SEEDS_ITSELF = since("step09_2")  # backward() starts from np.ones_like(y.data)
TYPE_CHECKING = since("step09_3")  # Variable rejects non-arrays; as_array

# 제2고지
VARIADIC = since("step11")  # .inputs and .outputs
SEPARATE_ARGUMENTS = since("step12")  # f(x0, x1); one output comes back as a Variable
MULTI_BACKWARD = since("step13")  # backward over functions of several inputs
ACCUMULATES = since("step14")  # a variable used twice gets the sum of its gradients; cleargrad()
GENERATIONS = since("step16")  # backward in generation order: right on any DAG
WEAK_OUTPUTS = since("step17")  # Function.outputs are weak references: no cycles
RETAINS_GRAD = since("step18")  # backward(retain_grad=False) drops intermediate grads; Config, no_grad
NAMED = since("step19")  # name, shape, ndim, size, dtype, len(), repr
MUL_OPERATORS = since("step20")  # Mul; + and * between Variables
SCALAR_OPERANDS = since("step21")  # numbers and ndarrays on either side of + and *; as_variable
ALL_OPERATORS = since("step22")  # - (both), /, **, unary -

# The engine's elementwise functions, by class name, and the state that introduces each.
CLASSES = {"square": "Square", "exp": "Exp", "sigmoid": "Sigmoid", "tanh": "Tanh"}


def has_function(state_name: str, fn: str) -> bool:
    return hasattr(STATES[state_name], CLASSES[fn])


def input_of(f):
    """The (first) input variable of a function, in either stage's attributes."""
    return f.inputs[0] if hasattr(f, "inputs") else f.input


def outputs_of(f) -> list:
    """A function's output variables (weak references from Step 17 on)."""
    return [o() if isinstance(o, weakref.ref) else o for o in f.outputs]


def output_of(f):
    return outputs_of(f)[0] if hasattr(f, "outputs") else f.output


def backward_keeping_grads(state_name: str, y) -> None:
    """y.backward() that keeps every intermediate grad: Step 18 drops them unless asked."""
    if state_name in RETAINS_GRAD:
        y.backward(retain_grad=True)
    else:
        y.backward()


def backprop(state_name: str, fns: list[str], x):
    """Apply the functions named in `fns` to the variable x, then fill every grad backwards,
    the way the state can: by hand through Function.backward (Step 6), or with y.backward(),
    after setting the starting gradient where the state does not set it itself (before 9.2).
    Returns the output variable."""
    state = STATES[state_name]
    functions, inputs, y = [], [], x
    for fn in fns:
        f = getattr(state, CLASSES[fn])()
        inputs.append(y)
        y = f(y)
        functions.append(f)
    y.grad = None if state_name in SEEDS_ITSELF else np.ones_like(y.data)
    if state_name in WITH_GRAPH:
        y.backward()
    else:  # Step 6: call each function's backward in reverse order, by hand
        gy = y.grad
        for f, inp in zip(reversed(functions), reversed(inputs)):
            inp.grad = f.backward(gy)
            gy = inp.grad
    return y
