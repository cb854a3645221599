"""Checks used by the labs' test cells, so a failure tells the student why.

Each ``expect_*`` function raises ``AssertionError`` with a message that names
the quantity, what was expected and what the student's code returned. They
accept anything array-like (lists, tuples, numpy scalars and arrays), and
compare floats with explicit tolerances, never with ``==``.

These helpers hold no solution: they only compare.
"""

import numpy as np

__all__ = [
    "show", "answered", "passed",                                            # showing what came back
    "expect_true", "expect_shape", "expect_close", "expect_integer_labels",  # values, shapes, partitions
    "expect_same_partition", "expect_same_linkage",
    "expect_raises", "expect_raises_naming", "expect_raises_mentioning",     # errors for bad input
    "count_python_steps", "expect_no_loop_over_items",                       # how the work is done
    "time_call", "expect_fast_enough", "peak_memory",
    "use_reference_helpers",                                                 # one function on its own
]


# --- showing what came back ---

def show(value, limit=200):
    """A short printable form of ``value`` for an assertion message."""
    if isinstance(value, np.ndarray) or isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value)
            if arr.ndim == 1 and arr.size <= 20 and arr.dtype.kind in "fiub":
                items = ", ".join(np.format_float_positional(v, precision=6, trim="-")
                                  if arr.dtype.kind == "f" else str(v) for v in arr.tolist())
                return f"[{items}] (shape {arr.shape})"
            text = np.array2string(arr, precision=6, floatmode="maxprec", threshold=20, edgeitems=3,
                                   separator=", ", max_line_width=100)
            text = f"{text} (shape {arr.shape})"
        except (ValueError, TypeError):
            text = repr(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def answered(value, name):
    """Raise NotImplementedError while the answer ``name`` is still ``None``."""
    if value is None or value is Ellipsis:
        raise NotImplementedError(f"{name} is not filled in yet: replace the None in its cell")
    return value


def passed(grade_id, points):
    """The last line of a test cell: its checks passed (it was not reached if one failed).

    In JupyterLab only the cell's visible checks ran, and the line says more run when graded;
    in the grader's trusted kernel the hidden ones ran too.
    """
    import sys

    trusted = sys.modules.get("clustercourse.trusted")
    grading = trusted is not None and trusted.active() is not None
    what = ("all its checks passed, hidden ones included" if grading
            else "visible checks passed; more run when your notebook is graded")
    print(f"\u2713 {grade_id} ({points:g} point{'' if points == 1 else 's'}): {what}")


# --- values, shapes and partitions ---

def expect_true(condition, message):
    """Assert ``condition`` with ``message`` (for checks the other helpers do not cover)."""
    if not condition:
        raise AssertionError(message)


def _as_float_array(name, got):
    try:
        return np.asarray(got, dtype=float)
    except (TypeError, ValueError) as exc:
        raise AssertionError(
            f"{name}: expected numbers, but got {type(got).__name__} {show(got)} ({exc})") from None


def expect_shape(name, got, shape):
    """Assert that ``got`` is array-like of exactly ``shape``."""
    if got is None:
        raise AssertionError(f"{name}: expected an array of shape {shape}, but got None "
                             "(did the function forget to return?)")
    actual = np.shape(got)
    if actual != tuple(shape):
        raise AssertionError(f"{name}: expected shape {tuple(shape)}, but got shape {actual}: {show(got)}")


def expect_close(name, got, expected, *, rtol=1e-7, atol=1e-10):
    """Assert ``got`` equals ``expected`` elementwise within ``atol + rtol * |expected|``."""
    expected = np.asarray(expected, dtype=float)
    expect_shape(name, got, expected.shape)
    got = _as_float_array(name, got)
    if not np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False):
        bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
        where = ""
        if expected.ndim:
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            where = f"; first difference at index {first}: expected {expected[first]!r}, got {got[first]!r}"
        raise AssertionError(
            f"{name}: expected {show(expected)}, but got {show(got)}"
            f" (tolerance rtol={rtol:g}, atol={atol:g}{where})")


def expect_integer_labels(name, got, n):
    """Assert ``got`` is an integer array of ``n`` labels and return it."""
    expect_shape(name, got, (n,))
    arr = np.asarray(got)
    if not np.issubdtype(arr.dtype, np.integer):
        raise AssertionError(f"{name}: expected integer labels, but got dtype {arr.dtype}: {show(got)}")
    return arr


