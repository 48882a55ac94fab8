"""직접 해 보기: 학습자가 노트북에서 쓴 코드를 검사하고, 무엇이 맞고 틀렸는지 한국어로 알려 준다.

Every exercise in the book's notebooks follows the same order: the exercise, the learner's
cell, a check, then the folded solution and the same check again. A check prints a verdict in
Korean and returns True or False; it never raises, so a learner sees a message, not a
traceback. Before the learner has written anything (a body of ``...`` returns None, an answer
left as ``...``), every check prints the same fixed "not yet" message, so the stored output
of the first check is deterministic. After the solution the notebook asserts the check's
result, so nbval fails if a solution is wrong.

Hand-written, not generated from a notebook: one module shared by every step.
"""

from __future__ import annotations

import numpy as np

NOT_YET = ("아직 답을 쓰지 않았습니다. 위의 셀을 채워 실행한 뒤, 이 셀을 다시 실행하세요."
           " 이미 썼다면 함수가 값을 return하는지 확인하세요.")
RIGHT = "정답입니다."


def _not_written(*values) -> bool:
    return any(v is None or v is Ellipsis for v in values)


def _report(problems: list[str], success: str) -> bool:
    if problems:
        print("틀렸습니다.")
        for problem in problems:
            print(f"- {problem}")
        return False
    print(f"{RIGHT} {success}")
    return True


def _show(value) -> str:
    """A value for a message: floats to 12 significant digits, so that a stored message does not
    depend on the last bits of a CPU's exp or tanh; containers element by element."""
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.12g}"
        return text + ".0" if text.lstrip("-").isdigit() else text  # 6.0, not 6: still a float
    if isinstance(value, (tuple, list)):
        inner = ", ".join(_show(v) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=12)
    return repr(value)


def _float(value):
    return None if value is None else np.asarray(value, dtype=np.float64)


def check_value_and_grad(run, torch_fn, points, *, name: str, rtol: float = 1e-10, eps: float = 1e-4, seed: float = 2.0,
                         hint: str = "backward가 돌려주는 값(국소 미분 × gy)의 식을 확인하세요.") -> bool:
    """Check a function the learner wrote, at each of `points` (float64).

    run(x) -> (y, x_grad): the step's own way of computing y = f(x) and dy/dx for a float x
    (written by the book in the check cell, around the learner's class). run starts the backward
    pass from y.grad = `seed` (2 by default) and the check divides x.grad by it: a backward that
    forgets to multiply by gy then comes out at half the right gradient, and is told so. torch_fn: the same
    math in PyTorch. The value and the gradient are compared with PyTorch in float64, and the
    gradient also with a central difference of run's own forward pass (Step 4's numerical_diff:
    the same formula and the same eps).
    """
    import torch

    problems = []
    for x in points:
        try:
            y, grad = run(float(x))
        except Exception as error:  # the learner's code failed: say where, not a traceback
            problems.append(f"x = {x:g}에서 계산하다 {type(error).__name__} 오류가 났습니다: {error}")
            continue
        if _not_written(y, grad):
            print(NOT_YET)
            return False
        grad = _float(grad) / seed
        x_t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
        y_t = torch_fn(x_t)
        y_t.backward()
        y, grad = _float(y), _float(grad)
        expected_y, expected_grad = y_t.item(), x_t.grad.item()
        if not np.allclose(y, expected_y, rtol=rtol, atol=0):
            problems.append(f"x = {x:g}에서 순전파 값이 {float(y)!r}인데, PyTorch는 {expected_y!r}입니다. forward의 식을 확인하세요.")
            continue
        numerical = (_float(run(float(x) + eps)[0]) - _float(run(float(x) - eps)[0])) / (2 * eps)
        if not np.allclose(grad, expected_grad, rtol=rtol, atol=0):
            ratio = float(grad) / expected_grad if expected_grad else float("nan")
            why = ("backward가 gy를 곱하지 않은 것 같습니다. 국소 미분에 gy를 곱해 돌려주세요." if np.isclose(ratio, 0.5)
                   else hint)
            problems.append(
                f"x = {x:g}에서 기울기가 {float(grad)!r}인데, PyTorch는 {expected_grad!r}, 수치 미분은 {float(numerical):.10g}입니다"
                f" (PyTorch 값의 {ratio:.4g}배). {why}"
            )
            continue
        if not np.allclose(grad, numerical, rtol=1e-6, atol=1e-9):
            problems.append(f"x = {x:g}에서 기울기 {float(grad)!r}가 수치 미분 {float(numerical):.10g}과 다릅니다.")
    where = ", ".join(f"{x:g}" for x in points)
    return _report(problems, f"{name}의 값과 기울기가 x = {where}에서 PyTorch(float64), 수치 미분과 같습니다.")


