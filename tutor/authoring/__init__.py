"""Tools for people who write courses: lint and the generated reference.

This layer sits above the learner (lint grades model answers with the learner's grader),
so nothing below it may import it."""
