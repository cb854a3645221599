"""The grader's trusted kernel: test cells run here, the student's functions there.

:class:`coursetool.nbgrader_plugins.trusted_execute.TrustedExecute` (nbgrader's ``Execute``
step for ``autograde``) starts two kernels per submission: the student's, in
the sandbox, which runs the student's cells; and this trusted one, which runs
only what the instructor wrote (read-only cells and test cells, from
``source/``). :func:`install` connects this kernel to the student's and adds
two IPython hooks:

* before each cell, every name the cell reads that instructor code has not
  defined (and that is not a builtin) is looked up in the student's kernel: a
  function becomes a :class:`StudentFunction`, a class a subclass of
  :class:`StudentObject`, a value is copied here as plain data
  (:mod:`clustercourse.wire`);
* after each cell, reference helpers put in place with
  :func:`clustercourse.checks.use_reference_helpers` are taken away again.

A call of a proxy sends its arguments to the student's kernel as data, runs
the student's function there (:func:`clustercourse.remote.serve`) and brings
back data only, within a time limit. Nothing the student's code does to its
own interpreter (builtins, numpy, IPython hooks, ``checks``) reaches this
kernel, and the reference code here never goes there.
"""

import ast
import builtins
import json
import secrets
import sys
import time
import warnings

import zmq

from clustercourse import remote
from clustercourse import wire

#: Seconds a student's kernel gets to recover after an interrupt, before it counts as stuck.
INTERRUPT_GRACE = 5.0
#: A lookup of names may take this share of a call's time limit (a kernel that never answers fails it early).
LOOKUP_SHARE = 0.5
#: Messages read, at most, after a call's answer (its last prints): a thread printing forever cannot hold the test.
DRAIN_MESSAGES = 1000

_session = None


class StudentKernelError(RuntimeError):
    """The student's kernel cannot answer: it died, or it is stuck since a call ran out of time."""


def active():
    """The :class:`StudentKernel` of this trusted kernel, or None when not grading."""
    return _session


