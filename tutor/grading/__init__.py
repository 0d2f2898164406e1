"""Grading learners' free-text answers: reading numbers and words as people write them.

A layer of its own, between the content and the lab: it grades plain data (the
protocols in :mod:`~tutor.grading.short_answer`), so any item type can reuse it, and it
imports nothing of the app above it. Modules: :mod:`~tutor.grading.numbers` (numbers in
words and digits, tolerances), :mod:`~tutor.grading.clauses` (polarity and roles of
clauses), :mod:`~tutor.grading.words` (lemmas, derivations, typos, synonyms),
:mod:`~tutor.grading.short_answer` (the grader), :mod:`~tutor.grading.result` (Grade,
Rating) and :mod:`~tutor.grading.text_norm` (canonical forms).
"""
