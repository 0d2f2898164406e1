"""Moodle's GIFT format: import into our items, export from them.

GIFT cannot hold everything an item has (a short answer's model answer and key
points, the interview flag, item tags, show-me references, ids). Export writes
those as a ``// tutor: {...}`` comment before the question: Moodle ignores
comments, and our importer reads them back, so a course survives the round trip
unchanged while Moodle still gets a faithful question.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pydantic import ValidationError

from tutor.content.schema import Choice, Item, MultipleChoice, ShortAnswer, TrueFalse, WrongAnswer
from tutor.errors import UserError

META_PREFIX = "// tutor:"
_SPECIAL = "~=#{}:"
_UNSUPPORTED_TYPES = {
    "matching": "matching",
    "numeric": "numerical",
    "essay": "essay",
    "cloze": "missing word (cloze)",
    "description": "description",
    "multiple_answer": "multiple answers (several correct choices)",
}


@dataclass
class Skipped:
    line: int
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: skipped {self.kind} question: {self.reason}"


@dataclass
class GiftImport:
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# ---------------------------------------------------------------- escaping


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split_unescaped(text: str, seps: str) -> list[tuple[str, str]]:
    """Split on unescaped separator characters, keeping which one started each part."""
    parts: list[tuple[str, str]] = []
    current: list[str] = []
    lead = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch in seps:
            parts.append((lead, "".join(current)))
            lead, current = ch, []
        else:
            current.append(ch)
        i += 1
    parts.append((lead, "".join(current)))
    return parts


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("br", "p", "div", "li") and self.parts:
            self.parts.append("\n")
        if tag in ("b", "strong"):
            self.parts.append("**")
        if tag in ("i", "em"):
            self.parts.append("*")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self.parts.append("**")
        if tag in ("i", "em"):
            self.parts.append("*")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _from_format(text: str) -> str:
    """Strip a ``[markdown]``/``[html]``/``[plain]``/``[moodle]`` prefix; HTML becomes plain Markdown."""
    text = text.strip()
    match = re.match(r"^\[(markdown|html|plain|moodle)\]", text)
    if not match:
        return text
    body = text[match.end() :].strip()
    if match.group(1) == "html":
        parser = _TextOnly()
        parser.feed(body)
        return html.unescape("".join(parser.parts)).strip()
    return body


# ---------------------------------------------------------------- import


@dataclass
class _RawQuestion:
    line: int
    text: str
    meta: dict[str, Any] | None
    category: str | None


def _split_questions(source: str) -> Iterable[_RawQuestion]:
    """Questions are separated by blank lines; comments and categories sit between them."""
    block: list[str] = []
    block_line = 0
    meta: dict[str, Any] | None = None
    category: str | None = None
    pending_meta: dict[str, Any] | None = None

    def flush() -> _RawQuestion | None:
        nonlocal block, meta
        if not block:
            return None
        q = _RawQuestion(block_line, "\n".join(block), meta, category)
        block, meta = [], None
        return q

    for n, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(META_PREFIX):
            try:
                pending_meta = json.loads(stripped[len(META_PREFIX) :])
            except json.JSONDecodeError:
                pending_meta = None
            continue
        if stripped.startswith("//"):
            continue
        if not stripped:
            q = flush()
            if q:
                yield q
            continue
        if not block and stripped.startswith("$CATEGORY:"):
            category = stripped.split(":", 1)[1].strip()
            continue
        if not block:
            block_line = n
            meta, pending_meta = pending_meta, None
        block.append(line)
    q = flush()
    if q:
        yield q


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _parse_answer_part(body: str) -> tuple[str, str | None]:
    """``text #feedback`` -> (text, feedback)."""
    pieces = _split_unescaped(body, "#")
    answer = unescape(pieces[0][1]).strip()
    feedback = unescape("#".join(p[1] for p in pieces[1:])).strip() if len(pieces) > 1 else None
    return answer, feedback or None


def _weight(text: str) -> tuple[float | None, str]:
    match = re.match(r"^%(-?\d+(?:\.\d+)?)%", text)
    if match:
        return float(match.group(1)), text[match.end() :]
    return None, text


