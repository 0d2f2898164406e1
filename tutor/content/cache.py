"""A cache of the validated course, so the app's usual launch skips YAML and validation.

Parsing and validating the bundled course costs about three times what reading
a pickled copy does, and at start-up that difference is most of the gap to a
bare Textual app (the start-up target in CONTRIBUTING.md). Only ``tutor`` with no subcommand reads the cache:
``tutor validate``, ``lint`` and ``preview`` exist to check content and always
load it for real. ``tutor validate`` writes what it validated, so the app's next
launch is a warm one (``make`` runs it after installing).

Never stale: a cached course is used only when its key matches exactly, and the
key holds everything a load depends on: tutor's version, the Python version,
a digest of the source of the schema, the loader and the lab's parameter
models (``show_me`` params are checked against them), the installed pydantic,
pydantic-core and PyYAML files, the paths as given, and for every content
file its resolved path, size, inode, mtime and ctime (so an edited, added,
removed or renamed file misses). A course is not cached while any of its
files changed in the last :data:`RACY_SECONDS` (a second edit within one
timestamp tick could otherwise keep the same stat). Each part of the payload
carries a SHA-256 checked before any unpickling, so a truncated or corrupt file
is rebuilt, never half-read. Every failure to read or write the cache is silent: it only
ever costs a full load.

The file holds two pickles: the course's outline and locations (plain data), then
its topics (pydantic models). A hit reads the first and defers the second until
something reads a topic's content, so opening the app does not import pydantic.

The file is our own, in the user's cache directory (``TUTOR_CACHE_DIR``
overrides it), so pickle is safe here.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.content.files import collect_files, display_path
from tutor.gc_pause import gc_paused

if TYPE_CHECKING:
    from tutor.content.course import Course

log = logging.getLogger(__name__)

MAGIC = b"tutor-course-cache 2\n"
RACY_SECONDS = 2.0
"""Files changed more recently than this are not trusted to a stat-based key."""

_CONTENT_PACKAGE = Path(__file__).resolve().parent
_CODE_FILES: tuple[Path, ...] = (
    *sorted(_CONTENT_PACKAGE.glob("*.py")),
    _CONTENT_PACKAGE.parent / "lab" / "params.py",
    _CONTENT_PACKAGE.parent / "lab" / "registry.py",
)
"""Source whose change can change what a load returns (schema, loader, lab parameter models)."""
_DEPENDENCIES = ("pydantic", "pydantic_core", "yaml")

Key = tuple[Any, ...]


def load_course_cached(paths: Sequence[Path], cache_dir: Path | None = None) -> Course:
    """The course at ``paths``, from the cache when it is current, else loaded and cached.

    Raises what :func:`tutor.content.loader.load_course` raises on bad content.
    """
    stamp = course_stamp(paths)
    if stamp is None:  # a file vanished or is unreadable: the real load reports it properly
        return _load(paths)
    target = cache_file(cache_dir or _default_cache_dir(), paths)
    course = read_cache(target, stamp[0])
    if course is not None:
        return course
    course = _load(paths)
    _store(target, stamp, course)
    return course


def course_stamp(paths: Sequence[Path]) -> tuple[Key, int] | None:
    """The cache key of the course at ``paths`` as its files are now, with their newest
    change time; None when a file cannot be read. Taken before loading, so an edit made
    during the load makes a key that no later launch matches."""
    try:
        return course_key(paths, collect_files(paths))
    except OSError:
        return None


def remember_course(
    paths: Sequence[Path], stamp: tuple[Key, int], course: Course, cache_dir: Path | None = None
) -> bool:
    """Cache ``course``, loaded and validated for real after ``stamp`` was taken, so the
    app's next launch on ``paths`` reads it (``tutor validate`` does this too). Nothing is
    written while a file changed in the last :data:`RACY_SECONDS`; False when nothing was."""
    return _store(cache_file(cache_dir or _default_cache_dir(), paths), stamp, course)


def _store(target: Path, stamp: tuple[Key, int], course: Course) -> bool:
    key, newest = stamp
    if newest >= time.time_ns() - int(RACY_SECONDS * 1e9):
        return False
    return write_cache(target, key, course)


def _default_cache_dir() -> Path:
    from tutor.paths import cache_dir

    return cache_dir()


def _load(paths: Sequence[Path]) -> Course:
    from tutor.content.loader import load_course

    return load_course(paths)


def cache_file(cache_dir: Path, paths: Sequence[Path]) -> Path:
    """One cache file per course (per set of content paths), so several courses coexist."""
    name = "\0".join(str(p.resolve()) for p in paths)
    return cache_dir / f"course-{hashlib.sha256(name.encode()).hexdigest()[:16]}.pickle"


def course_key(paths: Sequence[Path], files: Sequence[Path]) -> tuple[Key, int]:
    """The cache key of a course, and the newest mtime or ctime (ns) among its files.

    Relative paths make the loaded course depend on the working folder, so it is
    part of the key then; with absolute paths only the displayed locations depend
    on it, and :func:`read_cache` recomputes those.
    """
    given = tuple(str(p) for p in paths)
    cwd = os.getcwd() if not all(p.is_absolute() for p in paths) else None
    stats = []
    newest = 0
    for f in files:
        st = f.stat()
        stats.append((str(f.resolve()), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
    from tutor import __version__

    key = (
        MAGIC,
        __version__,
        sys.version,
        _code_digest(),
        _dependency_stats(),
        given,
        cwd,
        tuple(stats),
    )
    return key, newest


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in _CODE_FILES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _dependency_stats() -> tuple[tuple[str, int, int], ...]:
    """Where the libraries a load depends on are installed, and their files' stats: an
    upgrade rewrites them. Found without importing them (PyYAML is not needed on a hit)."""
    from importlib.util import find_spec

    out = []
    for name in _DEPENDENCIES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        st = os.stat(origin) if origin else None
        out.append((origin, st.st_size if st else -1, st.st_mtime_ns if st else -1))
    return tuple(out)


def read_cache(target: Path, key: Key) -> Course | None:
    """The cached course if ``target`` holds one for exactly ``key``; None otherwise.

    Its topics stay pickled until first read (:meth:`Course.deferred`); both parts'
    digests are checked here, so that later read cannot meet a damaged file."""
    try:
        data = target.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        stream = io.BytesIO(data)
        stream.seek(len(MAGIC))
        header = _PlainUnpickler(stream).load()
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        start = stream.tell()
        split = start + int(header["index_bytes"])
        index, topics = data[start:split], data[split:]
        if hashlib.sha256(index).hexdigest() != header.get("index_sha256"):
            return None
        if hashlib.sha256(topics).hexdigest() != header.get("topics_sha256"):
            return None
        course = _course_from(_unpickle(index), topics)
    except Exception as exc:  # a corrupt cache is never fatal; pickle raises many kinds
        log.debug("ignoring unreadable course cache %s: %r", target, exc)
        return None
    if course is None:
        return None
    if header.get("cwd") != os.getcwd():
        _relocate(course)
    return course


class _PlainUnpickler(pickle.Unpickler):
    """Reads the header, which holds only plain values: it may name no class or function,
    so a corrupt header cannot import or call anything before the payload's digest is checked."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in a cache header")


