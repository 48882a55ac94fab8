"""9.2 backward 메서드 간소화"""

# Generated from the `export` cells of steps/step09_2.ipynb; do not edit by hand.
# Change the notebook, then run `make export`.

import numpy as np


class Variable:
    """값(data)과 기울기(grad)를 담고, 자신을 만든 함수(creator)를 기억하는 변수."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data
        self.grad = None  # 기울기: backward()가 채운다
        self.creator = None  # 이 변수를 만든 함수

    def set_creator(self, func: "Function") -> None:
        self.creator = func

    def backward(self) -> None:
        """creator를 거꾸로 따라가며 입력 쪽 변수들의 grad를 채운다 (재귀 대신 반복문)."""
        if self.grad is None:
            self.grad = np.ones_like(self.data)  # dy/dy = 1 (모양과 dtype은 data와 같게)

        funcs = [self.creator] if self.creator is not None else []  # 말단 변수면 할 일이 없다
        while funcs:
            f = funcs.pop()  # 1. 함수를 가져온다
            x, y = f.input, f.output  # 2. 함수의 입력과 출력을 가져온다
            x.grad = f.backward(y.grad)  # 3. 역전파를 계산한다
            if x.creator is not None:
                funcs.append(x.creator)  # 하나 앞의 함수를 목록에 추가한다


class Function:
    """모든 함수의 기반 클래스. 호출할 때마다 계산 그래프에 자신을 연결한다."""

    def __call__(self, input: Variable) -> Variable:
        x = input.data
        y = self.forward(x)
        output = Variable(y)
        output.set_creator(self)  # 출력 변수가 자신을 만든 함수를 기억한다
        self.input = input  # 역전파 때 쓰려고 입력을 보관한다
        self.output = output  # 출력도 보관한다
        return output

    def forward(self, x: np.ndarray) -> np.ndarray:
        """순전파: 구체적인 계산은 자식 클래스가 맡는다."""
        raise NotImplementedError()

    def backward(self, gy: np.ndarray) -> np.ndarray:
        """역전파: 출력 쪽 기울기 gy를 받아 입력 쪽 기울기 gx를 돌려준다."""
        raise NotImplementedError()

class Square(Function):
    """y = x²"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x ** 2

    def backward(self, gy: np.ndarray) -> np.ndarray:
        x = self.input.data
        gx = 2 * x * gy
        return gx


class Exp(Function):
    """y = eˣ"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def backward(self, gy: np.ndarray) -> np.ndarray:
        x = self.input.data
        gx = np.exp(x) * gy
        return gx

def square(x: Variable) -> Variable:
    """Square()를 만들고 바로 호출한다: y = x²"""
    f = Square()
    return f(x)


def exp(x: Variable) -> Variable:
    """Exp()를 만들고 바로 호출한다: y = eˣ"""
    f = Exp()
    return f(x)


def numerical_diff(f, x: Variable, eps: float = 1e-4) -> np.ndarray:
    """중앙 차분으로 f의 x에서의 미분을 어림한다: (f(x + eps) - f(x - eps)) / 2eps"""
    x0 = Variable(np.array(x.data - eps))  # 0차원 배열 - eps는 넘파이 스칼라가 되므로 다시 배열로
    x1 = Variable(np.array(x.data + eps))
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)
