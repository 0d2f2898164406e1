"""LearnerConfig: its defaults, its checks, and the text the learner state's fingerprint hashes."""

from __future__ import annotations

import pytest

from tutor.learner.config import LearnerConfig
from tutor.learner.state import config_json

# What pydantic's model_dump_json gave for the defaults when LearnerConfig was a pydantic
# model. The evidence rules (engine version 2) rebuild every saved snapshot anyway, but a
# setting that changed its name or default silently would change what old progress means.
PYDANTIC_DEFAULTS_JSON = (
    '{"mastery_threshold":0.95,"p_init":0.1,"p_learn":0.15,"p_slip":0.1,"guess_short_answer":0.1,'
    '"known_mastery":0.97,"max_reviews_in_row":3,"placement_max_questions":10,"placement_confidence":0.9,'
    '"placement_tolerance":0,"placement_short_answers":true,"placement_slip":0.1,"desired_retention":0.9,'
    '"snapshot_every":500}'
)


def test_the_old_settings_keep_their_names_and_defaults() -> None:
    import json

    now = json.loads(config_json(LearnerConfig()))
    changed = {"placement_slip": 0.3}  # placement only: no saved progress depends on it
    for key, value in json.loads(PYDANTIC_DEFAULTS_JSON).items():
        assert now[key] == changed.get(key, value)


def test_an_int_for_a_float_setting_reads_as_that_float() -> None:
    config = LearnerConfig(p_init=0, p_learn=1)
    assert config.p_init == 0.0 and isinstance(config.p_init, float)
    assert '"p_init":0.0,"p_learn":1.0' in config_json(config)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mastery_threshold": 1.0}, "mastery_threshold must be less than 1.0"),
        ({"mastery_threshold": 0.5}, "mastery_threshold must be greater than 0.5"),
        ({"p_slip": 0.6}, "p_slip must be at most 0.5"),
        ({"p_init": -0.1}, "p_init must be at least 0.0"),
        ({"max_reviews_in_row": 0}, "max_reviews_in_row must be at least 1"),
        ({"max_reviews_in_row": 2.5}, "max_reviews_in_row must be int"),
        ({"placement_short_answers": 1}, "placement_short_answers must be bool"),
        ({"p_learn": True}, "p_learn must be float"),
        ({"p_learn": "0.2"}, "p_learn must be float"),
        ({"p_learn": float("nan")}, "p_learn must be a finite number"),
        (
            {"mastery_threshold": 0.95, "known_mastery": 0.9},
            "known_mastery must be at least mastery_threshold",
        ),
    ],
)
def test_out_of_range_or_mistyped_settings_are_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        LearnerConfig(**kwargs)  # type: ignore[arg-type]


def test_unknown_settings_are_refused() -> None:
    with pytest.raises(TypeError, match="mastery_treshold"):
        LearnerConfig(mastery_treshold=0.9)  # type: ignore[call-arg]


def test_settings_are_frozen() -> None:
    config = LearnerConfig()
    with pytest.raises(AttributeError):
        config.p_init = 0.5  # type: ignore[misc]
