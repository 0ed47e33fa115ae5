"""The import graph, enforced: every layer imports only layers further in, never out.

    app → hosting → dialogs, outbox → bot → services → storage → domain
    texts (what people read) is for bot and outward and imports only domain; settings is read by app and hosting.

A layer may skip layers on its way in (hosting may read storage), but nothing inward knows what is outside it:
domain knows no SQL, storage no use case, services no Teams, bot no dialog or delivery engine. Card builders
read what services return and never storage; domain, storage and services never import botbuilder.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("app", "hosting", "outbox", "dialogs", "bot", "services", "storage", "domain", "texts", "settings")
INNER = {
    "app": set(OURS),
    "hosting": {"hosting", "dialogs", "outbox", "bot", "services", "storage", "domain", "texts", "settings"},
    "dialogs": {"dialogs", "bot", "services", "storage", "domain", "texts"},
    "outbox": {"outbox", "bot", "services", "storage", "domain", "texts"},
    "bot": {"bot", "services", "storage", "domain", "texts"},
    "services": {"services", "storage", "domain"},
    "storage": {"storage", "domain"},
    "domain": {"domain"},
    "texts": {"texts", "domain"},
    "settings": {"domain"},
}
EXCEPTIONS = {
    # Alembic's environment runs as a tool, outside the service: it reads DATABASE_URL as the app does.
    ("storage/migrations/env.py", "settings"),
}
CARDS_MAY_IMPORT = {"bot.cards", "bot.commands", "services", "domain", "texts"}
FRAMEWORKS = ("botbuilder", "botframework", "msrest", "aiohttp")
WITHOUT_FRAMEWORKS = ("domain", "storage", "services", "texts", "settings")


def modules() -> list[Path]:
    found = [ROOT / "app.py", ROOT / "settings.py"]
    for package in OURS:
        if (ROOT / package).is_dir():
            found.extend(sorted((ROOT / package).rglob("*.py")))
    return found


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function or TYPE_CHECKING block."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.add("<relative import>")  # the rules name absolute modules: a relative import is refused
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # a module, or a name in one
    return names


def layer_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def top(module: str) -> str:
    return module.split(".")[0]


def test_every_layer_imports_only_layers_further_in() -> None:
    wrong = []
    for path in modules():
        layer, name = layer_of(path), str(path.relative_to(ROOT))
        for module in imported(path):
            target = top(module)
            if target in OURS and target not in INNER[layer] and (name, target) not in EXCEPTIONS:
                wrong.append(f"{name} imports {module}")
    assert wrong == []


def test_no_module_imports_relatively() -> None:
    assert [str(p.relative_to(ROOT)) for p in modules() if "<relative import>" in imported(p)] == []


def test_card_builders_read_services_and_domain_never_storage() -> None:
    wrong = []
    for path in sorted((ROOT / "bot" / "cards").glob("*.py")):
        for module in imported(path):
            if top(module) in OURS and not any(module == m or module.startswith(m + ".") for m in CARDS_MAY_IMPORT):
                wrong.append(f"{path.name} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("layer", WITHOUT_FRAMEWORKS)
def test_the_inner_layers_never_import_botbuilder_or_the_web_server(layer: str) -> None:
    paths = [path for path in modules() if layer_of(path) == layer]
    assert paths
    wrong = [f"{p.relative_to(ROOT)} imports {m}" for p in paths for m in imported(p) if top(m) in FRAMEWORKS]
    assert wrong == []


def test_the_image_copies_every_package_the_service_imports() -> None:
    """The Dockerfile copies folders by name, and no image can be built here: a new layer must not be left out."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    allowed = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for package in (p for p in OURS if (ROOT / p).is_dir()):
        assert f"COPY {package}/ {package}/" in dockerfile, package
        assert f"!{package}/" in allowed, package


def test_the_check_itself_sees_a_wrong_import(tmp_path: Path) -> None:
    """The walk finds imports anywhere in a file, so the rules above cannot pass by seeing nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from __future__ import annotations\nimport botbuilder.core\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from dialogs.context import DialogServices\n"
        "def later():\n    from hosting import http\n",
        encoding="utf-8",
    )
    assert {"botbuilder.core", "dialogs.context.DialogServices", "hosting.http"} <= imported(sample)