def parse_gift(source: str, topic_id: str) -> GiftImport:
    result = GiftImport()
    used: set[str] = set()
    for number, raw in enumerate(_split_questions(source), start=1):
        try:
            item = _parse_question(raw, topic_id, number, used, result)
        except ValueError as exc:
            result.skipped.append(Skipped(raw.line, "malformed", str(exc)))
            continue
        if item is not None:
            used.add(item.id)
            result.items.append(item)
    return result


def _parse_question(
    raw: _RawQuestion, topic_id: str, number: int, used: set[str], result: GiftImport
) -> Item | None:
    text = raw.text
    name = None
    if text.lstrip().startswith("::"):
        start = text.index("::") + 2
        end = _find_unescaped(text, "::", start)
        if end < 0:
            raise ValueError("question name opened with '::' but never closed")
        name = unescape(text[start:end]).strip()
        text = text[end + 2 :]
    open_at = _find_unescaped(text, "{")
    if open_at < 0:
        result.skipped.append(
            Skipped(raw.line, _UNSUPPORTED_TYPES["description"], "no answer block {...}")
        )
        return None
    close_at = _find_unescaped(text, "}", open_at)
    if close_at < 0:
        raise ValueError("answer block opened with '{' but never closed")
    stem = text[:open_at]
    after = text[close_at + 1 :].strip()
    answers = text[open_at + 1 : close_at].strip()
    if after:
        result.skipped.append(
            Skipped(raw.line, _UNSUPPORTED_TYPES["cloze"], "text continues after the answer block")
        )
        return None
    prompt = _from_format(unescape(stem).strip())
    meta = raw.meta or {}
    item_id = meta.get("id") or f"{topic_id}-{_slug(name) if name else f'q{number}'}"
    base_id, k = item_id, 2
    while item_id in used:
        item_id, k = f"{base_id}-{k}", k + 1

    general = None
    general_at = _find_unescaped(answers, "####")
    if general_at >= 0:
        general = unescape(answers[general_at + 4 :]).strip()
        answers = answers[:general_at].strip()
    common: dict[str, Any] = {
        "id": item_id,
        "prompt": prompt,
        "explanation": _from_format(general) if general else meta.get("explanation", ""),
    }
    tags = list(meta.get("tags", []))
    if raw.category and not meta:
        cat = _slug(raw.category.split("/")[-1])
        if cat:
            tags.append(cat)
    if tags:
        common["tags"] = tags
    for key in ("interview", "show_me"):
        if key in meta:
            common[key] = meta[key]

    tf = re.fullmatch(r"(T|F|TRUE|FALSE)((?:#.*)?)", answers, re.DOTALL)
    if tf:
        fb = [unescape(p[1]).strip() for p in _split_unescaped(tf.group(2), "#")[1:]]
        wrong_feedback = fb[0] if fb and fb[0] else None
        return TrueFalse(
            type="true_false",
            answer=tf.group(1).startswith("T"),
            wrong_feedback=wrong_feedback,
            **common,
        )
    if answers.startswith("#"):
        result.skipped.append(
            Skipped(raw.line, _UNSUPPORTED_TYPES["numeric"], "numerical answers are not supported")
        )
        return None
    if not answers:
        if meta.get("type") == "short_answer":
            return _short_answer(common, meta, [], [])
        result.skipped.append(
            Skipped(
                raw.line, _UNSUPPORTED_TYPES["essay"], "essay questions have no answer to check"
            )
        )
        return None
    parts = [(lead, body.strip()) for lead, body in _split_unescaped(answers, "=~") if lead]
    if any("->" in body for _, body in parts):
        result.skipped.append(
            Skipped(
                raw.line, _UNSUPPORTED_TYPES["matching"], "matching questions are not supported"
            )
        )
        return None
    if not parts:
        raise ValueError("answer block has no '=' or '~' answers")
    if all(lead == "=" for lead, _ in parts):
        accepted: list[str] = []
        wrong: list[WrongAnswer] = []
        for _, body in parts:
            weight, body = _weight(body)
            answer, feedback = _parse_answer_part(body)
            if weight is not None and weight <= 0:
                wrong.append(WrongAnswer(answer=answer, feedback=feedback or "Not this one."))
            else:
                accepted.append(answer)
        return _short_answer(common, meta, accepted, wrong)
    choices: list[Choice] = []
    partial = 0.0
    for lead, body in parts:
        weight, body = _weight(body)
        answer, feedback = _parse_answer_part(body)
        correct = lead == "=" or (weight is not None and weight >= 100)
        if weight is not None and 0 < weight < 100:
            partial += weight
        choices.append(Choice(text=answer, correct=correct, feedback=feedback))
    n_correct = sum(c.correct for c in choices)
    if n_correct != 1:
        several = (
            n_correct > 1 or partial >= 99
        )  # Moodle's multiple-answer: weights that add up to 100%
        kind = _UNSUPPORTED_TYPES["multiple_answer"] if several else "multiple-choice"
        result.skipped.append(
            Skipped(raw.line, kind, f"needs exactly one fully correct choice, found {n_correct}")
        )
        return None
    try:
        return MultipleChoice(type="multiple_choice", choices=choices, **common)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None