class StudentKernel:
    """A connection from the trusted kernel to the student's kernel.

    Parameters
    ----------
    connection_info : dict
        The student kernel's connection info (jupyter_client's format).
    call_timeout : float
        Seconds any one call of a student's function may take.
    """

    def __init__(self, connection_info, call_timeout=60.0):
        from jupyter_client import BlockingKernelClient

        self.call_timeout = float(call_timeout)
        self.client = BlockingKernelClient()
        self.client.load_connection_info(connection_info)
        # zmq drops (and disconnects) any message larger than this before it is read: the student's code,
        # which may bypass remote.serve's own limit, cannot make this unconfined kernel hold gigabytes
        self.client.context.setsockopt(zmq.MAXMSGSIZE, remote.MAX_ANSWER_BYTES + 2**20)
        self.client.start_channels(hb=False)
        # the serve socket: the student's serve() binds it next to its kernel's Unix sockets (over TCP, the
        # kernel's stdin channel serves instead); made after MAXMSGSIZE, so the same limit holds on it
        self._line = None
        self._line_address = None
        if connection_info.get("transport") == "ipc":
            self._line_address = f"ipc://{connection_info['ip']}-{remote.SERVE_SOCKET}"
            self._fresh_line()
        self._token = None                # this cell's serve(): its tag on the serve socket
        self._reply = None                # how to answer the question serve() asked last
        self.channel = None               # where that question came: "socket" (the serve socket) or "stdin"
        self.broken = None                # why the student's kernel can no longer answer
        self.last_seconds = None          # how long the last call ran, timed here (see run_raw)
        self._clock = {}                  # this request: when it was handed over, answered, and time in callbacks
        self.last_steps = None
        self.last_peak_bytes = None
        self._objects = {}                # id -> proxy, so the same object stays the same proxy
        self._classes = {}                # class name -> proxy class
        self._callbacks = {}              # id -> trusted function the student's code may call back
        self._helpers = {}                # name -> (callback id, the trusted namespace's previous value)
        self._serving = None              # msg_id of the student's serve() waiting for this cell's next request
        self.student_names = {}           # name -> what we put in the trusted namespace for it
        self.changed_in_place = []        # calls that changed the test's own data (see _write_back)

    # --- one request -------------------------------------------------------------
    def request(self, request, timeout=None, what="the student's code"):
        """Send ``request`` to :func:`clustercourse.remote.serve`; return its answer (a dict).

        The first request of a cell starts ``serve()`` in the student's kernel, which asks
        for it (``input()``, prompt :data:`~clustercourse.remote.READY`); serve's answer is
        itself a question (prompt :data:`~clustercourse.remote.RESULT` and the answer),
        replied to with the next request of the cell, so that a call costs one message
        each way; :meth:`finish` ends serve at the end of the cell.
        """
        if self.broken:
            raise StudentKernelError(self.broken)
        timeout = self.call_timeout if timeout is None else float(timeout)
        self._clock = {"sent": None, "answered": None, "callbacks": 0.0}
        msg_id, self._serving = self._serving, None
        if msg_id is None:
            self._token, self._reply = secrets.token_hex(8), None
            msg_id = self.client.execute(f"__import__({remote.__name__!r}, fromlist=['serve']).serve({self._token!r})",
                                         silent=True, store_history=False, allow_stdin=True)
        else:                                # serve is waiting for the next request: this is it
            self._reply(json.dumps(self._pending))
            self._clock["sent"] = time.monotonic()
        answer, ended = self._wait(msg_id, timeout, what, until_answer=True)
        if answer is None:
            raise StudentKernelError(f"{what}: the student's kernel did not answer the grader "
                                     "(was clustercourse.remote or input() replaced?)")
        if not ended:
            self._serving = msg_id
        return answer

    def finish(self):
        """End the student's ``serve()`` if it waits for a request: its kernel is free for the next cell."""
        msg_id, self._serving = self._serving, None
        if msg_id is None or self.broken:
            return
        self._reply(json.dumps({"op": remote.END}))
        self._clock["answered"] = time.monotonic()      # any further answer is told to end
        self._wait(msg_id, self.call_timeout, "the end of the grader's requests", until_answer=False)

    def _wait(self, msg_id, timeout, what, until_answer):
        """Handle the messages of execution ``msg_id`` until its answer (or until it ended): ``(answer, ended)``."""
        client = self.client
        poller = zmq.Poller()
        channels = {client.stdin_channel.socket: client.stdin_channel,
                    client.iopub_channel.socket: client.iopub_channel,
                    client.shell_channel.socket: client.shell_channel}
        for socket in channels:
            poller.register(socket, zmq.POLLIN)
        if self._line is not None:
            poller.register(self._line, zmq.POLLIN)
        deadline = time.monotonic() + timeout
        answer, replied, idle = None, False, False
        try:
            while not (replied and idle) and not (until_answer and answer is not None):
                left = deadline - time.monotonic()
                if left <= 0:
                    self._stuck(msg_id, f"{what} ran longer than {timeout:g} s and was stopped")
                    self._fresh_stdin()
                    raise TimeoutError(f"{what} did not finish within {timeout:g} s (the grader's limit "
                                       "for one call): is there an endless loop, or a much slower algorithm?")
                for socket, _ in poller.poll(min(left, 1.0) * 1000):
                    if socket is self._line:
                        prompt = self._from_line()
                        if prompt is not None:
                            answer = self._on_input(prompt, answer)
                        continue
                    msg = channels[socket].get_msg(timeout=0)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    kind = msg["header"]["msg_type"]
                    if kind == "input_request":
                        self._reply, self.channel = self.client.input, "stdin"
                        answer = self._on_input(msg["content"]["prompt"], answer)
                    elif kind == "stream":
                        sys.stdout.write(msg["content"]["text"])   # the student's prints, shown, never stderr
                    elif kind == "status" and msg["content"]["execution_state"] == "idle":
                        idle = True
                    elif kind == "execute_reply":
                        replied = True
            if answer is not None:           # the call's prints, flushed just before its answer was sent
                for _ in range(DRAIN_MESSAGES):
                    ready = [r for r in poller.poll(0) if r[0] is not self._line]
                    if not ready:
                        break
                    msg = channels[ready[0][0]].get_msg(timeout=0)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    if msg["header"]["msg_type"] == "stream":
                        sys.stdout.write(msg["content"]["text"])
                    elif msg["header"]["msg_type"] == "execute_reply":
                        replied = idle = True    # serve ended (replaced?) after its answer: nothing waits
        except KeyboardInterrupt:
            self._stuck(msg_id, f"{what} was interrupted")
            raise
        return answer, replied and idle

    def _from_line(self):
        """The question on the serve socket, if it is this cell's serve's (a stale or malformed one: None)."""
        frames = self._line.recv_multipart()
        tag = self._token.encode() if self._token else None
        if len(frames) != 2 or tag is None or frames[0] != tag:
            return None
        line, tag = self._line, frames[0]
        self._reply, self.channel = (lambda text: line.send_multipart([tag, text.encode()])), "socket"
        try:
            return frames[1].decode()
        except UnicodeDecodeError:
            return None

    def _fresh_stdin(self):
        """New stdin and serve connections: zmq disconnected the old one if the answer was too large (MAXMSGSIZE)."""
        channel, self.client._stdin_channel = self.client._stdin_channel, None
        if channel is not None:
            channel.close()
        self.client.stdin_channel.start()
        self._fresh_line()

    def _fresh_line(self):
        """A new connection to the serve socket (over Unix sockets only); the old one, if any, closed."""
        if self._line_address is None:
            return
        if self._line is not None:
            self._line.close(linger=0)
        self._line = self.client.context.socket(zmq.PAIR)
        self._line.linger = 0
        self._line.setsockopt(zmq.RECONNECT_IVL, 5)
        self._line.connect(self._line_address)

    def _on_input(self, prompt, answer):
        prompt = str(prompt)
        if prompt == remote.READY:
            self._reply(json.dumps(self._pending))
            self._clock["sent"] = time.monotonic()
        elif prompt.startswith(remote.RESULT):
            if answer is not None or self._clock.get("answered") is not None:
                self._reply(json.dumps({"op": remote.END}))     # a second answer: nothing more to ask
                return answer
            # not replied to: the reply is this cell's next request, or the end (see request and finish)
            self._clock["answered"] = time.monotonic()
            return _parse_answer(prompt[len(remote.RESULT):])
        elif prompt.startswith(remote.CALLBACK):
            start = time.monotonic()
            self._reply(self._callback(prompt[len(remote.CALLBACK):]))
            self._clock["callbacks"] += time.monotonic() - start
        else:
            self._reply("")             # the student's own input(): nothing to say
        return answer

    def _callback(self, text):
        """Run a trusted helper the student's code called back; its answer as JSON text."""
        try:
            request = json.loads(text)
            func = self._callbacks[int(request["callback"])]
            args = wire.decode(request["args"], self._object)
            kwargs = wire.decode(request["kwargs"], self._object)
            return json.dumps({"result": wire.encode(func(*args, **kwargs))}, allow_nan=False)
        except Exception as exc:
            return json.dumps({"raised": remote.exception_info(exc)})

    def _stuck(self, msg_id, reason):
        """After a timeout: interrupt the student's kernel; if it does not come back, it is stuck for good."""
        client = self.client
        client.control_channel.send(client.session.msg("interrupt_request", {}))
        deadline = time.monotonic() + INTERRUPT_GRACE
        while time.monotonic() < deadline:
            try:
                msg = client.shell_channel.get_msg(timeout=max(deadline - time.monotonic(), 0.01))
            except Exception:  # queue.Empty
                break
            if msg["parent_header"].get("msg_id") == msg_id:
                return
        self.broken = f"{reason}, and the student's kernel did not recover: nothing after it can run"

    def run_raw(self, request, what, timeout=None):
        """Do ``request``; its answer (a dict), after re-issuing the student's warnings and errors."""
        self._pending = request
        answer = self.request(request, timeout=timeout, what=what)
        for info in answer.get("warnings", ()):
            _rewarn(info)
        if "raised" in answer:
            raise _student_exception(answer["raised"], what)
        # The time of a call is this kernel's clock, from handing the request over to receiving the answer,
        # less the reference helpers it called back: the student's kernel reports its own time too, but its
        # code can make that report say anything (a slow function claiming to be fast).
        clock = self._clock
        if clock.get("sent") is not None and clock.get("answered") is not None:
            self.last_seconds = max(clock["answered"] - clock["sent"] - clock["callbacks"], 0.0)
        else:
            self.last_seconds = None
        self.last_steps = answer.get("steps")
        self.last_peak_bytes = answer.get("peak_bytes")
        return answer

    def decode(self, data, what):
        try:
            return wire.decode(data, self._object)
        except wire.WireError as exc:
            raise TypeError(f"{what} returned data the grader cannot read: {exc}") from None

    def run(self, request, what):
        """Do ``request``; its result as plain data (or a proxy of a student's object)."""
        return self.decode(self.run_raw(request, what).get("result"), what)

    # --- proxies -------------------------------------------------------------------
    def _object(self, key, class_name="object"):
        proxy = self._objects.get(key)
        if proxy is None:
            cls = self._classes.get(class_name) or self.student_class(class_name)
            proxy = object.__new__(cls)
            object.__setattr__(proxy, "_key", key)
            self._objects[key] = proxy
        return proxy

    def student_class(self, name):
        cls = self._classes.get(name)
        if cls is None:
            cls = type(name, (StudentObject,), {"_kernel": self, "__qualname__": name,
                                                  "__module__": "student"})
            self._classes[name] = cls
        return cls

    def call(self, target, args, kwargs, what, count_steps=False, trace_memory=False):
        callbacks = {}

        def refer(obj):
            if isinstance(obj, StudentObject):
                return {"$object": obj._key}
            if callable(obj):
                key = id(obj)
                callbacks[key] = obj
                return {"$callback": key}
            return None

        request = {"op": "call", "target": target, "count_steps": count_steps, "trace_memory": trace_memory,
                   "args": wire.encode(list(args), refer), "kwargs": wire.encode(dict(kwargs), refer)}
        self._callbacks.update(callbacks)
        try:
            answer = self.run_raw(request, what)
            self._write_back(answer.get("changed", ()), args, kwargs, what)
            return self.decode(answer.get("result"), what)
        finally:
            for key in callbacks:
                self._callbacks.pop(key, None)

    def _write_back(self, changed, args, kwargs, what):
        """What the student's function changed in its arguments, changed here too (as in one kernel)."""
        import numpy as np

        for key, data in changed:
            original = args[key] if isinstance(key, int) and 0 <= key < len(args) else kwargs.get(key)
            value = self.decode(data, what)
            if isinstance(original, np.ndarray) and original.flags.writeable:
                value = np.asarray(value)
                if value.shape != original.shape:
                    continue
                original[...] = value.astype(original.dtype, copy=False)
            elif isinstance(original, list) and isinstance(value, list):
                original[:] = value
            elif isinstance(original, dict) and isinstance(value, dict):
                original.clear()
                original.update(value)
            else:
                continue
            # The test sees the change (as in one kernel), and so may every check computed from these data
            # afterwards: the executor marks the cells from here on for a person's review.
            where = f"argument {key + 1}" if isinstance(key, int) else f"argument {key!r}"
            note = f"{what} changed its {where}, the test's own data, in place"
            if note not in self.changed_in_place:
                self.changed_in_place.append(note)

    # --- names of the student's, before each cell ---------------------------------------
    def prepare(self, source, namespace):
        """Put in ``namespace`` what the student's kernel holds for the names ``source`` reads."""
        for name, value in list(self.student_names.items()):
            if namespace.get(name, None) is not value:      # instructor code has rebound it
                del self.student_names[name]
        wanted = [n for n in loaded_names(source)
                  if (n not in namespace or n in self.student_names) and not hasattr(builtins, n)]
        if not wanted:
            return
        try:
            described = self.run_raw({"op": "describe", "names": wanted}, what="looking up your names",
                                     timeout=self.call_timeout * LOOKUP_SHARE)["result"]
        except (StudentKernelError, TimeoutError, TypeError, KeyError) as exc:
            described = {n: {"kind": "unreadable", "reason": str(exc)} for n in wanted}
        for name in wanted:
            info = described.get(name, {"kind": "missing"})
            kind = info.get("kind")
            if kind == "function":
                value = StudentFunction(self, name)
            elif kind == "class":
                value = self.student_class(name)
            elif kind == "value":
                try:
                    value = wire.decode(info["value"], self._object)
                except wire.WireError as exc:
                    value = Unreadable(name, str(exc))
            elif kind in ("unreadable", "module"):
                value = Unreadable(name, info.get("reason", "it is a module"))
            else:
                namespace.pop(name, None) if name in self.student_names else None
                self.student_names.pop(name, None)
                continue
            namespace[name] = value
            self.student_names[name] = value

    # --- reference helpers ---------------------------------------------------------------
    def use_reference_helpers(self, helpers, namespace):
        """Until the end of this cell, the student's code calls ``helpers`` (name -> trusted function)."""
        names = {}
        for name, func in helpers.items():
            key = id(func)
            self._callbacks[key] = func
            names[name] = key
            previous = self._helpers[name][1] if name in self._helpers else namespace.get(name, _MISSING)
            self._helpers[name] = (key, previous)
            namespace[name] = func
        self.run({"op": "bind", "names": names}, what="putting the reference helpers in place")

    def end_cell(self, namespace):
        """Take the reference helpers away again (here and in the student's kernel); end serve()."""
        try:
            self._unbind_helpers(namespace)
        finally:
            try:
                self.finish()
            except (StudentKernelError, TimeoutError):
                pass

    def _unbind_helpers(self, namespace):
        if not self._helpers:
            return
        helpers, self._helpers = self._helpers, {}
        for name, (key, previous) in helpers.items():
            self._callbacks.pop(key, None)
            if previous is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = previous
        try:
            self.run({"op": "unbind"}, what="taking the reference helpers away")
        except (StudentKernelError, TimeoutError):
            pass


