"""draw_graph: the computational graph as SVG, for every state of the engine."""

import importlib
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import dezero_core
from dezero_core.graph import draw_graph


@pytest.mark.parametrize("state_name", dezero_core.STATES)
def test_draws_the_chain_from_input_to_output(state_name):
    state = importlib.import_module(f"dezero_core.{state_name}")
    x = state.Variable(np.array(0.5))
    a = state.square(x)
    y = state.exp(a)
    picture = draw_graph(y, x=x, y=y)
    root = ET.fromstring(picture._repr_svg_())  # well-formed SVG
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}ellipse")) == 3 and len(root.findall(f"{ns}rect")) == 2
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts.index("x") < texts.index("Square") < texts.index("Exp") < texts.index("y")
    assert "0.5" in texts and "0.25" in texts
    assert not any(t.startswith("grad") for t in texts)  # no backward yet


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
