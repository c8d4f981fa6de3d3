"""The domain imports nothing of the outside world: no web framework, no database, no read side."""

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
    names = {path.name for path in domain_files()}

    assert {"claim_case.py", "payout.py", "application.py"} <= names


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
