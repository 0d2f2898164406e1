"""An editable form built from an experiment's pydantic parameter model.

Generating the controls from the model keeps the form in step with the lab:
literals become selects, booleans checkboxes, numbers inputs, and a list of
network configurations one group of controls per network. Values are read
back as a plain dict and validated by the lab, never here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from itertools import islice
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from tutor.ui.widgets.toggles import ClearCheckbox

# fields the form shows first, in this order; the rest follow in model order
PREFERRED = (
    "depth",
    "layers",
    "mode",
    "activation",
    "width",
    "steps",
    "optimizer",
    "lr",
    "z",
    "factor",
)
HIDDEN = ("points",)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _literal_values(annotation: Any) -> tuple[str, ...] | None:
    annotation, _ = _unwrap_optional(annotation)
    if get_origin(annotation) is Literal:
        return tuple(str(v) for v in get_args(annotation))
    return None


def _is_model(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _list_of(annotation: Any) -> Any:
    annotation, _ = _unwrap_optional(annotation)
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation)
        return inner
    return None


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class LabInput(Input):
    """An Input that lets ``x`` through to the screen while an experiment runs.

    Textual drops a screen's bindings for keys the focused Input would type,
    so without this ``x`` (stop) became a letter in the box and the run went on.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "x" and getattr(self.screen, "running", False):
            return False
        return super().check_consume_key(key, character)


class FormSelect(Select[str]):
    """A Select whose list opens in the form's flow, between the rows, not over them.

    Textual's overlay floats over the rows below and, compact, has no border, so
    its options ran into the labels beside them. Opened in place, the rows below
    move down instead; the form scrolls so the whole list is in view.
    """

    def watch_expanded(self, expanded: bool) -> None:
        if expanded:
            self.call_after_refresh(self.scroll_visible, animate=False)


class ParamForm(VerticalScroll):
    """Controls for one experiment's parameters; ``values()`` reads them back."""

    DEFAULT_CSS = """
    ParamForm { padding: 0 1 0 0; }
    ParamForm .form--row { height: auto; }
    ParamForm .form--label { width: 12; color: $text-muted; }
    ParamForm .form--group { text-style: bold; color: $text-secondary; margin-top: 1; }
    ParamForm Input { width: 1fr; }
    ParamForm Select { width: 1fr; }
    ParamForm Checkbox { width: 1fr; }
    ParamForm Select { margin: 0; }
    ParamForm Select > SelectOverlay, ParamForm Select > SelectOverlay.-textual-compact {
        overlay: none;
        constrain: none none;
        border: round $border !important;
        background: $panel;
    }
    """

    ROWS_PER_FRAME = 4  # rows mounted per frame: each mount restyles and relays out the form

    def __init__(self, model: type[BaseModel], params: BaseModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.params = params
        self._complete = False

    def on_mount(self) -> None:
        self._build()

    def set_params(self, model: type[BaseModel], params: BaseModel) -> None:
        self.model = model
        self.params = params
        self._build()

    @property
    def built(self) -> bool:
        """Every control is mounted (the form fills in over a few frames)."""
        return self._complete

    def _build(self) -> None:
        self._complete = False
        self.run_worker(self._fill(), group="param-form", exclusive=True, exit_on_error=False)

    async def _fill(self) -> None:
        """Mount the controls a few rows per frame, after the screen's first paint.

        Composing them with the screen put the form's styling, layout and first render
        (four selects are twenty widgets) into the frame that first shows the screen, the
        longest pause of opening show me; a few rows a frame keep every frame short. A
        worker, so that ``app.workers.wait_for_complete()`` also waits for the form."""
        await self.remove_children()  # a previous form's ids must be gone first
        rows = self._rows()  # built as they are mounted: building them costs too
        while True:
            await self.wait_for_refresh()
            batch = list(islice(rows, self.ROWS_PER_FRAME))
            if not batch:
                break
            await self.mount_all(batch)
        self._complete = True

    def _ordered_fields(self) -> list[str]:
        names = [n for n in self.model.model_fields if n not in HIDDEN]
        first = [n for n in PREFERRED if n in names]
        return first + [n for n in names if n not in first]

    def _rows(self) -> Iterator[Widget]:
        for name in self._ordered_fields():
            field = self.model.model_fields[name]
            value = getattr(self.params, name)
            inner = _list_of(field.annotation)
            if inner is not None and _is_model(inner):
                for i, sub in enumerate(value):
                    yield Static(f"Net {i + 1}", classes="form--group")
                    for sub_name, sub_field in type(sub).model_fields.items():
                        yield self._control(
                            f"c{i}-{sub_name}",
                            sub_name,
                            sub_field.annotation,
                            getattr(sub, sub_name),
                        )
            elif inner is not None and _literal_values(inner):
                yield Static(name.replace("_", " "), classes="form--group")
                for option in _literal_values(inner) or ():
                    yield ClearCheckbox(
                        option, value=option in value, id=f"m-{name}-{option}", compact=True
                    )
            else:
                yield self._control(f"p-{name}", name, field.annotation, value)

    def _control(self, widget_id: str, name: str, annotation: Any, value: Any) -> Widget:
        label = name.replace("_", " ")
        base, optional = _unwrap_optional(annotation)
        options = _literal_values(annotation)
        if base is bool:
            return ClearCheckbox(label, value=bool(value), id=widget_id, compact=True)
        control: Widget
        if options:
            control = FormSelect(
                [(o, o) for o in options],
                value=str(value),
                allow_blank=False,
                id=widget_id,
                compact=True,
            )
        else:
            kind: Literal["integer", "number", "text"] = (
                "integer" if base is int else "number" if base is float else "text"
            )
            placeholder = "default" if optional else ""
            control = LabInput(
                _fmt(value), id=widget_id, type=kind, compact=True, placeholder=placeholder
            )
        return Horizontal(Label(label, classes="form--label"), control, classes="form--row")

    def values(self) -> dict[str, Any]:
        """The form as raw parameters (strings converted to numbers where the model wants numbers);
        the parameters it was given while it is still being built."""
        if not self.built:
            return self.params.model_dump()
        out: dict[str, Any] = {}
        for name in self.model.model_fields:
            field = self.model.model_fields[name]
            current = getattr(self.params, name)
            inner = _list_of(field.annotation)
            if name in HIDDEN:
                out[name] = current
            elif inner is not None and _is_model(inner):
                configs = []
                for i, sub in enumerate(current):
                    configs.append(
                        {
                            sub_name: self._read(
                                f"c{i}-{sub_name}", sub_field.annotation, getattr(sub, sub_name)
                            )
                            for sub_name, sub_field in type(sub).model_fields.items()
                        }
                    )
                out[name] = configs
            elif inner is not None and _literal_values(inner):
                out[name] = [
                    o
                    for o in _literal_values(inner) or ()
                    if self.query_one(f"#m-{name}-{o}", Checkbox).value
                ]
            else:
                out[name] = self._read(f"p-{name}", field.annotation, current)
        return out

    def _read(self, widget_id: str, annotation: Any, current: Any) -> Any:
        base, optional = _unwrap_optional(annotation)
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return widget.value if widget.value is not Select.NULL else current
        assert isinstance(widget, Input)
        text = widget.value.strip()
        if not text:
            return None if optional else current
        if get_origin(base) is list:  # numbers separated by commas: "0.5, 1, 2"
            parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
            try:
                return [float(p) for p in parts]
            except ValueError:
                return parts
        try:
            if base is int:
                return int(text)
            if base is float:
                return float(text)
        except ValueError:
            return text  # the lab's validation names the field and the problem
        return text
