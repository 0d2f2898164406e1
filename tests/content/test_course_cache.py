"""The validated-course cache: hits when nothing changed, never serves stale content."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tutor.content import cache as course_cache
from tutor.content.cache import cache_file, load_course_cached, read_cache, write_cache
from tutor.content.course import Course
from tutor.content.errors import ContentErrors
from tutor.content.loader import load_course

HERE = Path(__file__).parent
GOOD = HERE / "good"
HOUR_NS = 3600 * 10**9


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A copy of the good course whose files were last changed an hour ago (not racy)."""
    target = tmp_path / "course"
    shutil.copytree(GOOD, target)
    for i, path in enumerate(sorted(target.rglob("*.yaml"))):
        age = time.time_ns() - HOUR_NS - i * 10**9
        os.utime(path, ns=(age, age))
    return target


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A test copies files a moment ago (their ctime is now): trust stats at once.
    monkeypatch.setattr(course_cache, "RACY_SECONDS", 0.0)
    return tmp_path / "cache"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Records every full (YAML + validation) load the cache falls back to."""
    calls: list[list[Path]] = []
    real = course_cache._load

    def counting(paths):  # type: ignore[no-untyped-def]
        calls.append(list(paths))
        return real(paths)

    monkeypatch.setattr(course_cache, "_load", counting)
    return calls


def _same(a: Course, b: Course) -> None:
    assert a.topics == b.topics
    assert a.topic_locations == b.topic_locations
    assert a.item_locations == b.item_locations
    assert a.files == b.files
    assert tuple(a.sources) == tuple(b.sources)
    assert a.item_count == b.item_count


def _child_lines(code: str, course_dir: Path, cache_dir: Path) -> list[str]:
    """What ``code`` prints in a fresh interpreter (argv: the course, the cache folder):
    only there do imports show what a cache hit loads."""
    proc = subprocess.run(
        [sys.executable, "-c", code, str(course_dir), str(cache_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split("\n")


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    age = time.time_ns() - HOUR_NS // 2
    os.utime(path, ns=(age, age))


def test_second_load_comes_from_the_cache(course_dir: Path, cache_dir: Path, loads: list) -> None:
    first = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 1 and list(cache_dir.glob("course-*.pickle"))
    second = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 1
    _same(second, first)
    _same(second, load_course([course_dir]))
    # node trees are re-read on demand, so locate still works on a cached course
    assert second.locate("basics", ("items", 0, "choices", 2, "feedback")).line == 19


def test_editing_a_file_invalidates(course_dir: Path, cache_dir: Path, loads: list) -> None:
    load_course_cached([course_dir], cache_dir)
    _edit(course_dir / "basics.yaml", "title: Basics", "title: The basics")
    course = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2
    assert course.topics["basics"].title == "The basics"
    assert load_course_cached([course_dir], cache_dir).topics["basics"].title == "The basics"
    assert len(loads) == 2  # and the new version is cached


def test_an_edit_that_keeps_size_and_mtime_still_invalidates(
    course_dir: Path, cache_dir: Path, loads: list
) -> None:
    path = course_dir / "basics.yaml"
    load_course_cached([course_dir], cache_dir)
    before = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Basics", "title: Bosics"), encoding="utf-8"
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # e.g. rsync -t, tar x
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    if path.stat().st_ctime_ns == before.st_ctime_ns:
        pytest.skip("the file system did not advance ctime")
    assert load_course_cached([course_dir], cache_dir).topics["basics"].title == "Bosics"
    assert len(loads) == 2


def test_adding_a_file_invalidates(course_dir: Path, cache_dir: Path, loads: list) -> None:
    load_course_cached([course_dir], cache_dir)
    extra = course_dir / "sub" / "extra.yaml"
    extra.parent.mkdir()
    extra.write_text(
        "id: extra\ntitle: Extra\nlevel: graduate\ncore_idea: More.\n", encoding="utf-8"
    )
    course = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2 and "extra" in course.topics


def test_removing_a_file_invalidates(course_dir: Path, cache_dir: Path, loads: list) -> None:
    load_course_cached([course_dir], cache_dir)
    (course_dir / "advanced.yaml").unlink()
    course = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2 and list(course.topics) == ["basics"]


def test_a_changed_schema_or_loader_invalidates(
    course_dir: Path, cache_dir: Path, loads: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_course_cached([course_dir], cache_dir)
    monkeypatch.setattr(course_cache, "_code_digest", lambda: "another schema")
    load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2


def test_the_code_fingerprint_covers_schema_loader_and_lab_parameters() -> None:
    names = {p.name for p in course_cache._CODE_FILES}
    assert {
        "schema.py",
        "loader.py",
        "course.py",
        "yaml_source.py",
        "cache.py",
        "params.py",
        "registry.py",
    } <= names
    assert all(p.is_file() for p in course_cache._CODE_FILES)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "wrong-type"])
def test_a_corrupt_cache_falls_back_to_a_full_load(
    damage: str, course_dir: Path, cache_dir: Path, loads: list
) -> None:
    load_course_cached([course_dir], cache_dir)
    (target,) = cache_dir.glob("course-*.pickle")
    data = target.read_bytes()
    if damage == "garbage":
        target.write_bytes(b"\x80\x05not a pickle at all" * 10)
    elif damage == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":  # a flipped byte inside the payload's text: caught by the digest
        i = data.rindex(b"Basics")
        target.write_bytes(data[:i] + b"Bas1cs" + data[i + 6 :])
    elif damage == "empty":
        target.write_bytes(b"")
    else:  # valid pickles of something else under a matching key and digests
        key, _ = course_cache.course_key([course_dir], course_cache.collect_files([course_dir]))
        index, topics = pickle.dumps({"not": "a course"}), pickle.dumps({})
        digest = lambda b: course_cache.hashlib.sha256(b).hexdigest()  # noqa: E731
        header = {
            "key": key,
            "cwd": os.getcwd(),
            "index_bytes": len(index),
            "index_sha256": digest(index),
            "topics_sha256": digest(topics),
        }
        target.write_bytes(course_cache.MAGIC + pickle.dumps(header) + index + topics)
    course = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2
    _same(course, load_course([course_dir]))
    # and the cache was rewritten
    load_course_cached([course_dir], cache_dir)
    assert len(loads) == 2


class _WritesAFile:
    """Unpickled by a plain unpickler, this writes ``path``: proof that a header ran code."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Path.write_text, (self.path, "ran"))