def expect_same_partition(name, got, expected):
    """Assert two labellings define the same clusters (any renaming of labels is fine)."""
    expected = np.asarray(expected)
    got = expect_integer_labels(name, got, expected.shape[0])
    pairs = set(zip(got.tolist(), expected.tolist()))
    n_got, n_exp = len(set(got.tolist())), len(set(expected.tolist()))
    if not (len(pairs) == n_got == n_exp):
        raise AssertionError(
            f"{name}: expected the partition {show(expected)} ({n_exp} clusters, up to renaming), "
            f"but got {show(got)} ({n_got} clusters)")


def expect_same_linkage(name, Z, Z_expected, *, rtol=1e-7, atol=1e-10):
    """Assert two SciPy-format linkage matrices describe the same merges.

    Rows must come in the same order with the same heights and sizes; within a
    row the two merged cluster ids may come in either order.
    """
    Z_expected = np.asarray(Z_expected, dtype=float)
    expect_shape(name, Z, Z_expected.shape)
    Z = _as_float_array(name, Z)
    for row, (got, exp) in enumerate(zip(Z, Z_expected)):
        same_pair = sorted(got[:2].tolist()) == sorted(exp[:2].tolist())
        same_height = np.isclose(got[2], exp[2], rtol=rtol, atol=atol)
        same_size = got[3] == exp[3]
        if not (same_pair and same_height and same_size):
            raise AssertionError(
                f"{name}: row {row} (merge {row + 1}) should be [i, j, height, size] = "
                f"{show(exp)} (i and j in either order), but got {show(got)}")


# --- errors for bad input: raised, and naming what is wrong ---

def expect_raises(exception, func, *args, name, problem, message_check=None, **kwargs):
    """Assert that ``func(*args, **kwargs)`` raises ``exception`` for an input with ``problem``.

    ``message_check``, if given, takes the error message and returns None when it is fine or a
    phrase saying what it should do ("names the argument 'k'"). A stub's NotImplementedError is
    re-raised, so a blank fails for that reason only.
    """
    try:
        result = func(*args, **kwargs)
    except NotImplementedError:
        raise
    except exception as exc:
        complaint = message_check(str(exc)) if message_check else None
        if complaint:
            raise AssertionError(
                f"{name} with {problem}: expected a {exception.__name__} whose message {complaint}, "
                f"but the message was {str(exc)!r}") from None
        return
    except Exception as exc:  # the wrong kind of error
        raise AssertionError(
            f"{name} with {problem}: expected {exception.__name__}, "
            f"but got {type(exc).__name__}: {exc}") from None
    raise AssertionError(
        f"{name} with {problem}: expected {exception.__name__}, but it returned {show(result)}")


def expect_raises_naming(exception, argument, func, *args, name, problem, **kwargs):
    """Assert ``func(*args, **kwargs)`` raises ``exception`` whose message names ``argument``.

    ``argument`` is a parameter name, or a tuple of names of which the message must contain one.
    """
    import re

    wanted = (argument,) if isinstance(argument, str) else tuple(argument)

    def names_argument(message):
        if any(re.search(rf"\b{re.escape(a)}\b", message) for a in wanted):
            return None
        return "names the argument " + " or ".join(repr(a) for a in wanted)

    expect_raises(exception, func, *args, name=name, problem=problem,
                  message_check=names_argument, **kwargs)


def expect_raises_mentioning(exception, phrase, func, *args, name, problem, **kwargs):
    """Assert ``func(*args, **kwargs)`` raises ``exception`` whose message contains ``phrase``.

    The match ignores case, so ``"definite"`` accepts "not positive definite" and "Positive
    semidefinite" alike. Use :func:`expect_raises_naming` to check for an argument's name.
    """
    def mentions_phrase(message):
        return None if phrase.lower() in message.lower() else f"says {phrase!r}"

    expect_raises(exception, func, *args, name=name, problem=problem,
                  message_check=mentions_phrase, **kwargs)


# --- how the work is done: loops over the points (counted where the function runs) ---

