"""The paper extension installs into another project as a package, and works from there.

A wheel is built from this repository (pyproject.toml) and unpacked into a
folder of its own; the fixture paper, whose conf.py names the extension
and nothing else, is then built with that folder alone on its path, in
front of the editable install the environment has.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURE_PAPER, ROOT, STRICT, assert_built, build_env, project_copy

PACKAGE = ROOT / "source" / "_ext" / "paper"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # From a copy of the sources alone: the editable install's egg-info would tell setuptools what to pack.
    project = project_copy(tmp_path_factory.mktemp("sources"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out),
                             str(project)], capture_output=True, text=True, env=build_env())
    if result.returncode != 0 and "No module named pip" in result.stderr:
        # The environment has no pip of its own (Makefile): the system's installs into it.
        result = subprocess.run(["python3", "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out),
                                 str(project)], capture_output=True, text=True, env=build_env())
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_module_and_data_file_of_the_extension(wheel):
    expected = {f"paper/{path.relative_to(PACKAGE).as_posix()}" for path in PACKAGE.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    with zipfile.ZipFile(wheel) as archive:
        packed = {name for name in archive.namelist() if name.startswith("paper/")}
    assert packed == expected


def test_another_project_builds_with_the_installed_package(wheel, tmp_path):
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = {**build_env(), "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import paper; print(paper.__file__)"],
                           capture_output=True, text=True, env=env)
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", str(FIXTURE_PAPER / "source"),
                             str(tmp_path / "html"), "-c", str(FIXTURE_PAPER), *STRICT],
                            capture_output=True, text=True, env=env)
    assert_built(result)
    assert (tmp_path / "html" / "index.html").is_file()