def test_a_header_naming_a_callable_is_refused_unrun(
    course_dir: Path, cache_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "header-ran"
    target = cache_file(cache_dir, [course_dir])
    cache_dir.mkdir()
    target.write_bytes(course_cache.MAGIC + pickle.dumps({"key": _WritesAFile(marker)}))
    # the header's key would never match, so only the unpickler stands between this file
    # and a call to Path.write_text
    assert read_cache(target, ("any",)) is None
    assert not marker.exists()


def test_an_unwritable_cache_is_ignored(
    course_dir: Path, tmp_path: Path, loads: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(course_cache, "RACY_SECONDS", 0.0)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    course = load_course_cached([course_dir], blocker / "cache")  # mkdir fails
    assert "basics" in course.topics
    load_course_cached([course_dir], blocker / "cache")
    assert len(loads) == 2
    assert not write_cache(blocker / "cache" / "c.pickle", ("k",), course)


def test_a_failed_write_leaves_no_temporary_file(
    course_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: str) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(course_cache.os, "replace", refuse)
    load_course_cached([course_dir], cache_dir)
    assert list(cache_dir.iterdir()) == []


def test_files_changed_moments_ago_are_not_cached(
    course_dir: Path, tmp_path: Path, loads: list
) -> None:
    # default RACY_SECONDS: a second edit within one timestamp tick could keep the same stat
    cache_dir = tmp_path / "cache"
    (course_dir / "basics.yaml").touch()
    load_course_cached([course_dir], cache_dir)
    assert not cache_dir.exists() or not list(cache_dir.glob("course-*"))


def test_bad_content_raises_and_caches_nothing(course_dir: Path, cache_dir: Path) -> None:
    _edit(course_dir / "basics.yaml", "level: elementary", "level: kindergarten")
    with pytest.raises(ContentErrors):
        load_course_cached([course_dir], cache_dir)
    assert not cache_dir.exists() or not list(cache_dir.glob("course-*"))


def test_locations_follow_the_working_folder(
    course_dir: Path, cache_dir: Path, loads: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    first = load_course_cached([course_dir], cache_dir)
    assert first.topic_locations["basics"].path == os.path.join("course", "basics.yaml")
    monkeypatch.chdir(course_dir)
    cached = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 1
    _same(cached, load_course([course_dir]))
    assert cached.topic_locations["basics"].path == "basics.yaml"
    assert cached.item_locations["basics-q2"].path == "basics.yaml"


def test_relative_content_paths_are_keyed_by_the_working_folder(
    course_dir: Path, cache_dir: Path, loads: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(course_dir.parent)
    first = load_course_cached([Path("course")], cache_dir)
    other = tmp_path / "other"
    shutil.copytree(course_dir, other / "course")
    _edit(other / "course" / "basics.yaml", "title: Basics", "title: Other basics")
    monkeypatch.chdir(other)
    second = load_course_cached([Path("course")], cache_dir)
    assert (
        first.topics["basics"].title == "Basics" and second.topics["basics"].title == "Other basics"
    )
    assert len(loads) == 2


def test_validate_never_uses_the_cache(
    course_dir: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Poison the cache with a course under the current key: only the app's start-up sees it."""
    from tutor.cli import main
    from tutor.cli.common import load_app_course, load_course_or_fail

    monkeypatch.setenv("TUTOR_CACHE_DIR", str(cache_dir))
    real = load_course([course_dir])
    poisoned = Course({"basics": real.topics["basics"]}, sources=real.sources, files=real.files)
    key, _ = course_cache.course_key([course_dir], course_cache.collect_files([course_dir]))
    assert write_cache(cache_file(cache_dir, [course_dir]), key, poisoned)
    assert list(load_app_course(course_dir).topics) == ["basics"]  # the app trusts the cache
    assert list(load_course_or_fail(course_dir).topics) == ["advanced", "basics"]
    assert main(["validate", str(course_dir)]) == 0
    assert "2 topics, 3 items OK" in capsys.readouterr().out


def test_a_cache_hit_builds_no_validator_and_skips_yaml(course_dir: Path, cache_dir: Path) -> None:
    load_course_cached([course_dir], cache_dir)
    code = (
        "import sys; from pathlib import Path\n"
        "import tutor.content.cache as c\n"
        "c.RACY_SECONDS = 0.0\n"
        "course = c.load_course_cached([Path(sys.argv[1])], Path(sys.argv[2]))\n"
        "from tutor.content.schema import MultipleChoice, Topic\n"
        "assert course.topics['basics'].title == 'Basics'\n"
        "assert isinstance(course.item('basics-q1'), MultipleChoice)\n"
        "loaded = [m for m in ('yaml', 'tutor.content.loader', 'tutor.lab.registry', 'importlib.metadata') if m in sys.modules]\n"
        "print(Topic.__pydantic_complete__, MultipleChoice.__pydantic_complete__, loaded)\n"
    )
    assert _child_lines(code, course_dir, cache_dir)[0] == "False False []"


def test_a_cache_hit_defers_the_topics_until_read(course_dir: Path, cache_dir: Path) -> None:
    load_course_cached([course_dir], cache_dir)
    course = load_course_cached([course_dir], cache_dir)
    full = load_course([course_dir])
    assert not course.topics_loaded
    # everything the engine needs to open, from the outline alone
    assert course.outline == full.outline
    assert course.item_count == full.item_count == 3
    assert course.has_item("basics-q1") and not course.has_item("nope")
    assert course.topic_id_of("basics-q1") == "basics"
    assert (
        next(i for i in course.outline["basics"].items if i.id == "basics-q1").type
        == "multiple_choice"
    )
    assert not course.topics_loaded
    assert course.item("basics-q1") == full.item("basics-q1")  # reading content loads the topics
    assert course.topics_loaded
    _same(course, full)


def test_a_cache_hit_opens_the_engine_without_pydantic(course_dir: Path, cache_dir: Path) -> None:
    load_course_cached([course_dir], cache_dir)
    code = (
        "import sys; from pathlib import Path\n"
        "import tutor.content.cache as c\n"
        "from tutor.learner.service import TutorService\n"
        "course = c.load_course_cached([Path(sys.argv[1])], Path(sys.argv[2]))\n"
        "svc = TutorService.open(course, ':memory:')\n"
        "svc.set_goal('advanced'); svc.next_activity(); svc.all_states(); svc.reviews_due_count()\n"
        "print('pydantic' in sys.modules, course.topics_loaded)\n"
        "course.load()\n"
        "print('pydantic' in sys.modules, course.topics_loaded)\n"
    )
    assert _child_lines(code, course_dir, cache_dir)[:2] == ["False False", "True True"]


def test_deferred_topics_load_once_however_many_threads_ask(course_dir: Path) -> None:
    import threading

    full = load_course([course_dir])
    calls: list[int] = []
    gate = threading.Event()

    def slow_load() -> dict:
        calls.append(1)
        gate.wait(5)
        return dict(full.topics)

    course = Course.deferred(
        full.outline, slow_load, full.topic_locations, full.item_locations, full.sources, full.files
    )
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(course.topics)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1
    assert len(seen) == 8 and all(s is seen[0] for s in seen)
    assert list(course.topics) == list(full.outline)


def test_validate_stores_what_it_validated_for_the_next_launch(
    course_dir: Path,
    cache_dir: Path,
    loads: list,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_CACHE_DIR", str(cache_dir))
    assert main(["validate", str(course_dir)]) == 0
    assert "2 topics, 3 items OK" in capsys.readouterr().out
    course = load_course_cached([course_dir])
    assert (
        loads == [] and not course.topics_loaded
    )  # the app's launch reads it: no YAML, no validation
    _same(course, load_course([course_dir]))


def test_validate_caches_nothing_for_bad_content(
    course_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_CACHE_DIR", str(cache_dir))
    _edit(course_dir / "basics.yaml", "title: Basics", "title: 7")
    assert main(["validate", str(course_dir)]) == 1
    assert not list(cache_dir.glob("course-*"))


def test_an_edit_during_the_load_is_never_served_stale(
    course_dir: Path, cache_dir: Path, loads: list
) -> None:
    stamp = course_cache.course_stamp([course_dir])
    assert stamp is not None
    before = load_course([course_dir])
    _edit(
        course_dir / "basics.yaml", "title: Basics", "title: Basics, edited"
    )  # after the load, before storing
    assert course_cache.remember_course([course_dir], stamp, before, cache_dir)
    course = load_course_cached([course_dir], cache_dir)
    assert len(loads) == 1  # the stored copy's key is the old files': a miss, then a real load
    assert course.topics["basics"].title == "Basics, edited"
