"""Step 24 다시 보기: 더 빠르고 가벼운 엔진"""

# Generated from the `export` cells of steps/step24_fast.ipynb; do not edit by hand.
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


_FLOAT_SCALARS = (np.float64, np.float32, np.float16)  # of_output이 검사 없이 받는 넘파이 스칼라


class Variable:
    """값(data)과 기울기(grad)를 담고, 자신을 만든 함수(creator)와 세대(generation)를 기억하는 변수."""

    __array_priority__ = 200  # 넘파이 배열이 왼쪽에 있어도 Variable의 연산자(__radd__ 등)가 먼저 불린다
    name = grad = creator = None  # 기본값은 클래스에: of_output이 만드는 출력 변수는 data만 정하면 된다
    generation = 0

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

    @classmethod
    def of_output(cls, y) -> "Variable":
        """forward가 돌려준 값 하나를 출력 변수로 만든다. 넘파이 배열이나 스칼라면 검사를 짧게 하고 __init__을 건너뛴다."""
        if type(y) in _FLOAT_SCALARS:  # 가장 흔한 경우: 실수 넘파이 스칼라는 검사할 것이 없다
            v = object.__new__(cls)
            v.data = np.asarray(y)
            return v
        if type(y) is not np.ndarray:
            if not isinstance(y, np.generic):
                return cls(as_array(y))  # 그 밖의 것은 __init__이 검사한다 (리스트면 TypeError)
            y = np.asarray(y)  # 넘파이 스칼라는 0차원 배열로
        if y.dtype.kind not in "biuf":
            raise TypeError(f"자료형이 {y.dtype}인 배열은 지원하지 않습니다. 수(정수, 실수, 불)의 배열만 받습니다.")
        v = object.__new__(cls)
        v.data = y  # name, grad, creator, generation은 클래스의 기본값(None, 0)을 읽는다
        return v

    def set_creator(self, func: "Function") -> None:
        self.creator = func
        self.generation = func.generation + 1  # 자신을 만든 함수보다 한 세대 뒤

    def cleargrad(self) -> None:
        """기울기를 지운다: 같은 변수로 새 계산의 미분을 구하기 전에 부른다."""
        self.grad = None

    def backward(self, retain_grad: bool = False) -> None:
        """creator를 거꾸로 따라가며 입력 쪽 변수들의 grad를 채운다. retain_grad가 False이면 중간 변수의 grad는 쓰고 나서 버린다.

        이번 역전파가 새로 만들어 한 변수에만 준 기울기 배열은 그 변수의 함수가 역전파할 때 제자리에서 고쳐 쓴다.
        그 배열을 가진 곳이 이 역전파뿐이므로, 새 배열을 만들지 않아도 된다(retain_grad가 False일 때만).
        """
        track = not retain_grad and self.data.ndim > 0  # 제자리 계산은 배열에서만 이득이다 (0차원 값은 넘파이 스칼라)
        private = set()  # id(변수): 그 변수의 grad가 이번 역전파가 만들어 그 변수에만 준 배열이다
        if self.grad is None:
            self.grad = np.ones_like(self.data)  # dy/dy = 1 (모양과 dtype은 data와 같게)
            private.add(id(self))
        if self.creator is None:  # 말단 변수면 할 일이 없다
            return

        funcs = []  # 힙: (-세대, 넣은 순서, 함수)
        f = self.creator  # 1. 처리할 함수: 처음에는 출력을 만든 함수
        seen_set = {f}
        push, pop = heapq.heappush, heapq.heappop  # 반복문 안에서 모듈 속성을 찾지 않도록
        while f is not None:
            if len(f.outputs) == 1:  # 2. 출력 변수의 기울기 (출력이 하나인 흔한 경우를 따로: 리스트를 만들지 않는다)
                y = f.outputs[0]()
                gy = y.grad
                if not retain_grad:
                    y.grad = None  # 중간 변수의 기울기는 버린다: 이제 gy를 가진 곳은 이 역전파뿐일 수 있다
                f.gy_is_private = track and id(y) in private
                gxs = f.backward(gy)  # 3. 역전파를 계산한다
                if not isinstance(gxs, tuple) and len(f.inputs) == 1:  # 입력도 하나: 튜플과 반복문 없이
                    x = f.inputs[0]
                    if x.grad is None:
                        x.grad = gxs
                        if track and f.fresh_grads and (f.gy_is_private or gxs is not gy):
                            private.add(id(x))
                    else:
                        x.grad = x.grad + gxs
                        if track:
                            private.add(id(x))
                    c = x.creator
                    if c is not None and c not in seen_set:
                        if not funcs:  # 힙이 비었으면 c가 남은 유일한 함수다: 힙에 넣고 꺼낼 것 없이 바로 처리한다 (사슬)
                            seen_set.add(c)
                            f = c
                            continue
                        push(funcs, (-c.generation, len(seen_set), c))  # 넣은 순서: 넣기 전의 seen_set 크기 (모두 다르다)
                        seen_set.add(c)
                    f = pop(funcs)[2] if funcs else None  # 남은 함수 중 세대가 가장 큰 것
                    continue
                gys = (gy,)
            else:
                ys = [output() for output in f.outputs]
                gys = tuple(y.grad for y in ys)
                if not retain_grad:
                    for y in ys:
                        y.grad = None
                f.gy_is_private = False
                gxs = f.backward(*gys)
            if not isinstance(gxs, tuple):
                gxs = (gxs,)

            # 새 배열인 기울기: 함수가 약속하고(fresh_grads), 두 입력에 같은 배열을 주지 않았고, 받은 gy를 그대로 돌려준 것이 아닐 때
            fresh = track and f.fresh_grads and (len(gxs) == 1 or gxs[0] is not gxs[1])
            for x, gx in zip(f.inputs, gxs):  # 4. 입력 변수마다 기울기를 넣는다
                if x.grad is None:
                    x.grad = gx
                    if fresh and (f.gy_is_private or gx is not gys[0]):  # fresh_grads인 함수는 출력이 하나다
                        private.add(id(x))
                else:
                    x.grad = x.grad + gx  # 더한 결과는 새 배열이다
                    if track:
                        private.add(id(x))
                c = x.creator
                if c is not None and c not in seen_set:
                    push(funcs, (-c.generation, len(seen_set), c))
                    seen_set.add(c)
            f = pop(funcs)[2] if funcs else None  # 남은 함수 중 세대가 가장 큰 것


