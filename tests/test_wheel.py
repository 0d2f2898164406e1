"""A built wheel is a working app: the course and its schema ship inside the package.

The wheel is built from a copy of the sources and installed with ``--no-deps`` into a
fresh venv that sees the dev environment's site-packages through a ``.pth`` line (no
network, no second torch). Every command runs from a folder outside the checkout, so
nothing can fall back on the repository's ``content/``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("tutor", "content", "setup.py", "pyproject.toml", "README.md")

APP_CHECK = """
import argparse, asyncio, sys
import tutor
from tutor.cli.app import build_app
from tutor.paths import bundled_content_dir

assert "site-packages" in tutor.__file__, tutor.__file__

async def main() -> None:
    app = build_app(argparse.Namespace(content=None, db=sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("painted", type(app.screen).__name__, bundled_content_dir().name)

asyncio.run(main())
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    built = _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), "."], src)
    assert built.returncode == 0, built.stderr[-3000:]
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    wheel = next(dist.glob("tutor-*.whl"))
    done = _run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], work)
    assert done.returncode == 0, done.stderr[-3000:]
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
    ).stdout.strip()
    # the dependencies, from the dev environment; its editable tutor is not seen (.pth
    # files in an added path are not processed)
    (Path(purelib) / "dev-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_wheel_holds_the_course_and_its_schema(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    where = _run(
        [str(python), "-c", "from tutor.paths import bundled_content_dir as b; print(b())"],
        tmp_path,
    )
    course = Path(where.stdout.strip())
    assert "site-packages" in str(course)
    assert (course / "topic.schema.json").is_file()
    shipped = sorted(p.relative_to(course) for p in course.rglob("*.yaml"))
    in_repo = sorted(p.relative_to(ROOT / "content") for p in (ROOT / "content").rglob("*.yaml"))
    assert shipped == in_repo


def test_every_command_works_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    tutor = str(installed / "bin" / "tutor")
    db = str(tmp_path / "p.db")
    validate = _run([tutor, "validate"], tmp_path)
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.rstrip().endswith("items OK")
    topic = _run([tutor, "--db", db, "topic", "vanishing-gradient-problem"], tmp_path)
    assert topic.returncode == 0, topic.stderr
    assert topic.stdout.startswith("Vanishing Gradient Problem\n")
    gift = _run([tutor, "export", "gift"], tmp_path)
    assert gift.returncode == 0, gift.stderr
    assert "::" in gift.stdout and "{" in gift.stdout
    schema = _run([tutor, "schema", "--check"], tmp_path)
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_the_app_opens_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    app = _run([str(python), "-c", APP_CHECK, str(tmp_path / "p.db")], tmp_path)
    assert app.returncode == 0, app.stderr[-3000:]
    assert app.stdout.split() == ["painted", "WelcomeScreen", "_course"]
