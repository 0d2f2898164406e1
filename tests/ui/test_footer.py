"""The map's footer rebuilds its keys only when they change, and still follows every change."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tutor.ui.widgets.footer import SteadyFooter

SIZE = (100, 30)


def _keys(app) -> dict[str, bool]:
    """action -> enabled, for the keys the footer shows (read as its style sheet sees them)."""
    footer = app.screen.query_one(SteadyFooter)
    return {key.action: not key.has_class("-disabled") for key in footer.query("FooterKey")}


async def test_footer_follows_bindings_but_skips_identical_rebuilds(make_app, monkeypatch) -> None:
    app = make_app(lambda service: service.set_setting("theme", "textual-dark"))
    composed: list[int] = []
    real = SteadyFooter.compose

    def counting(self):  # type: ignore[no-untyped-def]
        composed.append(1)
        return real(self)

    monkeypatch.setattr(SteadyFooter, "compose", counting)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.get_option_at_index(topics.highlighted).id == "addition"
        keys = _keys(app)
        assert keys["learn_topic"] and keys["show_me"] is False  # Addition has no experiment
        # the mount composed it empty once, then once with the keys: not once per focus change
        assert len(composed) == 2
        await pilot.press("slash")  # the filter takes the letter keys: they leave the footer
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert "learn_topic" not in _keys(app)
        await pilot.press("down")  # back to the list: they return
        await pilot.pause()
        assert _keys(app)["learn_topic"]
        assert len(composed) == 4
        before = len(composed)
        app.screen.refresh_bindings()  # nothing changed: no rebuild
        await pilot.pause()
        await pilot.pause()
        assert len(composed) == before
        # highlight a topic with an experiment: the Show me key becomes enabled
        ids = [topics.get_option_at_index(i).id for i in range(topics.option_count)]
        topics.highlighted = ids.index("chain-rule")
        await pilot.pause()
        await pilot.pause()
        assert _keys(app)["show_me"] is True
        assert len(composed) == before + 1
