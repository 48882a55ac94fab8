"""Step 23: 패키지로 정리"""

# Generated from the `export` cells of steps/step23.ipynb; do not edit by hand.
# Change the notebook, then run `make export`.

import contextlib
import heapq
import weakref

import numpy as np


class Config:
    """엔진 전체의 설정. enable_backprop이 False이면 계산 그래프를 만들지 않는다."""

    enable_backprop = True


@contextlib.contextmanager
def using_config(name: str, value):
    """with 블록 안에서만 Config의 설정 name을 value로 바꾸고, 블록을 나가면 (예외가 나도) 되돌린다."""
    old_value = getattr(Config, name)
    setattr(Config, name, value)
    try:
        yield
    finally:
        setattr(Config, name, old_value)


def no_grad():
    """with no_grad(): 블록 안의 계산은 역전파를 위한 그래프를 만들지 않는다."""
    return using_config("enable_backprop", False)


def as_variable(obj) -> "Variable":
    """Variable이면 그대로, 아니면 Variable에 담는다: Function이 넘파이 배열도 입력으로 받게 한다."""
    if isinstance(obj, Variable):
        return obj
    if obj is None:  # Variable(None)은 되지만 함수의 입력으로는 쓸 수 없다: x + None도 분명한 TypeError로
        raise TypeError(f"{type(obj)}은(는) 지원하지 않습니다.")
    return Variable(obj)


def as_array(x, like=None) -> np.ndarray:
    """넘파이 스칼라와 파이썬 수를 0차원 ndarray로 바꾼다. ndarray는 그대로 돌려준다.

    파이썬의 int, float는 like(함께 계산할 변수나 배열)와 계산할 때의 자료형으로 바꾼다. NumPy 2와 PyTorch처럼
    float32 변수와 2.0의 계산이 float32로 남게 한다(0차원 float64 배열로 바꾸면 결과가 float64가 된다).
    """
    if isinstance(x, np.ndarray):  # 가장 흔한 경우를 먼저: np.isscalar는 배열에서 느리다
        return x
    if isinstance(x, (str, bytes)):  # np.isscalar는 문자열도 스칼라라고 한다: 그대로 두면 Variable이 거절한다
        return x
    if np.isscalar(x):  # 넘파이 스칼라와 파이썬의 수
        if like is not None and isinstance(x, (int, float)):
            like = like.data if isinstance(like, Variable) else like
            return np.array(x, dtype=np.result_type(like, x))
        return np.array(x)
    return x


