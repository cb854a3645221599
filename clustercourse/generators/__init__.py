"""Seeded generators of the course's synthetic data sets.

Each module writes one file in ``data/`` and reproduces it exactly when run
again: ``python -m clustercourse.generators.<name>``. Tests regenerate each
data set and compare it with the committed file.
"""
