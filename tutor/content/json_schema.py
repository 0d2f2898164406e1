"""The JSON Schema for topic files, generated from the pydantic models.

Editors (via the ``yaml-language-server`` modeline) and the app then agree on
what a topic may hold; a test keeps the checked-in copy in sync.
"""

from __future__ import annotations

import json
from typing import Any

from tutor.content.schema import SCHEMA_DIALECT, Topic


def topic_schema() -> dict[str, Any]:
    schema = Topic.model_json_schema(mode="validation")
    # pydantic emits no $schema key; editors need it to pick the dialect.
    return {"$schema": SCHEMA_DIALECT, **schema}


def render_schema() -> str:
    return json.dumps(topic_schema(), indent=2, ensure_ascii=False) + "\n"
