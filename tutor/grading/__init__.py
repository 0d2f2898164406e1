"""Grading learners' free-text answers: reading numbers and words as people write them.

A layer of its own, below the content schema: it grades against plain data (see
:mod:`tutor.grading.short_answer`), so any item type can reuse it, and it imports
nothing of the app above it. Modules: :mod:`~tutor.grading.text_norm` (canonical
forms), :mod:`~tutor.grading.numbers` (numbers in words and digits, tolerances).
"""