class Variable:
    """값(data)과 기울기(grad)를 담고, 자신을 만든 함수(creator)와 세대(generation)를 기억하는 변수."""

    __array_priority__ = 200  # 넘파이 배열이 왼쪽에 있어도 Variable의 연산자(__radd__ 등)가 먼저 불린다

    def __init__(self, data: np.ndarray, name: str | None = None) -> None:
        if data is not None:
            if not isinstance(data, np.ndarray):
                raise TypeError(f"{type(data)}은(는) 지원하지 않습니다.")
            if data.dtype.kind not in "biuf":  # 불, 정수, 실수만: 문자열, 객체, 복소수 배열은 미분할 수 없다
                raise TypeError(f"자료형이 {data.dtype}인 배열은 지원하지 않습니다. 수(정수, 실수, 불)의 배열만 받습니다.")
        self.data = data
        self.name = name  # 그래프 그림 등에서 쓰는 이름
        self.grad = None  # 기울기: backward()가 채운다
        self.creator = None  # 이 변수를 만든 함수
        self.generation = 0  # 세대: 사용자가 만든 변수는 0

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        if self.data is None:
            return "variable(None)"
        p = str(self.data).replace("\n", "\n" + " " * 9)  # 여러 줄이면 둘째 줄부터 "variable(" 너비만큼 들여 쓴다
        return "variable(" + p + ")"

    def set_creator(self, func: "Function") -> None:
        self.creator = func
        self.generation = func.generation + 1  # 자신을 만든 함수보다 한 세대 뒤

    def cleargrad(self) -> None:
        """기울기를 지운다: 같은 변수로 새 계산의 미분을 구하기 전에 부른다."""
        self.grad = None

    def backward(self, retain_grad: bool = False) -> None:
        """creator를 거꾸로 따라가며 입력 쪽 변수들의 grad를 채운다. retain_grad가 False이면 중간 변수의 grad는 쓰고 나서 버린다."""
        if self.grad is None:
            self.grad = np.ones_like(self.data)  # dy/dy = 1 (모양과 dtype은 data와 같게)

        funcs = []  # 힙: (-세대, 넣은 순서, 함수)의 튜플. heapq는 가장 작은 것부터 꺼내므로 세대에 -를 붙인다
        seen_set = set()  # 이미 funcs에 넣은 함수: 같은 함수를 두 번 처리하지 않는다

        def add_func(f: "Function") -> None:
            if f not in seen_set:
                heapq.heappush(funcs, (-f.generation, len(seen_set), f))  # 넣은 순서가 같은 세대끼리의 순서를 정한다
                seen_set.add(f)

        if self.creator is not None:  # 말단 변수면 할 일이 없다
            add_func(self.creator)
        while funcs:
            f = heapq.heappop(funcs)[2]  # 1. 남은 함수 중 세대가 가장 큰 것을 가져온다
            gys = [output().grad for output in f.outputs]  # 2. 출력 변수들의 기울기를 모은다 (output은 약한 참조)
            gxs = f.backward(*gys)  # 3. 역전파를 계산한다
            if not isinstance(gxs, tuple):  # 입력이 하나뿐이면 튜플로 감싼다
                gxs = (gxs,)

            for x, gx in zip(f.inputs, gxs):  # 4. 입력 변수마다 기울기를 넣는다
                if x.grad is None:
                    x.grad = gx  # 처음 도착한 기울기
                else:
                    x.grad = x.grad + gx  # 같은 변수에 다시 도착하면 더한다 (+=는 쓰지 않는다)
                if x.creator is not None:
                    add_func(x.creator)  # 하나 앞의 함수를 힙에 넣는다

            if not retain_grad:  # 5. 이 함수의 출력 변수들의 기울기는 더 쓸 일이 없다
                for y in f.outputs:
                    y().grad = None  # y는 약한 참조: y()가 변수


class Function:
    """모든 함수의 기반 클래스. 입력 변수를 여러 개 받고, 출력이 하나면 변수 하나를 돌려준다."""

    def __call__(self, *inputs: Variable) -> Variable | list[Variable]:
        inputs = [as_variable(x) for x in inputs]  # 넘파이 배열도 받는다
        xs = [x.data[()] if x.data.ndim == 0 else x.data for x in inputs]  # 0차원 배열은 넘파이 스칼라로 꺼내 계산한다 (Step 9 다시 보기)
        ys = self.forward(*xs)
        if not isinstance(ys, tuple):  # 출력이 하나뿐이면 튜플로 감싼다
            ys = (ys,)
        outputs = [Variable(as_array(y)) for y in ys]

        if Config.enable_backprop:  # 역전파할 때만 그래프를 잇고 값을 보관한다
            self.generation = max([x.generation for x in inputs])  # 입력 중 가장 큰 세대
            for output in outputs:
                output.set_creator(self)
            self.inputs = inputs  # 역전파 때 쓰려고 입력 변수를 보관한다
            self.outputs = [weakref.ref(output) for output in outputs]  # 출력은 약한 참조로: 순환 참조를 만들지 않는다
            self.xs = xs  # backward가 다시 계산하지 않도록 forward의 입력과 출력 값도 보관한다
            self.ys = ys
        return outputs if len(outputs) > 1 else outputs[0]  # 출력이 하나면 리스트가 아니라 변수 하나

    def forward(self, *xs: np.ndarray) -> np.ndarray | tuple[np.ndarray, ...]:
        """순전파: 입력 데이터를 인수로 받아 출력 데이터를(여럿이면 튜플로) 돌려준다."""
        raise NotImplementedError()

    def backward(self, *gys: np.ndarray) -> np.ndarray | tuple[np.ndarray, ...]:
        """역전파: 출력 쪽 기울기를 받아 입력 쪽 기울기를(입력이 여럿이면 튜플로) 돌려준다."""
        raise NotImplementedError()


