"""The preprocessors that ``nbgrader_config.py`` puts into nbgrader's pipelines.

:mod:`~coursetool.nbgrader_plugins.trusted_execute` (autograde's execution, tests in a
trusted kernel), :mod:`~coursetool.nbgrader_plugins.suspicion` (cells marked for review),
:mod:`~coursetool.nbgrader_plugins.feedback` (hidden tests out of the feedback) and
:mod:`~coursetool.nbgrader_plugins.preprocessors` (small fixes of nbgrader's own steps).
"""
