"""GIFT import reads what Moodle reads; export then import gives back the very same items."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.cli import main
from tutor.content.formats.gift import escape, export_item, parse_gift, unescape
from tutor.content.loader import load_course
from tutor.content.schema import (
    Choice,
    MultipleChoice,
    MultipleResponse,
    Numeric,
    ShortAnswer,
    TrueFalse,
)

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = r"""// A comment line is ignored.
$CATEGORY: $course$/Deep learning/Activations

::Sigmoid peak::[markdown]Where does **σ'** peak? {
  ~z \= 1 #That is where σ' is already smaller.
  =z \= 0 #Right: σ'(0) \= 0.25.
  ~z \= −∞ #There σ' vanishes.
  ####σ'(z) \= σ(z)(1 − σ(z)) is largest when σ(z) \= 1/2.
}

::ReLU TF::ReLU's derivative is 1 for every positive input. {T#Look at the slope for z > 0.#Yes.####The slope of z is 1.}

::Layers::[html]Name the <b>first</b> layer type of an MLP. {
  =input layer
  =input #<i>Yes</i>, the input.
  =%50%first #Which one?
  =%0%output layer #That is the last one.
}

::Match::Match them. { =a -> 1 =b -> 2 }

::Num::What is 0.25^2? {#0.0625:0.0001}

::Essay::Explain backprop. {}

::Cloze::The derivative of ReLU is {=1 ~0} for positive inputs.

Just a description with no answers.

::Multi::Pick two. { ~%50%a ~%50%b ~%-100%c }
"""


def test_import_features() -> None:
    result = parse_gift(SAMPLE, "activations")
    kinds = [type(i).__name__ for i in result.items]
    assert kinds == [
        "MultipleChoice",
        "TrueFalse",
        "ShortAnswer",
        "Numeric",
        "MultipleChoice",
        "MultipleResponse",
    ]
    mc, tf, sa, num, cloze, multi = result.items
    assert isinstance(mc, MultipleChoice) and isinstance(tf, TrueFalse)
    assert isinstance(sa, ShortAnswer) and isinstance(num, Numeric)
    assert isinstance(cloze, MultipleChoice) and isinstance(multi, MultipleResponse)
    assert mc.id == "activations-sigmoid-peak"
    assert mc.prompt == "Where does **σ'** peak?"
    assert [c.text for c in mc.choices] == ["z = 1", "z = 0", "z = −∞"]
    assert mc.correct_index == 1
    assert mc.choices[0].feedback == "That is where σ' is already smaller."
    assert mc.explanation == "σ'(z) = σ(z)(1 − σ(z)) is largest when σ(z) = 1/2."
    assert mc.tags == ["activations"]  # from the last part of the category
    assert tf.answer is True and tf.wrong_feedback == "Look at the slope for z > 0."
    assert tf.right_feedback == "Yes." and tf.explanation == "The slope of z is 1."
    assert sa.prompt == "Name the **first** layer type of an MLP."  # [html] turned into Markdown
    assert sa.accepted_answers == ["input layer", "input"]
    assert sa.answer_feedback == {"input": "*Yes*, the input."}  # answers inherit [html]
    assert [(p.answer, p.credit, p.feedback) for p in sa.partial_answers] == [
        ("first", 0.5, "Which one?")
    ]
    assert [(w.answer, w.feedback) for w in sa.wrong_answers] == [
        ("output layer", "That is the last one.")
    ]
    assert num.value == 0.0625 and num.tolerance is not None and num.tolerance.absolute == 0.0001
    assert cloze.prompt == "The derivative of ReLU is _____ for positive inputs."
    assert multi.credits() == [0.5, 0.5, -1.0]
    skipped = [(s.line, s.kind) for s in result.skipped]
    assert skipped == [(20, "matching"), (24, "essay"), (28, "description")]


def test_true_false_feedback_order() -> None:
    """The first '#' is what a learner who answered wrongly sees, the second a right one."""
    item = parse_gift("Sky is green. {F#It is not green, look up.#Right.}", "sky").items[0]
    assert isinstance(item, TrueFalse) and item.answer is False
    assert item.wrong_feedback == "It is not green, look up."
    assert item.right_feedback == "Right."


def test_general_feedback_after_the_last_four_hashes() -> None:
    item = parse_gift("Sky is green. {F#####text}", "sky").items[0]
    assert isinstance(item, TrueFalse)
    assert (item.explanation, item.wrong_feedback) == ("text", None)


def test_tilde_equals_is_a_correct_choice() -> None:
    item = parse_gift("Pick. {~=right ~wrong}", "t").items[0]
    assert isinstance(item, MultipleChoice)
    assert [(c.text, c.correct) for c in item.choices] == [("right", True), ("wrong", False)]


def test_arrow_in_a_choice_is_not_matching_and_one_answer_is_a_short_answer() -> None:
    result = parse_gift("Flow? {=a -> b ~c -> d}\n\nCapital of France? {Paris}", "t")
    assert result.skipped == []
    mc, sa = result.items
    assert isinstance(mc, MultipleChoice) and mc.choices[0].text == "a -> b"
    assert isinstance(sa, ShortAnswer) and sa.accepted_answers == ["Paris"]


def test_only_gift_escapes_are_undone_latex_survives() -> None:
    source = r"What is $$\frac\{3\}\{4\}$$ of \(x^2\)? \: \# \~ a\nb {=\\alpha}"
    item = parse_gift(source, "t").items[0]
    assert item.prompt == "What is $$\\frac{3}{4}$$ of \\(x^2\\)? : # ~ a\nb"
    assert isinstance(item, ShortAnswer) and item.accepted_answers == ["\\alpha"]


def test_format_markers_never_stay_in_text() -> None:
    source = "[plain]Q one? {=[moodle]yes #[markdown]ok ####[html]<p>Because.</p>}"
    item = parse_gift(source, "t").items[0]
    assert isinstance(item, ShortAnswer)
    assert (item.prompt, item.accepted_answers, item.explanation) == ("Q one?", ["yes"], "Because.")
    assert item.answer_feedback == {"yes": "ok"}


def test_html_media_become_markdown_links() -> None:
    source = (
        '[html]<p>Listen: <audio src\\="a.mp3"></audio> and look <img src\\="p.png" alt\\="plot">'
        ' or <a href\\="http\\://x.org">read</a>.</p>{T}'
    )
    item = parse_gift(source, "t").items[0]
    assert item.prompt == "Listen: [audio](a.mp3) and look ![plot](p.png) or [read](http://x.org)."


def test_wildcard_short_answer_is_kept() -> None:
    item = parse_gift("Best animal? {=Frog =%0%*#Completely wrong}", "t").items[0]
    assert isinstance(item, ShortAnswer)
    assert [(w.answer, w.feedback) for w in item.wrong_answers] == [("*", "Completely wrong")]


def test_non_ascii_names_make_readable_ids() -> None:
    source = "::Größe der Ableitung::Q? {T}\n\n::Производная::Q? {T}\n\n::微分::Q? {T}"
    ids = [i.id for i in parse_gift(source, "t").items]
    assert ids == ["t-grosse-der-ableitung", "t-proizvodnaya", "t-weifen"]


def test_same_name_many_times_gets_numbered_ids() -> None:
    source = "\n\n".join("::Same::Q? {T}" for _ in range(500))
    ids = [i.id for i in parse_gift(source, "t").items]
    assert ids[:3] == ["t-same", "t-same-2", "t-same-3"] and len(set(ids)) == 500


@pytest.mark.parametrize(
    "meta",
    ["[1]", "5", '{"tags": 5}', '{"id": [1]}', "[" * 100_000, "{not json", '{"tags": [1]}'],
)
def test_wrong_metadata_is_a_one_line_skip(meta: str) -> None:
    result = parse_gift(f"// tutor: {meta}\n::Q::Sky? {{T}}\n\nSea? {{T}}", "t")
    assert [i.prompt for i in result.items] == ["Sea?"]
    (skip,) = result.skipped
    assert skip.line == 2 and "'// tutor:'" in str(skip)
    assert "\n" not in str(skip) and len(str(skip)) < 160


def test_pydantic_errors_are_one_line() -> None:
    result = parse_gift('// tutor: {"id": "Not A Slug"}\nQ? {T}', "t")
    (skip,) = result.skipped
    assert "\n" not in str(skip) and "id" in skip.reason and "pattern" in skip.reason


@pytest.mark.parametrize("text", ["a = b", "{x}", "50% ~ #1", "a: b", "back\\slash", "two\nlines"])
def test_escape_roundtrip(text: str) -> None:
    assert unescape(escape(text)) == text


HOSTILE = [
    "%100%sneaky",
    "a -> b",
    "line\u2028separator",
    "  padded  ",
    "[html]<p>not html</p>",
    "ends with a backslash \\",
    "// not a comment",
    "$CATEGORY: nope",
    "####",
    "_____ blank first",
    "tab\there\r\nand CRLF",
    "::not a name::",
    "T",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_survives_export_then_import(text: str) -> None:
    items = [
        MultipleChoice(
            type="multiple_choice",
            id="q-mc",
            prompt=text,
            explanation=text,
            choices=[
                Choice(text=text, correct=True, feedback=text),
                Choice(text="other " + text, feedback=text),
            ],
        ),
        TrueFalse(
            type="true_false",
            id="q-tf",
            prompt=text,
            explanation=text,
            answer=True,
            wrong_feedback=text,
            right_feedback=text,
        ),
        ShortAnswer(
            type="short_answer",
            id="q-sa",
            prompt=text,
            explanation=text,
            model_answer=text,
            accepted_answers=[text],
            answer_feedback={text: text},
        ),
    ]
    for item in items:
        back = parse_gift(export_item(item), "x")
        assert back.skipped == [] and back.items == [item]


def test_plain_hostile_text_needs_no_whole_item_metadata() -> None:
    """The escapes carry the text; the metadata holds only what GIFT cannot."""
    for text in ["%100%x", "a -> b", "x\u2028y", "[html]x", "a\\b", "# = ~ { } :"]:
        item = MultipleChoice(
            type="multiple_choice",
            id="q",
            prompt=text,
            explanation=text,
            choices=[Choice(text=text, correct=True, feedback=text), Choice(text="b")],
        )
        exported = export_item(item)
        assert '"item"' not in exported and '"pad"' not in exported, text
        assert parse_gift(exported, "x").items == [item]


def test_missing_word_exports_as_missing_word() -> None:
    result = parse_gift("Grant is {~buried =entombed ~living} in Grant's tomb.", "t")
    (item,) = result.items
    exported = export_item(item)
    assert "Grant is {" in exported and "} in Grant's tomb." in exported
    assert parse_gift(exported, "t").items == [item]


@pytest.mark.parametrize(
    "source",
    [
        ROOT / "content",
        Path(__file__).parents[1] / "content" / "good",
        Path(__file__).parents[1] / "items" / "course",
    ],
    ids=["bundled", "fixture", "every-type"],
)
def test_export_then_import_gives_the_same_items(source: Path) -> None:
    from tutor.content.formats.gift import export_gift

    course = load_course([source])
    assert course.item_count > 0
    text = export_gift(course.topics.values())
    back = parse_gift(text, "ignored")
    assert back.skipped == []
    assert back.items == [item for _, item in course.iter_items()]
    if source == ROOT / "content":  # bundled items travel as GIFT plus small metadata
        # ... except a numeric tolerance in significant figures, which GIFT cannot state
        for _, item in course.iter_items():
            exported = export_item(item)
            tolerance = getattr(item, "tolerance", None)
            sig_figs = item.type == "numeric" and getattr(tolerance, "sig_figs", None) is not None
            assert sig_figs or '"item"' not in exported, item.id


def test_cli_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text(SAMPLE)
    out = tmp_path / "items.yaml"
    assert main(["import", "gift", str(gift), "--topic", "activations", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{gift}:20: skipped matching question" in err
    assert "imported 6 item(s), skipped 3" in err
    topic = tmp_path / "course" / "activations.yaml"
    topic.parent.mkdir()
    topic.write_text(
        "id: activations\ntitle: Activations\nlevel: graduate\ncore_idea: Slopes.\n"
        + out.read_text()
    )
    assert main(["validate", str(topic.parent)]) == 0
    assert main(["export", "gift", str(topic.parent)]) == 0
    assert "::activations-sigmoid-peak::" in capsys.readouterr().out
    assert main(["import", "gift", str(gift), "--topic", "activations", "-o", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    assert main(["import", "gift", str(tmp_path / "missing.gift"), "--topic", "x"]) == 1
    assert main(["import", "gift", str(gift), "--topic", "Not A Slug"]) == 2


def test_cli_writes_a_whole_topic_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text("::A::Sky is blue? {T}\n\n::B::Two? {=2 ####Count.}\n")
    out = tmp_path / "course" / "sky.yaml"
    out.parent.mkdir()
    args = ["import", "gift", str(gift), "--topic", "sky", "--topic-title", "Sky", "-o", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "1 item(s) have no explanation yet" in err
    text = out.read_text()
    assert "title: Sky" in text and "explanation: ''  # TODO" in text
    assert main(["validate", str(out.parent)]) == 0


def test_cli_never_writes_what_validate_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_params = '{"show_me": {"experiment": "chain_product", "params": {"layers": 0}}}'
    gift = tmp_path / "q.gift"
    gift.write_text(f"// tutor: {bad_params}\n::A::Sky? {{T}}\n\n::B::Sea? {{T####Wet.}}\n")
    out = tmp_path / "course" / "sky.yaml"
    out.parent.mkdir()
    args = ["import", "gift", str(gift), "--topic", "sky", "--topic-title", "Sky", "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "item 'sky-a' left out: items[0].show_me.params.layers" in err
    assert "sky-a" not in out.read_text() and "sky-b" in out.read_text()
    assert main(["validate", str(out.parent)]) == 0


def test_cli_output_folder_problems_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text("Sky? {T}\n")
    missing = tmp_path / "nope" / "out.yaml"
    assert main(["import", "gift", str(gift), "--topic", "s", "-o", str(missing)]) == 1
    assert main(["export", "gift", str(ROOT / "content"), "-o", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert (
        err == [f"tutor: error: cannot write {missing}: folder {missing.parent} does not exist"] * 2
    )

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_text", refuse)
    out = tmp_path / "out.yaml"
    assert main(["import", "gift", str(gift), "--topic", "s", "-o", str(out)]) == 1
    assert main(["export", "moodle-xml", str(ROOT / "content"), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert [e for e in err if e.startswith("tutor: error:")] == [
        f"tutor: error: cannot write {out}: Permission denied"
    ] * 2


def test_imported_weights_and_feedback_reach_the_grader() -> None:
    from tutor.items.grade import Rating
    from tutor.learner.grading import grade

    source = (
        "::Animal::Best animal? {=Frog#Good! =%50%Cat#Cats, really? =%0%*#Completely wrong}\n\n"
        "::Sky::Sky is blue. {T#Look up.#Yes, Rayleigh.}\n\n"
        "::Stars::Name a star. {=Sir*us =Vega}"
    )
    sa, tf, stars = parse_gift(source, "t").items
    frog, cat, dog = (grade(sa, r) for r in ("frog", "Cat", "dog"))
    assert (frog.suggested_rating, frog.feedback) == (Rating.GOOD, "Good!")
    assert (cat.suggested_rating, cat.feedback, cat.score) == (Rating.HARD, "Cats, really?", 0.5)
    assert (dog.correct, dog.feedback) == (False, "Completely wrong")
    assert grade(tf, True).feedback == "Yes, Rayleigh." and grade(tf, False).feedback == "Look up."
    assert grade(stars, "Sirius").correct and not grade(stars, "Sun").correct


def test_a_bank_in_the_style_of_real_exports() -> None:
    """BOM, CRLF lines, a Moodle-export category, [html] with LaTeX escaped either way,
    numeric ranges, missing words, select-all weights, images and accented names."""
    path = ROOT / "tests" / "data" / "gift" / "bank_style.gift"
    result = parse_gift(path.read_text(encoding="utf-8-sig"), "calc")
    by_id = {i.id: i for i in result.items}
    assert list(by_id) == [
        "calc-regle-de-derivation",
        "calc-slope-at-zero",
        "calc-range-answer",
        "calc-chain-rule-tf",
        "calc-missing-word",
        "calc-select-all",
        "calc-image",
        "calc-strasse",
        "calc-arrow",
    ]
    assert [(s.line, s.kind) for s in result.skipped] == [(37, "essay"), (39, "matching")]
    rule = by_id["calc-regle-de-derivation"]
    assert isinstance(rule, MultipleChoice) and rule.tags == ["derivatives"]
    assert rule.prompt == "What is the derivative of \\(x^2\\)?"
    assert rule.choices[0].text == "\\(2x\\)" and rule.choices[0].feedback == (
        "Yes: bring the exponent down."
    )
    assert rule.explanation == "The power rule: \\(\\frac{d}{dx} x^n = n x^{n-1}\\)."
    ranged = by_id["calc-range-answer"]
    assert isinstance(ranged, Numeric) and ranged.tolerance is not None
    assert (ranged.value, ranged.tolerance.absolute) == (
        pytest.approx(3.14),
        pytest.approx(0.01),
    )
    assert by_id["calc-missing-word"].prompt == "The derivative of a constant is _____ everywhere."
    assert "![two curves](https://example.org/curves.png)" in by_id["calc-image"].prompt
    assert all("\r" not in i.prompt for i in result.items)


def test_cli_notes_what_a_question_lost_without_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text("::Born::When was he born? {#\n=1822:0\n=%50%1822:2\n}\n")
    out = tmp_path / "born.yaml"
    args = ["import", "gift", str(gift), "--topic", "born", "--topic-title", "Born"]
    assert main([*args, "--prerequisite", "dates", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{gift}:1: note: numerical answer 1822:2 (50%) left out" in err
    assert "prerequisites:\n- dates\n" in out.read_text()


def test_html_scripts_and_styles_are_not_text() -> None:
    from tutor.content.formats.html_markdown import html_to_markdown

    html = "<style>p{x}</style><p>A <b>b</b></p><script>alert(1)</script><ul><li>one</li></ul>"
    assert html_to_markdown(html) == "A **b**\n\n- one"
