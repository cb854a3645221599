"""Support package for the clustering course.

Students install it next to the labs. It holds what every lab shares and no
graded solution: data loaders (:mod:`clustercourse.datasets`), the seeded
generators of the synthetic data sets (:mod:`clustercourse.generators`),
plotting helpers (:mod:`clustercourse.plotting`), the checks that visible test
cells use to explain a failure (:mod:`clustercourse.checks`), and the
instructor's course tool (:mod:`clustercourse.cli`).
"""

__version__ = "0.1.0"