def check_gradients(run, torch_fn, points, *, name: str, rtol: float = 1e-10, eps: float = 1e-4, seed: float = 2.0,
                    hint: str = "backward가 입력마다 돌려주는 기울기의 식을 확인하세요.") -> bool:
    """Check a function of several inputs the learner wrote (Stage 2), at each tuple of `points` (float64).

    run(*xs) -> (y, grads): the step's own way of computing y = f(x0, x1, …) and the gradient of y
    with respect to each input (a tuple, one per input), starting the backward pass from
    y.grad = `seed` like check_value_and_grad. Compared with torch_fn(*tensors) in PyTorch (float64),
    and each gradient also with a central difference of run's own forward pass in that input.
    """
    import torch

    problems = []
    for xs in points:
        xs = tuple(float(x) for x in xs)
        where = "(" + ", ".join(f"{x:g}" for x in xs) + ")"
        try:
            y, grads = run(*xs)
        except Exception as error:
            problems.append(f"{where}에서 계산하다 {type(error).__name__} 오류가 났습니다: {error}")
            continue
        if _not_written(y, grads) or _not_written(*grads):
            print(NOT_YET)
            return False
        if len(grads) != len(xs):
            problems.append(f"{where}에서 기울기가 {len(grads)}개인데, 입력은 {len(xs)}개입니다.")
            continue
        xs_t = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
        y_t = torch_fn(*xs_t)
        y_t.backward()
        if not np.allclose(_float(y), y_t.item(), rtol=rtol, atol=0):
            problems.append(f"{where}에서 순전파 값이 {float(_float(y))!r}인데, PyTorch는 {y_t.item()!r}입니다. forward의 식을 확인하세요.")
            continue
        for i, (grad, x_t) in enumerate(zip(grads, xs_t)):
            grad, expected = float(_float(grad)) / seed, x_t.grad.item()
            plus, minus = list(xs), list(xs)
            plus[i] += eps
            minus[i] -= eps
            numerical = (float(_float(run(*plus)[0])) - float(_float(run(*minus)[0]))) / (2 * eps)
            if not np.isclose(grad, expected, rtol=rtol, atol=0):
                ratio = grad / expected if expected else float("nan")
                why = ("backward가 gy를 곱하지 않은 것 같습니다. 국소 미분에 gy를 곱해 돌려주세요." if np.isclose(ratio, 0.5)
                       else hint)
                problems.append(f"{where}에서 x{i}의 기울기가 {grad!r}인데, PyTorch는 {expected!r}, "
                                f"수치 미분은 {numerical:.10g}입니다. {why}")
            elif not np.isclose(grad, numerical, rtol=1e-6, atol=1e-9):
                problems.append(f"{where}에서 x{i}의 기울기 {grad!r}가 수치 미분 {numerical:.10g}과 다릅니다.")
    places = ", ".join("(" + ", ".join(f"{float(x):g}" for x in xs) + ")" for xs in points)
    return _report(problems, f"{name}의 값과 입력마다의 기울기가 {places}에서 PyTorch(float64), 수치 미분과 같습니다.")


class Wrong(Exception):
    """Raised by a check's run function to say, in Korean, what is wrong with the learner's code
    (for example a list returned where one variable is expected); the check prints the message."""


