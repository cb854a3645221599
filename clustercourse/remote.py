"""The student's side of trusted grading: run one request from the grader, answer with data.

While a notebook is graded, its test cells run in a separate, trusted kernel
(see :mod:`clustercourse.trusted`). When a test calls a function the student
wrote, the trusted kernel asks the student's kernel to run it: it executes
``serve(token)`` here, which reads the requests of the grader's cell one after
another, does each and sends its answer back. They travel over a socket of
their own (:data:`SERVE_SOCKET`, next to the kernel's Unix sockets, made on the
first request), or, when the kernel is reached over TCP, through the kernel's
stdin channel (``input()``). Arguments and results are plain data
(:mod:`clustercourse.wire`); an instance of a class the student wrote stays
here and is named by a number.

Nothing here is secret and nothing here is trusted: the student's code may
change any of it, and the most it gains is to send back other data, which the
trusted kernel checks like any other answer. Reference solutions and hidden
tests never come here.
"""

import json
import sys
import time
import warnings

from clustercourse import checks, wire

#: Prefixes of the prompts of ``input()`` that carry the protocol.
READY, RESULT, CALLBACK = "\x1eclustercourse:ready", "\x1eclustercourse:result:", "\x1eclustercourse:callback:"
#: The request that ends :func:`serve` (the grader's cell is over).
END = "end"
#: The suffix of the serve socket's name: ``<the kernel's ip>-serve`` (the sandbox links it out like the others).
SERVE_SOCKET = "serve"
#: The largest answer (JSON text) the grader accepts; its kernel, unconfined, would hold several copies of it.
MAX_ANSWER_BYTES = 64 * 2**20

_objects = {}        # id -> an object of the student's, named on the wire by its id
_bound = {}          # name -> what the student's namespace held before a reference helper took its place
_MISSING = object()
_MAX_WARNINGS = 20
_in_callbacks = 0.0  # seconds the current call spent waiting for the grader's reference helpers
_socket = []         # the serve socket, once made (or None when this kernel cannot have one)


def _ask_stdin(prompt):
    """Ask the grader through the kernel's stdin channel (the ``input()`` of the request being run)."""
    return input(prompt)


_ask = _ask_stdin    # how the current serve() asks the grader: prompt -> reply (see serve)


def _namespace():
    """The student's global namespace: IPython's user namespace (``__main__`` otherwise)."""
    try:
        return get_ipython().user_ns  # noqa: F821 (defined in a kernel)
    except NameError:
        return sys.modules["__main__"].__dict__


def _refer(obj):
    """A tag for an instance of a class the student defined; None for anything else."""
    if type(obj).__module__ == "__main__" and not isinstance(obj, type) and not callable(obj):
        key = id(obj)
        _objects[key] = obj
        return {"$object": key, "class": type(obj).__name__}
    return None


class _Callback:
    """A function of the trusted kernel, callable from the student's code during one request."""

    def __init__(self, key, name):
        self.key, self.__name__ = key, name

    def __call__(self, *args, **kwargs):
        global _in_callbacks
        start = time.perf_counter()
        try:
            request = json.dumps({"callback": self.key, "args": wire.encode(list(args), _refer),
                                  "kwargs": wire.encode(dict(kwargs), _refer)}, allow_nan=False, separators=(",", ":"))
            answer = json.loads(_ask(CALLBACK + request))
            if "raised" in answer:
                raise _rebuild_exception(answer["raised"])
            return wire.decode(answer["result"], _object, None)
        finally:
            _in_callbacks += time.perf_counter() - start

    def __repr__(self):
        return f"<reference {self.__name__} (from the grader)>"


