"""Run student code in a sandbox while nbgrader grades it.

nbgrader executes a submission in a Jupyter kernel that has the grader's
permissions: without more, student code can read the source notebooks (hidden
tests and solutions), rewrite the gradebook, read other students' work, or
fill the machine's memory. This module runs that kernel inside `bubblewrap
<https://github.com/containers/bubblewrap>`_ (``bwrap``) instead; the grading
itself stays nbgrader's.

How it fits together:

1. :func:`kernel_env` writes a kernelspec named ``python3`` into a temporary
   folder and returns environment variables to add to nbgrader's: that folder
   first on ``JUPYTER_PATH`` (jupyter_client looks there before the native
   kernel, so the notebooks' ``python3`` kernel is this one), and the sandbox
   settings (``CLUSTERCOURSE_SANDBOX_*``).
2. The kernelspec's command is this module's launcher,
   ``python -m clustercourse.sandbox -- python -m ipykernel_launcher -f {connection_file}``.
   It runs outside the sandbox, in the kernel's working directory (the
   student's ``autograded/<student>/<lab>/`` folder, chosen by nbclient), sets
   resource limits (address space, file size, no core dumps) and replaces
   itself with ``bwrap``.
3. Inside, the whole file system is read-only; every hidden path (the course
   root, the repository, the grader's home, ...) is covered by an empty
   read-only tmpfs; what the kernel needs is bound back read-only (the Python
   installation, the ``clustercourse`` package, the data folder, its own
   connection file); the working directory is bound back read-write, and
   ``/tmp`` is a small private tmpfs. The kernel gets its own PID namespace
   (it cannot see or signal the grader's processes nor read their
   environment), a new session, dies with its parent, and starts from an
   empty environment plus a short list of safe variables: never
   ``NBGRADER_DB_URL``.

4. **Network.** By default nbgrader talks to a kernel over loopback TCP, which
   needs the grader's network. Given :func:`ipc_args`, it uses Unix-domain
   sockets in a folder of their own instead; the launcher then binds that folder
   back read-write and gives the kernel an empty network namespace
   (``--unshare-net``): student code can open no connection at all, not even to
   a gradebook server on ``localhost``. ``course grade`` always does this. A
   kernel started over TCP keeps the network; any other command gets none.

Example
-------
>>> import os, subprocess                                    # doctest: +SKIP
>>> env = {**os.environ, **kernel_env(hide=[course.root])}   # doctest: +SKIP
>>> subprocess.run(["nbgrader", "autograde", "lab1_linkage", *ipc_args("/tmp/sockets")],
...                env=env)                                   # doctest: +SKIP
"""

import atexit
import json
import os
import resource
import shutil
import site
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from .paths import ROOT

#: Environment variables that carry the settings from :func:`kernel_env` to the launcher.
ENV_HIDE = "CLUSTERCOURSE_SANDBOX_HIDE"
ENV_MEMORY = "CLUSTERCOURSE_SANDBOX_MEMORY"
ENV_FILE_SIZE = "CLUSTERCOURSE_SANDBOX_FILE_SIZE"

#: Default address-space limit of a kernel, in bytes (``CLUSTERCOURSE_SANDBOX_MEMORY`` overrides it).
DEFAULT_MEMORY = 2 * 2**30
#: The smallest accepted memory limit: a kernel importing numpy, scipy and matplotlib needs about this much.
MIN_MEMORY = 512 * 2**20
#: Default largest file a kernel may write, in bytes (``CLUSTERCOURSE_SANDBOX_FILE_SIZE`` overrides it).
DEFAULT_FILE_SIZE = 256 * 2**20
#: Size of the kernel's private ``/tmp`` and ``/dev/shm``.
TMP_SIZE = 512 * 2**20
SHM_SIZE = 64 * 2**20

#: The kernel name the sandbox kernelspec takes over: the one in every lab's metadata.
KERNEL_NAME = "python3"
#: The kernel's home folder, inside its private /tmp.
SANDBOX_HOME = "/tmp/home"

