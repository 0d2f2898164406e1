"""Words as people write them: lemmas, derivations, spelling slips and synonyms.

Inflections (layers/layer, multiplies/multiply, shrinking/shrink) come from
``simplemma``, a maintained lemmatiser that ships its data in the wheel. Two words
are also the same concept when one is a derivation of the other (normalise /
normalisation, compute / computation), which no lemmatiser does, when one is a
spelling slip of the other (one edit in words of 5+ letters, two in 9+), or when a
synonym list says so: a few plain groups built in, and per-topic ``synonyms:`` from
the content, which may hold phrases ("backward pass", "backpropagation").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

FUZZY_MIN_WORD_LENGTH = 5
"""Only words this long may differ by a typo. One edit turns 4-letter answers into
other real answers (tanh/tang, relu/elu are one or two edits apart)."""
FUZZY_LONG_WORD_LENGTH = 9
"""Words this long may carry two edits ("backpropogation", "vanishng"); shorter ones one."""
DERIVATION_SUFFIXES = frozenset(
    [
        "",
        "e",
        "ation",
        "ion",
        "ity",
        "al",
        "ally",
        "ment",
        "ive",
        "er",
        "ly",
        "ness",
        "ance",
        "ence",
        "age",
    ]
)
"""Endings by which a word and its derivation differ after lemmatising
(normalise/normalisation, saturate/saturation, exponential/exponentially)."""
DERIVATION_MIN_STEM = 5
BUILTIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("early", "first", "bottom"),  # layers near the input
    ("late", "last", "top", "final"),  # layers near the output
    ("train", "learn"),
    ("shrink", "decrease", "diminish", "decay", "reduce", "vanish"),
    ("grow", "increase", "rise", "explode"),
    ("small", "tiny"),
    ("large", "big", "huge"),
    ("multiply", "times", "product"),
    ("add", "sum", "plus", "total"),
    ("gradient", "derivative", "slope"),
    ("check", "verify", "confirm"),
)
"""Words a teacher would accept for each other in this course's answers, never opposites."""


@functools.cache
def _lemmatizer() -> Any:
    """simplemma with its streaming dictionary: loaded on the first answer graded (not
    needed to start the app), in about 0.4 s instead of the 0.9 s of the default one."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.stream_dictionary_factory import (
        StreamDictionaryFactory,
    )

    return Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=StreamDictionaryFactory())
    )


@functools.lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of an English word (numbers and symbols unchanged)."""
    if not word.isalpha() or len(word) < 4:
        return word
    return str(_lemmatizer().lemmatize(word, lang="en")).casefold()


def _derived(a: str, b: str) -> bool:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return (
        n >= DERIVATION_MIN_STEM and a[n:] in DERIVATION_SUFFIXES and b[n:] in DERIVATION_SUFFIXES
    )


def _ordinal_pair(a: str, b: str) -> bool:
    """A number word and its fraction (thousands/thousandths, hundred/hundredth): two edits
    apart, opposite meanings in place value."""
    short, long = sorted((a, b), key=len)
    stem = short[:-1] if short.endswith("s") else short
    return long in (stem + "th", stem + "ths")


def typo_distance(a: str, b: str) -> int | None:
    """Edits between two words, or None when they may not differ at all."""
    if a == b:
        return 0
    if min(len(a), len(b)) < FUZZY_MIN_WORD_LENGTH or not (a.isalpha() and b.isalpha()):
        return None
    if abs(len(a) - len(b)) > 2 or _ordinal_pair(a, b):
        return None
    budget = 2 if min(len(a), len(b)) >= FUZZY_LONG_WORD_LENGTH else 1
    from rapidfuzz.distance import OSA  # imported on the first typo check

    d = OSA.distance(a, b, score_cutoff=budget)
    return d if d <= budget else None


@functools.lru_cache(maxsize=65536)
def same_concept(a: str, b: str) -> bool:
    """Whether answer word ``b`` says concept word ``a`` (both already lemmatised)."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()):
        return False  # numbers and symbols must appear exactly
    return _derived(a, b) or typo_distance(a, b) is not None


@functools.lru_cache(maxsize=4096)
def _builtin_group(word: str) -> tuple[str, ...]:
    for group in BUILTIN_SYNONYMS:
        if word in group:
            return group
    return (word,)


def covered(word: str, words: frozenset[str]) -> bool:
    """Whether an answer with (lemmatised) ``words`` says ``word`` or a synonym of it."""
    for candidate in _builtin_group(word):
        if candidate in words:
            return True
        if candidate.isalpha() and any(w.isalpha() and same_concept(candidate, w) for w in words):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _synonym_pattern(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[tuple[re.Pattern[str], str], ...]:
    out: list[tuple[re.Pattern[str], str]] = []
    for group in groups:
        canonical = group[0].casefold()
        others = sorted((g.casefold() for g in group[1:]), key=len, reverse=True)
        if others:
            alternatives = "|".join(r"\s*[- ]?\s*".join(map(re.escape, o.split())) for o in others)
            out.append((re.compile(rf"\b(?:{alternatives})(?:s|es)?\b", re.IGNORECASE), canonical))
    return tuple(out)


def apply_synonyms(text: str, groups: Sequence[Sequence[str]]) -> str:
    """``text`` with every member of a synonym group written as the group's first member.

    Applied to answers and key points alike, so "backprop" in an answer meets
    "backward pass" in a key point when a topic lists them as synonyms.
    """
    if not groups:
        return text
    for pattern, canonical in _synonym_pattern(tuple(tuple(g) for g in groups)):
        text = pattern.sub(canonical, text)
    return text
