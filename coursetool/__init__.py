"""The instructor's course tool (``course``): build, prove and grade the labs with nbgrader.

Never visible to a lab's kernel (the sandbox shows only :mod:`clustercourse`, the
student runtime, and the data). Where things are:

* :mod:`coursetool.layout`: every path of a course (:class:`~coursetool.layout.CourseLayout`), its labs;
* :mod:`coursetool.nbgrader_course`: nbgrader's commands and gradebook on one course folder;
* :mod:`coursetool.build`: ``release/`` and ``solutions/`` from ``source/``, and whether they are stale;
* :mod:`coursetool.proof`: the per-lab proof (reference, blank, mutants, alternatives) and its hand-ins;
* :mod:`coursetool.grade`: grading a class (workers, Dask, the sandbox, forked kernels, the summary);
* :mod:`coursetool.nbgrader_plugins`: the preprocessors ``nbgrader_config.py`` names (trusted execution);
* :mod:`coursetool.demo`, :mod:`coursetool.cli`: the simulated class and the command line.
"""
