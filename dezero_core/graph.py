"""계산 그래프를 SVG 그림으로 그린다. Graphviz 없이, 노트북과 웹 페이지에서 그대로 보인다.

- ``draw_graph(y)``는 출력 변수에서 ``creator``와 그 입력(제1고지는 ``input``, 제2고지부터는 ``inputs``)을
  거꾸로 따라가 그래프를 그린다 (변수가 자신을 만든 함수를 기억하는 Step 7부터).
- ``draw_chain([x, A, a, B, b])``는 변수와 함수를 늘어놓은 목록을 그대로 그린다. 변수와 함수가 아직
  서로를 모르는 Step 3–6에서 쓴다.

변수는 주황색 타원(이름, 값, 있으면 기울기), 함수는 파란 사각형(클래스 이름)이고, 왼쪽(입력)에서
오른쪽(출력)으로 순전파 화살표가 이어진다. ``backward=True``이면 역전파 방향(오른쪽에서 왼쪽)의
빨간 화살표를 더해, 각 함수가 기울기에 곱하는 국소 미분(예: ``×2x``)과 그 값을 적는다.

그래프가 한 줄로 이어진 사슬이면(제1고지처럼 모든 함수의 입력과 출력이 하나) 한 줄로 늘어놓고 빨간 화살표는
그 아래 띠에 그린다. 입력이 여럿인 함수(Step 11의 Add)가 생기면 그래프는 DAG가 되므로 층으로 나누어 그린다
(Sugiyama 방식):

1. 층: 입력에서 가장 긴 경로의 길이가 층 번호다. 변수와 함수가 번갈아 오고, 말단 변수는 처음 쓰이는
   함수 바로 앞 층으로 옮긴다.
2. 긴 간선: 층을 여럿 건너뛰는 간선은 중간 층마다 빈 점(dummy)을 얻어, 노드를 지나지 않고 제 길로 간다.
3. 순서: 층 안의 노드를 이웃 층 이웃들의 평균 순번(barycenter)으로 몇 번 다시 정렬해 엇갈림을 줄인다.
4. 높이: 층 안의 노드를 이웃들의 평균 높이에 가깝게, 그러나 겹치지 않게 놓는다.
5. 간선은 가로로 드나드는 곡선이다. 같은 변수가 한 함수에 두 번 들어가면(``add(x, x)``) 두 곡선을 벌린다.
   빨간 화살표는 순전파 곡선을 옆으로 옮긴 평행 곡선이고, 국소 미분은 함수 바로 앞 직선 구간 옆에 적는다.

Hand-written, not generated from a notebook: it draws the graph of any state's variables.
"""

import weakref
from collections import Counter
from html import escape
from unicodedata import east_asian_width

import numpy as np

_VAR_W, _VAR_H, _FN_W, _FN_H, _GAP, _PAD = 104, 50, 76, 34, 34, 8
_BACK_H = 46  # 사슬: 역전파 화살표 띠의 높이
_COL_GAP, _ROW_GAP = 56, 18  # DAG: 층 사이 곡선 구간의 최소 폭, 같은 층 노드 사이의 간격
_PORT, _BEND, _SHIFT = 8, 14, 7  # 함수 입구 사이 간격의 절반, 겹친 간선을 벌리는 높이, 빨간 곡선을 옮기는 거리
_RED, _GREY = "#c0392b", "#555"