#: Variables passed from the grader's environment into the sandbox; nothing else is.
SAFE_VARIABLES = (
    "PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "TZ",
    "MPLBACKEND", "NBGRADER_EXECUTION", "PYTHONHASHSEED", "PYTHONPATH",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
)
#: Thread counts set to one unless the grader set them: parallel graders share the
#: cores, and BLAS buffers of many threads would count against the memory limit.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_REMEDY = ("install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`); "
           "as a non-root user it also needs unprivileged user namespaces")


def bwrap_path():
    """The ``bwrap`` executable on ``PATH``, or None."""
    return shutil.which("bwrap")


@lru_cache(maxsize=None)
def available():
    """Whether bubblewrap is installed and can create a sandbox here.

    Runs ``true`` in a sandbox with the options the kernel gets. Cached: call
    ``available.cache_clear()`` after installing bubblewrap.

    Returns
    -------
    bool
    """
    bwrap = bwrap_path()
    if not bwrap:
        return False
    probe = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
             "--unshare-pid", "--unshare-net", "--die-with-parent", "--new-session",
             "--size", str(2**20), "--tmpfs", "/tmp", "--clearenv", "--", "true"]
    try:
        return subprocess.run(probe, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _positive_bytes(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int number of bytes; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name}={value} should be >= {minimum} bytes")
    return value


def _bytes_from_env(name, default, minimum):
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"environment variable {name} must be a number of bytes; got {text!r}") from None
    return _positive_bytes(value, name, minimum)


def default_hidden():
    """Paths every sandbox hides besides the ones :func:`kernel_env` is given.

    The repository (:data:`clustercourse.paths.ROOT`: sources, solutions, the
    instructor's gradebook), the grader's home folder (ssh keys, ``.pgpass``,
    Jupyter runtime files of other kernels) and the system's temporary folder
    (other scratch courses) when it is not ``/tmp`` (which the sandbox replaces
    anyway).
    """
    paths = [ROOT, Path.home(), Path(tempfile.gettempdir())]
    return [p.resolve() for p in paths if p.resolve() != Path("/") and p.resolve().is_dir()]


def _check_hide(hide):
    if isinstance(hide, (str, bytes, os.PathLike)):
        raise ValueError(f"hide must be a list of paths, not a single {type(hide).__name__}: {hide!r}")
    try:
        items = list(hide)
    except TypeError:
        raise ValueError(f"hide must be a list of paths; got {type(hide).__name__} {hide!r}") from None
    paths = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or not str(item):
            raise ValueError(f"hide: every entry must be a non-empty path; got {item!r}")
        path = Path(item).expanduser().resolve()
        if path == Path("/"):
            raise ValueError("hide: cannot hide '/', the kernel would have nothing to run")
        if not path.is_dir():
            raise ValueError(f"hide: {item!s} is not an existing folder")
        if os.pathsep in str(path):
            raise ValueError(f"hide: {path} contains {os.pathsep!r}, which separates the paths")
        paths.append(path)
    return paths


_KERNELSPEC_DIR = []


