"""The shape of the house (STYLE.md): only desk/ui imports Qt, every room keeps to its
layer (the import-linter contracts of pyproject.toml), and every package ships."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESK = ROOT / "desk"

# Run in a fresh interpreter so that no Qt module another test loaded can hide an import.
_BLOCK_QT = r"""
import importlib
import importlib.abc
import pkgutil
import sys


class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"Qt is blocked outside desk.ui: {name}")
        return None


sys.meta_path.insert(0, BlockQt())

import desk

names = []
for info in pkgutil.walk_packages(desk.__path__, "desk."):
    name = info.name
    if name == "desk.ui" or name.startswith("desk.ui."):
        continue
    if name.startswith(("desk.models.migrations.", "desk.sync.migrations.")):
        continue  # Alembic's env.py runs only inside Alembic
    names.append(name)

failed = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")

loaded_qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print("IMPORTED", len(names))
for line in failed:
    print("FAILED", line)
for name in loaded_qt:
    print("QT", name)
"""


def test_everything_outside_desk_ui_imports_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    problems = [line for line in lines if line.startswith(("FAILED", "QT"))]
    assert problems == [], "\n".join(problems)
    imported = int(next(line for line in lines if line.startswith("IMPORTED")).split()[1])
    # desk.money, desk.cli, the billing rules, services, models ... were really imported.
    assert imported >= 20


def test_the_qt_blocker_does_block() -> None:
    # The check above is worth nothing if the blocker lets PySide6 through.
    probe = _BLOCK_QT.split("import desk\n")[0] + "import PySide6.QtCore\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "Qt is blocked" in done.stderr


def test_the_import_contracts_are_kept() -> None:
    # pyproject.toml's [tool.importlinter]: the layers, Qt only in desk.ui, the web form
    # apart from the windows, billing on money, no cycles. A fresh interpreter reads the
    # source as it stands (no cache: another run may be writing one).
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.is_file(), f"import-linter is not installed beside {sys.executable}"
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert ", 0 broken." in done.stdout, done.stdout


def test_the_contracts_cover_every_room() -> None:
    # The layers contract is exhaustive (a new top-level module of desk must be placed),
    # and the Qt contract names every room but desk.ui and the command that launches it.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    assert linter["root_package"] == "desk"
    assert "exclude_type_checking_imports" not in linter  # type-only imports count
    contracts = {c["id"]: c for c in linter["contracts"] if "id" in c}
    layers = contracts["layers"]
    assert layers["containers"] == ["desk"] and layers["exhaustive"] is True
    rooms = {
        path.stem if path.suffix == ".py" else path.name
        for path in DESK.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").is_file())
    }
    placed = {
        name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")
    }
    assert rooms == placed
    qt = contracts["qt"]
    assert set(qt["forbidden_modules"]) == {"PySide6", "shiboken6"}
    sources = {name.removeprefix("desk.") for name in qt["source_modules"]}
    assert sources == rooms - {"ui", "cli", "__main__"}


def _package_dirs() -> set[str]:
    found = set()
    for path in [DESK, *DESK.rglob("*")]:
        if not path.is_dir() or path.name == "__pycache__":
            continue
        if any(child.suffix == ".py" for child in path.iterdir()):
            found.add(".".join(path.relative_to(ROOT).parts))
    return found


def test_every_package_under_desk_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    resources = {
        ".".join(("desk_resources", *path.relative_to(ROOT / "resources").parts))
        for path in (ROOT / "resources").rglob("*")
        if path.is_dir() and path.name != "__pycache__"
    }
    wanted = _package_dirs() | {"desk_resources"} | resources
    assert wanted - listed == set(), f"missing from [tool.setuptools] packages: {wanted - listed}"
    assert config["tool"]["setuptools"]["package-dir"]["desk_resources"] == "resources"
    assert (ROOT / "resources").is_dir()


def test_every_listed_package_exists() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_dir = config["tool"]["setuptools"].get("package-dir", {})
    for name in config["tool"]["setuptools"]["packages"]:
        top, *rest = name.split(".")
        # a package under a mapped one lives in the mapped folder (desk_resources.fonts)
        where = ROOT / package_dir[top] if top in package_dir else ROOT / top
        where = where.joinpath(*rest)
        assert where.is_dir(), f"{name} is listed but {where} does not exist"


def test_package_discovery_sees_the_known_packages() -> None:
    found = _package_dirs()
    assert {"desk", "desk.billing", "desk.services", "desk.models", "desk.ui"} <= found
    assert "desk.models.migrations.versions" in found
