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
    "diagnose", "expect_not_mistaken",                                       # naming the mistake
    "expect_raises", "expect_raises_naming", "expect_raises_mentioning",     # errors for bad input
    "count_python_steps", "expect_no_loop_over_items",                       # how the work is done
    "time_call", "expect_fast_enough", "peak_memory",
    "use_reference_helpers",                                                 # one function on its own
]


# --- showing what came back ---

def _number(v):
    """A float as a person writes it (``0.1``, ``1``, ``-2.5e-08``), never ``np.float64(0.1)``."""
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        return str(v)
    if v == 0 or 1e-4 <= abs(v) < 1e6:
        return np.format_float_positional(v, precision=6, trim="-", fractional=False)
    return np.format_float_scientific(v, precision=4, trim="-")


def show(value, limit=200):
    """A short printable form of ``value`` for an assertion message.

    Numbers print as numbers (``0.5``, not ``np.float64(0.5)``); short arrays print on one line,
    larger ones shortened with their shape.
    """
    if isinstance(value, (bool, np.bool_)):
        text = str(bool(value))
    elif isinstance(value, (int, np.integer)):
        text = str(int(value))
    elif isinstance(value, (float, np.floating)):
        text = _number(value)
    elif isinstance(value, np.ndarray) or isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value)
            if arr.ndim == 0 and arr.dtype.kind in "fiub":
                text = show(arr.item())
            elif arr.ndim == 1 and arr.size <= 20 and arr.dtype.kind in "fiub":
                text = "[" + ", ".join(show(v) for v in arr.tolist()) + "]"
            else:
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


def expect_close(name, got, expected, *, rtol=1e-7, atol=1e-10, mistakes=None, hint=""):
    """Assert ``got`` equals ``expected`` elementwise within ``atol + rtol * |expected|``.

    ``mistakes`` maps the words for a misconception to the value that misconception gives here
    (see :func:`diagnose`); ``hint`` says where to look whatever the mistake.
    """
    expected = np.asarray(expected, dtype=float)
    expect_shape(name, got, expected.shape)
    got = _as_float_array(name, got)
    if not np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False):
        bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
        where = ""
        if expected.ndim:
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            where = (f"; first difference at index {first}: expected {show(expected[first])}, "
                     f"got {show(got[first])}")
        raise AssertionError(
            f"{name}: expected {show(expected)}, but got {show(got)}"
            f" (tolerance rtol={rtol:g}, atol={atol:g}{where})."
            + diagnose(got, mistakes, lambda value: _close(got, value, rtol, atol)) + _hint(hint))


def _close(got, value, rtol, atol):
    value = np.asarray(value, dtype=float)
    return value.shape == got.shape and bool(np.allclose(got, value, rtol=rtol, atol=atol))


def expect_integer_labels(name, got, n):
    """Assert ``got`` is an integer array of ``n`` labels and return it."""
    expect_shape(name, got, (n,))
    arr = np.asarray(got)
    if not np.issubdtype(arr.dtype, np.integer):
        raise AssertionError(f"{name}: expected integer labels, but got dtype {arr.dtype}: {show(got)}")
    return arr


def _same_partition(a, b):
    a, b = np.asarray(a).tolist(), np.asarray(b).tolist()
    return len(a) == len(b) and len(set(zip(a, b))) == len(set(a)) == len(set(b))


def expect_same_partition(name, got, expected, *, mistakes=None, hint=""):
    """Assert two labellings define the same clusters (any renaming of labels is fine)."""
    expected = np.asarray(expected)
    got = expect_integer_labels(name, got, expected.shape[0])
    if not _same_partition(got, expected):
        n_got, n_exp = len(set(got.tolist())), len(set(expected.tolist()))
        raise AssertionError(
            f"{name}: expected the partition {show(expected)} ({n_exp} clusters, up to renaming), "
            f"but got {show(got)} ({n_got} cluster{'' if n_got == 1 else 's'})."
            + diagnose(got, mistakes, lambda value: _same_partition(got, value)) + _hint(hint))


def _linkage_rows_differ(Z, Z_expected, rtol, atol):
    """Index of the first row where two linkage matrices differ (merged ids in either order), or None."""
    for row, (got, exp) in enumerate(zip(Z, Z_expected)):
        same_pair = sorted(got[:2].tolist()) == sorted(exp[:2].tolist())
        same_height = np.isclose(got[2], exp[2], rtol=rtol, atol=atol)
        if not (same_pair and same_height and got[3] == exp[3]):
            return row
    return None


