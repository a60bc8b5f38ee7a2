"""A machine's state diagram: DOT text always, inline SVG where Graphviz is."""

import shutil

import pytest

from arcot.machine import machine_from_table, parse_tm


def test_dot_has_a_node_a_state_and_an_edge_a_pair_of_states():
    dot = parse_tm("1RB1LB_1LA1RZ").to_dot().splitlines()
    assert dot[0] == "digraph machine {" and dot[-1] == "}"
    assert '  "Z" [shape=doublecircle];' in dot  # halt states doubly circled
    assert '  "A (start)" -> "A";' in dot
    # A's two transitions both go to B: one edge, labels stacked
    assert '  "A" -> "B" [label="0/1 R\\n1/1 L"];' in dot
    assert sum(" -> " in line for line in dot) == 4


def test_dot_escapes_quotes_and_backslashes():
    tm = machine_from_table('''
        say" 0 -> 1 R back\\slash
        back\\slash 0 -> 0 L say"
    ''')
    dot = tm.to_dot()
    assert '"say\\"" -> "back\\\\slash"' in dot


def test_notebook_view_holds_the_table_and_svg_only_with_graphviz():
    html = parse_tm("1RB1LB_1LA1RZ")._repr_html_()
    assert "<table>" in html
    if shutil.which("dot") is None:
        assert "<svg" not in html
        pytest.skip("Graphviz's dot is not installed: the table alone is shown")
    assert "<svg" in html
