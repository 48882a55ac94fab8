"""dezero_core: 『밑바닥부터 시작하는 딥러닝 3』의 DeZero를 따라 만든 자동 미분 엔진.

``from dezero_core import Variable, square, ...`` gives the code of the latest step.
The state after every step stays importable under its own name (see ``STATES``),
for example ``dezero_core.step01`` or ``dezero_core.step09_1``. Each of those modules is
generated from the notebook of the same name in ``steps/`` by ``tools/export_steps.py``.
"""

from dezero_core.step16 import (
    Add,
    Exp,
    Function,
    Sigmoid,
    Square,
    Tanh,
    Variable,
    add,
    as_array,
    exp,
    gradient_check,
    numerical_diff,
    sigmoid,
    square,
    tanh,
)

#: The importable states, in the order of the book: ``dezero_core.<name>``.
#: Steps 5 and 15 teach theory only and add no code, so they have no state.
STATES = (
    "step01",
    "step02",
    "step03",
    "step04",
    "step06",
    "step07",
    "step08",
    "step09_1",
    "step09_2",
    "step09_3",
    "step09",
    "step09_stable",
    "step10",
    "step11",
    "step12",
    "step13",
    "step14",
    "step16",
)

__all__ = [
    "Variable",
    "Function",
    "as_array",
    "Square",
    "Exp",
    "Sigmoid",
    "Tanh",
    "Add",
    "square",
    "exp",
    "sigmoid",
    "tanh",
    "add",
    "numerical_diff",
    "gradient_check",
]
