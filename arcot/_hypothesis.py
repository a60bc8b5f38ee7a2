"""Hypothesis plugin: ``st.from_type(TuringMachine)`` draws arcot's machines.

Hypothesis calls :func:`setup` when it is imported (the ``hypothesis`` entry
point in pyproject.toml), possibly while :mod:`arcot.testing` is itself
importing Hypothesis, so the strategies are looked up lazily.
"""

from __future__ import annotations


def setup() -> None:
    """Register strategies for :class:`~arcot.machine.TuringMachine` and
    :class:`~arcot.machine.MultiTapeMachine`."""
    from hypothesis import strategies as st

    from arcot.machine import MultiTapeMachine, TuringMachine

    def machines() -> st.SearchStrategy[TuringMachine]:
        from arcot.testing import turing_machines

        return turing_machines()

    def multitape() -> st.SearchStrategy[MultiTapeMachine]:
        from arcot.testing import multitape_machines

        return multitape_machines()

    st.register_type_strategy(TuringMachine, st.deferred(machines))
    st.register_type_strategy(MultiTapeMachine, st.deferred(multitape))