def _rebuild_exception(info):
    import builtins

    cls = getattr(builtins, str(info.get("builtin", "")), None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError
    return cls(str(info.get("message", "")))


def _object(key, class_name):
    try:
        return _objects[key]
    except KeyError:
        raise wire.WireError(f"no object number {key} in this kernel") from None


def exception_info(exc):
    """What the trusted kernel needs to raise the same kind of error: names and message only."""
    import builtins

    builtin = next((c.__name__ for c in type(exc).__mro__
                    if getattr(builtins, c.__name__, None) is c and issubclass(c, BaseException)), "Exception")
    try:
        message = str(exc)
    except Exception:  # a __str__ that fails
        message = f"<{type(exc).__name__} whose message cannot be shown>"
    return {"type": type(exc).__name__, "builtin": builtin, "message": message}


def _describe(names):
    ns, out = _namespace(), {}
    for name in names:
        value = ns.get(name, _MISSING)
        if value is _MISSING:
            out[name] = {"kind": "missing"}
        elif isinstance(value, type):
            out[name] = {"kind": "class"}
        elif callable(value):
            out[name] = {"kind": "function"}
        elif type(value).__name__ == "module":
            out[name] = {"kind": "module"}
        else:
            try:
                out[name] = {"kind": "value", "value": wire.encode(value, _refer)}
            except wire.WireError as exc:
                out[name] = {"kind": "unreadable", "reason": str(exc)}
    return out


def _target(spec):
    if "object" in spec:
        return getattr(_object(spec["object"], ""), spec["attr"])
    ns = _namespace()
    if spec["name"] not in ns:
        raise NameError(f"name {spec['name']!r} is not defined")
    return ns[spec["name"]]


def _call(request):
    global _in_callbacks
    func = _target(request["target"])
    decode = lambda data: wire.decode(data, _object, lambda key: _Callback(key, "helper"))  # noqa: E731
    args, kwargs = decode(request["args"]), decode(request["kwargs"])
    before = _snapshot(args, kwargs)
    answer = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _in_callbacks = 0.0
        start = time.perf_counter()
        try:
            if request.get("count_steps"):
                result, steps = checks.count_python_steps(func, *args, **kwargs)
                answer["steps"] = steps
            elif request.get("trace_memory"):
                result, answer["peak_bytes"] = checks.peak_memory(func, *args, **kwargs)
            else:
                result = func(*args, **kwargs)
        except Exception as exc:  # the student's error goes back to the test
            answer["raised"] = exception_info(exc)
            result = None
        # the student's own time: reference helpers it called back ran in the grader (and their data crossed the wire)
        answer["seconds"] = time.perf_counter() - start - _in_callbacks
    answer["warnings"] = _warnings(caught)
    answer["changed"] = _changed(before, args, kwargs)
    if "raised" not in answer:
        answer["result"] = wire.encode(result, _refer)
    return answer


def _arguments(args, kwargs):
    return [(i, a) for i, a in enumerate(args)] + list(kwargs.items())


def _snapshot(args, kwargs):
    """Copies of the arrays, lists and dicts passed in, to tell afterwards which ones the call changed."""
    import copy

    import numpy as np

    return {key: (value.copy() if isinstance(value, np.ndarray) else copy.deepcopy(value))
            for key, value in _arguments(args, kwargs) if isinstance(value, (np.ndarray, list, dict))}


def _changed(before, args, kwargs):
    """``[[position or name, new value], ...]`` of the arguments the call changed in place."""
    import numpy as np

    out = []
    for key, value in _arguments(args, kwargs):
        if key not in before:
            continue
        old = before[key]
        same = (np.array_equal(old, value, equal_nan=old.dtype.kind in "fc") if isinstance(value, np.ndarray)
                else _same_plain(old, value))
        if not same:
            try:
                out.append([key, wire.encode(value, _refer)])
            except wire.WireError:
                pass
    return out


def _same_plain(a, b):
    try:
        return wire.dumps(a) == wire.dumps(b)
    except (wire.WireError, ValueError):
        return False


def _warnings(caught):
    seen, out = set(), []
    for w in caught:
        info = exception_info(w.message) if isinstance(w.message, Warning) else {"message": str(w.message)}
        info["category"] = w.category.__name__
        key = (info["category"], info["message"])
        if key not in seen and len(out) < _MAX_WARNINGS:
            seen.add(key)
            out.append(info)
    return out


def _bind(names):
    ns = _namespace()
    for name, key in names.items():
        if name not in _bound:
            _bound[name] = ns.get(name, checks._ABSENT)
        ns[name] = _Callback(key, name)
    return None


def _unbind():
    checks._restore_names(_namespace(), _bound)
    return None


def _handle(request):
    op = request.get("op")
    if op == "describe":
        return {"result": _describe(request["names"])}
    if op == "call":
        return _call(request)
    if op == "getattr":
        value = getattr(_object(request["object"], ""), request["attr"])
        if callable(value) and not isinstance(value, type):
            return {"result": None, "method": True}
        return {"result": wire.encode(value, _refer)}
    if op == "setattr":
        setattr(_object(request["object"], ""), request["attr"], wire.decode(request["value"]))
        return {"result": None}
    if op == "bind":
        return {"result": _bind(request["names"])}
    if op == "unbind":
        return {"result": _unbind()}
    raise ValueError(f"unknown request {op!r}")


def serve(token=None):
    """Do the grader's requests until it says its cell is over (the grader runs this, not you).

    Each request is the reply to a question: the first to :data:`READY`, each next one to
    the answer of the one before (:data:`RESULT` and the answer as JSON). With a ``token``
    (the grader's name for this cell), the questions go over the serve socket, each tagged
    with it, and a reply tagged otherwise (left from a cell that was interrupted) is skipped;
    without one, or when this kernel cannot have the socket, they go through ``input()``.
    """
    global _ask
    sock = _serve_socket() if token is not None else None
    _ask = _ask_stdin if sock is None else _socket_asker(sock, str(token))
    try:
        prompt = READY
        while True:
            request = json.loads(_ask(prompt))
            if request.get("op") == END:
                return
            prompt = RESULT + _answer(request)
    finally:
        _ask = _ask_stdin


def _serve_socket():
    """This kernel's serve socket, bound at ``ipc://<its ip>-serve`` on first use; None over TCP."""
    if not _socket:
        _socket.append(None)
        try:
            from ipykernel.kernelapp import IPKernelApp

            if IPKernelApp.initialized() and IPKernelApp.instance().transport == "ipc":
                import zmq

                sock = zmq.Context.instance().socket(zmq.PAIR)
                sock.linger = 0
                sock.bind(f"ipc://{IPKernelApp.instance().ip}-{SERVE_SOCKET}")
                _socket[0] = sock
        except Exception:   # no kernel here, or the socket's name is taken: input() does
            pass
    return _socket[0]


def _socket_asker(sock, token):
    """``ask(prompt) -> reply`` over ``sock``: the prompt sent after this cell's prints, the reply with its tag."""
    tag = token.encode()

    def ask(prompt):
        for stream in (sys.stdout, sys.stderr):     # what the call printed reaches the grader before its answer
            try:
                if getattr(stream, "_flush_pending", True):   # ipykernel's streams: only when written to
                    stream.flush()
            except Exception:
                pass
        sock.send_multipart([tag, prompt.encode()])
        while True:
            frames = sock.recv_multipart()
            if len(frames) == 2 and frames[0] == tag:
                return frames[1].decode()
    return ask


def _answer(request):
    """The answer to ``request`` as JSON text, within :data:`MAX_ANSWER_BYTES`."""
    try:
        answer = _handle(request)
    except Exception as exc:
        answer = {"raised": exception_info(exc)}
    try:
        text = json.dumps(answer, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        text = json.dumps({"raised": exception_info(wire.WireError(str(exc)))})
    if len(text) > MAX_ANSWER_BYTES:
        text = json.dumps({"raised": exception_info(wire.WireError(
            f"the answer is {len(text) / 2**20:.0f} MB of data, larger than the {MAX_ANSWER_BYTES // 2**20} MB "
            "the grader accepts from one call"))})
    return text