class Square(Function):
    """y = x²,  dy/dx = 2x"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x ** 2

    def backward(self, gy: np.ndarray) -> np.ndarray:
        x = self.xs[0]  # 입력이 하나여도 xs는 리스트다
        return gy * (2 * x)


def square(x: Variable) -> Variable:
    """Square()를 만들고 바로 호출한다: y = x²"""
    f = Square()
    return f(x)


class Exp(Function):
    """y = eˣ,  dy/dx = y"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)  # x > 709.78 (float32는 88.72)이면 결과가 정말로 inf: PyTorch도 같다

    def backward(self, gy: np.ndarray) -> np.ndarray:
        return gy * self.ys[0]


def exp(x: Variable) -> Variable:
    """Exp()를 만들고 바로 호출한다: y = eˣ"""
    f = Exp()
    return f(x)


class Sigmoid(Function):
    """y = 1 / (1 + e⁻ˣ),  dy/dx = y(1 - y)"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        # e^{min(x,0)} / (1 + e^{-|x|}): 두 지수가 모두 0 이하라 어떤 x에서도 넘치지 않는다
        return np.exp(np.minimum(x, 0.0)) / (1 + np.exp(-np.abs(x)))

    def backward(self, gy: np.ndarray) -> np.ndarray:
        y = self.ys[0]
        return gy * (1 - y) * y


def sigmoid(x: Variable) -> Variable:
    """Sigmoid()를 만들고 바로 호출한다: y = 1 / (1 + e⁻ˣ)"""
    f = Sigmoid()
    return f(x)


class Tanh(Function):
    """y = tanh(x),  dy/dx = 1 - y²"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)  # 큰 |x|에서 ±1로 포화하고, 0 근처에서도 정확하다

    def backward(self, gy: np.ndarray) -> np.ndarray:
        y = self.ys[0]
        return gy * (1 - y * y)


def tanh(x: Variable) -> Variable:
    """Tanh()를 만들고 바로 호출한다: y = tanh(x)"""
    f = Tanh()
    return f(x)


