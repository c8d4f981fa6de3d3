"""The domain imports nothing of the outside world: no web framework, no database, no read side.
Inside it, the layers hold: the kernel imports no product and no policy; policies import no
product; a product never imports another; only the application imports them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
FORBIDDEN = {"fastapi", "starlette", "psycopg", "psycopg_pool", "projections", "api", "infra"}


def imported_roots(source: str, filename: str = "<source>") -> set[str]:
    """The top-level names of every module a piece of Python source imports (absolute or escaping `domain`)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                roots.add(node.module.split(".")[0])
            elif node.level >= 2:  # `from .. import x` / `from ..api import y` leaves the domain package
                roots.add((node.module or "").split(".")[0] or "..")
                roots.update(alias.name.split(".")[0] for alias in node.names if not node.module)
    return roots


def domain_files() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def test_domain_files_are_found() -> None:
    names = {str(path.relative_to(DOMAIN)) for path in domain_files()}

    assert {"harassment/case.py", "kernel/payout.py", "application/__init__.py", "cyber/incident.py"} <= names


def domain_imports(source: str, filename: str = "<source>") -> set[str]:
    """The domain packages (kernel, policies, harassment, cyber, application) a module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, filename=filename)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found.update(n.split(".")[1] for n in names if n.startswith("domain.") and n.count(".") >= 1)
    return found


# package → the domain packages it may import (besides itself)
MAY_IMPORT = {
    "kernel": set(),
    "policies": {"kernel"},
    "harassment": {"kernel", "policies"},
    "cyber": {"kernel", "policies"},
    "accounts": {"kernel"},
    "diary": {"kernel"},
    "documents": {"kernel"},
    "counsel": {"kernel"},
    "application": {"kernel", "policies", "harassment", "cyber", "accounts", "diary", "documents", "counsel"},
}
PRODUCTS = {"harassment", "cyber"}


def package_of(path: Path) -> str:
    return path.relative_to(DOMAIN).parts[0] if len(path.relative_to(DOMAIN).parts) > 1 else "(top)"


def test_import_checker_sees_the_domain_packages_a_module_imports() -> None:
    source = "from domain.kernel.errors import X\nimport domain.cyber.incident\nfrom eventsourcing.domain import Aggregate\n"

    assert domain_imports(source) == {"kernel", "cyber"}


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_keeps_to_its_layer(path: Path) -> None:
    package = package_of(path)
    imported = domain_imports(path.read_text(encoding="utf-8"), str(path)) - {package}

    if package == "(top)":
        assert not imported, f"{path.name} at the top of domain/ imports {sorted(imported)}"
    else:
        assert imported <= MAY_IMPORT[package], f"{path.relative_to(DOMAIN)} imports {sorted(imported - MAY_IMPORT[package])}"


def test_products_never_import_each_other_and_only_the_application_imports_them_all() -> None:
    assert all(not (MAY_IMPORT[p] & PRODUCTS) for p in PRODUCTS)
    assert [p for p, allowed in MAY_IMPORT.items() if allowed >= PRODUCTS] == ["application"]


@pytest.mark.parametrize(
    "source",
    [
        "import fastapi",
        "import psycopg.sql",
        "from starlette.requests import Request",
        "from infra.database import Database",
        "from projections import cases",
        "def f():\n    import api.app\n",
        "from ..api import app",
        "from .. import infra",
    ],
)
def test_import_checker_sees_a_forbidden_import(source: str) -> None:
    assert imported_roots(source) & FORBIDDEN


def test_import_checker_allows_the_domain_own_imports() -> None:
    assert not imported_roots("from domain.errors import InvalidInput\nfrom .clock import JAPAN\n") & FORBIDDEN


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_imports_no_framework_database_or_read_side(path: Path) -> None:
    forbidden = imported_roots(path.read_text(encoding="utf-8"), str(path)) & FORBIDDEN

    assert not forbidden, f"{path.relative_to(DOMAIN.parent)} imports {sorted(forbidden)}"
