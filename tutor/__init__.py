"""tutor: an adaptive quiz and tutoring app for the terminal."""

__version__ = "0.1.0"
