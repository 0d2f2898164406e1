"""One module per "show me" experiment; each defines ``EXPERIMENT`` (see tutor.lab.experiment)."""
