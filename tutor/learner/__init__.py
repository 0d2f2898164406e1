"""The learner model: mastery, scheduling, grading and the progress store.

Headless by design (no textual, no torch), so the UI, the CLI and the
simulators share one engine and cannot drift apart.
"""
