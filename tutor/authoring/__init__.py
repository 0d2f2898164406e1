"""Tools for people who write courses: lint, the generated reference and the number checks.

This layer sits above the learner (lint grades model answers with the learner's grader),
so nothing below it may import it."""
