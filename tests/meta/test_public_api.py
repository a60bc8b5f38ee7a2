"""Every public name (in a module's ``__all__``) exists and is documented."""

import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "arcot"
MODULES = sorted(
    ".".join(p.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(
        ".__init__"
    )
    for p in ROOT.rglob("*.py")
    if not p.name.startswith("_") or p.name == "__init__.py"
)


@pytest.mark.parametrize("name", MODULES)
def test_public_names_are_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)  # a missing name fails here
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name}.{public} has no docstring"
