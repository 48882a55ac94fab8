"""Step 3: 함수 연결"""

# Generated from the `export` cells of steps/step03.ipynb; do not edit by hand.
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
