"""Former home of the sessions, now headless flows in :mod:`tutor.learner.flows`.

Only the old name of the topic flow is kept, for callers not yet moved over;
the app shows flows with :meth:`TutorApp.start_flow`.
"""

from tutor.learner.flows import TopicFlow as TopicSession

__all__ = ["TopicSession"]
