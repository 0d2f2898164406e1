"""No sentence of the source material reappears in the content (facts carry over, wording does not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.content.loader import load_course

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
SHINGLE = 9
"""Nine words in a row shared with a source is copying, not a common phrase."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9σ'′]+", text.lower().replace("’", "'"))


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _course_texts() -> list[tuple[str, str]]:
    course = load_course([ROOT / "content"])
    texts: list[tuple[str, str]] = []
    for topic in course.topics.values():
        dumped = topic.model_dump()
        stack: list[tuple[str, object]] = [(topic.id, dumped)]
        while stack:
            where, value = stack.pop()
            if isinstance(value, str):
                texts.append((where, value))
            elif isinstance(value, dict):
                stack.extend((f"{where}.{k}", v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
    return texts


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="source material (../shared/seeds) not beside this checkout"
)
def test_no_source_wording_reappears() -> None:
    source: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        source |= _shingles(path.read_text(encoding="utf-8"))
    copied = []
    for where, text in _course_texts():
        shared = _shingles(text) & source
        if shared:
            copied.append(f"{where}: '{' '.join(sorted(shared)[0])}'")
    assert copied == []