_MISSING = object()


def _parse_answer(text):
    """The student's kernel's answer (a dict); a malformed or oversized one becomes an error of the call."""
    def refused(message):
        return {"raised": {"type": "WireError", "builtin": "TypeError",
                           "message": f"the student's kernel sent an answer the grader cannot read: {message}"}}

    if len(text) > remote.MAX_ANSWER_BYTES:
        return refused(f"{len(text) / 2**20:.0f} MB, larger than the {remote.MAX_ANSWER_BYTES // 2**20} MB accepted")
    try:
        answer = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return refused(f"not JSON ({str(exc)[:100]})")
    return answer if type(answer) is dict else refused(f"a {type(answer).__name__}, not a dict")


def _student_exception(info, what):
    """The student's exception, rebuilt in the trusted kernel as a built-in exception with its message."""
    cls = getattr(builtins, str(info.get("builtin", "")), None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError
    message = str(info.get("message", ""))
    if cls is NotImplementedError or cls.__name__ == info.get("type"):
        return cls(message)
    return cls(f"{message} ({info.get('type')}, raised by {what})")


def _rewarn(info):
    """A warning the student's code issued, issued again here (shown in the feedback, costing nothing)."""
    category = getattr(builtins, str(info.get("category", "")), None)
    if not (isinstance(category, type) and issubclass(category, Warning)):
        category = UserWarning
    warnings.warn_explicit(str(info.get("message", "")), category, "your code", 0)


class StudentFunction:
    """A function of the student's: calling it runs it in the student's kernel, on a copy of the data."""

    __slots__ = ("_kernel", "__name__")

    def __init__(self, kernel, name):
        self._kernel, self.__name__ = kernel, name

    def __call__(self, *args, **kwargs):
        return self._kernel.call({"name": self.__name__}, args, kwargs, what=f"{self.__name__}()")

    def count_steps(self, *args, **kwargs):
        """``(result, steps)``: Python steps of the call, counted in the student's kernel."""
        result = self._kernel.call({"name": self.__name__}, args, kwargs, what=f"{self.__name__}()",
                                   count_steps=True)
        return result, self._kernel.last_steps

    def peak_memory(self, *args, **kwargs):
        """``(result, peak_bytes)``: peak memory of the call (tracemalloc), measured in the student's kernel."""
        result = self._kernel.call({"name": self.__name__}, args, kwargs, what=f"{self.__name__}()",
                                   trace_memory=True)
        return result, self._kernel.last_peak_bytes

    def __repr__(self):
        return f"<your function {self.__name__}>"


class StudentObject:
    """An instance of a class the student wrote; it lives in the student's kernel.

    Reading an attribute copies its value here; calling a method runs it there.
    ``isinstance(obj, Cls)`` works with the proxy class of the student's class.
    """

    _kernel = None

    def __new__(cls, *args, **kwargs):
        return cls._kernel.call({"name": cls.__name__}, args, kwargs, what=f"{cls.__name__}()")

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        kernel, key = type(self)._kernel, object.__getattribute__(self, "_key")
        what = f"{type(self).__name__}.{attr}"
        answer = kernel.run_raw({"op": "getattr", "object": key, "attr": attr}, what)
        if answer.get("method"):
            return StudentMethod(kernel, key, attr, what)
        return kernel.decode(answer.get("result"), what)

    def __setattr__(self, attr, value):
        kernel = type(self)._kernel
        kernel.run({"op": "setattr", "object": self._key, "attr": attr, "value": wire.encode(value)},
                   what=f"setting {type(self).__name__}.{attr}")

    def __repr__(self):
        return f"<your {type(self).__name__} object>"


class StudentMethod:
    """A method of a student's object, run in the student's kernel."""

    __slots__ = ("_kernel", "_key", "_attr", "_what")

    def __init__(self, kernel, key, attr, what):
        self._kernel, self._key, self._attr, self._what = kernel, key, attr, what

    def __call__(self, *args, **kwargs):
        return self._kernel.call({"object": self._key, "attr": self._attr}, args, kwargs,
                                 what=f"{self._what}()")

    def __repr__(self):
        return f"<method {self._what} of your object>"


class Unreadable:
    """A student's value that cannot be copied as plain data: any use of it fails, saying why."""

    __slots__ = ("_name", "_reason")

    def __init__(self, name, reason):
        self._name, self._reason = name, reason

    def _fail(self, *args, **kwargs):
        raise TypeError(f"{self._name}: not available to the tests: {self._reason}")

    __call__ = __getattr__ = __iter__ = __len__ = __bool__ = __float__ = __int__ = __index__ = _fail
    __array__ = __getitem__ = __eq__ = __ne__ = __lt__ = __gt__ = __le__ = __ge__ = __hash__ = _fail

    def __repr__(self):
        return f"<{self._name}: unreadable ({self._reason})>"


def loaded_names(source):
    """Names ``source`` (a cell, IPython syntax allowed) reads before binding them, in order of first use.

    A name the cell imports, or assigns in an earlier top-level statement than the
    first one that reads it, is the cell's own: it is not looked up in the student's
    kernel. (Looking up ``os`` for a read-only cell that starts ``import os`` made the
    trusted kernel wait for the student's kernel to finish that same cell.)
    """
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
        tree = ast.parse(source)
    except SyntaxError:
        return []
    own, seen = set(), {}
    for statement in tree.body:
        stored = set()
        for node in ast.walk(statement):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load) and node.id not in own:
                    seen.setdefault(node.id, None)
                elif isinstance(node.ctx, (ast.Store, ast.Del)):
                    stored.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                stored.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stored.add(node.name)
        own |= stored
    return list(seen)


