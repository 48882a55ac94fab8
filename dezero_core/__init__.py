"""dezero_core: 『밑바닥부터 시작하는 딥러닝 3』의 DeZero를 따라 만든 자동 미분 엔진.

``from dezero_core import Variable, square, ...`` gives the code of the latest step.
The state after every section stays importable under its own name (see ``STATES``),
for example ``dezero_core.step09_1``. Each of those modules is generated from the
notebook of the same name in ``steps/`` by ``tools/export_steps.py``.
"""

from dezero_core.step09_stable import (
    Exp,
    Function,
    Sigmoid,
    Square,
    Tanh,
    Variable,
    as_array,
    exp,
    sigmoid,
    square,
    tanh,
)

#: The importable states, in the order of the book: ``dezero_core.<name>``.
STATES = ("step09_1", "step09_2", "step09_3", "step09", "step09_stable")

__all__ = [
    "Variable",
    "Function",
    "as_array",
    "Square",
    "Exp",
    "Sigmoid",
    "Tanh",
    "square",
    "exp",
    "sigmoid",
    "tanh",
]
