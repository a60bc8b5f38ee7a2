"""Sphinx configuration of arcot's API reference (built from the docstrings).

Build: ``sphinx-build -W -b html docs/api docs/api/_build``; the test
``tests/meta/test_api_reference.py`` builds it on every run of the suite, so
a docstring that breaks the reference fails the tests.
"""

project = "arcot"
author = "the arcot developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
suppress_warnings = ["ref.python"]  # re-exported names documented twice
