"""The gradient-flow parameters the show-me tests run: small and quick, two configurations."""

FLOW = {
    "depth": 6,
    "configs": [
        {"activation": "sigmoid", "init": "default"},
        {"activation": "relu", "init": "kaiming"},
    ],
}
