"""Plain data between the student's kernel and the grader's trusted kernel.

When grading, a test cell runs in a trusted kernel and the student's functions
run in the student's own (sandboxed) kernel. What crosses between the two is
*data only*, in JSON: numbers, strings, bools, None, numpy arrays and scalars of
numeric, bool or str dtype, pandas Series/DataFrames as their values, lists,
tuples, dicts and sets of those, and the state of a numpy ``Generator``.
:func:`decode` builds fresh built-in or numpy/pandas objects from that JSON, so
no object with behaviour of its own (a custom ``__eq__``, ``__array__`` or
``__float__``) can ever reach a comparison in a test.

Two tagged kinds of reference complete the protocol, and :func:`decode` only
builds them through functions its caller passes in:

* ``{"$object": id, "class": name}``: an instance of a class the student
  defined, which stays in the student's kernel (lab 4's ``GaussianMixtureEM``);
* ``{"$callback": id}``: a function of the trusted kernel that the student's
  code may call back during one call (a reference helper).
"""

import base64
import json
import math

import numpy as np

#: dtype kinds an array may have on the wire: bool, signed/unsigned int, float, complex, str.
ARRAY_KINDS = "biufcU"
#: Nesting depth and element count beyond which :func:`decode` refuses the data.
MAX_DEPTH = 64
MAX_ITEMS = 10_000_000


class WireError(TypeError):
    """The value cannot be sent (it is not plain data), or the data received is malformed."""


def _encode_float(x):
    x = float(x)
    if math.isfinite(x):
        return x
    return {"$float": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def encode(value, refer=None, depth=0):
    """``value`` as JSON-ready data; ``refer(obj)`` may return a tag for what is not plain data.

    Raises
    ------
    WireError
        If ``value`` holds something that is neither plain data nor referable.
    """
    if depth > MAX_DEPTH:
        raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value if abs(value) < 2**53 else {"$int": str(value)}
    if t is float:
        return _encode_float(value)
    if t is complex:
        return {"$complex": [_encode_float(value.real), _encode_float(value.imag)]}
    if t is list:
        return [encode(v, refer, depth + 1) for v in value]
    if t is tuple:
        return {"$tuple": [encode(v, refer, depth + 1) for v in value]}
    if t in (set, frozenset):
        return {"$set": [encode(v, refer, depth + 1) for v in value], "frozen": t is frozenset}
    if t is dict:
        return {"$dict": [[encode(k, refer, depth + 1), encode(v, refer, depth + 1)] for k, v in value.items()]}
    if t is np.ndarray:
        return _encode_array(value)
    if isinstance(value, np.generic) and t.__module__ == "numpy":
        if value.dtype.kind not in ARRAY_KINDS:
            raise WireError(f"a numpy scalar of dtype {value.dtype} is not plain data")
        return {"$scalar": _encode_array(np.asarray(value))}
    if t is np.random.Generator:
        state = value.bit_generator.state
        return {"$generator": encode(state, None, depth + 1)}
    pandas = _pandas_tag(value, refer, depth)
    if pandas is not None:
        return pandas
    tag = refer(value) if refer else None
    if tag is not None:
        return tag
    raise WireError(f"a {t.__module__}.{t.__qualname__} is not plain data "
                    "(numbers, strings, arrays, lists, tuples, dicts, pandas values)")


def _encode_array(a):
    if a.dtype.kind not in ARRAY_KINDS or a.dtype.fields is not None:
        raise WireError(f"an array of dtype {a.dtype} is not plain data (numbers, bools or str only)")
    shape = list(a.shape)                # before ascontiguousarray, which makes a 0-d array 1-d
    a = np.ascontiguousarray(a)
    return {"$array": base64.b64encode(a.tobytes()).decode("ascii"), "dtype": a.dtype.str,
            "shape": shape}


def _pandas_tag(value, refer, depth):
    t = type(value)
    if not t.__module__.startswith("pandas"):
        return None
    import pandas as pd

    if t is pd.Series:
        return {"$series": _column(value), "index": encode(value.index, refer, depth + 1),
                "name": encode(value.name, refer, depth + 1)}
    if t is pd.DataFrame:
        return {"$frame": [[encode(c, refer, depth + 1), _column(value[c])] for c in value.columns],
                "index": encode(value.index, refer, depth + 1)}
    if isinstance(value, pd.Index) and not isinstance(value, pd.MultiIndex):
        return {"$index": _column(value), "name": encode(value.name, refer, depth + 1)}
    raise WireError(f"a pandas {t.__name__} is not plain data")


def _column(values):
    """A pandas column's values: numeric/bool as an array, anything else only if all str or None."""
    arr = values.to_numpy()
    if arr.dtype.kind in ARRAY_KINDS:
        return _encode_array(arr)
    items = arr.tolist()
    if all(v is None or type(v) is str for v in items):
        return {"$strings": items}
    if all(type(v) in (int, float, bool, str) or v is None for v in items):
        return {"$objects": [encode(v) for v in items]}
    raise WireError(f"a pandas column of dtype {values.dtype} holding non-plain values")


def dumps(value, refer=None):
    """:func:`encode` then JSON text."""
    return json.dumps(encode(value, refer), allow_nan=False, separators=(",", ":"))


# --- decoding: only fresh built-in, numpy and pandas objects come out ----------------

class _Budget:
    def __init__(self):
        self.items = 0

    def spend(self, n=1):
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError(f"data with more than {MAX_ITEMS} items")


def decode(data, on_object=None, on_callback=None, _depth=0, _budget=None):
    """Fresh plain objects from :func:`encode`'s output.

    ``on_object(id, class_name)`` and ``on_callback(id)`` build the two kinds
    of reference; without them such a tag is an error.

    Raises
    ------
    WireError
        For any malformed data (bad base64, an impossible shape, a number that is no number...):
        never the ValueError or KeyError that decoding it hit, which a test could take for the
        student's own error (``expect_raises(ValueError, ...)``).
    """
    if _budget is not None:
        return _decode(data, on_object, on_callback, _depth, _budget)
    try:
        return _decode(data, on_object, on_callback, _depth, _Budget())
    except WireError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError) as exc:
        raise WireError(f"malformed data: {type(exc).__name__}: {str(exc)[:200]}") from None