def _short_answer(
    common: dict[str, Any], meta: dict[str, Any], accepted: list[str], wrong: list[WrongAnswer]
) -> ShortAnswer:
    model = meta.get("model_answer") or (accepted[0] if accepted else "")
    if not model:
        raise ValueError("a short answer needs a model answer")
    return ShortAnswer(
        type="short_answer",
        model_answer=model,
        accepted_answers=accepted,
        wrong_answers=wrong,
        key_points=list(meta.get("key_points", [])),
        **{k: meta[k] for k in _GRADING_FIELDS if k in meta},
        **common,
    )


_GRADING_FIELDS = ("ordered", "tolerance", "sig_figs", "approximate", "check_answers")
"""Short-answer grading settings, carried in the metadata comment like the key points."""


# ---------------------------------------------------------------- export


def _meta_for(item: Item) -> dict[str, Any]:
    meta: dict[str, Any] = {"id": item.id}
    if item.tags:
        meta["tags"] = list(item.tags)
    if item.interview:
        meta["interview"] = True
    if item.show_me is not None:
        meta["show_me"] = item.show_me.model_dump(exclude_defaults=True)
    if not item.explanation:
        meta["explanation"] = ""
    if isinstance(item, ShortAnswer):
        meta["type"] = "short_answer"
        meta["model_answer"] = item.model_answer
        if item.key_points:
            meta["key_points"] = list(item.key_points)
        graded = item.model_dump(include=set(_GRADING_FIELDS), exclude_defaults=True)
        meta.update({k: graded[k] for k in _GRADING_FIELDS if k in graded})
    return meta


def export_item(item: Item, category: str | None = None) -> str:
    lines = [f"{META_PREFIX} {json.dumps(_meta_for(item), ensure_ascii=False)}"]
    head = f"::{escape(item.id)}::[markdown]{escape(item.prompt)} {{"
    body: list[str] = []
    if isinstance(item, MultipleChoice):
        for choice in item.choices:
            mark = "=" if choice.correct else "~"
            fb = f" #{escape(choice.feedback)}" if choice.feedback else ""
            body.append(f"\t{mark}{escape(choice.text)}{fb}")
    elif isinstance(item, TrueFalse):
        value = "TRUE" if item.answer else "FALSE"
        fb = f"#{escape(item.wrong_feedback)}#" if item.wrong_feedback else ""
        body.append(f"\t{value}{fb}")
    elif isinstance(item, ShortAnswer):
        for answer in item.accepted_answers:
            body.append(f"\t={escape(answer)}")
        for wrong in item.wrong_answers:
            body.append(f"\t=%0%{escape(wrong.answer)} #{escape(wrong.feedback)}")
    else:
        raise UserError(f"item '{item.id}': GIFT export has no mapping for {item.type} items yet")
    if item.explanation:
        body.append(f"\t####{escape(item.explanation)}")
    return "\n".join([*lines, head, *body, "}"]) + "\n"


def export_gift(topics: Iterable[Any]) -> str:
    """GIFT for whole topics, one ``$CATEGORY`` per topic."""
    chunks: list[str] = [
        "// Exported by tutor. '// tutor:' comments carry fields GIFT cannot hold.\n"
    ]
    for topic in topics:
        chunks.append(f"$CATEGORY: tutor/{topic.id}\n")
        for item in topic.items:
            chunks.append(export_item(item))
    return "\n".join(chunks)
