"""Content: the schema, the loader, lint and exchange formats. No UI, no torch."""
