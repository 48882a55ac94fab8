"""Step 4: 수치 미분"""

# Generated from the `export` cells of steps/step04.ipynb; do not edit by hand.
# Change the notebook, then run `make export`.

import numpy as np


class Variable:
    """값(data)을 담는 상자."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data


class Function:
    """모든 함수의 기반 클래스. 변수를 받아 새 변수를 돌려준다."""

    def __call__(self, input: Variable) -> Variable:
        x = input.data  # 상자에서 데이터를 꺼낸다
        y = self.forward(x)  # 구체적인 계산은 forward가 한다
        output = Variable(y)  # 결과를 다시 상자에 담는다
        return output

    def forward(self, x: np.ndarray) -> np.ndarray:
        """순전파: 구체적인 계산은 자식 클래스가 맡는다."""
        raise NotImplementedError()


class Square(Function):
    """y = x²"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x ** 2


class Exp(Function):
    """y = eˣ"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)


def numerical_diff(f, x: Variable, eps: float = 1e-4) -> np.ndarray:
    """중앙 차분으로 f의 x에서의 미분을 어림한다: (f(x + eps) - f(x - eps)) / 2eps"""
    x0 = Variable(np.array(x.data - eps))  # 0차원 배열 - eps는 넘파이 스칼라가 되므로 다시 배열로
    x1 = Variable(np.array(x.data + eps))
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)