# --- installing the hooks in the trusted kernel ------------------------------------------

def install(connection_info, call_timeout=60.0):
    """Connect this (trusted) kernel to the student's kernel and add the before/after-cell hooks."""
    global _session
    ip = get_ipython()  # noqa: F821 (this runs in a kernel)
    if isinstance(connection_info, str):
        connection_info = json.loads(connection_info)
    _session = StudentKernel(connection_info, call_timeout)
    namespace = ip.user_ns

    def before(info):
        _session.prepare(info.raw_cell or "", namespace)

    def after(result):
        _session.end_cell(namespace)

    ip.events.register("pre_run_cell", before)
    ip.events.register("post_run_cell", after)
    warnings.showwarning = _show_warning
    return _session


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings go to stdout without the line of code that raised them (it may be a hidden test's)."""
    where = "your code" if filename == "your code" else "the test"
    sys.stdout.write(f"Warning ({where}): {category.__name__}: {message}\n")


def student_gone(reason):
    """For the executor: the student's kernel is gone; every later call fails at once with ``reason``."""
    if _session is not None:
        _session.broken = reason


def status():
    """For the executor: why the student's kernel cannot answer any more, or ''."""
    return (_session.broken or "") if _session else ""


def changed_in_place():
    """For the executor: the calls that changed the test's data in place since last asked, as one line ('' if none)."""
    if _session is None or not _session.changed_in_place:
        return ""
    notes, _session.changed_in_place = _session.changed_in_place, []
    return "; ".join(notes)
