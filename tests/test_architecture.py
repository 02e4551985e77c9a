"""Which code may import which: infrastructure never imports a feature, and no two modules
import each other (directly or round a loop). Imports are read from the source with ``ast``,
those inside functions included: a deferred import is still a dependency."""

import ast
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Shared by every app; imports no feature app (the access layer sits below the models).
INFRASTRUCTURE = ("core", "access", "jobs", "spreadsheets")
# The capabilities. They may use the infrastructure and the apps listed in FEATURE_DEPENDS.
FEATURES = (
    "organisation",
    "agenda",
    "projects",
    "workshops",
    "offerings",
    "needs",
    "synergies",
    "discussions",
    "intake",
    "handbook",
    "accounts",
    "reporting",
    "reminders",
)
# On top: summaries of other apps' data and the demo data; nothing imports them.
TOP = ("dashboards", "demo")
PACKAGES = (*INFRASTRUCTURE, *FEATURES, *TOP, "leipzig_digital")
# What a feature app may import of the other feature apps. organisation is the base of every
# workspace and imports none of them.
FEATURE_DEPENDS = {
    "organisation": set(),
    "reporting": {"organisation", "projects"},
    "reminders": {"organisation", "projects"},
    "agenda": {"organisation", "projects"},
    "projects": {"organisation", "agenda", "discussions"},
    "workshops": {"organisation", "projects", "agenda", "intake", "discussions"},
    "offerings": {"organisation", "projects"},
    "needs": {"organisation", "projects", "offerings", "workshops", "intake"},
    "synergies": {"organisation", "projects", "agenda", "workshops", "offerings", "needs"},
    "discussions": {"organisation"},
    "intake": {"organisation", "projects", "agenda", "discussions"},
    "accounts": {"organisation", "projects"},
    "handbook": set(),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def project_modules() -> dict[str, Path]:
    """Every module of the project's packages except migrations (which import only what
    their model fields need, frozen at the time)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _resolve(name: str, modules) -> str | None:
    """The project module an imported name belongs to (``organisation.models.Department`` →
    ``organisation.models``), or None for a library."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def imports_of(module: str) -> frozenset[str]:
    modules = project_modules()
    tree = ast.parse(modules[module].read_text(), filename=str(modules[module]))
    found = set()
    package = module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(target)
    return frozenset(found)


def app_of(module: str) -> str:
    return module.split(".")[0]


def _import_lines(importer_apps, forbidden) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module in project_modules()
        if app_of(module) in importer_apps
        for target in imports_of(module)
        if app_of(target) in forbidden
    )


def test_infrastructure_imports_no_feature_app():
    assert _import_lines(INFRASTRUCTURE, {*FEATURES, *TOP}) == []


def test_no_app_imports_the_dashboards_or_the_demo_data():
    assert _import_lines((*INFRASTRUCTURE, *FEATURES), TOP) == []


def test_feature_apps_import_only_the_feature_apps_they_build_on():
    wrong = [
        line
        for app, allowed in FEATURE_DEPENDS.items()
        for line in _import_lines({app}, set(FEATURES) - allowed - {app})
    ]
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_no_import_cycle_between_modules():
    graph = {module: set(imports_of(module)) for module in project_modules()}
    assert _cycles(graph) == []


def test_cycle_detection_finds_a_deferred_import_loop():
    """The old layout: organisation.models imported organisation.access inside a method,
    organisation.access imported organisation.models at the top."""
    graph = {"organisation.models": {"organisation.access"}, "organisation.access": {"x"}}
    assert _cycles(graph) == []
    graph["organisation.access"].add("organisation.models")
    assert _cycles(graph) == [["organisation.access", "organisation.models"]]


def test_imports_inside_functions_count():
    assert "access.rights" in imports_of("organisation.models")
    assert "projects.sheets" in imports_of("projects.apps")  # imported in ready()