def _kernelspec_dir():
    """A temporary JUPYTER_PATH entry holding the sandbox kernelspec (one per process, removed at exit)."""
    if _KERNELSPEC_DIR and (_KERNELSPEC_DIR[0] / "kernels" / KERNEL_NAME / "kernel.json").exists():
        return _KERNELSPEC_DIR[0]
    folder = Path(tempfile.mkdtemp(prefix="clustercourse-sandbox-kernel-"))
    atexit.register(shutil.rmtree, folder, True)
    _KERNELSPEC_DIR[:] = [folder]
    spec = {
        "argv": [sys.executable, "-m", "clustercourse.sandbox", "--",
                 sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (clustercourse sandbox)",
        "language": "python",
        # The kernel runs in its own session and PID namespace, out of reach of
        # the grader's signals: interrupt it by a message, which ipykernel turns
        # into a SIGINT to itself.
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    kernel = folder / "kernels" / KERNEL_NAME
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps(spec, indent=1))
    return folder


def kernel_env(hide, memory_bytes=None, file_size_bytes=None):
    """Environment variables that make nbgrader run every kernel in the sandbox.

    Add them to the environment of an nbgrader command (``autograde``,
    ``validate``, ``generate_solution``...): each ``python3`` kernel it starts
    then runs under bubblewrap, with ``hide`` (plus :func:`default_hidden`)
    invisible, its working directory as its only writable folder besides a
    private ``/tmp``, and at most ``memory_bytes`` of address space.

    Parameters
    ----------
    hide : list of path-like
        Existing folders the student code must not see, e.g. the course root
        (``source/`` with the hidden tests, ``gradebook.db``, ``submitted/``,
        the other students' ``autograded/``) and any scratch courses.
    memory_bytes : int, optional
        Address-space limit (``RLIMIT_AS``) of the kernel. Defaults to
        ``CLUSTERCOURSE_SANDBOX_MEMORY`` from the environment, else 2 GiB.
    file_size_bytes : int, optional
        Largest file the kernel may write (``RLIMIT_FSIZE``). Defaults to
        ``CLUSTERCOURSE_SANDBOX_FILE_SIZE``, else 256 MiB.

    Returns
    -------
    env : dict of str to str
        ``JUPYTER_PATH`` (the sandbox kernelspec first) and the
        ``CLUSTERCOURSE_SANDBOX_*`` settings the launcher reads.

    Raises
    ------
    ValueError
        If ``hide`` is not a list of existing folders other than ``/``, or a
        limit is not an int above its minimum.
    RuntimeError
        If bubblewrap is missing or cannot create a sandbox here.
    """
    hidden = _check_hide(hide)
    if memory_bytes is None:
        memory_bytes = _bytes_from_env(ENV_MEMORY, DEFAULT_MEMORY, MIN_MEMORY)
    memory_bytes = _positive_bytes(memory_bytes, "memory_bytes", MIN_MEMORY)
    if file_size_bytes is None:
        file_size_bytes = _bytes_from_env(ENV_FILE_SIZE, DEFAULT_FILE_SIZE, 2**20)
    file_size_bytes = _positive_bytes(file_size_bytes, "file_size_bytes", 2**20)
    if not available():
        raise RuntimeError(f"cannot sandbox the grading kernels: bwrap "
                           f"{'does not work here' if bwrap_path() else 'is not installed'}; {_REMEDY}")
    hidden = sorted(set(hidden) | set(default_hidden()))
    jupyter_path = [str(_kernelspec_dir())] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    return {
        "JUPYTER_PATH": os.pathsep.join(jupyter_path),
        ENV_HIDE: os.pathsep.join(map(str, hidden)),
        ENV_MEMORY: str(memory_bytes),
        ENV_FILE_SIZE: str(file_size_bytes),
    }


# --- the launcher: runs outside the sandbox, then becomes bwrap ----------------------

class SandboxError(RuntimeError):
    """The launcher cannot build a safe sandbox from its settings."""


def _inside(path, folder):
    """Whether ``path`` is ``folder`` or below it."""
    return path == folder or folder in path.parents


def sandbox_environment(environ=None):
    """The whole environment of the sandboxed kernel, built from the grader's ``environ``.

    Only :data:`SAFE_VARIABLES` and ``CLUSTERCOURSE_*`` data settings pass;
    ``HOME`` and ``TMPDIR`` point into the private ``/tmp``. Everything else
    (``NBGRADER_DB_URL``, tokens, ``JPY_*``...) is dropped.
    """
    environ = os.environ if environ is None else environ
    env = {k: environ[k] for k in SAFE_VARIABLES if k in environ}
    env.update({k: v for k, v in environ.items()
                if k.startswith("CLUSTERCOURSE_") and not k.startswith("CLUSTERCOURSE_SANDBOX_")})
    for k in THREAD_VARIABLES:
        env.setdefault(k, "1")
    env.update(HOME=SANDBOX_HOME, TMPDIR="/tmp", MPLCONFIGDIR=f"{SANDBOX_HOME}/.config/matplotlib")
    return env


def _exposed(connection_file):
    """Paths the kernel needs, bound back read-only: Python, site-packages, clustercourse, data."""
    from .paths import data_dir

    paths = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    paths.add(Path(sys.executable).resolve().parent.parent)
    paths.update(Path(p) for p in site.getsitepackages())
    if site.ENABLE_USER_SITE:
        paths.add(Path(site.getusersitepackages()))
    paths.add(Path(__file__).resolve().parent)           # the clustercourse package
    paths.add(data_dir())
    if connection_file:
        paths.add(Path(connection_file))
    return sorted({p.resolve() for p in paths if p.exists()}, key=lambda p: len(p.parts))


def ipc_args(socket_dir):
    """nbgrader options that connect to each kernel over Unix sockets in ``socket_dir``.

    With them, the launcher cuts the kernel off the network (see the module
    docstring). ``socket_dir`` must be an existing folder that holds nothing
    else (the kernel may write in it) and must not be hidden.

    Returns
    -------
    args : list of str
        ``--KernelManager.transport=ipc`` and ``--KernelManager.ip=<socket_dir>/kernel``.
    """
    socket_dir = Path(socket_dir).resolve()
    if not socket_dir.is_dir():
        raise ValueError(f"socket_dir must be an existing folder; got {socket_dir}")
    return ["--KernelManager.transport=ipc", f"--KernelManager.ip={socket_dir / 'kernel'}"]


def _socket_dir(connection_file):
    """The folder of the kernel's Unix sockets, or None if it talks TCP.

    Raises
    ------
    SandboxError
        If the connection file cannot be read or names sockets by a relative path.
    """
    try:
        info = json.loads(Path(connection_file).read_text())
    except (OSError, ValueError) as exc:
        raise SandboxError(f"cannot read the kernel's connection file {connection_file}: {exc}") from None
    if info.get("transport", "tcp") != "ipc":
        return None
    ip = Path(info.get("ip", ""))
    if not ip.is_absolute():
        raise SandboxError(f"the kernel's Unix sockets need an absolute path (KernelManager.ip); got {ip}")
    return ip.parent.resolve()


def _matplotlib_font_cache():
    """The grader's matplotlib font list, so each kernel need not rebuild it (None if absent)."""
    folder = Path(os.environ.get("MPLCONFIGDIR") or
                  Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib")
    found = sorted(folder.glob("fontlist-v*.json"))
    return found[-1] if found else None


def bwrap_command(command, cwd, hidden, environ=None, bwrap="bwrap"):
    """The full ``bwrap`` command line that runs ``command`` sandboxed in ``cwd``.

    Parameters
    ----------
    command : list of str
        The kernel command, e.g. ``[python, "-m", "ipykernel_launcher", "-f", file]``.
    cwd : path-like
        The kernel's working folder: its only writable folder besides ``/tmp``
        (and the folder of its Unix sockets, when its connection file names one).
    hidden : list of path-like
        Folders replaced by an empty read-only tmpfs.
    environ : mapping, optional
        The grader's environment, filtered by :func:`sandbox_environment`.

    Raises
    ------
    SandboxError
        If ``cwd`` (or a path the kernel needs) is a hidden folder or holds one:
        binding it would show what should be hidden.
    """
    cwd = Path(cwd).resolve()
    hidden = sorted({Path(h).resolve() for h in hidden}, key=lambda p: len(p.parts))
    connection_file = None
    if "-f" in command[:-1]:
        connection_file = command[command.index("-f") + 1]
    for h in hidden:
        if _inside(h, cwd):
            raise SandboxError(f"the kernel's working folder {cwd} is or holds the hidden folder {h}")
    exposed = _exposed(connection_file)
    # No network unless the kernel must be reached over TCP (see the module docstring).
    sockets = _socket_dir(connection_file) if connection_file else None
    network = connection_file is not None and sockets is None
    for p in exposed:
        for h in hidden:
            if _inside(h, p):
                raise SandboxError(f"the kernel needs {p}, which is or holds the hidden folder {h}")
    writable = [cwd]
    if sockets:
        for h in hidden:
            if _inside(h, sockets):
                raise SandboxError(f"the kernel's socket folder {sockets} is or holds the hidden folder {h}")
        writable.append(sockets)

    args = [bwrap, "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", *([] if network else ["--unshare-net"]),
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--size", str(TMP_SIZE), "--tmpfs", "/tmp",
            "--size", str(SHM_SIZE), "--tmpfs", "/dev/shm",
            "--dir", SANDBOX_HOME]
    # Hide: an empty tmpfs over each folder (those under /tmp are gone already,
    # and one inside another hidden folder is hidden with it).
    covered = [Path("/tmp")]
    for h in hidden:
        if any(_inside(h, c) for c in covered):
            continue
        args += ["--size", str(2**20), "--tmpfs", str(h)]
        covered.append(h)
    # A folder bound deep inside the private /tmp gets its parents made there;
    # cover them with a read-only tmpfs too, so the kernel cannot write beside
    # its working folder (in, say, /tmp/<course>/autograded/).
    for p in [*writable, *exposed]:
        if Path("/tmp") in p.parents and len(p.relative_to("/tmp").parts) > 1:
            top = Path("/tmp") / p.relative_to("/tmp").parts[0]
            if not any(_inside(top, c) for c in covered[1:]):
                args += ["--size", str(2**20), "--tmpfs", str(top)]
                covered.append(top)
    # Show again, read-only, what the kernel needs; parents before children.
    for p in exposed:
        args += ["--ro-bind", str(p), str(p)]
    font_cache = _matplotlib_font_cache()
    if font_cache:
        args += ["--ro-bind", str(font_cache),
                 f"{SANDBOX_HOME}/.config/matplotlib/{font_cache.name}"]
    for p in writable:
        args += ["--bind", str(p), str(p)]
    args += ["--chdir", str(cwd)]
    # The hiding tmpfs become read-only once everything is mounted in them.
    for h in covered[1:]:
        args += ["--remount-ro", str(h)]
    args.append("--clearenv")
    for k, v in sorted(sandbox_environment(environ).items()):
        args += ["--setenv", k, v]
    return args + ["--", *command]


def _set_limits(memory_bytes, file_size_bytes):
    """Limits inherited by bwrap and the kernel (never raised above the current hard limit)."""
    for limit, value in ((resource.RLIMIT_AS, memory_bytes),
                         (resource.RLIMIT_FSIZE, file_size_bytes),
                         (resource.RLIMIT_CORE, 0)):
        _, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))
    try:  # if memory still runs out, the kernel is the one the OOM killer takes
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


