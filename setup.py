"""Packaging shim: everything else is in pyproject.toml.

The bundled course stays at the top of the repository (``content/``, where authors look
for it) and ships inside the package as ``tutor._course``; pyproject's ``packages.find``
cannot add a package that lives outside ``tutor/``, so the list is built here.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["tutor", "tutor.*"]), "tutor._course"],
    package_dir={"tutor._course": "content"},
)
