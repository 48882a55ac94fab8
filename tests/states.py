"""The engine's states, grouped by what each can do, so that a test runs on every state
that has the feature it tests (Step 1 has no Square; Step 7's backward is recursive on purpose)."""

import importlib

import numpy as np

import dezero_core

ORDER = dezero_core.STATES
STATES = {name: importlib.import_module(f"dezero_core.{name}") for name in ORDER}


def since(first: str) -> list[str]:
    """The states from `first` on, in book order."""
    return list(ORDER[ORDER.index(first):])


def before(first: str) -> list[str]:
    return list(ORDER[: ORDER.index(first)])


WITH_FUNCTIONS = since("step02")  # Function, Square
WITH_NUMERICAL_DIFF = since("step04")
WITH_BACKWARD = since("step06")  # Variable.grad, Function.backward
WITH_GRAPH = since("step07")  # creator, Variable.backward
RECURSIVE_BACKWARD = ["step07"]
LOOP_BACKWARD = since("step08")
SEEDS_ITSELF = since("step09_2")  # backward() starts from np.ones_like(y.data)
TYPE_CHECKING = since("step09_3")  # Variable rejects non-arrays; as_array

# The engine's elementwise functions, by class name, and the state that introduces each.
CLASSES = {"square": "Square", "exp": "Exp", "sigmoid": "Sigmoid", "tanh": "Tanh"}


def has_function(state_name: str, fn: str) -> bool:
    return hasattr(STATES[state_name], CLASSES[fn])


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
