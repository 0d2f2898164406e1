"""One question: answer it, see why, rate it; then the flow moves on.

The screen never grades or schedules: it asks the flow (which asks the
service) and shows what comes back. The answer is stored (committed) before
the next screen is built. What is visible follows the ``phase`` of the
question (unanswered, rating, answered) through the screen's CSS classes.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Button, Footer, Header, Label, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tutor.content.maths import render_maths
from tutor.content.schema import Item, MultipleChoice, ShortAnswer, TrueFalse
from tutor.items.base import choice_ids, display_order
from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.answer_base import AnswerWidget
from tutor.ui.widgets.answers import answer_widget

if TYPE_CHECKING:
    from tutor.content.schema import ShowMe
    from tutor.learner.flows import Flow, QuestionStep, Response
    from tutor.learner.grading import Grade
    from tutor.learner.models import AnswerOutcome

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
        Binding("H", "hint", "Hint", key_display="H", tooltip="Reveal the next hint (less credit)"),
        Binding("s", "show_me", "Show me"),
        Binding("w", "why", "Why mastery moved"),
        Binding("question_mark", "guessed", "I'm guessing"),
        Binding(
            "N",
            "note",
            "Note",
            key_display="N",
            show=False,
            tooltip="Write a note on this question",
        ),
        Binding("escape", "leave", "Leave"),
    ]

    phase: var[Phase] = var("answering", init=False, bindings=True)
    """Unanswered, waiting for a confirmed rating, or answered (stored)."""
    outcome: var[AnswerOutcome | None] = var(None, init=False)
    """What the stored answer did (mastery before and after); None until stored, and for
    placement answers."""

    def __init__(self, flow: Flow, step: QuestionStep) -> None:
        super().__init__(classes="-answering")
        self.flow = flow
        self.step = step
        self.item_id = step.item_id
        self.reason = step.reason
        self.response: Response | None = None
        self.grade: Grade | None = None
        self._shown_at = time.monotonic()
        self._latency_ms: int | None = None
        self.order: list[int] = []
        """Choices' written positions in the order shown (shuffled per learner and attempt)."""
        self.show_why = False
        """Whether the mastery line is expanded into the numbers behind it (key w)."""
        self.guessed = False
        """Marked (key ?) before answering: a right answer then rates Hard and earns no mastery."""
        self.hints_used = 0
        """Rungs of the hint ladder revealed (one past the hints: the worked solution)."""
        self._choice_marks: dict[int, tuple[str, str]] = {}
        """Choice index -> (mark, style) once answered (right, yours, the others)."""

    @property
    def item(self) -> Item:
        return self.tutor.service.course.item(self.item_id)

    # layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        item = self.item
        topic = self.tutor.service.course.topic_of(self.item_id)
        yield Header()
        with Horizontal(id="q-top"):
            yield Label(Content(f"{self.flow.title} · {topic.title}"), id="q-where")
            yield Label(Content(self.flow.progress_text()), id="q-progress")
            yield Label("", id="q-clock")
        with VerticalScroll(id="q-body"):
            if self.reason:
                yield Static(Content(self.reason), id="q-reason")
            yield Markdown(render_maths(item.prompt), id="prompt")
            yield Markdown(id="hints")
            yield from self._compose_answer(item)
            with Vertical(id="feedback"):
                yield Static(id="verdict")
                yield Static(id="choice-feedback")
                yield Markdown(id="explanation")
                if isinstance(item, ShortAnswer):
                    yield Static("Model answer", id="model-heading", classes="q--heading")
                    yield Markdown(id="model-answer")
                    if item.key_points:
                        yield Static(id="key-points")
                yield Static(id="mastery-line")
                if isinstance(item, ShortAnswer) and self.flow.confirms_rating:
                    yield Static("Your rating:", id="rating-label")
                    with Horizontal(id="rating-row"):
                        for r, label in RATINGS:
                            yield Button(f"{r} {label}", id=f"rate-{r}", classes="q--rate")
                yield Button("Next (enter)", id="next", variant="primary")
        yield Footer(compact=True)

    def _compose_answer(self, item: Item) -> ComposeResult:
        key = self._order_key()
        widget = answer_widget(item, key)
        if isinstance(item, MultipleChoice):
            self.order = display_order(len(item.choices), key, item.shuffle)
            yield OptionList(
                *[
                    Option(self._choice_label(k, item.choices[i].text), id=str(i))
                    for k, i in enumerate(self.order)
                ],
                id="choices",
            )
        elif widget is not None:
            yield widget
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
                if self._ladder():  # H types a letter in the answer box: a button too
                    yield Button("Hint", id="hint-button")

    def _order_key(self) -> str:
        """Learner, item and attempt: a fresh choice order per attempt, reproducible in tests."""
        service = self.tutor.service
        state = self.tutor.guard(service.topic_state, service.course.topic_id_of(self.item_id))
        attempt = state.answered if state is not None else 0
        return f"{service.learner_id}:{self.item_id}:{attempt}"

    def _answer_widget(self) -> AnswerWidget | None:
        found = self.query(AnswerWidget)
        return found.first() if found else None

    @staticmethod
    def _choice_label(
        i: int, text: str, mark: str = "", style: str = "", width: int | None = None
    ) -> Content:
        """``1 a) text``; given the list's ``width``, wrapped lines hang under the text."""
        label = Content.styled(f"{i + 1} {LETTERS[i]}) ", "bold")
        body = Content.assemble((render_maths(text), style), (mark, style))
        if width is None or width <= label.cell_length + 8:
            return label + body
        lines = body.wrap(width - label.cell_length)
        indent = Content(" " * label.cell_length)
        return Content("\n").join([label + lines[0], *(indent + line for line in lines[1:])])

    def _relabel_choices(self) -> None:
        """Re-wrap the choices to the list's width (on mount, resize and marking)."""
        item = self.item
        if not isinstance(item, MultipleChoice):
            return
        options = self.query_one("#choices", OptionList)
        width = options.scrollable_content_region.width - 2  # an option's padding
        if width <= 0:
            return
        for k, i in enumerate(self.order):  # k: the position shown, i: the one written
            mark, style = self._choice_marks.get(i, ("", ""))
            options.replace_option_prompt_at_index(
                k, self._choice_label(k, item.choices[i].text, mark, style, width)
            )

    def on_resize(self) -> None:
        self.call_after_refresh(self._relabel_choices)

    def on_mount(self) -> None:
        self.sub_title = self.flow.title.lower()
        self._shown_at = time.monotonic()
        item = self.item
        # Nothing is preselected: a stray Enter (meant for the previous screen's
        # Next) must not answer "a)" or "True" on the learner's behalf.
        if isinstance(item, MultipleChoice):
            choices = self.query_one("#choices", OptionList)
            choices.highlighted = None
            choices.focus()
            self.call_after_refresh(self._relabel_choices)
        elif isinstance(item, ShortAnswer):
            self.query_one("#answer", TextArea).focus()
        elif (widget := self._answer_widget()) is not None:
            widget.focus_first()
        else:
            self.query_one("#q-body", VerticalScroll).focus()
        if self.flow.remaining_s() is not None:
            self._tick()
            self.set_interval(0.5, self._tick)

    # what the phase and the outcome show ----------------------------------------
    def watch_phase(self, old: Phase, new: Phase) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
        if new == "answered":
            self.query_one("#next", Button).focus()
            if old == "rating":
                self.call_after_refresh(self._bring_decision_into_view)

    def watch_outcome(self, outcome: AnswerOutcome | None) -> None:
        self._render_mastery(outcome)

    def _render_mastery(self, outcome: AnswerOutcome | None) -> None:
        """The topic's mastery before and after the answer, expanded (key w) into the
        numbers behind the change."""
        mastery = self.query_one("#mastery-line", Static)
        mastery.display = outcome is not None
        if outcome is None:
            return
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

    # drill clock --------------------------------------------------------------
    def _tick(self) -> None:
        remaining = self.flow.remaining_s()
        if remaining is None:
            return
        minutes, seconds = divmod(int(remaining + 0.999), 60)
        clock = self.query_one("#q-clock", Label)
        clock.update(f"⏱ {minutes}:{seconds:02d} left")
        clock.set_class(remaining < 30, "-urgent")
        if remaining <= 0 and self.is_current and self.phase != "answered":
            self.flow.stop(timed_out=True)
            self.tutor.advance(self.flow)

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
            has_widget = item.type != "short_answer" and self._answer_widget() is not None
            return (isinstance(item, ShortAnswer) or has_widget) and self.phase == "answering"
        if action == "rate":
            return self.phase == "rating"
        if action == "next":
            return self.phase == "answered"
        if action == "show_me":
            return self._show_me_ref() is not None
        if action == "guessed":
            return self.phase == "answering" and self.flow.source != "placement"
        if action == "why":
            return self.phase == "answered" and getattr(self.outcome, "why", None) is not None
        if action == "hint":
            return self.phase == "answering" and self.hints_used < self._ladder()
        return True

    def _show_me_ref(self) -> ShowMe | None:
        if not self.item.may_show_me(answered=self.phase != "answering"):
            return None  # a predict item's own experiment would give its answer away
        ref = self.item.show_me_ref()
        if ref is not None:
            return ref
        topic = self.tutor.service.course.topic_of(self.item_id)
        return topic.show_me[0] if topic.show_me else None

    # answering ----------------------------------------------------------------
    def action_choose(self, index: int) -> None:
        item = self.item
        if isinstance(item, MultipleChoice) and 0 <= int(index) < len(self.order):
            self._answer(choice_ids(item.choices)[self.order[int(index)]])

    @on(OptionList.OptionSelected, "#choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        if self.phase == "answering":
            self.action_choose(event.option_index)

    @on(AnswerWidget.Committed)
    def _widget_committed(self, event: AnswerWidget.Committed) -> None:
        if self.phase == "answering":
            self._answer(event.response)

    def action_true_false(self, value: bool) -> None:
        self._answer(bool(value))

    @on(Button.Pressed, "#tf-true")
    def _true(self) -> None:
        self._answer(True)

    @on(Button.Pressed, "#tf-false")
    def _false(self) -> None:
        self._answer(False)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        if self.phase != "answering":
            return
        widget = self._answer_widget()
        if widget is not None and not isinstance(self.item, ShortAnswer):
            widget.commit()
            return
        text = self.query_one("#answer", TextArea).text.strip()
        if not text:
            self.notify(
                "Write an answer first (or a guess: it is fine to be wrong).", severity="warning"
            )
            return
        self._latency_ms = self._elapsed_ms()
        if not self.flow.confirms_rating:
            self._answer(text)
            return
        grade = self.tutor.guard(self.flow.preview, text)
        if grade is None:
            return
        self.response, self.grade = text, grade
        self.query_one("#answer", TextArea).read_only = True
        self.phase = "rating"
        self._show_feedback(grade, rating=True)

    def _answer(self, response: Response) -> None:
        if self.phase == "answering":
            self.response = response
            self._store(response, None)

    @on(Button.Pressed, ".q--rate")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_rate(int(event.button.id.removeprefix("rate-")))

    def action_rate(self, rating: int) -> None:
        if self.phase == "rating" and self.response is not None:
            self._store(self.response, int(rating))

    def _elapsed_ms(self) -> int:
        return int((time.monotonic() - self._shown_at) * 1000)

    def _store(self, response: Response, rating: int | None) -> None:
        """Store the answer (committed when this returns), then show feedback or move on."""
        from tutor.learner.flows import Attempt

        latency = self._latency_ms if self._latency_ms is not None else self._elapsed_ms()
        attempt = Attempt(
            response,
            rating=rating,
            latency_ms=latency,
            guessed=self.guessed,
            hints_used=self.hints_used,
        )
        answered = self.tutor.guard(self.flow.answer, attempt)
        if answered is None:
            return  # not stored (the error is on screen); the learner can try again
        self.grade = answered.grade
        if answered.outcome is not None:
            self._announce(answered.outcome)
        if not self.flow.shows_feedback:
            self.phase = "answered"  # drills keep moving: feedback waits for the score
            self.tutor.advance(self.flow)
            return
        if rating is None:  # a confirmed rating has already shown the feedback
            self._show_feedback(answered.grade)
        self.outcome = answered.outcome
        self.phase = "answered"

    def _announce(self, outcome: AnswerOutcome) -> None:
        topics = self.tutor.service.course.outline
        if outcome.newly_mastered:
            names = ", ".join(topics[t].title for t in outcome.newly_mastered)
            self.notify(f"Mastered: {names}", title="Well done", markup=False)
        if outcome.newly_unlocked:
            names = ", ".join(topics[t].title for t in outcome.newly_unlocked)
            self.notify(f"Unlocked: {names}", title="New topics", markup=False)

    # feedback -----------------------------------------------------------------
    def _show_feedback(self, grade: Grade, *, rating: bool = False) -> None:
        """Fill in the feedback for a graded answer (``rating``: still to be confirmed)."""
        item = self.item
        self._show_verdict(grade, rating=rating)
        self._show_choice_feedback(grade)
        laid_out: list[Awaitable[None]] = [
            self.query_one("#explanation", Markdown).update(render_maths(item.explanation or ""))
        ]
        if isinstance(item, MultipleChoice):
            self._mark_choices(item)
        elif isinstance(item, TrueFalse):
            self._mark_true_false(item)
        elif isinstance(item, ShortAnswer):
            laid_out.append(self._show_model_answer(item, grade))
        if rating:
            self._show_rating(grade)
        self.call_later(self._into_view_when_laid_out, laid_out)

    async def _into_view_when_laid_out(self, laid_out: list[Awaitable[None]]) -> None:
        """Markdown lays its blocks out after the update: scroll once they are in place."""
        for done in laid_out:
            await done
        self.call_after_refresh(self._bring_decision_into_view)

    def _bring_decision_into_view(self) -> None:
        """Scroll so the rating buttons (or Next) sit on screen, whatever the feedback's length."""
        body = self.query_one("#q-body", VerticalScroll)
        if self.phase == "rating":
            self.query_one("#rating-row").scroll_visible(animate=False, top=False)
        else:
            body.scroll_end(animate=False)

    def _show_verdict(self, grade: Grade, *, rating: bool) -> None:
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(grade.correct, "-right")
        verdict.set_class(not grade.correct, "-wrong")
        if rating:
            verdict.update(Content(self._short_verdict(grade)))
        elif grade.correct:
            verdict.update(Content("✓ Right"))
        else:
            verdict.update(Content(f"✗ Not quite{self._correct_answer_text()}"))

    def _show_choice_feedback(self, grade: Grade) -> None:
        item = self.item
        feedback = grade.feedback
        if feedback is None and self.response is not None:
            feedback = item.feedback_for(self.response)
        answer_widget_ = self._answer_widget()
        if answer_widget_ is not None:
            answer_widget_.show_result(grade, self.response)
        widget = self.query_one("#choice-feedback", Static)
        widget.update(Content(feedback or ""))
        widget.display = bool(feedback)

    def _show_model_answer(self, item: ShortAnswer, grade: Grade) -> Awaitable[None]:
        shown = self.query_one("#model-answer", Markdown).update(render_maths(item.model_answer))
        if item.key_points:
            self.query_one("#key-points", Static).update(self._key_points(grade, item.key_points))
        return shown

    def _show_rating(self, grade: Grade) -> None:
        """The suggested rating, preselected (an unsure grader preselects nothing), each
        button with the interval it would schedule ("3 Good · 2 d")."""
        from tutor.ui.widgets.mastery_why import rating_label

        suggested = 0 if grade.unsure else int(grade.suggested_rating)
        intervals = self.tutor.guard(self.tutor.service.interval_preview, self.item_id) or {}
        for r, name in RATINGS:
            button = self.query_one(f"#rate-{r}", Button)
            button.variant = "primary" if r == suggested else "default"
            button.label = rating_label(r, name, intervals)
        self.query_one("#rating-label", Static).update(
            "I'm not sure: compare with the model answer, then rate it (1-4)."
            if grade.unsure
            else f"How did it go? Suggested: {dict(RATINGS)[suggested]}. Confirm or change it (1-4)."
        )
        if suggested:
            self.query_one(f"#rate-{suggested}", Button).focus()

    def _short_verdict(self, grade: Grade) -> str:
        if grade.unsure:
            return "? I'm not sure: compare with the model answer"
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
            k = self.order.index(item.correct_index)  # the letter the learner saw
            text = render_maths(item.choices[item.correct_index].text)
            return f": the answer is {k + 1} {LETTERS[k]}) {text}"
        answer = item.answer_text()
        return f": {answer}" if answer else ""

    def _mark_choices(self, item: MultipleChoice) -> None:
        options = self.query_one("#choices", OptionList)
        ids = choice_ids(item.choices)
        for i in self.order:
            if item.choices[i].correct:
                self._choice_marks[i] = ("  ✓", "$success bold")
            elif ids[i] == self.response:
                self._choice_marks[i] = ("  ✗ your answer", "$error")
            else:
                self._choice_marks[i] = ("", "$text-muted")
        self._relabel_choices()
        options.disabled = True

    def _mark_true_false(self, item: TrueFalse) -> None:
        for value, button_id in ((True, "#tf-true"), (False, "#tf-false")):
            button = self.query_one(button_id, Button)
            button.disabled = True
            button.variant = (
                "success"
                if value == item.answer
                else ("error" if value == self.response else "default")
            )

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
            self.tutor.advance(self.flow)

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
        self._render_mastery(self.outcome)

    def action_show_me(self) -> None:
        ref = self._show_me_ref()
        if ref is not None:
            self.tutor.show_me(ref.experiment, dict(ref.params), caption=ref.caption)

    # hints ---------------------------------------------------------------------
    def _ladder(self) -> int:
        """Rungs this question offers: its hints, then its worked solution."""
        item = self.item
        if not self.flow.offers_hints:
            return 0
        return len(item.hints) + (item.worked_solution is not None)

    @on(Button.Pressed, "#hint-button")
    def action_hint(self) -> None:
        if self.phase != "answering" or self.hints_used >= self._ladder():
            return
        self.hints_used += 1
        item = self.item
        parts = [f"**Hint {i + 1}.** {h}" for i, h in enumerate(item.hints[: self.hints_used])]
        if self.hints_used > len(item.hints) and item.worked_solution is not None:
            parts.append(f"**Worked solution.** {item.worked_solution}")
        hints = self.query_one("#hints", Markdown)
        hints.update(render_maths("\n\n".join(parts)))
        hints.display = True
        self.refresh_bindings()
        self.call_after_refresh(hints.scroll_visible, animate=False)

    def action_note(self) -> None:
        from tutor.ui.screens.note import NoteScreen

        self.app.push_screen(NoteScreen(item_id=self.item_id))

    def action_leave(self) -> None:
        if self.flow.stop():  # a drill: leaving early shows the score so far
            self.tutor.advance(self.flow)
        else:
            self.tutor.go_home()
