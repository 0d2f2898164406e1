"""One question: answer it, see why, rate it; then the session moves on.

The screen never grades or schedules: it asks the session (which asks the
service) and shows what comes back. The answer is stored (committed) before
the next screen is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse
from tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from tutor.learner.grading import Grade
    from tutor.ui.sessions import Answered, Session

Phase = Literal["answering", "rating", "answered"]
LETTERS = "abcdefghi"
RATINGS: tuple[tuple[int, str], ...] = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))


def _choice_bindings() -> list[BindingType]:
    out: list[BindingType] = []
    for i in range(9):
        show = i == 0
        out.append(
            Binding(
                str(i + 1), f"choose({i})", "Choose", show=show, key_display="1-9" if show else None
            )
        )
        out.append(Binding(LETTERS[i], f"choose({i})", "Choose", show=False))
    return out


class QuestionScreen(TutorScreen):
    """Multiple choice, true/false or short answer, with feedback after the answer."""

    CSS_PATH = "question.tcss"
    HELP_TITLE = "Question"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_choice_bindings(),
        Binding("t", "true_false(True)", "True"),
        Binding("f", "true_false(False)", "False"),
        Binding("ctrl+s", "submit", "Submit"),
        *[Binding(str(r), f"rate({r})", label, show=True) for r, label in RATINGS],
        Binding("enter", "next", "Next"),
        Binding("n", "next", "Next", show=False),
        Binding("s", "show_me", "Show me"),
        Binding("w", "why", "Why mastery moved"),
        Binding("question_mark", "guessed", "I'm guessing"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, session: Session, item_id: str, *, reason: str = "") -> None:
        super().__init__()
        self.session = session
        self.item_id = item_id
        self.reason = reason
        self.phase: Phase = "answering"
        self.response: Any = None
        self.grade: Grade | None = None
        self.answered: Answered | None = None
        self.show_why = False
        self.guessed = False
        """Marked (key ?) before answering: a right answer then rates Hard and earns no mastery."""
        """Whether the mastery line is expanded into the numbers behind it (key w)."""

    @property
    def item(self) -> Any:
        return self.tutor.service.course.item(self.item_id)

    # layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        service = self.tutor.service
        item = self.item
        topic = service.course.topic_of(self.item_id)
        yield Header()
        with Horizontal(id="q-top"):
            yield Label(Content(f"{self.session.title} · {topic.title}"), id="q-where")
            yield Label(Content(self.session.progress_text()), id="q-progress")
            yield Label("", id="q-clock")
        with VerticalScroll(id="q-body"):
            if self.reason:
                yield Static(Content(self.reason), id="q-reason")
            yield Markdown(item.prompt, id="prompt")
            if isinstance(item, MultipleChoice):
                yield OptionList(
                    *[
                        Option(self._choice_label(i, c.text), id=str(i))
                        for i, c in enumerate(item.choices)
                    ],
                    id="choices",
                )
            elif isinstance(item, TrueFalse):
                with Horizontal(id="tf-buttons"):
                    yield Button("True (t)", id="tf-true")
                    yield Button("False (f)", id="tf-false")
            elif isinstance(item, ShortAnswer):
                yield TextArea(
                    id="answer", soft_wrap=True, show_line_numbers=False, tab_behavior="focus"
                )
                with Horizontal(id="sa-actions"):
                    yield Button("Submit (ctrl+s)", id="submit", variant="primary")
            with Vertical(id="feedback"):
                yield Static(id="verdict")
                yield Static(id="choice-feedback")
                yield Markdown(id="explanation")
                yield Static("Model answer", id="model-heading", classes="q--heading")
                yield Markdown(id="model-answer")
                yield Static(id="key-points")
                yield Static(id="mastery-line")
                yield Static("Your rating:", id="rating-label")
                with Horizontal(id="rating-row"):
                    for r, label in RATINGS:
                        yield Button(f"{r} {label}", id=f"rate-{r}", classes="q--rate")
                yield Button("Next (enter)", id="next", variant="primary")
        yield Footer(compact=True)

    @staticmethod
    def _choice_label(i: int, text: str, mark: str = "", style: str = "") -> Content:
        return Content.assemble(
            (f"{i + 1} {LETTERS[i]})", "bold"), " ", (text, style), (mark, style)
        )

    def on_mount(self) -> None:
        self.sub_title = self.session.title.lower()
        self.query_one("#feedback").display = False
        item = self.item
        # Nothing is preselected: a stray Enter (meant for the previous screen's
        # Next) must not answer "a)" or "True" on the learner's behalf.
        if isinstance(item, MultipleChoice):
            choices = self.query_one("#choices", OptionList)
            choices.highlighted = None
            choices.focus()
        elif isinstance(item, ShortAnswer):
            self.query_one("#answer", TextArea).focus()
        else:
            self.query_one("#q-body", VerticalScroll).focus()
        if hasattr(self.session, "remaining_s") and self.session.remaining_s() is not None:
            self._tick()
            self.set_interval(0.5, self._tick)

    # drill clock --------------------------------------------------------------
    def _tick(self) -> None:
        remaining = self.session.remaining_s()  # type: ignore[attr-defined]
        if remaining is None:
            return
        minutes, seconds = divmod(int(remaining + 0.999), 60)
        clock = self.query_one("#q-clock", Label)
        clock.update(f"⏱ {minutes}:{seconds:02d} left")
        clock.set_class(remaining < 30, "-urgent")
        if remaining <= 0 and self.is_current and self.phase != "answered":
            self.session.stop(timed_out=True)  # type: ignore[attr-defined]
            self.tutor.advance(self.session)

    # bindings -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.item
        if action == "choose":
            if not isinstance(item, MultipleChoice) or self.phase != "answering":
                return False
            return int(parameters[0]) < len(item.choices)  # type: ignore[call-overload]
        if action == "true_false":
            return isinstance(item, TrueFalse) and self.phase == "answering"
        if action == "submit":
            return isinstance(item, ShortAnswer) and self.phase == "answering"
        if action == "rate":
            return self.phase == "rating"
        if action == "next":
            return self.phase == "answered"
        if action == "show_me":
            return self._show_me_ref() is not None
        if action == "guessed":
            return self.phase == "answering" and self.session.source != "placement"
        if action == "why":
            outcome = self.answered.outcome if self.answered else None
            return self.phase == "answered" and getattr(outcome, "why", None) is not None
        return True

    def _show_me_ref(self) -> Any:
        if self.item.show_me is not None:
            return self.item.show_me
        topic = self.tutor.service.course.topic_of(self.item_id)
        return topic.show_me[0] if topic.show_me else None

    # answering ----------------------------------------------------------------
    def action_choose(self, index: int) -> None:
        self._answer(int(index))

    @on(OptionList.OptionSelected, "#choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        if self.phase == "answering":
            self._answer(event.option_index)

    def action_true_false(self, value: bool) -> None:
        self._answer(bool(value))

    @on(Button.Pressed, "#tf-true")
    def _true(self) -> None:
        if self.phase == "answering":
            self._answer(True)

    @on(Button.Pressed, "#tf-false")
    def _false(self) -> None:
        if self.phase == "answering":
            self._answer(False)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        if self.phase != "answering":
            return
        text = self.query_one("#answer", TextArea).text.strip()
        if not text:
            self.notify(
                "Write an answer first (or a guess: it is fine to be wrong).", severity="warning"
            )
            return
        self.response = text
        if not self.session.confirms_rating:
            self._store(text, None)
            return
        self.grade = self.session.preview(self.item_id, text)
        self.phase = "rating"
        self.query_one("#answer", TextArea).read_only = True
        self.query_one("#sa-actions").display = False
        self._show_feedback(self.grade)
        self.refresh_bindings()

    def _answer(self, response: Any) -> None:
        if self.phase != "answering":
            return
        self.response = response
        self._store(response, None)

    @on(Button.Pressed, ".q--rate")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_rate(int(event.button.id.removeprefix("rate-")))

    def action_rate(self, rating: int) -> None:
        if self.phase != "rating":
            return
        from tutor.learner.grading import Rating

        self._store(self.response, Rating(int(rating)))

    def _store(self, response: Any, rating: Any) -> None:
        """Store the answer (committed when this returns), then show feedback or move on."""
        answered = self.tutor.guard(
            self.session.answer, self.item_id, response, rating, guessed=self.guessed
        )
        if answered is None:
            return  # not stored (the error is on screen); the learner can try again
        self.answered = answered
        self.grade = answered.grade
        outcome = answered.outcome
        if outcome is not None:
            self._announce(outcome)
        if not self.session.shows_feedback or rating is not None:
            # drills keep moving; a confirmed short-answer rating has already shown the feedback
            self.phase = "answered"
            self.tutor.advance(self.session)
            return
        self.phase = "answered"
        self._show_feedback(answered.grade)
        self.refresh_bindings()

    def _announce(self, outcome: Any) -> None:
        topics = self.tutor.service.course.outline
        if outcome.newly_mastered:
            names = ", ".join(topics[t].title for t in outcome.newly_mastered)
            self.notify(f"Mastered: {names}", title="Well done")
        if outcome.newly_unlocked:
            names = ", ".join(topics[t].title for t in outcome.newly_unlocked)
            self.notify(f"Unlocked: {names}", title="New topics")

    # feedback -----------------------------------------------------------------
    def _show_feedback(self, grade: Grade) -> None:
        item = self.item
        self.query_one("#feedback").display = True
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(grade.correct, "-right")
        verdict.set_class(not grade.correct, "-wrong")
        if isinstance(item, ShortAnswer) and self.phase == "rating":
            verdict.update(Content(self._short_verdict(grade)))
        elif grade.correct:
            verdict.update(Content("✓ Right"))
        else:
            verdict.update(Content(f"✗ Not quite{self._correct_answer_text()}"))
        feedback = grade.feedback
        if (
            isinstance(item, MultipleChoice)
            and feedback is None
            and isinstance(self.response, int)
            and 0 <= self.response < len(item.choices)
        ):
            feedback = item.choices[self.response].feedback
        self.query_one("#choice-feedback", Static).update(Content(feedback or ""))
        self.query_one("#choice-feedback").display = bool(feedback)
        self.query_one("#explanation", Markdown).update(item.explanation or "")
        if isinstance(item, MultipleChoice):
            self._mark_choices(item)
        if isinstance(item, TrueFalse):
            for value, button_id in ((True, "#tf-true"), (False, "#tf-false")):
                button = self.query_one(button_id, Button)
                button.disabled = True
                button.variant = (
                    "success"
                    if value == item.answer
                    else ("error" if value == self.response else "default")
                )
        is_short = isinstance(item, ShortAnswer)
        self.query_one("#model-heading").display = is_short
        self.query_one("#model-answer").display = is_short
        self.query_one("#key-points").display = is_short and bool(item.key_points)
        if is_short:
            self.query_one("#model-answer", Markdown).update(item.model_answer)
            self.query_one("#key-points", Static).update(self._key_points(grade, item.key_points))
        self.query_one("#rating-row").display = self.phase == "rating"
        self.query_one("#rating-label").display = self.phase == "rating"
        if self.phase == "rating":
            from tutor.ui.widgets.mastery_why import rating_label

            suggested = int(grade.suggested_rating)
            intervals = self.tutor.service.interval_preview(self.item_id)
            for r, name in RATINGS:
                button = self.query_one(f"#rate-{r}", Button)
                button.variant = "primary" if r == suggested else "default"
                button.label = rating_label(r, name, intervals)
            self.query_one("#rating-label", Static).update(
                f"How did it go? Suggested: {dict(RATINGS)[suggested]}. Confirm or change it (1-4)."
            )
            self.query_one(f"#rate-{suggested}", Button).focus()
        next_button = self.query_one("#next", Button)
        next_button.display = self.phase == "answered"
        mastery = self.query_one("#mastery-line", Static)
        outcome = self.answered.outcome if self.answered else None
        if outcome is not None and self.phase == "answered":
            from tutor.learner.grading import Rating

            topic = self.tutor.service.course.topic_of(self.item_id)
            # BKT counts reading the feedback as practice, so a miss on a new topic can
            # still raise the estimate; say so, or the rise reads as a bug.
            why = (
                " (reading the explanation counts as practice)"
                if outcome.mastery_after > outcome.mastery_before and outcome.rating == Rating.AGAIN
                else ""
            )
            line = Content.assemble(
                ("Mastery ", "bold"),
                f"{topic.title}: {outcome.mastery_before:.0%} → {outcome.mastery_after:.0%}{why}",
            )
            explained = getattr(outcome, "why", None)
            if self.show_why and explained is not None:
                from tutor.ui.widgets.mastery_why import why_content

                line = Content.assemble(line, "\n", why_content(explained.lines()))
            mastery.update(line)
            mastery.display = True
        else:
            mastery.display = False
        if self.phase == "answered":
            next_button.focus()
        self.call_after_refresh(self.query_one("#q-body", VerticalScroll).scroll_end, animate=False)

    def _short_verdict(self, grade: Grade) -> str:
        if grade.method in ("exact", "accepted", "fuzzy"):
            return "✓ That matches an accepted answer"
        if grade.method == "wrong_answer":
            return "✗ That is a common wrong answer"
        if grade.key_points_hit or grade.key_points_missed:
            total = len(grade.key_points_hit) + len(grade.key_points_missed)
            return f"{'✓' if grade.correct else '✗'} You covered {len(grade.key_points_hit)} of {total} key points"
        return "✓ Looks right" if grade.correct else "✗ Compare with the model answer"

    def _correct_answer_text(self) -> str:
        item = self.item
        if isinstance(item, MultipleChoice):
            i = item.correct_index
            return f": the answer is {i + 1} {LETTERS[i]}) {item.choices[i].text}"
        if isinstance(item, TrueFalse):
            return f": the statement is {'true' if item.answer else 'false'}"
        return ""

    def _mark_choices(self, item: MultipleChoice) -> None:
        options = self.query_one("#choices", OptionList)
        for i, choice in enumerate(item.choices):
            if choice.correct:
                label = self._choice_label(i, choice.text, "  ✓", "$success bold")
            elif i == self.response:
                label = self._choice_label(i, choice.text, "  ✗ your answer", "$error")
            else:
                label = self._choice_label(i, choice.text, "", "$text-muted")
            options.replace_option_prompt_at_index(i, label)
        options.disabled = True

    @staticmethod
    def _key_points(grade: Grade, key_points: list[str]) -> Content:
        """Hit and missed points when the grader weighed them; else the points a full answer covers."""
        lines = [Content.assemble(("✓ ", "$success bold"), p) for p in grade.key_points_hit]
        lines += [
            Content.assemble(("✗ ", "$error bold"), (p, "$text-muted"))
            for p in grade.key_points_missed
        ]
        if not lines:
            lines = [Content.assemble(("• ", "bold"), p) for p in key_points]
        return Content("\n").join([Content.assemble(("Key points", "bold")), *lines])

    # moving on ----------------------------------------------------------------
    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        if self.phase == "answered":
            self.tutor.advance(self.session)

    def action_guessed(self) -> None:
        self.guessed = not self.guessed
        self.notify(
            "Marked as a guess: a right answer will not count toward mastery"
            if self.guessed
            else "No longer marked as a guess",
            timeout=3,
        )

    def action_why(self) -> None:
        self.show_why = not self.show_why
        if self.grade is not None:
            self._show_feedback(self.grade)

    def action_show_me(self) -> None:
        ref = self._show_me_ref()
        if ref is not None:
            self.tutor.show_me(ref.experiment, dict(ref.params), caption=ref.caption)

    def action_leave(self) -> None:
        stop = getattr(self.session, "stop", None)
        if stop is not None:  # a drill: leaving early shows the score so far
            stop()
            self.tutor.advance(self.session)
            return
        self.tutor.go_home()
