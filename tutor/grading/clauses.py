"""Splitting an answer into clauses, each with its polarity and its role.

Word overlap cannot tell "clipping keeps the direction" from "clipping does not keep
the direction"; clauses can. An answer is cut at sentence ends, semicolons, colons,
commas outside brackets, and at the connectives that start a new claim ("but",
"so", "because", "rather than" ...). A clause is *negated* when it holds an odd
number of negations ("not", "never", "no", "-n't", "fails to", "no longer", ...)
or starts with "rather than" / "instead of", or calls a claim wrong ("X is wrong").
Its *role* says what its numbers are: a ``reason`` (after "because", "since"),
a ``conclusion`` (after "so", "therefore", "thus", "hence", "which gives"), or
``plain``.

Scope is the clause: "I'd use He, not Xavier" negates only "not Xavier". This is
a deliberately shallow reading: it needs no parser and no model, runs in
microseconds, and catches how learners actually say the opposite of a point.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_NEGATIONS = re.compile(
    r"\b(?:not|never|no|none|nothing|neither|nor|cannot|cant|\w+n['’]t|"
    r"isnt|dont|doesnt|didnt|arent|wasnt|werent|hasnt|havent|wont|shouldnt|wouldnt|couldnt|"
    r"fails? to|failed to|no longer|nowhere)\b",
    re.IGNORECASE,
)
_NOT_NEGATIONS = re.compile(
    r"\b(?:not only|no matter|not just|nothing but|if not|not until|"
    r"(?:no|not|never) (?:more|less|greater|larger|bigger|smaller|higher|lower|fewer) than|"
    r"never (?:exceeds?|above|below|over|under)|(?:does|do|can)(?: not|n['’]?t) exceed)\b",
    re.IGNORECASE,
)
"""Phrases with a negation word that do not deny the clause."""
_WRONG_CALL = re.compile(
    r"\b(?:is|are|was|were)\s+(?:wrong|incorrect|false|a (?:myth|mistake|misconception))\b",
    re.IGNORECASE,
)
_OPPOSITION_START = re.compile(
    r"^\s*(?:rather than|instead of|as opposed to|unlike)\b", re.IGNORECASE
)
_REASON = re.compile(r"^\s*(?:because|since|as|given that|due to)\b", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"^\s*(?:so|therefore|thus|hence|which gives|giving|that gives|this gives|so that|the answer is|the result is|result|answer)\b",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"(?:[.!?;:](?=\s|$)|\n)"  # sentence ends, semicolons, colons, line breaks
    r"|,(?=\s)"  # commas (those inside brackets are skipped below)
    r"|\s(?=(?:but|whereas|so|therefore|thus|hence|because|since|rather than|instead of|as opposed to|which gives|which means|although|though|and then|after that)\b)"
    r"|\s(?=\(?\d\)\s)",  # enumerations: 1) ... 2) ...
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    text: str
    negated: bool
    role: str
    """plain, reason or conclusion."""
    start: int
    """Offset of the clause in the answer."""
    ends_sentence: bool = True
    """Whether a sentence ends with it (not a comma or a connective)."""


def _bracket_depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        out.append(depth)
    return out


def negated(text: str) -> bool:
    """Whether a clause denies what it says (an odd number of negations)."""
    cleaned = _NOT_NEGATIONS.sub(" ", text)
    n = len(_NEGATIONS.findall(cleaned)) + len(_WRONG_CALL.findall(cleaned))
    if _OPPOSITION_START.match(cleaned):
        n += 1
    return n % 2 == 1


_NEAR_NEGATION = re.compile(
    r"\b(?:not|never|isn['’]?t|aren['’]?t|wasn['’]?t|no)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


def denies_number(clause: str, start: int, length: int) -> bool:
    """Whether a negated clause denies the number at ``start``: "not 0", "isn't exactly
    1/1024", "0.042 is wrong", as against "the other 2 bees have no flower"."""
    if _NEAR_NEGATION.search(clause[max(0, start - 40) : start]):
        return True
    return bool(
        re.match(
            r"\s*(?:\w+\s+){0,3}?(?:is|are|was)\s+(?:wrong|incorrect|false)",
            clause[start + length :],
            re.IGNORECASE,
        )
    )


@functools.lru_cache(maxsize=2048)
def split(text: str) -> tuple[Clause, ...]:
    """The clauses of ``text``, in order; empty pieces are dropped."""
    depths = _bracket_depths(text)
    cuts = [0]
    for m in _CUT.finditer(text):
        if depths[m.start()] == 0:
            cuts += [m.start(), m.end()] if m.group().strip() else [m.end()]
    cuts.append(len(text))
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(cuts) - 1:
        a, b = cuts[i], cuts[i + 1]
        pieces.append((a, b))
        i += 1
    out: list[Clause] = []
    for a, b in pieces:
        piece = text[a:b]
        stripped = piece.strip(" \t\n,.;:!?")
        if not stripped or not re.search(r"\w", stripped):
            continue
        role = (
            "reason"
            if _REASON.match(stripped)
            else "conclusion"
            if _CONCLUSION.match(stripped)
            else "plain"
        )
        ends = b >= len(text) or text[b] in ".!?;:\n" or not text[b:].strip(" .!?;:\n")
        out.append(Clause(stripped, negated(stripped), role, a + piece.find(stripped[0]), ends))
    return tuple(out)