# 각 함수가 역전파에서 기울기에 곱하는 국소 미분: 입력마다 (식, 값) 한 쌍.
# 식의 {x0}, {x1}(입력이 하나면 {x}도 같다)과 {y}는 변수 이름으로, {c}는 함수의 상수 c(Pow)로 바뀐다.
# 값은 입력 값의 목록 xs, 출력 값 y, 함수 f로 계산하고, None이면 식이 곧 수이므로 덧붙이지 않는다.
_LOCAL_DERIVATIVES = {
    "Square": [("2{x}", lambda xs, y, f: 2 * xs[0])],
    "Exp": [("exp({x})", lambda xs, y, f: y)],
    "Sigmoid": [("{y}(1−{y})", lambda xs, y, f: y * (1 - y))],
    "Tanh": [("1−{y}²", lambda xs, y, f: 1 - y * y)],
    "Add": [("1", None), ("1", None)],
    "Mul": [("{x1}", lambda xs, y, f: xs[1]), ("{x0}", lambda xs, y, f: xs[0])],
    "Neg": [("(−1)", None)],
    "Sub": [("1", None), ("(−1)", None)],
    "Div": [("1/{x1}", lambda xs, y, f: 1 / xs[1]), ("(−{x0}/{x1}²)", lambda xs, y, f: -xs[0] / xs[1] ** 2)],
    "Pow": [("{c}·{x}^({c}−1)", lambda xs, y, f: f.c * xs[0] ** (f.c - 1))],
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


def _is_variable(item) -> bool:
    return hasattr(item, "creator")


def _inputs(f) -> list:
    return list(f.inputs) if hasattr(f, "inputs") else [f.input]  # 제2고지는 inputs, 제1고지는 input


def _outputs(f) -> list:
    """함수의 출력 변수들. Step 17부터 outputs는 약한 참조이므로 부르고, 이미 사라진 출력은 뺀다."""
    if not hasattr(f, "outputs"):
        return [f.output]
    outputs = [y() if isinstance(y, weakref.ref) else y for y in f.outputs]
    return [y for y in outputs if y is not None]


def _labels(variables, names: dict) -> dict:
    """id(변수) → 이름: names로 준 이름, 없으면 변수의 name 속성(Step 19부터)."""
    label_of = {id(v): v.name for v in variables if getattr(v, "name", None)}
    label_of.update({id(v): name for name, v in names.items()})
    return label_of


def _collect(output) -> list:
    """출력에서 creator → 입력을 거꾸로 따라가며 만난 변수와 함수(함수의 다른 출력도)를, 만난 순서대로."""
    found, seen = [output], {id(output)}
    for item in found:  # 도는 동안 found가 늘어난다 (너비 우선)
        if _is_variable(item):
            nexts = [item.creator] if item.creator is not None else []
        else:
            nexts = _outputs(item) + _inputs(item)
        for n in nexts:
            if id(n) not in seen:
                seen.add(id(n))
                found.append(n)
    return found


def _chain(output) -> list:
    """[변수, 함수, 변수, …, 출력 변수]: 출력에서 creator를 거꾸로 따라간 순서를 뒤집은 것."""
    items = [output]
    while items[-1].creator is not None:
        f = items[-1].creator
        items += [f, _inputs(f)[0]]
    return items[::-1]


def draw_graph(output, backward: bool = False, **names) -> GraphPicture:
    """output까지의 계산 그래프를 creator를 따라가며 그린다. names로 변수에 이름을 붙인다: draw_graph(y, x=x, y=y).

    사슬이면 draw_chain과 같은 그림, 입력이나 출력이 여럿인 함수가 있으면 층으로 나눈 그림이다."""
    found = _collect(output)
    if all(len(_inputs(f)) == 1 and len(_outputs(f)) == 1 for f in found if not _is_variable(f)):
        return draw_chain(_chain(output), backward=backward, **names)
    return _draw_dag(found, backward, _labels([v for v in found if _is_variable(v)], names))


def _local_label(function, k, inputs, outputs, label_of) -> str:
    """k번째 입력으로 가는 역전파 화살표에 적을 글: 국소 미분의 식과, 값이 스칼라이면 그 값."""
    name = type(function).__name__
    if name not in _LOCAL_DERIVATIVES:
        return f"×d{name}"
    formula, value = _LOCAL_DERIVATIVES[name][k]
    names = {f"x{i}": label_of.get(id(v), "x" if len(inputs) == 1 else f"x{i}") for i, v in enumerate(inputs)}
    c = getattr(function, "c", "")
    text = "×" + formula.format(x=names["x0"], y=label_of.get(id(outputs[0]), "y"), c=_value_text(c) if c != "" else "", **names)
    xs, y = [np.asarray(v.data) for v in inputs], np.asarray(outputs[0].data)
    if value is not None and y.ndim == 0 and all(x.ndim == 0 for x in xs):
        text += f" ({_value_text(value(xs, y, function))})"
    return text


def _variable_svg(v, cx, mid, label_of) -> str:
    """변수: 주황 타원에 이름(굵게), 값, 있으면 기울기."""
    lines = [label_of.get(id(v), ""), _value_text(v.data)]
    if getattr(v, "grad", None) is not None:
        lines.append(f"grad {_value_text(v.grad)}")
    lines = [line for line in lines if line]
    parts = [f'<ellipse cx="{cx}" cy="{mid}" rx="{_VAR_W / 2}" ry="{_VAR_H / 2}" fill="#fde7c8" stroke="#e08a1e"/>']
    top = mid - 7 * (len(lines) - 1) + 4
    for k, line in enumerate(lines):
        weight = ' font-weight="bold"' if k == 0 and line in label_of.values() else ""
        parts.append(f'<text x="{cx}" y="{top + 14 * k}"{weight}>{escape(line)}</text>')
    return "".join(parts)


def _function_svg(f, x, mid, height=_FN_H) -> str:
    """함수: 왼쪽 끝이 x인 파란 사각형에 클래스 이름."""
    return (
        f'<rect x="{x}" y="{mid - height / 2}" width="{_FN_W}" height="{height}" rx="6" '
        f'fill="#d6e6f5" stroke="#3d85c6"/>'
        f'<text x="{x + _FN_W / 2}" y="{mid + 4}">{escape(type(f).__name__)}</text>'
    )


def _svg_open(width, height) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" text-anchor="middle">'
    )