def expect_same_linkage(name, Z, Z_expected, *, rtol=1e-7, atol=1e-10, mistakes=None, hint=""):
    """Assert two SciPy-format linkage matrices describe the same merges.

    Rows must come in the same order with the same heights and sizes; within a
    row the two merged cluster ids may come in either order.
    """
    Z_expected = np.asarray(Z_expected, dtype=float)
    expect_shape(name, Z, Z_expected.shape)
    Z = _as_float_array(name, Z)
    row = _linkage_rows_differ(Z, Z_expected, rtol, atol)
    if row is not None:
        def same(value):
            value = np.asarray(value, dtype=float)
            return value.shape == Z.shape and _linkage_rows_differ(Z, value, rtol, atol) is None

        raise AssertionError(
            f"{name}: row {row} (merge {row + 1}) should be [i, j, height, size] = "
            f"{show(Z_expected[row])} (i and j in either order), but got {show(Z[row])}."
            + diagnose(Z, mistakes, same) + _hint(hint))


# --- diagnoses: what a wrong answer's value says about the mistake behind it ---

def diagnose(got, mistakes, same):
    """The sentence naming the first of ``mistakes`` whose value ``got`` is, or ``""``.

    ``mistakes`` maps words for a misconception ("used 1 - gamma, the other component's
    responsibilities") to the value a function with that misconception returns on the
    check's inputs, computed in the test cell from the same fixed inputs (for example
    ``1 - expected``). ``same(value)`` says whether ``got`` equals such a value, as the
    check compares. A mistake known by a signature rather than one value ("a cluster
    merged with itself") is given as a function of ``got`` that says whether ``got``
    has it. A value that cannot be compared is passed over.
    """
    for words, value in (mistakes or {}).items():
        try:
            if value(got) if callable(value) else same(value):
                return f" Likely mistake: {words}."
        except Exception:        # a value of another shape or kind than the answer: not this mistake
            continue
    return ""


def expect_not_mistaken(name, got, mistakes, same=None):
    """Assert ``got`` is none of the values that ``mistakes`` (words -> value) gives; say which it is.

    For a check whose right answer is not shown (a hand-worked answer, say): it only
    recognises the wrong answers the misconceptions give. ``same`` compares as
    :func:`expect_close` does by default.
    """
    same = same or (lambda value: _close(np.asarray(got, dtype=float), value, 1e-7, 1e-10))
    found = diagnose(got, mistakes, same)
    if found:
        raise AssertionError(f"{name}: {show(got)} is what a common mistake gives.{found}")


def _hint(hint):
    return f" Where to look: {hint}" if hint else ""


# --- errors for bad input: raised, and naming what is wrong ---

def expect_raises(exception, func, *args, name, problem, message_check=None, hint="", **kwargs):
    """Assert that ``func(*args, **kwargs)`` raises ``exception`` for an input with ``problem``.

    ``message_check``, if given, takes the error message and returns None when it is fine or a
    phrase saying what it should do ("names the argument 'k'"). ``hint`` ends the message of a
    failure (the likely mistake, where to look). A stub's NotImplementedError is re-raised, so a
    blank fails for that reason only.
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
                f"but the message was {str(exc)!r}." + _hint(hint)) from None
        return
    except Exception as exc:  # the wrong kind of error
        raise AssertionError(
            f"{name} with {problem}: expected {exception.__name__}, "
            f"but got {type(exc).__name__}: {exc}." + _hint(hint)) from None
    raise AssertionError(
        f"{name} with {problem}: expected {exception.__name__}, but it returned {show(result)}." + _hint(hint))


def expect_raises_naming(exception, argument, func, *args, name, problem, hint="", **kwargs):
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
                  message_check=names_argument, hint=hint, **kwargs)


def expect_raises_mentioning(exception, phrase, func, *args, name, problem, hint="", **kwargs):
    """Assert ``func(*args, **kwargs)`` raises ``exception`` whose message contains ``phrase``.

    The match ignores case, so ``"definite"`` accepts "not positive definite" and "Positive
    semidefinite" alike. Use :func:`expect_raises_naming` to check for an argument's name.
    """
    def mentions_phrase(message):
        return None if phrase.lower() in message.lower() else f"says {phrase!r}"

    expect_raises(exception, func, *args, name=name, problem=problem,
                  message_check=mentions_phrase, hint=hint, **kwargs)


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


def _restore_names(namespace, saved):
    """Put back in ``namespace`` what ``saved`` holds (``_ABSENT``: the name was unbound), then empty ``saved``."""
    for name, value in saved.items():
        if value is _ABSENT:
            namespace.pop(name, None)
        else:
            namespace[name] = value
    saved.clear()


def _restore_plain(*_):
    _restore_names(_user_namespace(), _PLAIN_SAVED)
    try:
        get_ipython().events.unregister("post_run_cell", _restore_plain)  # noqa: F821
    except (NameError, ValueError):
        pass
