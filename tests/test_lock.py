"""The lock file pins every package of the environment, so every machine computes the same pixels."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"
# pip's own tools and netplane itself are not locked.
UNLOCKED = {"pip", "setuptools", "wheel", "netplane"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, version = line.partition("==")
        assert separator, f"requirements-lock.txt: {line!r} is not an exact pin (name==version)"
        pins[canonical(name)] = version
    return pins


def test_every_installed_package_is_pinned_at_its_installed_version():
    pins = locked_versions()
    unpinned, other = [], []
    for distribution in distributions():
        name = canonical(distribution.metadata["Name"])
        if name in UNLOCKED:
            continue
        if name not in pins:
            unpinned.append(name)
        elif pins[name] != distribution.version:
            other.append(f"{name} {distribution.version} (lock: {pins[name]})")
    assert not unpinned, f"not in requirements-lock.txt (run ./netplane lock): {unpinned}"
    assert not other, f"installed at other versions than locked (run ./netplane setup): {other}"


def test_every_dependency_of_pyproject_is_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [
        requirement for group in project["optional-dependencies"].values() for requirement in group
    ]
    pins = locked_versions()
    names = [
        canonical(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]) for requirement in wanted
    ]
    assert [name for name in names if name not in pins] == []