def check_forward(run, torch_fn, points, *, name: str, hint: str = "forward의 식을 확인하세요.") -> bool:
    """Check a forward pass of several inputs (Steps 11–12, before backward exists).

    run(*xs) -> y: the step's own way of computing y = f(x0, x1, …) for float64 arrays xs (each
    item of `points` is a tuple of numbers or lists), returning y's data, or None before the learner
    has written anything; it raises Wrong to report a problem of interface. Compared with
    torch_fn(*tensors) in float64 for exact equality: the operations these steps build (+, -, *)
    are correctly rounded, so numpy and PyTorch agree to the last bit.
    """
    import torch

    problems = []
    for xs in points:
        xs = [np.array(x, dtype=np.float64) for x in xs]
        where = ", ".join(f"x{i} = {x.tolist()}" for i, x in enumerate(xs))
        try:
            y = run(*xs)
        except Wrong as wrong:
            problems.append(f"{where}에서: {wrong}")
            continue
        except Exception as error:
            problems.append(f"{where}에서 계산하다 {type(error).__name__} 오류가 났습니다: {str(error).rstrip('.')}. {hint}")
            continue
        if _not_written(y):
            print(NOT_YET)
            return False
        expected = torch_fn(*(torch.from_numpy(x) for x in xs)).numpy()
        if np.shape(y) != expected.shape or not np.array_equal(y, expected):
            problems.append(f"{where}에서 값이 {np.asarray(y).tolist()!r}인데, PyTorch는 {expected.tolist()!r}입니다. {hint}")
    return _report(problems, f"{name}의 값이 {len(points)}가지 입력에서 PyTorch(float64)와 끝자리까지 같습니다.")


def check_value(run, torch_fn, points, *, name: str, rtol: float = 1e-12) -> bool:
    """Check a forward pass the learner wrote (steps before backward exists): run(x) -> y for a
    float x, against the same math in PyTorch (float64) at each of `points`."""
    import torch

    problems = []
    for x in points:
        try:
            y = run(float(x))
        except Exception as error:
            problems.append(f"x = {x:g}에서 계산하다 {type(error).__name__} 오류가 났습니다: {error}")
            continue
        if _not_written(y):
            print(NOT_YET)
            return False
        expected = torch_fn(torch.tensor(float(x), dtype=torch.float64)).item()
        if not np.allclose(_float(y), expected, rtol=rtol, atol=0):
            problems.append(f"x = {x:g}에서 값이 {float(_float(y))!r}인데, PyTorch는 {expected!r}입니다. forward의 식을 확인하세요.")
    where = ", ".join(f"{x:g}" for x in points)
    return _report(problems, f"{name}의 값이 x = {where}에서 PyTorch(float64)와 같습니다.")


def check_answer(answer, expected, *, what: str, hint: str = "") -> bool:
    """Check a prediction (a dtype, a shape, a number): the learner's `answer` against `expected`."""
    if _not_written(answer):
        print(NOT_YET)
        return False
    if _same(answer, expected):
        return _report([], f"{what}: {_show(expected)}")
    return _report([f"{what}: 여러분의 답은 {_show(answer)}, 맞는 답은 {_show(expected)}입니다. {hint}".rstrip()], "")


def _same(answer, expected) -> bool:
    """Equal as a learner means it: numbers to 12 digits, a list and a tuple of the same items alike."""
    if isinstance(expected, (list, tuple)) and isinstance(answer, (list, tuple)):
        return len(answer) == len(expected) and all(_same(a, e) for a, e in zip(answer, expected))
    if isinstance(expected, (float, np.floating)) and isinstance(answer, (int, float, np.number)):
        return bool(np.isclose(answer, expected, rtol=1e-12, atol=0) or answer == expected)  # inf == inf
    try:
        return bool(answer == expected)
    except Exception:
        return False


def check_raises(action, exception: type[BaseException], *, what: str) -> bool:
    """Check that action() raises `exception` (for example a TypeError for a bad input).
    `action` left as ``...`` counts as not written yet."""
    if _not_written(action):
        print(NOT_YET)
        return False
    if not callable(action):
        return _report([f"{what}: 계산 결과가 아니라 함수가 필요합니다. `lambda: …`로 감싸 주세요."], "")
    try:
        action()
    except exception as error:
        return _report([], f"{what}: {exception.__name__}({error})")
    except Exception as error:
        return _report([f"{what}: {exception.__name__}가 나야 하는데 {type(error).__name__}가 났습니다: {error}"], "")
    return _report([f"{what}: {exception.__name__}가 나야 하는데 아무 오류 없이 끝났습니다."], "")
