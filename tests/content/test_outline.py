"""The course outline: titles made distinct where they repeat."""

from __future__ import annotations

from tutor.content.outline import TopicOutline, distinct_titles


def _outline(*pairs: tuple[str, str]) -> dict[str, TopicOutline]:
    return {
        tid: TopicOutline(id=tid, title=title, level="graduate", core_idea="x")
        for tid, title in pairs
    }


def test_unique_titles_are_left_alone() -> None:
    outline = _outline(("relu", "ReLU"), ("tanh", "Tanh"))
    assert distinct_titles(outline) == {"relu": "ReLU", "tanh": "Tanh"}


def test_repeated_titles_gain_the_words_that_set_their_ids_apart() -> None:
    outline = _outline(
        ("division-as-equal-sharing", "Division as Equal Sharing"),
        ("division-as-equal-sharing-symbolic", "Division as Equal Sharing"),
        ("zero", "Zero"),
        ("number-zero", "zero "),  # case and spaces do not make a title different
    )
    assert distinct_titles(outline) == {
        "division-as-equal-sharing": "Division as Equal Sharing",
        "division-as-equal-sharing-symbolic": "Division as Equal Sharing (symbolic)",
        "zero": "Zero (zero)",
        "number-zero": "zero (number zero)",
    }


def test_the_bundled_course_lists_no_title_twice() -> None:
    from pathlib import Path

    from tutor.content.loader import load_course

    course = load_course([Path(__file__).resolve().parents[2] / "content"])
    labels = [course.label(tid) for tid in course.outline]
    assert len(set(labels)) == len(labels)
    assert "Division as Equal Sharing (symbolic)" in labels
