"""The install routes agree: pyproject ranges, the lock's exact versions, environment.yml, Binder, CI."""

from __future__ import annotations

import os
import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

# conda-forge names that differ from the PyPI name of the same package
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def declared() -> dict[str, SpecifierSet]:
    project = pyproject()["project"]
    reqs = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    return {canonicalize_name(r.name): r.specifier for r in reqs}


def locked() -> dict[str, Version]:
    out = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock line is not an exact pin: {line!r}"
            out[canonicalize_name(name)] = Version(version)
    return out


def conda() -> tuple[str, dict[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    python, pins = None, {}
    for dep in env["dependencies"]:
        assert isinstance(dep, str), "no pip: section; postBuild installs the course itself"
        name, _, version = dep.partition("=")
        if name == "python":
            python = version
        elif name != "pip":
            pins[canonicalize_name(CONDA_TO_PYPI.get(name, name))] = version
    return python, pins


def test_environment_names_the_same_packages_as_pyproject():
    _, pins = conda()
    assert set(pins) == set(declared())


def test_every_declared_package_is_locked_and_within_its_range():
    lock = locked()
    extras = pyproject()["project"]["optional-dependencies"]
    browser = {
        canonicalize_name(Requirement(r).name): Requirement(r).specifier for r in extras["browser"] + extras["hub"]
    }
    for name, spec in {**declared(), **browser}.items():
        assert name in lock, f"{name} missing from requirements.lock (run make lock)"
        assert lock[name] in spec, f"locked {name}=={lock[name]} is outside pyproject's {spec}"


def test_the_hub_extra_stays_out_of_the_binder_image_and_make_installs_it():
    """jupyterhub in the image must match the hub that runs it, so environment.yml does not pin it."""
    _, pins = conda()
    hub = {canonicalize_name(Requirement(r).name) for r in pyproject()["project"]["optional-dependencies"]["hub"]}
    assert hub == {"jupyterhub", "nbgitpuller"}
    assert not hub & set(pins), f"environment.yml should not pin {sorted(hub & set(pins))}"
    assert '-e ".[test,browser,hub]"' in (ROOT / "Makefile").read_text()


def test_conda_pins_match_the_lock_and_the_ranges():
    lock, ranges = locked(), declared()
    _, pins = conda()
    for name, version in pins.items():
        assert re.fullmatch(r"\d+(\.\d+)*", version), f"{name}: pin one exact version, got {version!r}"
        assert Version(version) == lock[name], f"environment.yml {name}={version} but lock has {lock[name]}"
        assert Version(version) in ranges[name]


def test_python_is_pinned_to_one_minor_version_that_pyproject_allows():
    python, _ = conda()
    assert re.fullmatch(r"3\.\d+", python)
    assert Version(python + ".0") in SpecifierSet(pyproject()["project"]["requires-python"])


def test_lock_is_complete_for_the_declared_dependencies():
    """Every package installed in this environment is in the lock (nothing resolved unpinned)."""
    from importlib.metadata import distributions

    lock = locked()
    installed = {canonicalize_name(d.metadata["Name"]): Version(d.version) for d in distributions()}
    installed.pop("breast-cancer-course", None)
    for name in ("pip", "setuptools", "wheel"):
        installed.pop(name, None)
    missing = sorted(n for n in installed if n not in lock)
    differ = sorted(n for n in installed if n in lock and installed[n] != lock[n])
    assert not missing, f"installed but not locked: {missing}"
    assert not differ, f"installed version differs from the lock: {differ}"


def test_postbuild_installs_the_course_package():
    path = ROOT / "postBuild"
    assert os.access(path, os.X_OK)
    assert re.search(r"pip install --no-deps -e \.", path.read_text())


def _recipe(makefile: str, target: str) -> tuple[str, list[str]]:
    """A Makefile target's prerequisites and recipe lines."""
    match = re.search(rf"^{target}:(.*)\n((?:\t.*\n)*)", makefile, flags=re.M)
    assert match, f"no `{target}` target in the Makefile"
    return match.group(1), [line.strip() for line in match.group(2).splitlines()]


def test_ci_runs_make_test_and_make_installs_from_the_lock():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), flags=re.M)
    makefile = (ROOT / "Makefile").read_text()
    assert "-c requirements.lock" in makefile
    assert "notebooks/00_start_here.ipynb" in makefile
    _, lint = _recipe(makefile, "lint")
    assert "$(BIN)/ruff check ." in lint and "$(BIN)/ruff format --check ." in lint
    needs, test = _recipe(makefile, "test")
    assert "lint" in needs.split(), "make test lints first"
    # Everything pyproject.toml collects (no -k or paths), in two runs whose markers are each other's opposite.
    runs = [line for line in test if line.startswith("$(BIN)/python -m pytest")]
    assert [re.search(r'-m "([^"]+)"', run).group(1) for run in runs] == [
        "not kernel and not browser and not server",
        "kernel or browser or server",
    ], "make test runs everything"
    assert not any(re.search(r"(^|\s)(-k|tests/|notebooks)", run.split("pytest", 1)[1]) for run in runs)
    needs, check = _recipe(makefile, "check")
    assert "lint" in needs.split() and any("validate" in line for line in check)
    assert any('-m "not kernel and not browser and not server"' in line and "-p no:nbval" in line for line in check)


def test_every_runtime_import_is_a_declared_dependency():
    """The package imports nothing that only happens to be installed as another package's dependency."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    runtime = {canonicalize_name(Requirement(r).name) for r in pyproject()["project"]["dependencies"]}
    extras = {
        canonicalize_name(Requirement(r).name)
        for reqs in pyproject()["project"]["optional-dependencies"].values()
        for r in reqs
    }
    provided_by = packages_distributions()
    missing = set()
    for path in sorted((ROOT / "src" / "breast_cancer_course").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # An import inside `try: ... except ImportError:` is optional (the handler says what to install):
        # it may come from an optional extra instead.
        optional = {
            id(node)
            for t in ast.walk(tree)
            if isinstance(t, ast.Try)
            and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError") for h in t.handlers
            )
            for stmt in t.body
            for node in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top in sys.stdlib_module_names or top in ("__future__", "breast_cancer_course"):
                    continue
                dists = {canonicalize_name(d) for d in provided_by.get(top, [top])}
                if not dists & (runtime | extras if id(node) in optional else runtime):
                    missing.add(f"{path.name}: import {top} (from {', '.join(sorted(dists))})")
    assert not missing, "declare these in pyproject.toml dependencies:\n" + "\n".join(sorted(missing))


def test_package_data_ships_in_the_wheel():
    force = pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"data": "breast_cancer_course/_data"}