class Function:
    """모든 함수의 기반 클래스. 입력 변수를 여러 개 받고, 출력이 하나면 변수 하나를 돌려준다."""

    fresh_grads = False  # True: backward가 돌려주는 기울기는 모두 새로 만든 배열이다 (gy를 그대로 넘기지 않는다)
    gy_is_private = False  # backward가 불릴 때 역전파가 정한다: gy를 가진 곳이 역전파뿐이면 True

    def __call__(self, *inputs: Variable) -> Variable | list[Variable]:
        if len(inputs) == 1:  # 입력과 출력이 하나인 흔한 경우를 따로: 리스트와 반복문 없이
            x = inputs[0] if isinstance(inputs[0], Variable) else as_variable(inputs[0])
            d = x.data
            xd = d[()] if d.ndim == 0 else d
            y = self.forward(xd)
            if not isinstance(y, tuple):
                output = Variable.of_output(y)
                if Config.enable_backprop:
                    self.generation = x.generation
                    output.creator = self
                    output.generation = x.generation + 1
                    self.inputs = (x,)
                    self.outputs = (weakref.ref(output),)
                    self.xs = (xd,)
                    self.ys = (y,)
                return output
            inputs, xs, ys = [x], [xd], y
        else:
            inputs = [x if isinstance(x, Variable) else as_variable(x) for x in inputs]
            xs = [x.data[()] if x.data.ndim == 0 else x.data for x in inputs]
            ys = self.forward(*xs)
            if not isinstance(ys, tuple):
                ys = (ys,)
        outputs = [Variable.of_output(y) for y in ys]

        if Config.enable_backprop:
            generation = max([x.generation for x in inputs])
            self.generation = generation
            for output in outputs:
                output.creator = self  # set_creator와 같다: 메서드 호출 한 번을 줄인다
                output.generation = generation + 1
            self.inputs = inputs
            self.outputs = [weakref.ref(output) for output in outputs]
            self.xs = xs
            self.ys = ys
        return outputs if len(outputs) > 1 else outputs[0]

    def forward(self, *xs: np.ndarray) -> np.ndarray | tuple[np.ndarray, ...]:
        """순전파: 입력 데이터를 인수로 받아 출력 데이터를(여럿이면 튜플로) 돌려준다."""
        raise NotImplementedError()

    def backward(self, *gys: np.ndarray) -> np.ndarray | tuple[np.ndarray, ...]:
        """역전파: 출력 쪽 기울기를 받아 입력 쪽 기울기를(입력이 여럿이면 튜플로) 돌려준다."""
        raise NotImplementedError()

    def times_gy(self, gy: np.ndarray, local: np.ndarray) -> np.ndarray:
        """gy · local. gy를 가진 곳이 역전파뿐이고 결과의 모양과 자료형이 gy와 같으면, gy에 그대로 쓴다(새 배열을 만들지 않는다)."""
        if self.gy_is_private and type(gy) is np.ndarray and gy.ndim and gy.shape == local.shape and gy.dtype == local.dtype:
            return np.multiply(gy, local, out=gy)
        return gy * local


