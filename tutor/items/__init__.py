"""Item types, one module each: schema, grading, lint rules and hooks for the formats.

This package sits below ``tutor.content`` (whose ``Topic`` holds the union of the
item models) and above ``tutor.lab`` (predict items name experiments). Importing the
package itself loads nothing: the app's start-up reads the course outline and needs
only :mod:`tutor.items.kinds`, which is plain data.
"""