def main(argv=None):
    """The launcher: ``python -m clustercourse.sandbox -- KERNEL COMMAND ...``.

    Reads the ``CLUSTERCOURSE_SANDBOX_*`` settings, sets the limits, and
    replaces itself with bwrap running the command (so the kernel manager's
    kill reaches bwrap, and ``--die-with-parent`` takes the kernel with it).
    """
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print("usage: python -m clustercourse.sandbox -- COMMAND ...", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    try:
        hidden = [p for p in os.environ.get(ENV_HIDE, "").split(os.pathsep) if p]
        if not hidden:
            raise SandboxError(f"{ENV_HIDE} is not set: run nbgrader with kernel_env(hide=[...])")
        memory = _bytes_from_env(ENV_MEMORY, DEFAULT_MEMORY, MIN_MEMORY)
        file_size = _bytes_from_env(ENV_FILE_SIZE, DEFAULT_FILE_SIZE, 2**20)
        bwrap = bwrap_path()
        if not bwrap:
            raise SandboxError(f"bwrap is not installed: {_REMEDY}")
        args = bwrap_command(command, Path.cwd(), hidden, bwrap=bwrap)
    except (SandboxError, ValueError) as exc:
        print(f"clustercourse.sandbox: refusing to start the kernel: {exc}", file=sys.stderr)
        return 3
    _set_limits(memory, file_size)
    # bwrap itself gets the clean environment too: its PID-1 process inside the
    # sandbox keeps it, and the kernel can read /proc/1/environ.
    os.execve(bwrap, args, sandbox_environment())


if __name__ == "__main__":
    sys.exit(main())
