"""What every tutor screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class TutorScreen(Screen[None]):
    """A screen of the tutor app: ``self.tutor`` is the app, typed, for its service and flows."""

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)
