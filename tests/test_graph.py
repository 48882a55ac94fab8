"""draw_graph and draw_chain: the computational graph as SVG, checked on graphs of known structure."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import dezero_core
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
    y.backward()
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
