"""계산 그래프를 SVG 그림으로 그린다. Graphviz 없이, 노트북과 웹 페이지에서 그대로 보인다.

제1고지의 함수는 모두 입력이 하나이므로 계산 그래프는 한 줄로 이어진 사슬이다.

- ``draw_graph(y)``는 출력 변수에서 ``creator``와 ``input``을 거꾸로 따라가 그 사슬을 그린다
  (변수가 자신을 만든 함수를 기억하는 Step 7부터).
- ``draw_chain([x, A, a, B, b])``는 변수와 함수를 늘어놓은 목록을 그대로 그린다. 변수와 함수가 아직
  서로를 모르는 Step 3–6에서 쓴다.

변수는 주황색 타원(이름, 값, 있으면 기울기), 함수는 파란 사각형(클래스 이름)이고, 왼쪽(입력)에서
오른쪽(출력)으로 순전파 화살표가 이어진다. ``backward=True``이면 그 아래에 역전파 방향(오른쪽에서 왼쪽)의
빨간 화살표를 더해, 각 함수가 기울기에 곱하는 국소 미분(예: ``×2x``)과 그 값을 적는다.
입력이 여럿인 함수가 생기는 단계(DeZero의 Step 11 이후)에서는 그래프 배치를 넓혀야 한다.

Hand-written, not generated from a notebook: it draws the graph of any state's variables.
"""

from html import escape

import numpy as np

_VAR_W, _VAR_H, _FN_W, _FN_H, _GAP, _PAD = 104, 50, 76, 34, 34, 8
_BACK_H = 46  # 역전파 화살표 띠의 높이

# 각 함수가 역전파에서 기울기에 곱하는 국소 미분: 식(입력 이름 x, 출력 이름 y)과 그 값
_LOCAL_DERIVATIVES = {
    "Square": ("2{x}", lambda x, y: 2 * x),
    "Exp": ("exp({x})", lambda x, y: y),
    "Sigmoid": ("{y}(1−{y})", lambda x, y: y * (1 - y)),
    "Tanh": ("1−{y}²", lambda x, y: 1 - y * y),
}


class GraphPicture:
    """SVG 문자열을 담아, 주피터가 그림으로 보여 주게 하는 상자."""

    def __init__(self, svg: str) -> None:
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:  # 주소 없이: 노트북에 저장되는 출력이 실행마다 같도록
        return f"<계산 그래프 그림: {self.svg.count('<ellipse')}개 변수, {self.svg.count('<rect')}개 함수>"


def _value_text(value) -> str:
    value = np.asarray(value)
    if value.ndim == 0:
        return f"{value.item():.4g}"
    return f"{value.dtype} {value.shape}"


def _chain(output) -> list:
    """[변수, 함수, 변수, …, 출력 변수]: 출력에서 creator를 거꾸로 따라간 순서를 뒤집은 것."""
    items = [output]
    while items[-1].creator is not None:
        f = items[-1].creator
        items += [f, f.input]
    return items[::-1]


def draw_graph(output, backward: bool = False, **names) -> GraphPicture:
    """output까지의 계산 그래프를 creator를 따라가며 그린다. names로 변수에 이름을 붙인다: draw_graph(y, x=x, y=y)."""
    return draw_chain(_chain(output), backward=backward, **names)


def _local_label(function, x_var, y_var, label_of) -> str:
    """역전파 화살표에 적을 글: 국소 미분의 식과, 값이 스칼라이면 그 값."""
    name = type(function).__name__
    if name not in _LOCAL_DERIVATIVES:
        return f"×d{name}"
    formula, value = _LOCAL_DERIVATIVES[name]
    text = "×" + formula.format(x=label_of.get(id(x_var), "x"), y=label_of.get(id(y_var), "y"))
    x, y = np.asarray(x_var.data), np.asarray(y_var.data)
    if x.ndim == 0 and y.ndim == 0:
        text += f" ({_value_text(value(x, y))})"
    return text


def draw_chain(items, backward: bool = False, **names) -> GraphPicture:
    """[변수, 함수, 변수, …]를 왼쪽에서 오른쪽으로 그린다. names로 변수에 이름을 붙인다."""
    label_of = {id(v): name for name, v in names.items()}
    widths = [(_FN_W if i % 2 else _VAR_W) for i in range(len(items))]
    width = sum(widths) + _GAP * (len(items) - 1) + 2 * _PAD
    height = _VAR_H + 2 * _PAD + (_BACK_H if backward else 0)
    mid = _PAD + _VAR_H / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" text-anchor="middle">'
    ]
    centers = []
    x = _PAD
    for i, (item, w) in enumerate(zip(items, widths)):
        cx = x + w / 2
        centers.append(cx)
        if i % 2:  # 함수
            parts.append(
                f'<rect x="{x}" y="{mid - _FN_H / 2}" width="{w}" height="{_FN_H}" rx="6" '
                f'fill="#d6e6f5" stroke="#3d85c6"/>'
                f'<text x="{cx}" y="{mid + 4}">{escape(type(item).__name__)}</text>'
            )
        else:  # 변수
            lines = [label_of.get(id(item), ""), _value_text(item.data)]
            if getattr(item, "grad", None) is not None:
                lines.append(f"grad {_value_text(item.grad)}")
            lines = [line for line in lines if line]
            parts.append(
                f'<ellipse cx="{cx}" cy="{mid}" rx="{w / 2}" ry="{_VAR_H / 2}" fill="#fde7c8" stroke="#e08a1e"/>'
            )
            top = mid - 7 * (len(lines) - 1) + 4
            for k, line in enumerate(lines):
                weight = ' font-weight="bold"' if k == 0 and line in label_of.values() else ""
                parts.append(f'<text x="{cx}" y="{top + 14 * k}"{weight}>{escape(line)}</text>')
        if i + 1 < len(items):  # 다음 노드로 가는 순전파 화살표
            x0, x1 = x + w, x + w + _GAP
            parts.append(
                f'<line x1="{x0 + 2}" y1="{mid}" x2="{x1 - 8}" y2="{mid}" stroke="#555"/>'
                f'<polygon points="{x1 - 2},{mid} {x1 - 10},{mid - 4} {x1 - 10},{mid + 4}" fill="#555"/>'
            )
        x += w + _GAP
    if backward:
        parts += _backward_band(items, centers, mid + _VAR_H / 2, label_of)
    parts.append("</svg>")
    return GraphPicture("".join(parts))


def _backward_band(items, centers, top, label_of) -> list:
    """변수 아래에, 출력에서 입력 쪽으로 가는 빨간 화살표와 국소 미분을 그린다."""
    parts = []
    y_line = top + 14
    for i in range(1, len(items), 2):  # 함수마다: 출력 변수(i+1)에서 입력 변수(i-1)로
        start, end = centers[i + 1] - 6, centers[i - 1] + 6
        parts.append(
            f'<line x1="{start}" y1="{y_line}" x2="{end + 8}" y2="{y_line}" stroke="#c0392b"/>'
            f'<polygon points="{end},{y_line} {end + 8},{y_line - 4} {end + 8},{y_line + 4}" fill="#c0392b"/>'
            f'<text x="{centers[i]}" y="{y_line + 16}" fill="#c0392b">'
            f"{escape(_local_label(items[i], items[i - 1], items[i + 1], label_of))}</text>"
        )
    return parts