def _unpickle(payload: bytes) -> Any:

    # Thousands of small objects at once: the cyclic GC would rescan them for nothing.
    with gc_paused():
        return pickle.loads(payload)


def _course_from(index: Any, topics: bytes) -> Course | None:
    """The course an index part describes, its topics deferred; None if it is no index."""
    from tutor.content.course import Course

    if not (isinstance(index, tuple) and len(index) == 5 and isinstance(index[0], dict)):
        return None
    outline, topic_locations, item_locations, sources, files = index

    def load_topics() -> dict[str, Any]:
        loaded = _unpickle(topics)
        if not isinstance(loaded, dict) or list(loaded) != list(outline):
            # Cannot happen with a file whose digests and key matched; never serve a mismatch.
            raise RuntimeError("the course cache's topics do not match its outline")
        return loaded

    return Course.deferred(outline, load_topics, topic_locations, item_locations, sources, files)


def _relocate(course: Course) -> None:
    """Recompute the shown (working-folder relative) paths of every location, as a load
    from the current folder would have written them."""
    from tutor.content.course import Location

    shown = {tid: display_path(path) for tid, path in course.files.items()}
    course.topic_locations = {
        tid: Location(shown.get(tid, loc.path), loc.line, loc.column)
        for tid, loc in course.topic_locations.items()
    }
    course.item_locations = {
        iid: Location(
            shown.get(course.topic_id_of(iid), loc.path) if course.has_item(iid) else loc.path,
            loc.line,
            loc.column,
        )
        for iid, loc in course.item_locations.items()
    }


def write_cache(target: Path, key: Key, course: Course) -> bool:
    """Store ``course`` under ``key`` atomically (temporary file, then rename); False if it
    could not be written (read-only or full disk, unpicklable content), which is harmless."""
    tmp: str | None = None
    try:
        index = pickle.dumps(
            (
                course.outline,
                course.topic_locations,
                course.item_locations,
                tuple(course.sources),
                course.files,
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        topics = pickle.dumps(course.topics, protocol=pickle.HIGHEST_PROTOCOL)
        header = {
            "key": key,
            "cwd": os.getcwd(),
            "index_bytes": len(index),
            "index_sha256": hashlib.sha256(index).hexdigest(),
            "topics_sha256": hashlib.sha256(topics).hexdigest(),
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            pickle.dump(header, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.write(index)
            out.write(topics)
        os.replace(tmp, target)
        tmp = None
        return True
    except Exception as exc:  # OSError, PicklingError, ...: the cache is an optimisation only
        log.debug("not writing the course cache %s: %r", target, exc)
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
