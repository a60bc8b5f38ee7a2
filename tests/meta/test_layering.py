"""Imports flow one way, as the proof is told (docs/explanation/layout.md).

Every ``import arcot...`` in the package, lazy ones inside functions included,
must go to a module of lower rank or to the module's own subpackage, and the
modules' imports form no cycle (so inside a subpackage too they flow one way).
The numba kernels import nothing of arcot but the one place numba's options
are set, ``arcot._numba``; the trusted checker imports the standard library
only.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "arcot"

# Lower rank = closer to the foundations. Longest prefix wins.
RANKS = {
    "arcot.errors": 0,
    "arcot._numba": 0,
    "arcot._version": 0,
    "arcot._lazy": 0,
    "arcot._progress": 0,
    "arcot.schemas": 1,  # data files and their reader
    "arcot.machine": 1,
    "arcot.circuit": 2,
    "arcot.universal": 2,  # the machines and their encodings
    "arcot.universal.run": 8.5,  # the certified predictor, rolled out
    "arcot.universal.training": 8.5,  # U's traces on random programs
    "arcot.zoo": 3,
    "arcot.cot": 4,
    "arcot.learn.features": 5,
    "arcot.length": 6,
    "arcot.learn": 6,
    "arcot.construct": 6,
    "arcot.verify": 7,
    "arcot.pipeline": 8,
    "arcot.sweep": 8.6,  # whole machine spaces through the pipeline
    "arcot.experiments": 8.7,  # the paper's experiments, on the whole pipeline
    "arcot.testing": 9,
    "arcot.demo": 9,
    "arcot.cli": 10,
    "arcot": 11,  # the package's curated re-exports
}


def rank(module: str) -> tuple[int, str]:
    best = max((p for p in RANKS if module == p or module.startswith(p + ".")), key=len)
    return RANKS[best], best


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def arcot_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "arcot"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pytest.fail(f"{path}: relative import; use absolute arcot imports")
            if node.module and node.module.split(".")[0] == "arcot":
                found.append(node.module)
    return found


SOURCES = sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path):
    me = module_name(path)
    my_rank, my_layer = rank(me)
    if me.startswith(("arcot.verify.checker", "arcot.verify.drup")):
        assert arcot_imports(path) == [], "the trusted checker imports nothing of arcot"
        return
    for target in arcot_imports(path):
        their_rank, their_layer = rank(target)
        same_package = their_layer == my_layer or target.startswith(my_layer + ".")
        assert same_package or their_rank < my_rank, (
            f"{me} (rank {my_rank}) imports {target} (rank {their_rank})"
        )


MODULES = {module_name(p): p for p in SOURCES}


def import_targets(path: Path) -> set[str]:
    """The arcot modules ``path`` imports: ``from arcot.x import y`` names
    ``arcot.x.y`` when that is a module, else ``arcot.x``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "arcot"}
        elif isinstance(node, ast.ImportFrom) and node.module and (
            node.module.split(".")[0] == "arcot"
        ):
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                out.add(sub if sub in MODULES else node.module)
    return out


def test_no_import_cycles():
    import networkx as nx

    graph = nx.DiGraph()
    for me, path in MODULES.items():
        graph.add_node(me)
        graph.add_edges_from((me, t) for t in import_targets(path) if t != me)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    pytest.fail("import cycle: " + " -> ".join(a for a, _ in cycle))


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p.stem == "_kernels"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_kernels_import_nothing_of_arcot(path):
    assert arcot_imports(path) == ["arcot._numba"], (
        f"{path.relative_to(ROOT)}: a kernel takes arrays and imports nothing of "
        "arcot but arcot._numba"
    )


def test_kernels_are_found():
    assert len([p for p in SOURCES if p.stem == "_kernels"]) == 7


def test_every_module_has_a_rank():
    for path in SOURCES:
        rank(module_name(path))


def test_checker_is_stdlib_only():
    checker = ROOT / "verify" / "checker.py"
    assert checker.exists(), "the trusted checker is missing"
    import sys

    tree = ast.parse(checker.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module.split(".")[0]]
        for name in names:
            assert name in sys.stdlib_module_names, f"checker imports {name}"
