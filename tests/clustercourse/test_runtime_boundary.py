"""The student runtime never needs the instructor tool: no module of clustercourse imports coursetool."""

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import clustercourse

PACKAGE = Path(clustercourse.__file__).resolve().parent


def runtime_modules():
    return sorted(m.name for m in pkgutil.walk_packages([str(PACKAGE)], "clustercourse."))


def tool_imports(source):
    """The import statements of ``source`` that name the course tool (``coursetool``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                 [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
        found += [n for n in names if n == "coursetool" or n.startswith("coursetool.")]
    return found


def test_the_check_finds_an_import_of_the_tool():
    """Control: the scan below would see such an import, at the top or inside a function."""
    assert tool_imports("import os\nfrom coursetool.layout import current\n") == ["coursetool.layout"]
    assert tool_imports("def f():\n    import coursetool.grade as g\n") == ["coursetool.grade"]
    assert tool_imports("from . import checks\nimport coursetools_other\n") == []


def test_no_runtime_module_names_the_tool():
    offenders = {str(p.relative_to(PACKAGE)): tool_imports(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"modules of the student runtime import the instructor tool: {offenders}"


def test_importing_every_runtime_module_loads_nothing_of_the_tool():
    modules = runtime_modules()
    assert {"clustercourse.checks", "clustercourse.datasets", "clustercourse.remote",
            "clustercourse.generators.catalogue_halo"} <= set(modules)
    code = ("import importlib, json, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'coursetool')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == []
