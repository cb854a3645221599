"""Kernels forked from a pre-imported template process (a *zygote*): a fresh process per kernel, imports done.

Starting an IPython kernel and importing numpy, SciPy, pandas and matplotlib into it
costs about 3 s of CPU, and grading a submission starts two kernels (the student's and
the trusted one), more than the students' code itself takes in most labs. A zygote is
a Python process that a grading process starts once: it imports those modules
(:data:`PRELOAD`) and then only waits. Each kernel is then asked for through a
kernelspec whose command is this module's *relay*::

    python -m coursetool.grade.zygote relay SOCKET -f {connection_file}

The relay connects to the zygote's Unix socket (in a folder only the grader can enter)
and sends its standard streams, environment, working folder and the kernel's
arguments; the zygote forks, and the child becomes the kernel (ipykernel's
``IPKernelApp``) in that folder with that environment, with ``sys.path`` and
``sys.argv`` as ``python -m ipykernel_launcher`` has them and the random generators
of ``random`` and ``numpy.random`` seeded afresh. The child is a process no kernel ever ran in: what
it has of the zygote is the zygote's memory as it was after the imports, copied on
write (a write by one kernel is never seen by another), and nothing of any earlier
kernel, since no kernel is ever forked from.

The relay stays the process ``jupyter_client`` knows: it forwards the signals it gets
(the interrupt, terminate) to the kernel and exits with the kernel's status; if the
relay is killed, the zygote kills its kernel. When the zygote is gone, or was started
with an environment that differs in what imports read (:data:`IMPORT_VARIABLES`),
the relay replaces itself with a plain ``python -m ipykernel_launcher``: a zygote only
ever saves time, it never changes what a kernel is.

Only the grader's own kernels come from here: the trusted kernel, and the student's
kernel when grading runs without the sandbox (the course's own variants, in the
proofs). A sandboxed kernel is started by :mod:`coursetool.grade.sandbox` as before.
"""

import atexit
import json
import os
import selectors
import signal
import socket
import sys
import threading

#: What a zygote imports before it forks: what the labs' kernels import, and the kernel itself.
PRELOAD = ("ipykernel.kernelapp", "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "scipy.stats",
           "scipy.special", "scipy.linalg", "scipy.optimize", "scipy.cluster.hierarchy", "scipy.cluster.vq",
           "scipy.spatial", "scipy.spatial.distance", "clustercourse.checks", "clustercourse.plotting",
           "clustercourse.datasets", "clustercourse.trusted")
#: Environment variables read while the zygote imports (or by the loader when it starts): a kernel whose
#: environment differs in one of them is not forked but started plainly.
IMPORT_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONHASHSEED", "PYTHONWARNINGS", "PYTHONNOUSERSITE",
                    "PYTHONSAFEPATH", "LD_LIBRARY_PATH", "LD_PRELOAD", "MPLBACKEND", "MPLCONFIGDIR", "HOME",
                    "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                    "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VIRTUAL_ENV")
#: The backend ipykernel gives matplotlib when MPLBACKEND is unset: the zygote sets it before importing.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Signals the relay passes on to its kernel.
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def fingerprint(environ):
    """The part of ``environ`` a zygote's imports depend on (MPLBACKEND unset counting as ipykernel's default)."""
    out = {k: environ.get(k) for k in IMPORT_VARIABLES}
    out["MPLBACKEND"] = out["MPLBACKEND"] or INLINE_BACKEND
    return out


def _send(conn, message):
    conn.sendall(json.dumps(message).encode() + b"\n")


def _read_message(conn, first=b""):
    """One JSON line from ``conn`` (``first``: bytes already read), or None at end of stream."""
    data = first
    while b"\n" not in data:
        chunk = conn.recv(1 << 16)
        if not chunk:
            return None
        data += chunk
    return json.loads(data.split(b"\n", 1)[0])


# --- the relay: the kernel's process as jupyter_client sees it ------------------------------------

def _plain_kernel(kernel_args):
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])


def relay(socket_path, kernel_args):
    """Ask the zygote at ``socket_path`` for a kernel, then stand for it until it exits."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(socket_path)
        request = {"argv": kernel_args, "env": dict(os.environ), "cwd": os.getcwd()}
        socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        reply = _read_message(conn)
    except OSError:
        reply = None
    if not reply or "pid" not in reply:
        conn.close()
        _plain_kernel(kernel_args)          # no zygote, or not one for this environment
    pid = reply["pid"]

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    try:
        done = _read_message(conn)
    except OSError:
        done = None
    if done is None:                        # the zygote is gone: wait for the kernel itself
        _wait_for(pid)
        os._exit(0)
    code = done.get("exit", 1)
    os._exit(code if code >= 0 else 128 - code)


def _wait_for(pid):
    try:
        fd = os.pidfd_open(pid)
    except OSError:
        return
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    while not selector.select():
        pass


# --- the zygote ------------------------------------------------------------------------------------

_STARTED_IN = None          # the zygote's working folder (``python -m`` put it first on sys.path)


def serve(socket_path, preload=PRELOAD):
    """Import ``preload``, listen on ``socket_path``, fork a kernel per request; end when the parent does.

    ``socket_path`` is in a folder of this zygote's own (:attr:`Zygote.folder`): removed when it ends.
    """
    global _STARTED_IN
    _STARTED_IN = os.getcwd()
    parent = os.getppid()
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    import importlib

    for name in preload:
        importlib.import_module(name)
    own = fingerprint(os.environ)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    os.chmod(socket_path, 0o600)
    listener.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    kernels = {}                            # pid -> its relay's connection
    print("ready", flush=True)
    while os.getppid() == parent:
        for key, _ in selector.select(timeout=0.5):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                pid = _fork_kernel(conn, own, [listener] + list(kernels.values()))
                if pid:
                    kernels[pid] = conn
                    selector.register(conn, selectors.EVENT_READ, pid)
                else:
                    conn.close()
            else:                           # a relay wrote or closed: it is gone, and so is its kernel
                try:
                    os.kill(key.data, signal.SIGKILL)
                except OSError:
                    pass
        while kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not pid:
                break
            conn = kernels.pop(pid, None)
            if conn is not None:
                selector.unregister(conn)
                try:
                    _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
                except OSError:
                    pass
                conn.close()
    listener.close()
    import shutil

    shutil.rmtree(os.path.dirname(socket_path), ignore_errors=True)    # the zygote's own folder (Zygote.folder)


def _fork_kernel(conn, own, inherited):
    """Read a relay's request from ``conn`` and fork its kernel; the kernel's pid, or 0 if refused."""
    conn.settimeout(30)
    fds, pid = [], 0
    try:
        data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
        request = _read_message(conn, data)
        if request is None or len(fds) != 3:
            return 0
        if fingerprint(request["env"]) != own:
            _send(conn, {"refused": "the kernel's environment differs from the zygote's in what imports read"})
            return 0
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                for sock in inherited:
                    sock.close()
                conn.close()
                _become_kernel(request, fds)
            finally:
                os._exit(1)
        _send(conn, {"pid": pid})
        conn.settimeout(None)
        return pid
    except (OSError, ValueError):
        if pid:                             # forked, but its relay is gone: so is the kernel
            os.kill(pid, signal.SIGKILL)
        return 0
    finally:
        for fd in fds:
            os.close(fd)


def _become_kernel(request, fds):
    """In the forked child: take the relay's streams, folder and environment, and run the kernel."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for signum in FORWARDED:
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if sys.path and sys.path[0] in ("", _STARTED_IN):   # the zygote's folder, gone as ipykernel_launcher
        del sys.path[0]                                  # removes its own (IPython puts "" where it wants it)
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    # ipykernel reads JPY_PARENT_PID when it is imported (in the zygote, where it is unset): given here
    argv = [*request["argv"], f"--IPKernelApp.parent_handle={int(os.environ.get('JPY_PARENT_PID') or 0)}"]
    import importlib.util

    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *argv]
    from ipykernel import kernelapp

    code = 0
    try:
        kernelapp.launch_new_instance(argv=argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    atexit._run_exitfuncs()                 # what a kernel's interpreter does when it ends
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# --- the grader's side -----------------------------------------------------------------------------

class Zygote:
    """A zygote process of this process, started with ``env`` (this process's environment by default);
    ``kernelspecs`` for it. It forks kernels whose environment agrees with ``env`` in what imports read."""

    def __init__(self, preload=PRELOAD, startup_timeout=120, env=None):
        import subprocess
        import tempfile

        env = dict(os.environ if env is None else env)
        self.folder = tempfile.mkdtemp(prefix="clustercourse-zygote-")   # 0700: the grader's only
        self.socket = os.path.join(self.folder, "zygote")
        self.fingerprint = fingerprint(env)
        work = os.path.join(self.folder, "cwd")
        os.mkdir(work)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coursetool.grade.zygote", "serve", self.socket, ",".join(preload)],
            cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, start_new_session=True)
        line = _readline_within(self.process.stdout, startup_timeout)
        if line.strip() != b"ready":
            self.close()
            raise RuntimeError(f"the kernel zygote did not start (it printed {line[:200]!r})")
        self._specs = {}

    def alive(self):
        return self.process.poll() is None

    def kernel_spec_manager(self, name, display_name="Python 3 (forked)"):
        """A KernelSpecManager whose kernel ``name`` is forked from this zygote."""
        from jupyter_client.kernelspec import KernelSpecManager

        if name not in self._specs:
            folder = os.path.join(self.folder, "kernels")
            os.makedirs(os.path.join(folder, name), exist_ok=True)
            with open(os.path.join(folder, name, "kernel.json"), "w") as f:
                # -P: the kernel's working folder (a student's, without the sandbox) is not on the relay's path
                json.dump({"argv": [sys.executable, "-P", "-m", "coursetool.grade.zygote", "relay", self.socket,
                                    "-f", "{connection_file}"],
                           "display_name": display_name, "language": "python",
                           "metadata": {"debugger": False}}, f)
            self._specs[name] = KernelSpecManager(kernel_dirs=[folder], ensure_native_kernel=False)
        return self._specs[name]

    def close(self):
        import shutil

        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _readline_within(stream, seconds):
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    if not selector.select(seconds):
        return b""
    return stream.readline()


_SHARED = {}                                # environment fingerprint -> this process's zygote for it
_LOCK = threading.Lock()


def shared(env=None):
    """This process's zygote for the kernels of environment ``env`` (this process's by default), started
    (or restarted) when needed."""
    env = os.environ if env is None else env
    with _LOCK:
        key = json.dumps(fingerprint(env), sort_keys=True)
        zygote = _SHARED.get(key)
        if zygote is None or not zygote.alive():
            if zygote is not None:
                zygote.close()
            zygote = _SHARED[key] = Zygote(env=env)
        return zygote


def pids():
    """Process ids of this process's zygotes (not of their kernels)."""
    return {z.process.pid for z in list(_SHARED.values())}


def close_all():
    with _LOCK:
        while _SHARED:
            _SHARED.popitem()[1].close()


atexit.register(close_all)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["relay"] and len(argv) >= 2:
        relay(argv[1], argv[2:])
    elif argv[:1] == ["serve"] and len(argv) >= 2:
        serve(argv[1], tuple(filter(None, (argv[2] if len(argv) > 2 else ",".join(PRELOAD)).split(","))))
    else:
        print("usage: python -m coursetool.grade.zygote relay SOCKET KERNEL-ARGS... | serve SOCKET [MODULES]",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
