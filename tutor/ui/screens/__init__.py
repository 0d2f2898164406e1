"""One module per screen, each with its ``.tcss`` beside it; imported lazily so
start-up pays only for the screen it paints first."""
