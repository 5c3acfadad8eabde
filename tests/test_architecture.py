"""The layout's promises, checked on the source: imports run one way and private names stay private."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "retrieval", "answering")  # each may import only the ones before it


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every import statement of a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            found.append((module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", _modules("index"), ids=lambda p: str(p.relative_to(ROOT)))
def test_index_never_imports_its_front_ends(path: Path):
    front_ends = [m for m, _ in _imports(path) if m.split(".")[0] in ("bot", "eval")]
    assert not front_ends, f"{path.name} imports {front_ends}"


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_stages_import_only_earlier_stages(stage: str):
    later = {f"index.{s}" for s in STAGES[STAGES.index(stage) + 1 :]}
    wrong = [
        (path.name, module)
        for path in _modules(f"index/{stage}")
        for module, _ in _imports(path)
        if any(module == name or module.startswith(f"{name}.") for name in later)
    ]
    assert not wrong


@pytest.mark.parametrize("package", ["bot", "eval"])
def test_front_ends_use_only_the_public_face(package: str):
    deep = [
        (path.name, module)
        for path in _modules(package)
        for module, _ in _imports(path)
        if module.startswith("index.")
    ]
    assert not deep


@pytest.mark.parametrize("package", ["index", "bot", "eval"])
def test_no_module_imports_another_modules_private_names(package: str):
    private = [
        (path.name, module, name)
        for path in _modules(package)
        for module, names in _imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private
