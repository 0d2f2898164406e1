"""A database written before the evidence rules loads under them with nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tutor.learner.models import TopicStatus
from tutor.learner.service import TutorService
from tutor.learner.simulation import synthetic_chain_course

DATA = Path(__file__).parent.parent / "data"


def open_copy(tmp_path: Path) -> TutorService:
    db = tmp_path / "progress.sqlite"
    shutil.copy(DATA / "progress_v1.sqlite", db)
    return TutorService.open(synthetic_chain_course(12), db)


def test_old_progress_loads_with_every_event_and_claim(tmp_path) -> None:
    old = json.loads((DATA / "progress_v1.json").read_text())
    svc = open_copy(tmp_path)
    try:
        assert svc.store.count() == old["events"]
        assert svc.goal == old["goal"] and svc.get_setting("theme") == old["setting_theme"]
        states = {s.topic_id: s for s in svc.all_states()}
        assert {t: s.answered for t, s in states.items() if s.answered} == old["answered"]
        for tid, status in old["status"].items():
            if status == "known":  # claims (placement, "I know this") stand
                assert states[tid].status is TopicStatus.KNOWN
        assert svc.pending_placement() is None  # an old finished placement is not "interrupted"
    finally:
        svc.close()


def test_old_mastery_is_rejudged_by_the_evidence_rules(tmp_path) -> None:
    """Topics the old engine mastered on repeats stay in progress; the rest stay mastered."""
    old = json.loads((DATA / "progress_v1.json").read_text())
    svc = open_copy(tmp_path)
    try:
        st = svc._state
        for tid, status in old["status"].items():
            if status != "mastered":
                continue
            now = svc.topic_state(tid).status
            earned = (
                st.evidence_ok(tid)
                and st.odds_against_guessing(tid) >= st.config.mastery_guess_odds
            )
            assert now is (TopicStatus.MASTERED if earned else TopicStatus.IN_PROGRESS)
        mastered = [t for t, s in old["status"].items() if s == "mastered"]
        assert any(svc.topic_state(t).status is TopicStatus.MASTERED for t in mastered)
        assert any(svc.topic_state(t).status is TopicStatus.IN_PROGRESS for t in mastered)
    finally:
        svc.close()


def test_the_rejudged_state_is_saved_and_reopens_the_same(tmp_path) -> None:
    svc = open_copy(tmp_path)
    before = svc.all_states()
    svc.close()
    again = TutorService.open(synthetic_chain_course(12), tmp_path / "progress.sqlite")
    try:
        assert again.all_states() == before
        assert again.store.count() == json.loads((DATA / "progress_v1.json").read_text())["events"]
    finally:
        again.close()