def draw_chain(items, backward: bool = False, **names) -> GraphPicture:
    """[변수, 함수, 변수, …]를 왼쪽에서 오른쪽으로 그린다. names로 변수에 이름을 붙인다."""
    label_of = _labels(items[::2], names)
    widths = [(_FN_W if i % 2 else _VAR_W) for i in range(len(items))]
    width = sum(widths) + _GAP * (len(items) - 1) + 2 * _PAD
    height = _VAR_H + 2 * _PAD + (_BACK_H if backward else 0)
    mid = _PAD + _VAR_H / 2
    parts = [_svg_open(width, height)]
    centers = []
    x = _PAD
    for i, (item, w) in enumerate(zip(items, widths)):
        cx = x + w / 2
        centers.append(cx)
        parts.append(_function_svg(item, x, mid) if i % 2 else _variable_svg(item, cx, mid, label_of))
        if i + 1 < len(items):  # 다음 노드로 가는 순전파 화살표
            x0, x1 = x + w, x + w + _GAP
            parts.append(
                f'<line x1="{x0 + 2}" y1="{mid}" x2="{x1 - 8}" y2="{mid}" stroke="{_GREY}"/>'
                f'<polygon points="{x1 - 2},{mid} {x1 - 10},{mid - 4} {x1 - 10},{mid + 4}" fill="{_GREY}"/>'
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
        label = _local_label(items[i], 0, [items[i - 1]], [items[i + 1]], label_of)
        parts.append(
            f'<line x1="{start}" y1="{y_line}" x2="{end + 8}" y2="{y_line}" stroke="{_RED}"/>'
            f'<polygon points="{end},{y_line} {end + 8},{y_line - 4} {end + 8},{y_line + 4}" fill="{_RED}"/>'
            f'<text x="{centers[i]}" y="{y_line + 16}" fill="{_RED}">{escape(label)}</text>'
        )
    return parts


# ---- DAG: 층으로 나누어 그리기 (번호는 모듈 설명의 단계) ----


def _ranks(n, edges) -> list:
    """1. 층 번호: 입력에서 가장 긴 경로의 길이. 말단 변수는 처음 쓰이는 함수 바로 앞 층으로 옮긴다."""
    rank, changed = [0] * n, True
    while changed:  # 간선마다 '도착 층 ≥ 출발 층 + 1'을 더 바뀌는 것이 없을 때까지 맞춘다
        changed = False
        for (a, b), _ in edges:
            if rank[b] < rank[a] + 1:
                rank[b], changed = rank[a] + 1, True
    targets = {b for (a, b), _ in edges}
    for i in range(n):
        if i not in targets:  # 말단 변수
            rank[i] = min(rank[b] for (a, b), _ in edges if a == i) - 1
    return rank


def _layers(found):
    """1–2. 노드의 종류와 층, 간선. 노드 번호는 found의 순번이고 빈 점(dummy)은 그 뒤에 붙는다.

    간선은 ([출발, 빈 점…, 도착], 입력 번호)이다. 입력 번호는 함수로 들어가는 간선이면 몇 번째 입력인지, 아니면 None."""
    index = {id(item): i for i, item in enumerate(found)}
    kind = ["var" if _is_variable(item) else "fn" for item in found]
    edges = []
    for f, item in enumerate(found):
        if kind[f] == "fn":
            edges += [([index[id(x)], f], k) for k, x in enumerate(_inputs(item))]
            edges += [([f, index[id(y)]], None) for y in _outputs(item)]
    rank = _ranks(len(found), edges)
    for nodes, _ in edges:  # 2. 층을 건너뛰는 간선에는 중간 층마다 빈 점을 끼운다
        for r in range(rank[nodes[0]] + 1, rank[nodes[-1]]):
            kind.append("dummy")
            rank.append(r)
            nodes.insert(-1, len(kind) - 1)
    return kind, rank, edges


def _pack(wanted, gaps) -> np.ndarray:
    """순서를 지키고 이웃 사이를 gaps 이상 띄우면서 wanted에 가장 가까운(제곱 오차가 가장 작은) 위치.

    z = y − (앞쪽 gaps의 합)이 줄지만 않으면 되므로, 거꾸로 선 이웃 묶음을 그 평균으로 합친다(PAVA)."""
    offsets = np.concatenate([[0.0], np.cumsum(gaps)])
    blocks = []  # [z의 합, 개수]
    for z in np.asarray(wanted, dtype=float) - offsets:
        blocks.append([z, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    return np.array([total / count for total, count in blocks for _ in range(count)]) + offsets


def _arrange(kind, rank, edges, half) -> list:
    """3–4. 층 안의 순서를 정하고, 노드마다 세로 위치(중심, 위쪽 여백이 _PAD가 되게)를 돌려준다."""
    layers = [[i for i in range(len(kind)) if rank[i] == r] for r in range(max(rank) + 1)]
    pred, succ = [[] for _ in kind], [[] for _ in kind]
    for nodes, _ in edges:
        for a, b in zip(nodes, nodes[1:]):
            succ[a].append(b)
            pred[b].append(a)

    def sweeps(count, place):  # 왼쪽 층을 보며 오른쪽으로, 오른쪽 층을 보며 왼쪽으로를 번갈아
        for sweep in range(count):
            if sweep % 2 == 0:
                for r in range(1, len(layers)):
                    place(layers[r], pred, layers[r - 1])
            else:
                for r in range(len(layers) - 2, -1, -1):
                    place(layers[r], succ, layers[r + 1])

    def order(layer, nbrs, other):  # 3. 이웃들의 평균 순번(barycenter)으로. 같으면 지금 순서대로 (sorted는 안정)
        pos = {j: p for p, j in enumerate(other)}
        key = [sum(pos[j] for j in nbrs[i]) / len(nbrs[i]) if nbrs[i] else p for p, i in enumerate(layer)]
        layer[:] = [i for _, i in sorted(zip(key, layer), key=lambda pair: pair[0])]

    y = [0.0] * len(kind)

    def place(layer, nbrs, other):  # 4. 이웃들의 평균 높이에 가깝게, 겹치지 않게
        wanted = [np.mean([y[j] for j in nbrs[i]]) if nbrs[i] else y[i] for i in layer]
        gaps = [half[a] + half[b] + _ROW_GAP for a, b in zip(layer, layer[1:])]
        for i, v in zip(layer, _pack(wanted, gaps)):
            y[i] = v

    sweeps(4, order)
    sweeps(7, place)  # 마지막은 오른쪽으로: 노드가 입력 쪽 이웃에 맞춰 선다
    top = min(v - h for v, h in zip(y, half))
    return [round(v - top + _PAD) for v in y]


def _curve(points) -> str:
    """점들을 잇는 path: 점마다 가로로 드나드는 3차 베지에 곡선(두 점의 높이가 같으면 직선)."""
    d = "M{:.1f},{:.1f}".format(*points[0])
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        m = (x0 + x1) / 2
        d += f" C{m:.1f},{y0:.1f} {m:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
    return d


def _offset(points, shift) -> list:
    """_curve의 곡선을 법선 방향으로 shift만큼(양수면 아래로) 옮긴 점들."""
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        p0, p1, p2, p3 = np.array([[x0, y0], [(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1], [x1, y1]])
        t = np.linspace(0, 1, 13 if y0 != y1 else 2)[:, None]
        at = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
        slope = 3 * (1 - t) ** 2 * (p1 - p0) + 6 * (1 - t) * t * (p2 - p1) + 3 * t**2 * (p3 - p2)
        normal = np.stack([-slope[:, 1], slope[:, 0]], axis=1) / np.hypot(slope[:, 0], slope[:, 1])[:, None]
        out += list(at + shift * normal)
    return out


def _text_width(text) -> int:
    """12px 글씨의 폭 어림: 넉넉히 한 글자에 7px, 한글처럼 넓은 글자는 12px."""
    return sum(12 if east_asian_width(ch) in "WF" else 7 for ch in text)


def _arrowhead(x, y, direction, colour) -> str:
    """끝이 (x, y)인 화살촉: direction=1이면 오른쪽, -1이면 왼쪽을 가리킨다."""
    b = x - 8 * direction
    return f'<polygon points="{x:.1f},{y:.1f} {b:.1f},{y - 4:.1f} {b:.1f},{y + 4:.1f}" fill="{colour}"/>'


def _draw_dag(found, backward, label_of) -> GraphPicture:
    """변수와 함수(found, 만난 순서)를 층으로 나누어 왼쪽에서 오른쪽으로 그린다."""
    kind, rank, edges = _layers(found)
    # 함수의 입구 사이 간격과 상자 높이: 입력이 셋 이상이면 입구마다 역전파 글씨 한 줄이 들어가도록 넓힌다
    n_in = {f: len(_inputs(found[f])) for f, k in enumerate(kind) if k == "fn"}
    spacing = {f: 30 if backward and n > 2 else 2 * _PORT for f, n in n_in.items()}
    box = {f: max(_FN_H, spacing[f] * (n_in[f] - 1) + 2 * _PORT, 2 * _PORT * len(_outputs(found[f]))) for f in n_in}
    # 층 안에서 노드가 차지하는 높이의 절반: 보통의 함수는 변수와 같아서 사슬 부분이 곧게 선다. 역전파 글씨는
    # 함수 위아래에 붙으므로 넓힌다. 빈 점(thin)은 곡선 두 가닥(순전파, 역전파)이 지나갈 만큼
    row, thin = (32, 11) if backward else (_VAR_H / 2, 4)
    half = [row + (box[i] - _FN_H) / 2 if k == "fn" else row if k == "var" else thin for i, k in enumerate(kind)]
    y = _arrange(kind, rank, edges, half)
    height = max(v + h for v, h in zip(y, half)) + _PAD

    # 5. 함수의 입구와 출구: 반대쪽 끝이 높은 간선부터 위에서 아래로. 위쪽 입구의 빨간 곡선과 글은 위에, 나머지는 아래에
    port = {}
    for f in n_in:
        for end, other_end, gap in ((-1, -2, spacing[f]), (0, 1, 2 * _PORT)):  # 들어오는 간선, 나가는 간선
            mine = sorted((y[nodes[other_end]], e) for e, (nodes, _) in enumerate(edges) if nodes[end] == f)
            for p, (_, e) in enumerate(mine):
                port[e] = (p - (len(mine) - 1) / 2) * gap
    side = {e: -1 if dy < 0 else 1 for e, dy in port.items()}

    # 가로 위치: 층 사이마다 곡선 구간(세로로 멀리 갈수록 넓게)과, 함수 층 앞에는 국소 미분을 적을 직선 구간(stub)
    labels = {}
    for e, (nodes, k) in enumerate(edges):
        if backward and k is not None:
            f = found[nodes[-1]]
            labels[e] = _local_label(f, k, _inputs(f), _outputs(f), label_of)
    n_layers = max(rank) + 1
    stub, steep = [0] * n_layers, [0] * n_layers
    for e, (nodes, _) in enumerate(edges):
        if e in labels:
            stub[rank[nodes[-1]]] = max(stub[rank[nodes[-1]]], _text_width(labels[e]) + 8)
        for a, b in zip(nodes, nodes[1:]):
            steep[rank[b]] = max(steep[rank[b]], abs(y[a] - y[b]))
    width = [_FN_W if r % 2 else _VAR_W for r in range(n_layers)]
    left = [_PAD]
    for r in range(1, n_layers):
        left.append(left[-1] + width[r - 1] + max(_COL_GAP, round(0.3 * steep[r])) + stub[r])

    parts = [_svg_open(left[-1] + width[-1] + _PAD, height)]
    twins = Counter(tuple(nodes) for nodes, _ in edges)
    for e, (nodes, k) in enumerate(edges):
        a, b = nodes[0], nodes[-1]
        dy_a, dy_b = (0, port[e]) if k is not None else (port[e], 0)
        points = [(left[rank[a]] + width[rank[a]] + 2, y[a] + dy_a)]
        for d in nodes[1:-1]:  # 빈 점: 그 층을 곧게 가로지른다
            points += [(left[rank[d]] - stub[rank[d]], y[d]), (left[rank[d]] + width[rank[d]], y[d])]
        if stub[rank[b]]:
            points.append((left[rank[b]] - stub[rank[b]], y[b] + dy_b))
        points.append((left[rank[b]] - 2, y[b] + dy_b))  # 화살촉 끝
        if twins[tuple(nodes)] > 1:  # add(x, x): 같은 두 노드를 잇는 간선들을 위아래로 벌린다
            (x0, y0), (x1, y1) = points[:2]
            points.insert(1, ((x0 + x1) / 2, (y0 + y1) / 2 + side[e] * _BEND))
        tip = points[-1]
        parts.append(f'<path d="{_curve(points[:-1] + [(tip[0] - 6, tip[1])])}" fill="none" stroke="{_GREY}"/>')
        parts.append(_arrowhead(*tip, 1, _GREY))
        if e in labels:  # 빨간 곡선: 순전파 곡선을 옆으로 옮긴 것. 화살촉은 변수 타원의 테두리에 닿는다
            shift = side[e] * _SHIFT
            red_tip = left[rank[a]] + _VAR_W / 2 * (1 + np.sqrt(1 - (shift / (_VAR_H / 2)) ** 2)) + 2
            red = [(red_tip + 6, y[a] + shift)] + [p for p in _offset(points, shift) if p[0] > red_tip + 6]
            d = " L".join(f"{px:.1f},{py:.1f}" for px, py in red)
            parts.append(f'<path d="M{d}" fill="none" stroke="{_RED}"/>')
            parts.append(_arrowhead(red_tip, y[a] + shift, -1, _RED))
            text_y = tip[1] + shift + (13 if shift > 0 else -6)
            parts.append(
                f'<text x="{left[rank[b]] - stub[rank[b]] / 2 - 1:.1f}" y="{text_y:.1f}" fill="{_RED}">'
                f"{escape(labels[e])}</text>"
            )
    for i, item in enumerate(found):  # 노드는 간선 위에
        if kind[i] == "fn":
            parts.append(_function_svg(item, left[rank[i]], y[i], box[i]))
        else:
            parts.append(_variable_svg(item, left[rank[i]] + _VAR_W // 2, y[i], label_of))
    parts.append("</svg>")
    return GraphPicture("".join(parts))