def _decode(data, on_object, on_callback, _depth, _budget):
    budget = _budget
    budget.spend()
    if _depth > MAX_DEPTH:
        raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
    t = type(data)
    if data is None or t in (bool, str, int):
        return data
    if t is float:
        return data
    rec = lambda v: decode(v, on_object, on_callback, _depth + 1, budget)  # noqa: E731
    if t is list:
        return [rec(v) for v in data]
    if t is not dict or len(data) == 0:
        raise WireError(f"malformed data: {t.__name__}")
    key = next(iter(data))
    if key == "$float":
        return float(data["$float"])
    if key == "$int":
        return int(data["$int"])
    if key == "$complex":
        re, im = (rec(v) for v in data["$complex"])
        return complex(float(re), float(im))
    if key == "$tuple":
        return tuple(rec(v) for v in data["$tuple"])
    if key == "$set":
        items = [rec(v) for v in data["$set"]]
        return frozenset(items) if data.get("frozen") else set(items)
    if key == "$dict":
        return {rec(k): rec(v) for k, v in data["$dict"]}
    if key == "$array":
        return _decode_array(data, budget)
    if key == "$scalar":
        return _decode_array(data["$scalar"], budget)[()]
    if key == "$generator":
        state = rec(data["$generator"])
        name = state.get("bit_generator") if type(state) is dict else None
        if name not in ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"):
            raise WireError(f"unknown bit generator {name!r}")
        bit_generator = getattr(np.random, name)()
        bit_generator.state = state
        return np.random.Generator(bit_generator)
    if key in ("$series", "$frame", "$index"):
        return _decode_pandas(key, data, rec, budget)
    if key == "$object" and on_object:
        return on_object(int(data["$object"]), str(data.get("class", "object")))
    if key == "$callback" and on_callback:
        return on_callback(int(data["$callback"]))
    raise WireError(f"malformed data: unknown tag {key!r}")


def _decode_array(data, budget):
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in ARRAY_KINDS or dtype.fields is not None:
        raise WireError(f"an array of dtype {dtype} is not plain data")
    shape = tuple(int(n) for n in data["shape"])
    if any(n < 0 for n in shape):
        raise WireError(f"an array of shape {shape}")
    raw = base64.b64decode(data["$array"], validate=True)
    budget.spend(max(1, len(raw) // 64))
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_column(data, budget):
    if "$strings" in data:
        items = data["$strings"]
        if not all(v is None or type(v) is str for v in items):
            raise WireError("malformed string column")
        return np.array(items, dtype=object)
    if "$objects" in data:
        items = [decode(v, _budget=budget) for v in data["$objects"]]
        return np.array(items, dtype=object)
    return _decode_array(data, budget)


def _decode_pandas(key, data, rec, budget):
    import pandas as pd

    if key == "$index":
        return pd.Index(_decode_column(data["$index"], budget), name=rec(data.get("name")))
    index = rec(data["index"])
    if key == "$series":
        return pd.Series(_decode_column(data["$series"], budget), index=index, name=rec(data.get("name")))
    columns = {}
    for name, column in data["$frame"]:
        columns[rec(name)] = _decode_column(column, budget)
    return pd.DataFrame(columns, index=index)


def loads(text, on_object=None, on_callback=None):
    """JSON text to fresh plain objects (see :func:`decode`)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WireError(f"malformed data: {exc}") from None
    return decode(data, on_object, on_callback)
