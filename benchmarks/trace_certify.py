"""How often one ``certify`` call re-derives the tableau, and where it goes.

Not a speed benchmark: a structural measurement of the layout (issue 8).
A profile hook watches every Python call made by one

    certify("zoo:bb3", learner="lstsq", features="pairwise",
            train="configurations:500", certificate=True)

and reports

- ``derivations``: calls that derive a piece of the tableau from the
  machine (its vocabulary, local rule, flat tables, cell tokens), counted
  by the arcot module that made the call, a module's calls to its own
  helpers left out;
- the :class:`~arcot.cot.Tableau` values built (none before it existed);
- ``calls into the CoT layer``: calls from another layer into a function of
  ``arcot.cot`` (methods of its values, such as ``Vocabulary.id``, left
  out): each is a trip back to the encoding from a later stage;
- ``modules entered``: the arcot modules in the order the call first
  enters them;
- ``modules whose source calls one``: the same, read from the source (a
  call site a module holds but this run does not reach counts too);
- the longest file under ``arcot/``.

Run it from the repository root (``python benchmarks/trace_certify.py``);
``PYTHONPATH=OTHER_TREE`` measures another checkout the same way.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

#: Functions that derive a piece of the tableau from a machine, in any
#: layout this project has had.
DERIVATIONS = frozenset({
    "tableau_vocabulary",
    "local_rule",
    "rule_table",
    "flat_tables",
    "_batch_tables",
    "machine_cell_tokens",
    "circuit_vocabulary",
    "steplog_vocabulary",
    "tableau_of",
    "build_tableau",
})


def _module(frame) -> str:
    return frame.f_globals.get("__name__", "")


def in_cot(module: str) -> bool:
    return module == "arcot.cot" or module.startswith("arcot.cot.")


def trace() -> tuple[Counter, Counter, list[str], int]:
    """Derivations by calling module, calls into the CoT layer's functions
    from outside it (by caller and function), the modules in order of first
    entry, and how many :class:`Tableau` values were built."""
    from arcot.pipeline import certify
    from arcot.zoo import get

    machine = get("bb3")
    derivations: Counter = Counter()
    cot_calls: Counter = Counter()
    order: list[str] = []
    builds = 0

    def hook(frame, event, arg):
        nonlocal builds
        if event != "call":
            return
        callee = _module(frame)
        if not callee.startswith("arcot"):
            return
        if callee not in order:
            order.append(callee)
        code = frame.f_code
        if code.co_qualname == "Tableau.__post_init__":
            builds += 1
        caller = _module(frame.f_back) if frame.f_back is not None else ""
        if code.co_name in DERIVATIONS and caller.startswith("arcot") \
                and caller != callee:
            derivations[caller] += 1
        # a module-level function of the CoT layer (not a method of its values)
        if in_cot(callee) and "." not in code.co_qualname and not in_cot(caller) \
                and caller.startswith("arcot"):
            cot_calls[caller, code.co_name] += 1

    sys.setprofile(hook)
    try:
        certify(machine, learner="lstsq", features="pairwise",
                train="configurations:500", certificate=True)
    finally:
        sys.setprofile(None)
    return derivations, cot_calls, order, builds


def longest_file() -> tuple[int, str]:
    import arcot

    root = Path(arcot.__file__).resolve().parent
    sizes = [
        (len(p.read_text(encoding="utf-8").splitlines()),
         str(p.relative_to(root.parent)))
        for p in root.rglob("*.py")
    ]
    return max(sizes)


def static_callers() -> list[str]:
    """Modules whose source calls a derivation, their own definitions aside."""
    import ast

    import arcot

    root = Path(arcot.__file__).resolve().parent
    found = []
    for p in sorted(root.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree)
                   if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in DERIVATIONS and name not in defined:
                    found.append(str(p.relative_to(root.parent)))
                    break
    return found


def main() -> None:
    import arcot

    derivations, cot_calls, order, builds = trace()
    lines, path = longest_file()
    callers = static_callers()
    print(f"tree: {Path(arcot.__file__).resolve().parent}")
    print(f"longest file: {path} ({lines} lines)")
    print(f"derivations: {sum(derivations.values())} calls from "
          f"{len(derivations)} modules; Tableau values built: {builds}")
    for module, n in sorted(derivations.items()):
        print(f"  {module:40s} {n:5d}")
    print(f"modules whose source calls one: {len(callers)} ({', '.join(callers)})")
    print(f"calls into the CoT layer's functions from other layers: "
          f"{sum(cot_calls.values())}")
    for (module, name), n in sorted(cot_calls.items()):
        print(f"  {module:40s} {name:24s} {n:5d}")
    print(f"modules entered, in order of first entry ({len(order)}):")
    print("  " + " > ".join(m.removeprefix("arcot.") for m in order))


if __name__ == "__main__":
    main()
