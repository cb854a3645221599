"""Grading a class: :mod:`~coursetool.grade.grading` (``course grade``), :mod:`~coursetool.grade.engine`
(long-lived workers on Dask), :mod:`~coursetool.grade.sandbox` (the student's kernel without privileges),
:mod:`~coursetool.grade.zygote` (kernels forked with the imports done), :mod:`~coursetool.grade.summary`.

Kept empty: the sandbox's launcher and the zygote's relay start as ``python -m`` of their
modules, once per kernel, and import nothing they do not need.
"""
