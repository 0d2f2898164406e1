"""Property: any item, whatever its text, comes back identical through GIFT and Moodle XML."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.content.formats.gift import export_item, parse_gift
from tutor.content.formats.moodle_xml import export_moodle_xml, parse_moodle_xml
from tutor.content.schema import Item, Topic

# Pieces of GIFT, XML and Markdown syntax that an exporter must not let through raw.
FRAGMENTS = [
    "~",
    "=",
    "#",
    "####",
    "{",
    "}",
    ":",
    "::",
    "\\",
    "\\n",
    "->",
    "%100%",
    "%-50%",
    "%",
    "[html]",
    "[plain]",
    "[markdown]",
    "[moodle]",
    "//",
    "$CATEGORY:",
    "_____",
    "T",
    "FALSE",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "\u2028",
    "\u2029",
    "\x85",
    "\xa0",
    "<p>",
    "&amp;",
    "]]>",
    "<!--",
    "--",
    "-->",
    "*",
    "é",
    "∂L/∂w",
    "$$\\frac{3}{4}$$",
    "\\(x^2\\)",
    "\ufeff",
]
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6),
)
hostile = st.lists(piece, min_size=1, max_size=6).map("".join)


def _texts(xml: bool) -> st.SearchStrategy[str]:
    strategy = hostile.map(lambda t: _XML_FORBIDDEN.sub("", t)) if xml else hostile
    return strategy.filter(bool)


@st.composite
def items(draw: Any, xml: bool = False) -> dict[str, Any]:
    text = _texts(xml)
    maybe = st.one_of(st.none(), text)
    kind = draw(
        st.sampled_from(
            [
                "multiple_choice",
                "true_false",
                "short_answer",
                "multiple_response",
                "numeric",
                "predict",
            ]
        )
    )
    data: dict[str, Any] = {
        "id": "t-q1",
        "type": kind,
        "prompt": draw(text),
        "explanation": draw(st.one_of(st.just(""), text)),
    }
    if kind == "multiple_choice":
        n = draw(st.integers(2, 4))
        right = draw(st.integers(0, n - 1))
        data["choices"] = [
            {"text": draw(text), "correct": i == right, "feedback": draw(maybe)} for i in range(n)
        ]
    elif kind == "multiple_response":
        n = draw(st.integers(2, 4))
        data["choices"] = [
            {"text": draw(text), "correct": i == 0, "feedback": draw(maybe)} for i in range(n)
        ]
    elif kind == "true_false":
        data.update(
            answer=draw(st.booleans()),
            wrong_feedback=draw(maybe),
            right_feedback=draw(maybe),
        )
    elif kind == "short_answer":
        accepted = draw(st.lists(text, max_size=2))
        data.update(
            model_answer=draw(text),
            accepted_answers=accepted,
            partial_answers=[
                {"answer": draw(text), "credit": draw(st.sampled_from([0.25, 0.5, 0.75]))}
            ]
            if draw(st.booleans())
            else [],
            wrong_answers=[{"answer": draw(text), "feedback": draw(text)}]
            if draw(st.booleans())
            else [],
            answer_feedback={a: draw(text) for a in accepted[:1]},
            key_points=draw(st.lists(text, max_size=2)),
        )
    elif kind == "predict":
        data.update(
            experiment="gradient_flow",
            params={"depth": draw(st.integers(2, 30))},
            quantity="first_last_ratio",
            unit=draw(maybe),
        )
    else:
        data.update(
            value=draw(st.floats(-1e6, 1e6, allow_nan=False)),
            wrong_values=[{"value": draw(st.floats(-10, 10)), "feedback": draw(text)}]
            if draw(st.booleans())
            else [],
        )
    return data


def _topic(data: dict[str, Any]) -> Topic:
    return Topic.model_validate(
        {"id": "t", "title": "T", "level": "graduate", "core_idea": "C.", "items": [data]},
        strict=False,
    )


def _item(data: dict[str, Any]) -> Item:
    return _topic(data).items[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_gift_round_trip_is_exact(data: dict[str, Any]) -> None:
    item = _item(data)
    back = parse_gift(export_item(item), "x")
    assert back.skipped == []
    assert back.items == [item]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items(xml=True))
def test_moodle_xml_round_trip_is_exact(data: dict[str, Any]) -> None:
    topic = _topic(data)
    back = parse_moodle_xml(export_moodle_xml([topic]), "x")
    assert back.skipped == []
    assert back.items == list(topic.items)


@settings(max_examples=100, deadline=None)
@given(st.lists(items(), min_size=2, max_size=4))
def test_gift_files_of_several_hostile_items_split_right(many: list[dict[str, Any]]) -> None:
    parsed = [_item({**d, "id": f"t-q{i}"}) for i, d in enumerate(many)]
    text = "\n".join(export_item(item) for item in parsed)
    back = parse_gift(text, "x")
    assert back.skipped == [] and back.items == parsed


gift_soup = st.lists(
    st.one_of(
        st.sampled_from([*FRAGMENTS, "{", "}", "\n\n", "// tutor: ", '{"id": 1}', "#", "..", "1"]),
        st.text(max_size=4),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(gift_soup)
def test_any_gift_text_imports_or_skips_in_one_line(source: str) -> None:
    result = parse_gift(source, "t")
    for skip in result.skipped:
        assert "\n" not in skip.reason
    assert len({i.id for i in result.items}) == len(result.items)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_as_moodle_xml_is_read_or_refused_in_one_line(source: str) -> None:
    from tutor.errors import UserError

    try:
        parse_moodle_xml(f"<quiz><question type='multichoice'>{source}</question></quiz>", "t")
    except UserError as exc:
        assert "\n" not in str(exc)
