"""The Textual app. The only layer that imports textual; it calls the engine's
service for every decision about status, mastery, grading and scheduling."""
