"""The app's start-up shortcuts around pydantic give exactly what validation would."""

from __future__ import annotations

import pytest

from tutor.learner.config import LearnerConfig
from tutor.learner.state import config_json


def test_defaults_equal_a_validated_default_config() -> None:
    assert LearnerConfig.defaults() == LearnerConfig()
    assert LearnerConfig.defaults().model_dump() == LearnerConfig().model_dump()


@pytest.mark.parametrize(
    "config",
    [
        LearnerConfig.defaults(),
        LearnerConfig(),
        LearnerConfig(mastery_threshold=0.9, known_mastery=0.95, max_reviews_in_row=2),
        LearnerConfig(p_init=0.25, placement_short_answers=False, desired_retention=0.85, snapshot_every=7),
    ],
)
def test_config_json_matches_pydantic(config: LearnerConfig) -> None:
    """The state fingerprint hashes this text: saved snapshots keep matching."""
    assert config_json(config) == config.model_dump_json()
