"""draw_graph and draw_chain: the computational graph as SVG, checked on graphs of known structure."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import dezero_core
from dezero_core import graph, step10, step12, step16
from dezero_core.graph import draw_chain, draw_graph
from states import STATES, WITH_GRAPH

SVG = "{http://www.w3.org/2000/svg}"


def parse(picture):
    root = ET.fromstring(picture._repr_svg_())  # well-formed SVG
    texts = [t.text for t in root.iter(f"{SVG}text")]
    red = [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == "#c0392b"]
    return root, texts, red


@pytest.mark.parametrize("state_name", WITH_GRAPH)
def test_draws_the_chain_from_input_to_output(state_name):
    state = STATES[state_name]
    x = state.Variable(np.array(0.5))
    a = state.Square()(x)
    y = state.Exp()(a)
    root, texts, red = parse(draw_graph(y, x=x, y=y))
    assert len(root.findall(f"{SVG}ellipse")) == 3 and len(root.findall(f"{SVG}rect")) == 2
    assert texts.index("x") < texts.index("Square") < texts.index("Exp") < texts.index("y")
    assert "0.5" in texts and "0.25" in texts
    assert not any(t.startswith("grad") for t in texts)  # no backward yet
    assert red == []  # no backward band unless asked for


def test_draw_chain_draws_a_list_before_variables_know_their_creator():
    state = STATES["step03"]
    x = state.Variable(np.array(0.5))
    A, B, C = state.Square(), state.Exp(), state.Square()
    a = A(x)
    b = B(a)
    y = C(b)
    root, texts, _ = parse(draw_chain([x, A, a, B, b, C, y], x=x, a=a, b=b, y=y))
    assert len(root.findall(f"{SVG}ellipse")) == 4 and len(root.findall(f"{SVG}rect")) == 3
    assert [t for t in texts if t in ("x", "a", "b", "y", "Square", "Exp")] == ["x", "Square", "a", "Exp", "b", "Square", "y"]
    assert "1.649" in texts


def test_backward_band_labels_each_local_derivative_with_its_value():
    """Square → Exp → Square at 0.5: the backward pass multiplies by 2b, then exp(a), then 2x."""
    x = dezero_core.Variable(np.array(0.5))
    a = dezero_core.square(x)
    b = dezero_core.exp(a)
    y = dezero_core.square(b)
    y.backward(retain_grad=True)  # keep every intermediate grad for the picture
    root, texts, red = parse(draw_graph(y, backward=True, x=x, a=a, b=b, y=y))
    assert red == ["×2x (1)", "×exp(a) (1.284)", "×2b (2.568)"]  # left to right under each function
    assert len(root.findall(f"{SVG}line")) == 6 + 3  # forward arrows between the 7 nodes, a backward arrow per function
    assert "grad 3.297" in texts and "grad 1" in texts
    assert draw_graph(y, backward=True, x=x, a=a, b=b, y=y).svg == draw_graph(y, backward=True, x=x, a=a, b=b, y=y).svg


def test_backward_labels_use_the_output_for_sigmoid_and_tanh():
    x = dezero_core.Variable(np.array(1.0))
    a = dezero_core.tanh(x)
    y = dezero_core.sigmoid(a)
    _, _, red = parse(draw_graph(y, backward=True, x=x, a=a, y=y))
    assert red == [f"×1−a² ({1 - np.tanh(1.0) ** 2:.4g})", f"×y(1−y) ({float(y.data * (1 - y.data)):.4g})"]


def test_backward_labels_for_arrays_give_the_formula_only():
    x = dezero_core.Variable(np.zeros((2, 3)))
    _, texts, red = parse(draw_graph(dezero_core.square(x), backward=True, x=x))
    assert red == ["×2x"] and "float64 (2, 3)" in texts


def test_shows_gradients_after_backward_and_is_deterministic():
    x = dezero_core.Variable(np.array(1.0))
    y = dezero_core.sigmoid(dezero_core.tanh(x))
    y.backward()
    first = draw_graph(y, x=x).svg
    assert "grad 0.09113" in first
    assert first == draw_graph(y, x=x).svg
    assert repr(draw_graph(y)) == "<계산 그래프 그림: 3개 변수, 2개 함수>"


def test_arrays_are_labelled_by_dtype_and_shape():
    x = dezero_core.Variable(np.zeros((2, 3), dtype=np.float32))
    assert "float32 (2, 3)" in draw_graph(dezero_core.square(x)).svg


def test_a_leaf_alone_is_one_node():
    svg = draw_graph(dezero_core.Variable(np.array(2.0))).svg
    assert svg.count("<ellipse") == 1 and "<rect" not in svg


# ---- Stage 2 (Steps 11–16): functions of several inputs make the graph a DAG, drawn in layers ----

GREY, RED = "#555", "#c0392b"


def scalar(value):
    return step16.Variable(np.array(value))


def graph_a():  # y = x + x: the same variable twice into one function
    x = scalar(3.0)
    y = step16.add(x, x)
    return y, dict(x=x, y=y)


def graph_b():  # y = (x + x) + x: x three times, once over a long edge
    x = scalar(3.0)
    t = step16.add(x, x)
    y = step16.add(t, x)
    return y, dict(x=x, t=t, y=y)


def graph_c():  # Step 16's example: fan-out of a, fan-in into Add
    x = scalar(2.0)
    a = step16.square(x)
    y = step16.add(step16.square(a), step16.square(a))
    return y, dict(x=x, a=a, y=y)


def graph_d():  # z = x² + y²: two leaves
    x, y = scalar(2.0), scalar(3.0)
    z = step16.add(step16.square(x), step16.square(y))
    return z, dict(x=x, y=y, z=z)


def graph_e():  # a balanced tree of Add over 8 squares of the same x
    x = scalar(0.5)
    terms = [step16.square(x) for _ in range(8)]
    while len(terms) > 1:
        terms = [step16.add(terms[i], terms[i + 1]) for i in range(0, len(terms), 2)]
    return terms[0], dict(x=x, y=terms[0])


def graph_f():  # exp → tanh → sigmoid, with a skip edge from a and a long edge from x
    x = scalar(0.5)
    a = step16.exp(x)
    b = step16.tanh(a)
    c = step16.sigmoid(b)
    d = step16.add(a, x)
    y = step16.add(c, d)
    return y, dict(x=x, a=a, b=b, c=c, d=d, y=y)


class Sum3(step16.Function):  # three inputs (like linear(x, W, b) much later): a taller box, a label per input
    def forward(self, x0, x1, x2):
        return x0 + x1 + x2

    def backward(self, gy):
        return gy, gy, gy


def graph_three():
    x, z = scalar(1.0), scalar(2.0)
    y = Sum3()(x, step16.square(z), x)
    return y, dict(x=x, z=z, y=y)


# graph → (variables, functions, edges into functions, edges out of functions)
DAGS = {
    "a": (graph_a, 2, 1, 2, 1),
    "b": (graph_b, 3, 2, 4, 2),
    "c": (graph_c, 5, 4, 5, 4),
    "d": (graph_d, 5, 3, 4, 3),
    "e": (graph_e, 16, 15, 22, 15),
    "f": (graph_f, 6, 5, 7, 5),
    "three": (graph_three, 4, 2, 4, 2),
}


def paths(root, colour):
    return [p.get("d") for p in root.iter(f"{SVG}path") if p.get("stroke") == colour]


def arrowheads(root, colour):
    return [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == colour]


def node_boxes(root):
    """(left, top, right, bottom) of every variable and function."""
    boxes = []
    for e in root.iter(f"{SVG}ellipse"):
        cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
        boxes.append((cx - rx, cy - ry, cx + rx, cy + ry))
    for r in root.iter(f"{SVG}rect"):
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        boxes.append((x, y, x + w, y + h))
    return boxes


def centre_x(root, name):
    """The centre of the variable drawn with this bold name."""
    return float(next(t for t in root.iter(f"{SVG}text") if t.text == name and t.get("font-weight") == "bold").get("x"))


def overlap(p, q):
    return p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]


def samples(d):
    """Points along a path drawn with M, C (cubic Bézier) and L commands."""
    tokens = re.findall(r"[MCL]|-?[\d.]+,-?[\d.]+", d)
    points, command, args, here = [], None, [], None
    for token in tokens:
        if token in "MCL":
            command, args = token, []
            continue
        args.append(np.array([float(v) for v in token.split(",")]))
        if command in "ML":
            if here is not None:
                points += [here + (args[0] - here) * t for t in np.linspace(0, 1, 20)]
            here, args = args[0], []
        elif len(args) == 3:
            p0, p1, p2, p3 = here, *args
            for t in np.linspace(0, 1, 40):
                points.append((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t * t * p2 + t**3 * p3)
            here, args = p3, []
    return points


def inside_a_node(root, point):
    px, py = point
    for e in root.iter(f"{SVG}ellipse"):
        cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
        if ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 < 0.98:
            return True
    for r in root.iter(f"{SVG}rect"):
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        if x + 0.5 < px < x + w - 0.5 and y + 0.5 < py < y + h - 0.5:
            return True
    return False


def text_box(t, per_char=6.5):
    """A generous box around a 12px label: DejaVu Sans, the widest common sans-serif, needs about 6.5px a character."""
    x, y, w = float(t.get("x")), float(t.get("y")), per_char * len(t.text)
    return (x - w / 2, y - 10, x + w / 2, y + 3)


@pytest.mark.parametrize("name", DAGS)
@pytest.mark.parametrize("backward", [False, True])
def test_a_dag_draws_every_node_and_every_edge(name, backward):
    build, n_vars, n_fns, n_in, n_out = DAGS[name]
    y, names = build()
    if backward:
        y.backward()
    picture = draw_graph(y, backward=backward, **names)
    root, texts, red = parse(picture)
    assert len(root.findall(f"{SVG}ellipse")) == n_vars and len(root.findall(f"{SVG}rect")) == n_fns
    assert repr(picture) == f"<계산 그래프 그림: {n_vars}개 변수, {n_fns}개 함수>"
    assert len(paths(root, GREY)) == len(arrowheads(root, GREY)) == n_in + n_out  # 입력 → 함수, 함수 → 출력
    assert root.findall(f"{SVG}line") == []  # the chain layout is not used
    if backward:  # a red arrow and a label from each function back to each of its inputs
        assert len(paths(root, RED)) == len(arrowheads(root, RED)) == len(red) == n_in
    else:
        assert paths(root, RED) == [] and red == [] and not any(t.startswith("grad") for t in texts)


@pytest.mark.parametrize("name", DAGS)
@pytest.mark.parametrize("backward", [False, True])
def test_a_dag_is_legible_and_fits_its_picture(name, backward):
    y, names = DAGS[name][0]()
    if backward:
        y.backward()
    root, _, _ = parse(draw_graph(y, backward=backward, **names))
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    boxes = node_boxes(root)
    labels = [text_box(t) for t in root.iter(f"{SVG}text") if t.get("fill") == RED]
    for i, box in enumerate(boxes + labels):
        assert 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height  # inside the SVG
        for other in (boxes + labels)[i + 1:]:
            assert not overlap(box, other)  # no node or label on another
    for d in paths(root, GREY) + paths(root, RED):  # no edge, long or short, runs through a node
        assert not any(inside_a_node(root, p) for p in samples(d))


def test_add_x_x_draws_two_separate_edges_and_two_backward_labels():
    y, names = graph_a()
    y.backward()
    root, texts, red = parse(draw_graph(y, backward=True, **names))
    assert red == ["×1", "×1"]
    assert "grad 2" in texts and "6" in texts and "grad 1" in texts
    into_add = [samples(d) for d in paths(root, GREY)[:2]]  # the two edges from x into Add
    assert np.allclose(into_add[0][0], into_add[1][0])  # both leave x at the same point
    ends = sorted(float(points[-1][1]) for points in into_add)
    assert ends[1] - ends[0] >= 10  # and enter Add apart
    middles = sorted(float(points[len(points) // 2][1]) for points in into_add)
    assert middles[1] - middles[0] >= 20  # bent apart on the way
    red_ends = sorted(float(samples(d)[-1][1]) for d in paths(root, RED))
    assert red_ends[1] - red_ends[0] >= 20  # each backward arrow next to its own edge, outside the pair


def test_step16_example_labels_each_input_of_each_function():
    """x = 2: a = x², y = a² + a² = 32, dy/dx = 64 (Step 16)."""
    y, names = graph_c()
    y.backward()
    _, texts, red = parse(draw_graph(y, backward=True, **names))
    assert "32" in texts and "grad 64" in texts and "grad 16" in texts
    assert sorted(red) == sorted(["×1", "×1", "×2a (8)", "×2a (8)", "×2x (4)"])


def test_two_leaves_and_a_deeper_dag_name_their_derivatives():
    z, names = graph_d()
    z.backward()
    _, texts, red = parse(draw_graph(z, backward=True, **names))
    assert sorted(red) == ["×1", "×1", "×2x (4)", "×2y (6)"]
    assert "grad 4" in texts and "grad 6" in texts and "13" in texts
    y, names = graph_f()
    y.backward()
    _, _, red = parse(draw_graph(y, backward=True, **names))
    b, c = names["b"].data, names["c"].data
    assert sorted(red) == sorted(
        ["×1"] * 4 + [f"×exp(x) ({np.exp(0.5):.4g})", f"×1−b² ({1 - b * b:.4g})", f"×c(1−c) ({c * (1 - c):.4g})"]
    )


@pytest.mark.parametrize("name, order", [("b", "x t y"), ("c", "x a y"), ("f", "x a b c y"), ("f", "x a d y")])
def test_layers_run_from_the_inputs_on_the_left_to_the_output_on_the_right(name, order):
    y, names = DAGS[name][0]()
    root, _, _ = parse(draw_graph(y, **names))
    xs = [centre_x(root, v) for v in order.split()]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_a_wide_tree_puts_its_eight_squares_in_one_layer():
    y, names = graph_e()
    root, _, _ = parse(draw_graph(y, **names))
    columns = {}
    for r in root.iter(f"{SVG}rect"):
        columns.setdefault(float(r.get("x")), []).append(float(r.get("y")))
    assert [len(ys) for _, ys in sorted(columns.items())] == [8, 4, 2, 1]  # Square ×8, then Add layers
    assert [len(set(ys)) for _, ys in sorted(columns.items())] == [8, 4, 2, 1]  # one above the other


def test_a_dag_is_byte_identical_across_builds_and_processes():
    svgs = []
    for _ in range(2):
        y, names = graph_f()
        y.backward()
        svgs.append(draw_graph(y, backward=True, **names).svg)
    assert svgs[0] == svgs[1]
    script = (
        "import sys; sys.path.insert(0, 'tests'); from test_graph import graph_f, draw_graph\n"
        "y, names = graph_f(); y.backward(); sys.stdout.write(draw_graph(y, backward=True, **names).svg)"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert other.stdout == svgs[0]


def test_step12_graph_without_xs_or_backward_is_drawn_forward():
    x = step12.Variable(np.array(2.0))
    z = step12.add(x, step12.Variable(np.array(3.0)))
    root, texts, red = parse(draw_graph(z, x=x, z=z))
    assert len(root.findall(f"{SVG}ellipse")) == 3 and len(root.findall(f"{SVG}rect")) == 1
    assert len(paths(root, GREY)) == 3 and red == []
    assert texts.count("Add") == 1 and "5" in texts and centre_x(root, "x") < centre_x(root, "z")


def test_a_stage2_chain_is_the_stage1_chain_picture():
    pictures = []
    for state in (step10, step16):
        x = state.Variable(np.array(0.5))
        y = state.square(state.exp(state.square(x)))
        y.backward()
        pictures.append(draw_graph(y, backward=True, x=x, y=y).svg)
    assert pictures[0] == pictures[1]
    assert "<line" in pictures[1] and "<path" not in pictures[1]


class Product(step16.Function):
    def forward(self, x0, x1):
        return x0 * x1

    def backward(self, gy):
        return gy * self.xs[1], gy * self.xs[0]


def test_unknown_functions_get_a_label_per_input_and_the_table_takes_one_line_per_input(monkeypatch):
    a, b = scalar(2.0), scalar(3.0)
    y = Product()(a, b)
    y.backward()
    _, _, red = parse(draw_graph(y, backward=True, a=a, b=b, y=y))
    assert red == ["×dProduct", "×dProduct"]
    monkeypatch.setitem(
        graph._LOCAL_DERIVATIVES, "Product", [("{x1}", lambda xs, y, f: xs[1]), ("{x0}", lambda xs, y, f: xs[0])]
    )
    _, _, red = parse(draw_graph(y, backward=True, a=a, b=b, y=y))
    assert red == ["×b (3)", "×a (2)"]
    _, _, red = parse(draw_graph(y, backward=True, a=a))  # unnamed inputs are x0, x1
    assert red == ["×x1 (3)", "×a (2)"]
