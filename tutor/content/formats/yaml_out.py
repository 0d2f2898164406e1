"""Write items as YAML an author would have written by hand.

Multi-line text becomes a ``|`` block, defaults are left out, and PyYAML's safe
dumper quotes anything YAML 1.1 would misread (``no``, ``3.10``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from tutor.content.schema import Item

MODELINE = "# yaml-language-server: $schema=../topic.schema.json\n"


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)

_FIRST = ("id", "type", "prompt")


def item_to_data(item: Item) -> dict[str, Any]:
    data = item.model_dump(exclude_defaults=True, exclude_none=True)
    data["type"] = item.type  # a Literal default would otherwise vanish
    data["explanation"] = item.explanation
    ordered = {k: data[k] for k in _FIRST if k in data}
    ordered.update({k: v for k, v in data.items() if k not in _FIRST and k != "explanation"})
    ordered["explanation"] = data["explanation"]
    return ordered


def dump_items(items: Sequence[Item]) -> str:
    return yaml.dump(
        {"items": [item_to_data(i) for i in items]},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


TODO_EXPLANATION = "  # TODO: explain why the answer is right"
TODO_CORE_IDEA = "TODO: the one idea to take away, in a sentence or three."


def flag_empty_explanations(text: str) -> str:
    """Mark each empty ``explanation`` with a TODO comment the author will see."""
    return "\n".join(
        line + TODO_EXPLANATION if line.strip() == "explanation: ''" else line
        for line in text.split("\n")
    )


def dump_topic(header: dict[str, Any], items: Sequence[Item]) -> str:
    """A whole topic file: the header fields, then the items."""
    head = yaml.dump(
        header,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return MODELINE + head + (dump_items(items) if items else "items: []\n")
