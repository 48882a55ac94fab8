"""직접 해 보기: the checking module on right, wrong and unwritten answers, and every exercise in
the notebooks laid out as the book promises (exercise, learner's cell, check saying "not yet",
folded solution, the check again passing), listed on the exercises page and the stage map."""

import json
from pathlib import Path

import numpy as np
import pytest

from dezero_core import step06
from dezero_core.exercises import NOT_YET, RIGHT, check_answer, check_raises, check_value, check_value_and_grad
from list_exercises import exercises, expected_files, step_notebooks

ROOT = Path(__file__).resolve().parent.parent
POINTS = [0.5, -1.3, 2.0]


def cube_class(forward, backward):
    class Cube(step06.Function):
        def forward(self, x):
            return forward(x)

        def backward(self, gy):
            return backward(self.input.data, gy)

    return Cube


def run_with(cls):
    def run(x):  # as the notebooks' checks do: start from 2 and halve, so a missing `* gy` shows
        x = step06.Variable(np.array(x))
        f = cls()
        y = f(x)
        x.grad = f.backward(np.array(2.0))
        return y.data, x.grad

    return run


# ---------------------------------------------------------------- the checking module


def test_a_right_backward_passes(capsys):
    right = cube_class(lambda x: x**3, lambda x, gy: 3 * x**2 * gy)
    assert check_value_and_grad(run_with(right), lambda t: t**3, POINTS, name="Cube")
    assert capsys.readouterr().out.startswith(RIGHT)


def test_a_wrong_backward_is_explained_not_raised(capsys):
    wrong = cube_class(lambda x: x**3, lambda x, gy: 3 * x * gy)  # forgot the square
    assert not check_value_and_grad(run_with(wrong), lambda t: t**3, POINTS, name="Cube")
    out = capsys.readouterr().out
    assert out.startswith("틀렸습니다.")
    assert "x = 0.5에서 기울기가 1.5인데, PyTorch는 0.75" in out and "PyTorch 값의 2배" in out
    assert "backward가 돌려주는 값" in out


def test_a_backward_that_forgets_gy_is_told_so(capsys):
    no_gy = cube_class(lambda x: x**3, lambda x, gy: 3 * x**2)
    assert not check_value_and_grad(run_with(no_gy), lambda t: t**3, POINTS, name="Cube")
    assert "gy를 곱하지 않은 것 같습니다" in capsys.readouterr().out


def test_a_wrong_forward_is_named_as_such(capsys):
    wrong = cube_class(lambda x: x**2, lambda x, gy: 3 * x**2 * gy)
    assert not check_value_and_grad(run_with(wrong), lambda t: t**3, POINTS, name="Cube")
    assert "순전파 값이" in capsys.readouterr().out


def test_an_unwritten_answer_prints_the_fixed_not_yet_message(capsys):
    stub = cube_class(lambda x: None, lambda x, gy: None)  # what a body of `...` returns
    assert not check_value_and_grad(run_with(stub), lambda t: t**3, POINTS, name="Cube")
    assert capsys.readouterr().out == NOT_YET + "\n"
    assert not check_value(lambda x: None, lambda t: t, POINTS, name="f")
    assert not check_answer(..., "float32", what="dtype")
    assert not check_raises(..., TypeError, what="x")
    assert capsys.readouterr().out == (NOT_YET + "\n") * 3


def test_learner_code_that_fails_gets_a_message_not_a_traceback(capsys):
    broken = cube_class(lambda x: x**3, lambda x, gy: undefined_name * gy)  # noqa: F821
    assert not check_value_and_grad(run_with(broken), lambda t: t**3, POINTS, name="Cube")
    assert "NameError" in capsys.readouterr().out


def test_check_value_answer_and_raises(capsys):
    assert check_value(lambda x: np.exp(x), lambda t: t.exp(), POINTS, name="exp")
    assert not check_value(lambda x: np.exp(x) + 1e-9, lambda t: t.exp(), POINTS, name="exp")
    assert check_answer("float32", "float32", what="dtype")
    assert not check_answer("float64", "float32", what="dtype", hint="np.ones_like를 보세요.")
    assert "여러분의 답은 'float64', 맞는 답은 'float32'입니다. np.ones_like를 보세요." in capsys.readouterr().out
    assert check_answer([10.0, 1.0], (10.0, 1.0), what="a list for a tuple")  # the same items are the same answer
    assert check_answer((1.0, float("-inf")), (1.0, float("-inf")), what="inf")
    assert not check_raises(TypeError("computed, not wrapped"), TypeError, what="not a function")
    assert "lambda" in capsys.readouterr().out
    assert check_raises(lambda: 1 / 0, ZeroDivisionError, what="1/0")
    assert not check_raises(lambda: None, TypeError, what="nothing")
    assert not check_raises(lambda: [][1], TypeError, what="wrong error")
    out = capsys.readouterr().out
    assert "아무 오류 없이 끝났습니다" in out and "IndexError" in out


# ---------------------------------------------------------------- the exercises in the notebooks

EXERCISES = [(path, label) for path in step_notebooks() for label, _ in exercises(path)]


def _stdout(cell):
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout")


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path, label", EXERCISES, ids=[label for _, label in EXERCISES])
def test_exercise_is_laid_out_as_promised(path, label):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = ["".join(c["source"]) for c in cells]
    i = next(k for k, s in enumerate(source) if s.startswith("```{exercise}") and f":label: {label}\n" in s)
    assert label.startswith(f"{path.stem}-"), "labels start with the notebook's name, so they are unique in the book"
    answer, check = cells[i + 1], cells[i + 2]
    assert answer["cell_type"] == "code" and "exercise-answer" in _tags(answer)
    assert check["cell_type"] == "code" and "exercise-check" in _tags(check)
    assert _stdout(check) == NOT_YET + "\n", "before the solution, the check says 'not yet' (a fixed output)"
    assert source[i + 3].startswith(f"```{{solution-start}} {label}\n") and ":class: dropdown" in source[i + 3]
    k = i + 4
    while cells[k]["cell_type"] == "code":
        assert "exercise-solution" in _tags(cells[k])
        assert cells[k]["metadata"].get("jupyter", {}).get("source_hidden") is True, "folded in JupyterLab"
        k += 1
    assert k > i + 4, "a solution has code"
    assert source[k].strip() == "```{solution-end}\n```".strip()
    recheck = cells[k + 1]
    assert "exercise-check" in _tags(recheck) and source[k + 1].lstrip().startswith("assert ")
    assert _stdout(recheck).startswith(RIGHT), "after the solution the check passes"


def test_labels_are_unique():
    labels = [label for _, label in EXERCISES]
    assert len(labels) == len(set(labels))


def test_exercises_page_and_stage_map_list_every_exercise():
    stale = [p.name for p, text in expected_files().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python tools/list_exercises.py`: {stale}"


def test_every_step_notebook_has_at_least_two_exercises():
    counts = {path.name: len(exercises(path)) for path in step_notebooks()}
    assert all(n >= 2 for n in counts.values()), counts
