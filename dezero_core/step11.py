"""Step 11: 가변 길이 인수(순전파 편)"""

# Generated from the `export` cells of steps/step11.ipynb; do not edit by hand.
# Change the notebook, then run `make export`.

import numpy as np


def as_array(x) -> np.ndarray:
    """넘파이 스칼라(np.float64 등)를 0차원 ndarray로 바꾼다. ndarray는 그대로 돌려준다."""
    if isinstance(x, np.ndarray):  # 가장 흔한 경우를 먼저: np.isscalar는 배열에서 느리다
        return x
    if np.isscalar(x):
        return np.array(x)
    return x


class Variable:
    """값(data)과 기울기(grad)를 담고, 자신을 만든 함수(creator)를 기억하는 변수."""

    def __init__(self, data: np.ndarray) -> None:
        if data is not None and not isinstance(data, np.ndarray):
            raise TypeError(f"{type(data)}은(는) 지원하지 않습니다.")
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
    """모든 함수의 기반 클래스. 입력 변수의 리스트를 받아 출력 변수의 리스트를 돌려준다."""

    def __call__(self, inputs: list[Variable]) -> list[Variable]:
        xs = [x.data for x in inputs]  # 입력 변수마다 데이터를 꺼낸다
        ys = self.forward(xs)
        outputs = [Variable(as_array(y)) for y in ys]  # 출력 데이터마다 변수에 담는다

        for output in outputs:
            output.set_creator(self)  # 출력 변수마다 자신을 만든 함수를 기억한다
        self.inputs = inputs
        self.outputs = outputs
        return outputs

    def forward(self, xs: list[np.ndarray]) -> tuple[np.ndarray, ...]:
        """순전파: 입력 데이터의 리스트를 받아 출력 데이터의 튜플을 돌려준다."""
        raise NotImplementedError()

    def backward(self, gys):
        """역전파: 입력과 출력이 여럿인 경우는 Step 13에서 정한다."""
        raise NotImplementedError()


class Add(Function):
    """y = x0 + x1"""

    def forward(self, xs: list[np.ndarray]) -> tuple[np.ndarray]:
        x0, x1 = xs
        y = x0 + x1
        return (y,)  # 출력이 하나여도 튜플로 돌려준다


def numerical_diff(f, x: Variable, eps: float = 1e-4) -> np.ndarray:
    """중앙 차분으로 f의 x에서의 미분을 어림한다: (f(x + eps) - f(x - eps)) / 2eps"""
    x0 = Variable(np.array(x.data - eps))  # 0차원 배열 - eps는 넘파이 스칼라가 되므로 다시 배열로
    x1 = Variable(np.array(x.data + eps))
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)