class Add(Function):
    """y = x0 + x1,  ∂y/∂x0 = ∂y/∂x1 = 1"""

    def forward(self, x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
        y = x0 + x1
        return y

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return gy, gy  # 덧셈은 출력 쪽 기울기를 두 입력에 그대로 흘려보낸다


def add(x0: Variable, x1) -> Variable:
    """y = x0 + x1. x1은 변수, 넘파이 배열, 수 가운데 무엇이든 된다."""
    x1 = as_array(x1, like=x0)
    return Add()(x0, x1)


class Mul(Function):
    """y = x0 · x1,  ∂y/∂x0 = x1,  ∂y/∂x1 = x0"""

    def forward(self, x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
        y = x0 * x1
        return y

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x0, x1 = self.xs
        return gy * x1, gy * x0


def mul(x0: Variable, x1) -> Variable:
    """y = x0 · x1. x1은 변수, 넘파이 배열, 수 가운데 무엇이든 된다."""
    x1 = as_array(x1, like=x0)
    return Mul()(x0, x1)


class Neg(Function):
    """y = -x,  dy/dx = -1"""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return -x

    def backward(self, gy: np.ndarray) -> np.ndarray:
        return -gy


def neg(x: Variable) -> Variable:
    """y = -x"""
    return Neg()(x)


class Sub(Function):
    """y = x0 - x1,  ∂y/∂x0 = 1,  ∂y/∂x1 = -1"""

    def forward(self, x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
        y = x0 - x1
        return y

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return gy, -gy


def sub(x0: Variable, x1) -> Variable:
    """y = x0 - x1"""
    x1 = as_array(x1, like=x0)
    return Sub()(x0, x1)


def rsub(x0: Variable, x1) -> Variable:
    """y = x1 - x0: 3.0 - x는 x.__rsub__(3.0), 곧 rsub(x, 3.0)이 된다"""
    x1 = as_array(x1, like=x0)
    return Sub()(x1, x0)


class Div(Function):
    """y = x0 / x1,  ∂y/∂x0 = 1 / x1,  ∂y/∂x1 = -x0 / x1²"""

    def forward(self, x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
        y = x0 / x1
        return y

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x0, x1 = self.xs
        gx0 = gy / x1
        gx1 = -gy * ((x0 / x1) / x1)  # -x0 / x1²를 이 순서로: x1²이 0으로 사라지거나 넘쳐도 값이 남는다 (PyTorch와 같은 식)
        return gx0, gx1


def div(x0: Variable, x1) -> Variable:
    """y = x0 / x1"""
    x1 = as_array(x1, like=x0)
    return Div()(x0, x1)


def rdiv(x0: Variable, x1) -> Variable:
    """y = x1 / x0: 3.0 / x는 rdiv(x, 3.0)"""
    x1 = as_array(x1, like=x0)
    return Div()(x1, x0)


class Pow(Function):
    """y = xᶜ (c는 상수),  dy/dx = c·xᶜ⁻¹"""

    def __init__(self, c) -> None:
        self.c = c

    def forward(self, x: np.ndarray) -> np.ndarray:
        y = x ** self.c
        return y

    def backward(self, gy: np.ndarray) -> np.ndarray:
        x = self.xs[0]
        c = self.c
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # x = 0이면 0⁻¹ = inf, c·inf는 nan도 된다 (PyTorch처럼 조용히)
            gx = gy * (c * x ** (c - 1))
        if np.any(c == 0):  # x⁰ = 1은 상수이므로 기울기는 0이다 (PyTorch와 같다. DeZero의 식은 x = 0에서 nan)
            gx = np.where(c == 0, 0, gx)
        return gx


def pow(x: Variable, c) -> Variable:
    """y = xᶜ. c는 수나 넘파이 배열(상수)이다."""
    return Pow(c)(x)


def setup_variable() -> None:
    """Variable에 연산자를 붙인다. DeZero는 dezero/__init__.py가 이 함수를 부르고, 이 모듈은 불러올 때 스스로 부른다."""
    Variable.__add__ = add
    Variable.__radd__ = add
    Variable.__mul__ = mul
    Variable.__rmul__ = mul
    Variable.__neg__ = neg
    Variable.__sub__ = sub
    Variable.__rsub__ = rsub
    Variable.__truediv__ = div
    Variable.__rtruediv__ = rdiv
    Variable.__pow__ = pow


setup_variable()


def numerical_diff(f, x: Variable, eps: float = 1e-4) -> np.ndarray:
    """중앙 차분으로 f의 x에서의 미분을 어림한다: (f(x + eps) - f(x - eps)) / 2eps"""
    x0 = Variable(np.array(x.data - eps))  # 0차원 배열 - eps는 넘파이 스칼라가 되므로 다시 배열로
    x1 = Variable(np.array(x.data + eps))
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)


def gradient_check(f, x: Variable, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """f의 역전파로 구한 x.grad가 수치 미분과 맞는지 검사한다. f는 원소별 함수여야 한다.

    수치 미분은 x의 자료형과 상관없이 float64로 계산한다: float32로 계산하면 반올림 오차만으로 1e-3 크기의 차이가 난다.
    """
    y = f(x)
    y.backward()
    x64 = Variable(x.data.astype(np.float64))
    num_grad = numerical_diff(f, x64)
    return np.allclose(x.grad, num_grad, rtol=rtol, atol=atol)
