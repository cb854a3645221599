"""The clustering course's student runtime: all that a lab's kernel imports.

Students install it next to the labs; a graded kernel can import it and nothing
else of the course. It holds what every lab shares and no graded solution:
data loaders (:mod:`clustercourse.datasets`), the seeded generators of the
synthetic data sets (:mod:`clustercourse.generators`), plotting helpers
(:mod:`clustercourse.plotting`), the checks that test cells use to explain a
failure (:mod:`clustercourse.checks`), and the protocol of trusted grading
(:mod:`clustercourse.remote` in the student's kernel, :mod:`clustercourse.trusted`
in the grader's, :mod:`clustercourse.wire` the data between them). The
instructor's tool is the separate package :mod:`coursetool`, which this one never imports.
"""

__version__ = "0.1.0"