def count_python_steps(func, *args, **kwargs):
    """Call ``func(*args, **kwargs)``; return ``(result, steps)``.

    ``steps`` counts the Python-level events of the call (function calls, lines, returns) in every
    frame, numpy's own Python code included; work that numpy does in C counts as nothing. A loop over
    n items written in Python takes at least n steps; array code on whole arrays takes a number of
    steps that does not grow with the number of items.
    """
    import sys

    if type(func).__module__ == "clustercourse.trusted" and hasattr(func, "count_steps"):
        return func.count_steps(*args, **kwargs)     # a student's function: counted in the student's kernel
    steps = 0

    def tracer(frame, event, arg):
        nonlocal steps
        steps += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        result = func(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return result, steps


def expect_no_loop_over_items(name, n_items, func, *args, **kwargs):
    """Assert ``func(*args, **kwargs)`` does not loop in Python over ``n_items`` items; return its result.

    It fails when the call takes ``n_items // 2`` Python steps or more (see :func:`count_python_steps`).
    """
    result, steps = count_python_steps(func, *args, **kwargs)
    if steps >= n_items // 2:
        raise AssertionError(
            f"{name}: expected array code whose Python steps do not grow with the {n_items} points, "
            f"but it took {steps} Python steps (a loop over the points takes at least {n_items}). "
            "Work on whole arrays with numpy (broadcasting) instead of a Python loop over the points.")
    return result


# --- speed: judged against a reference timed in the same run, so machine load cannot flip it ---

def time_call(func, *args, **kwargs):
    """Call ``func(*args, **kwargs)``; return ``(result, seconds)``.

    For a student's function while grading, the seconds are those of the call
    itself, timed in the student's kernel (without copying the data there and back).
    """
    import time

    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    if type(func).__module__ == "clustercourse.trusted":
        seconds = func._kernel.last_seconds or seconds
    return result, seconds


def expect_fast_enough(name, seconds, reference_seconds, *, factor=10.0, floor=0.5, hint=""):
    """Assert a call took at most ``factor`` times the reference's time (and never fails under ``floor`` s).

    Both times come from the same run, so a busy machine slows both alike and the
    verdict stays the same; a correct solution a few times slower than the
    reference passes, one whose algorithm is much slower does not.
    """
    limit = max(factor * reference_seconds, floor)
    if seconds > limit:
        raise AssertionError(
            f"{name}: took {seconds:.2f} s, more than {factor:g} times the reference's {reference_seconds:.3f} s "
            f"measured just before (the limit, {limit:.2f} s, moves with the machine's speed)."
            + (f" {hint}" if hint else ""))


# --- memory: measured where the function runs (for a student's function, in the student's kernel) ---

def peak_memory(func, *args, **kwargs):
    """Call ``func(*args, **kwargs)``; return ``(result, peak_bytes)``.

    ``peak_bytes`` is the most memory the call held at once, traced with
    :mod:`tracemalloc` (numpy's arrays included), beyond the arguments it was
    given. For a student's function while grading, it is traced in the
    student's kernel, where the function runs.
    """
    if type(func).__module__ == "clustercourse.trusted" and hasattr(func, "peak_memory"):
        return func.peak_memory(*args, **kwargs)     # a student's function: traced in the student's kernel
    import tracemalloc

    tracemalloc.start()
    try:
        result = func(*args, **kwargs)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- grading one function on its own: the functions it calls replaced by reference ones ---

_PLAIN_SAVED = {}
_ABSENT = object()


def _user_namespace():
    import sys

    try:
        return get_ipython().user_ns  # noqa: F821 (defined in a kernel)
    except NameError:
        return sys.modules["__main__"].__dict__


def use_reference_helpers(**helpers):
    """Until the end of this cell, the student's functions call ``helpers`` instead of their own.

    ``use_reference_helpers(assign=_ref_assign)`` grades ``k_means`` on its own: a
    mistake in the student's ``assign`` then costs points in ``assign``'s cells only.
    The names come back at the end of the cell, even when a check in it fails.

    While grading (:mod:`clustercourse.trusted`) the student's code runs in its own
    kernel: there the names become call-backs to the reference functions, which
    run in the trusted kernel and never leave it. In a single kernel (nbgrader's
    own ``Execute``) the names are swapped in the notebook's namespace.
    """
    from clustercourse import trusted

    namespace = _user_namespace()
    session = trusted.active()
    if session is not None:
        session.use_reference_helpers(helpers, namespace)
        return
    for name, func in helpers.items():
        _PLAIN_SAVED.setdefault(name, namespace.get(name, _ABSENT))
        namespace[name] = func
    try:
        events = get_ipython().events  # noqa: F821
    except NameError:
        return
    if _restore_plain not in events.callbacks["post_run_cell"]:
        events.register("post_run_cell", _restore_plain)


def _restore_plain(*_):
    namespace = _user_namespace()
    for name, value in _PLAIN_SAVED.items():
        if value is _ABSENT:
            namespace.pop(name, None)
        else:
            namespace[name] = value
    _PLAIN_SAVED.clear()
    try:
        get_ipython().events.unregister("post_run_cell", _restore_plain)  # noqa: F821
    except (NameError, ValueError):
        pass