class Square(Function):
    """y = x²,  dy/dx = 2x"""

    fresh_grads = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x ** 2

    def backward(self, gy: np.ndarray) -> np.ndarray:
        gx = self.times_gy(gy, self.xs[0])
        gx *= 2  # 새 배열(또는 gy)이므로 제자리에서
        return gx


def square(x: Variable) -> Variable:
    """Square()를 만들고 바로 호출한다: y = x²"""
    f = Square()
    return f(x)


class Exp(Function):
    """y = eˣ,  dy/dx = y"""

    fresh_grads = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)  # x > 709.78 (float32는 88.72)이면 결과가 정말로 inf: PyTorch도 같다

    def backward(self, gy: np.ndarray) -> np.ndarray:
        return self.times_gy(gy, self.ys[0])


def exp(x: Variable) -> Variable:
    """Exp()를 만들고 바로 호출한다: y = eˣ"""
    f = Exp()
    return f(x)


class Sigmoid(Function):
    """y = 1 / (1 + e⁻ˣ),  dy/dx = y(1 - y)"""

    fresh_grads = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim == 0:  # 넘파이 스칼라: 부호에 따라 넘치지 않는 식 하나만 계산한다
            if x >= 0:
                return 1 / (1 + np.exp(-x))
            e = np.exp(x)
            return e / (1 + e)
        y = np.negative(x, dtype=np.result_type(x, 1.0))  # PyTorch와 같은 식 1 / (1 + e⁻ˣ)를 새 실수 배열 하나에서 (정수 배열도)
        with np.errstate(over="ignore"):  # x < -709.78(float32는 -88.72)이면 e⁻ˣ = inf이고 1 / (1 + inf) = 0: 극한값이 맞다
            np.exp(y, out=y)
        y += 1
        np.divide(1, y, out=y)
        return y

    def backward(self, gy: np.ndarray) -> np.ndarray:
        y = self.ys[0]
        gx = self.times_gy(gy, y)
        gx *= 1 - y  # gy · y · (1 - y)
        return gx


def sigmoid(x: Variable) -> Variable:
    """Sigmoid()를 만들고 바로 호출한다: y = 1 / (1 + e⁻ˣ)"""
    f = Sigmoid()
    return f(x)


class Tanh(Function):
    """y = tanh(x),  dy/dx = 1 - y²"""

    fresh_grads = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)  # 큰 |x|에서 ±1로 포화하고, 0 근처에서도 정확하다

    def backward(self, gy: np.ndarray) -> np.ndarray:
        y = self.ys[0]
        local = y * y
        if type(local) is np.ndarray:
            np.subtract(1, local, out=local)  # 1 - y²를 y * y가 만든 배열에 그대로 쓴다: 새 배열은 하나
        else:
            local = 1 - local  # 넘파이 스칼라는 제자리에서 바꿀 수 없다
        return self.times_gy(gy, local)


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


def sphere(x: Variable, y: Variable) -> Variable:
    """z = x² + y²: 최솟값은 (0, 0)의 0"""
    z = x ** 2 + y ** 2
    return z


def matyas(x: Variable, y: Variable) -> Variable:
    """z = 0.26(x² + y²) - 0.48xy"""
    z = 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y
    return z


def goldstein(x: Variable, y: Variable) -> Variable:
    """Goldstein–Price 함수: 최솟값은 (0, -1)의 3"""
    z = (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x ** 2 - 14 * y + 6 * x * y + 3 * y ** 2)) * \
        (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x ** 2 + 48 * y - 36 * x * y + 27 * y ** 2))
    return z
