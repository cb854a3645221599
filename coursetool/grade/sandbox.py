"""Run student code in a sandbox while nbgrader grades it.

nbgrader executes a submission in a Jupyter kernel that has the grader's
permissions: without more, student code can read the source notebooks (hidden
tests and solutions), rewrite the gradebook, read other students' work, or
fill the machine's memory and disk. This module runs that kernel inside
`bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``) as an
unprivileged user; the grading itself stays nbgrader's.

How it fits together:

1. :func:`kernel_env` writes a kernelspec named ``python3`` into a temporary
   folder and returns environment variables to add to nbgrader's (or to a
   ``jupyter_client.KernelManager``'s): that folder first on ``JUPYTER_PATH``
   (so the notebooks' ``python3`` kernel is this one) and the sandbox settings
   (``CLUSTERCOURSE_SANDBOX_*``).
2. The kernelspec's command is this module's launcher,
   ``python -m coursetool.grade.sandbox -- python -m ipykernel_launcher -f {connection_file}``.
   It runs outside the sandbox, in the kernel's working folder (chosen by
   nbclient), starts ``bwrap`` with the resource limits set, stays alive as its
   parent (forwarding SIGTERM/SIGINT/SIGHUP, dying with its own parent) and
   exits with the kernel's status.
3. **Who.** When the launcher runs as root (the usual grader), bwrap runs
   privileged to do the mounts and starts the kernel through util-linux
   ``setpriv`` as a fresh uid/gid ``2_000_000_000 + random 24 bits`` (no real
   account) with no supplementary groups, no capabilities (effective,
   permitted, inheritable, ambient, bounding) and ``no_new_privs``. As any
   other user, bwrap makes its own user namespace (``--unshare-user
   --disable-userns``) and the kernel runs as that user, without capabilities.
   Either way a seccomp filter (:func:`seccomp_program`) refuses every new
   namespace (``unshare``, ``setns``, ``clone`` with a namespace flag), so the
   kernel can never become root of a user namespace of its own and mount there.
4. **What it sees.** An allowlist, not the host minus hidden folders: bwrap's
   empty root, remounted read-only at the end, holding read-only ``/usr`` (and
   the host's ``/bin``, ``/lib``... links), a minimal ``/etc`` (a generated
   ``passwd``/``group`` naming the kernel's uid, the host's ``localtime`` and
   ``fonts``), a read-only ``/dev`` and a ``/proc`` of its own PID namespace,
   the Python runtime (``sys.base_prefix``, the venv, site-packages), the
   ``clustercourse`` package and the data folder. The grader's home, the
   repository (beyond those three folders), the course, the gradebook and
   the other students do not exist in there. The ``hide`` folders are checked
   against this: a hidden folder inside an allowed path is refused.
5. **Where it writes.** Only ``/tmp``, a tmpfs of ``disk_bytes`` (memory, not
   the host's disk; nothing written there survives the kernel). The kernel
   works in ``/tmp/work``, where the files of its host working folder (the
   submission) appear as links into a read-only view of that folder (read as
   "others": nbgrader leaves them 0644), and its home is ``/tmp/home``.
6. **Network and sockets.** None (``--unshare-net``): the kernel is reached
   over Unix sockets. Its host-side ``ip`` is :func:`kernel_ip` (a
   ``sandbox/kernel`` path in a fresh empty host folder); the kernel gets a
   read-only copy of its connection file at ``/run/kernel.json`` with ``ip``
   ``/tmp/.kernel/kernel`` and creates its sockets there, in its own tmpfs.
   The launcher makes the host folder ``<folder>/sandbox`` and, as each socket
   appears, opens it without following links, checks it is a socket, and
   links ``<folder>/sandbox/kernel-<port>`` to that open file
   (``/proc/<launcher>/fd/<n>``). A link straight into the sandbox
   (``/proc/<pid>/root/tmp/.kernel``) would let the kernel swap a socket for
   a symbolic link that the grader's client then follows on the host (to,
   say, a database's socket), as the tests show. zmq clients retry until the
   links exist. TCP kernels are refused.
7. **Limits.** ``RLIMIT_AS`` (memory), ``RLIMIT_FSIZE`` (one file),
   ``RLIMIT_NPROC`` (processes and threads of the kernel's uid; as root that
   uid is the kernel's alone), no core dumps, ``oom_score_adj`` 1000, a PID
   namespace (a fork bomb ends with the kernel), a new session, and an
   environment of :data:`SAFE_VARIABLES` only: never ``NBGRADER_DB_URL``.

Limits of the unprivileged mode (launcher not root): the kernel runs as the
instructor's uid inside its namespaces, so ``RLIMIT_NPROC`` also counts the
instructor's own processes (the launcher adds the count at start), bwrap's
PID 1 in the sandbox (which holds only the clean environment) is readable by
the kernel, and the Python runtime must be readable by that user.

Example
-------
>>> env = {**os.environ, **kernel_env(hide=[course.root])}   # doctest: +SKIP
>>> subprocess.run(["nbgrader", "autograde", "lab1_linkage", *ipc_args(fresh_empty_folder)],
...                env=env)                                   # doctest: +SKIP
>>> os.environ.update(env)                                    # doctest: +SKIP
>>> km = KernelManager(kernel_name="python3", transport="ipc",
...                    ip=kernel_ip(fresh_empty_folder))      # doctest: +SKIP
"""

import atexit
import ctypes
import json
import os
import resource
import secrets
import shutil
import signal
import site
import stat
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path


#: Environment variables that carry the settings from :func:`kernel_env` to the launcher.
ENV_HIDE = "CLUSTERCOURSE_SANDBOX_HIDE"
ENV_MEMORY = "CLUSTERCOURSE_SANDBOX_MEMORY"
ENV_FILE_SIZE = "CLUSTERCOURSE_SANDBOX_FILE_SIZE"
ENV_DISK = "CLUSTERCOURSE_SANDBOX_DISK"
ENV_PROCESSES = "CLUSTERCOURSE_SANDBOX_PROCESSES"

#: Default address-space limit of a kernel, in bytes (``CLUSTERCOURSE_SANDBOX_MEMORY`` overrides it).
DEFAULT_MEMORY = 2 * 2**30
#: The smallest accepted memory limit: a kernel importing numpy, scipy and matplotlib needs about this much.
MIN_MEMORY = 512 * 2**20
#: Default largest file a kernel may write, in bytes (``CLUSTERCOURSE_SANDBOX_FILE_SIZE`` overrides it).
DEFAULT_FILE_SIZE = 256 * 2**20
MIN_FILE_SIZE = 2**20
#: Default size of the kernel's only writable place, its ``/tmp`` (``CLUSTERCOURSE_SANDBOX_DISK``).
DEFAULT_DISK = 512 * 2**20
#: A kernel's IPython profile and history take a few MiB of it.
MIN_DISK = 16 * 2**20
#: Default cap on the processes and threads of the kernel's uid (``CLUSTERCOURSE_SANDBOX_PROCESSES``);
#: an ipykernel that imported numpy, scipy, matplotlib and pandas runs 12 threads.
DEFAULT_PROCESSES = 256
MIN_PROCESSES = 32

#: The kernel name the sandbox kernelspec takes over: the one in every lab's metadata.
KERNEL_NAME = "python3"
#: Inside the sandbox: the writable tmpfs, the kernel's home and working folder, its sockets,
#: the read-only view of its host working folder, and its connection file.
SANDBOX_TMP = "/tmp"
SANDBOX_HOME = "/tmp/home"
SANDBOX_WORK = "/tmp/work"
SANDBOX_SOCKETS = "/tmp/.kernel"
SUBMISSION = "/run/submission"
CONNECTION_FILE = "/run/kernel.json"
#: The folder :func:`kernel_ip` names inside the caller's socket folder; the launcher creates it.
SOCKET_LINKS = "sandbox"
#: As root, each kernel runs as ``UID_BASE`` plus 24 random bits: no real account.
UID_BASE = 2_000_000_000
#: Top-level links (or folders) of the host's root that point into ``/usr``.
SYSTEM_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
#: Host files a kernel reads from /etc (time zone; fontconfig's setup, which matplotlib's
#: fc-list call needs to stay quiet). The rest of /etc stays out; passwd and group are generated.
ETC_FILES = ("localtime", "fonts")

#: Variables passed from the grader's environment into the sandbox; nothing else is.
SAFE_VARIABLES = (
    "PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "TZ",
    "MPLBACKEND", "NBGRADER_EXECUTION", "PYTHONHASHSEED", "PYTHONPATH",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
)
#: Thread counts set to one unless the grader set them: parallel graders share the
#: cores, and BLAS buffers of many threads would count against the memory limit.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded(environ=None):
    """``{variable: value}`` of :data:`THREAD_VARIABLES` for a grading kernel: one thread unless ``environ`` says.

    Every kernel of the grader (the student's, sandboxed or not, and the trusted one) gets them.
    Graders run side by side, one per core, and a BLAS that starts a thread per core in each of
    them oversubscribes the machine: OpenBLAS's threads then wait for each other, and the same
    numpy work took 9x the time (benchmarks/README.md, session 13).
    """
    environ = os.environ if environ is None else environ
    return {k: environ.get(k) or "1" for k in THREAD_VARIABLES}

_REMEDY = ("install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`); as root it also needs "
           "util-linux's setpriv, as another user unprivileged user namespaces")


class SandboxError(RuntimeError):
    """The launcher cannot build a safe sandbox from its settings."""


def bwrap_path():
    """The ``bwrap`` executable on ``PATH``, or None."""
    return shutil.which("bwrap")


def setpriv_path():
    """util-linux's ``setpriv``, which drops root for the kernel when the grader is root; or None."""
    found = shutil.which("setpriv")
    return os.path.realpath(found) if found else None


def privileged():
    """Whether the launcher runs as root: then bwrap mounts as root and setpriv drops to a fresh uid."""
    return os.geteuid() == 0


def _problem():
    """Why no sandbox can be made here, or None: runs a check in a sandbox as a kernel gets it."""
    if not bwrap_path():
        return "bwrap is not installed"
    if privileged() and not setpriv_path():
        return "setpriv is not installed"
    check = ("import os, sys\n"
             "caps = [l.split()[1] for l in open('/proc/self/status') if l.startswith(('CapEff', 'CapBnd'))]\n"
             f"sys.exit(0 if set(caps) == {{'0000000000000000'}} and os.getuid() != {0 if privileged() else -1} "
             "else 7)")
    with tempfile.TemporaryDirectory(prefix="clustercourse-sandbox-probe-") as cwd:
        try:
            code = launch([sys.executable, "-c", check], cwd, [], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, timeout=60)
        except (OSError, SandboxError, subprocess.TimeoutExpired) as exc:
            return f"bwrap does not work here ({exc})"
    return None if code == 0 else f"bwrap does not work here (a check in the sandbox exited {code})"


@lru_cache(maxsize=None)
def available():
    """Whether bubblewrap can create the kernels' sandbox here, as this user.

    Runs a check in a sandbox exactly as a kernel gets it (privileged bwrap and
    setpriv as root, bwrap's user namespace otherwise): the check asserts it
    has no capabilities and, as root, is not root. Cached: call
    ``available.cache_clear()`` after installing bubblewrap.

    Returns
    -------
    bool
    """
    return _problem() is None


# --- settings ----------------------------------------------------------------------------

def _positive_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name}={value} should be >= {minimum}")
    return value


def _int_from_env(name, default, minimum):
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"environment variable {name} must be a number; got {text!r}") from None
    return _positive_int(value, name, minimum)


#: Each limit: (argument of kernel_env, environment variable, default, minimum).
LIMITS = (
    ("memory_bytes", ENV_MEMORY, DEFAULT_MEMORY, MIN_MEMORY),
    ("file_size_bytes", ENV_FILE_SIZE, DEFAULT_FILE_SIZE, MIN_FILE_SIZE),
    ("disk_bytes", ENV_DISK, DEFAULT_DISK, MIN_DISK),
    ("processes", ENV_PROCESSES, DEFAULT_PROCESSES, MIN_PROCESSES),
)


def limits(**given):
    """The sandbox limits: each given argument if not None, else its environment variable, else its default.

    Raises
    ------
    ValueError
        Naming the argument or variable that is not an int at or above its minimum.
    """
    out = {}
    for name, variable, default, minimum in LIMITS:
        value = given.get(name)
        out[name] = (_int_from_env(variable, default, minimum) if value is None
                     else _positive_int(value, name, minimum))
    return out


def default_hidden():
    """Paths that must stay invisible besides the ones :func:`kernel_env` is given.

    The course (:func:`coursetool.layout.current`: sources, solutions, the
    instructor's gradebook, the instructor tool and ``tests/`` of a clone), the grader's home folder (ssh keys, ``.pgpass``,
    Jupyter runtime files of other kernels) and the system's temporary folder
    (other scratch courses). None of them is in the sandbox (it is an
    allowlist); the launcher refuses to start if one is inside an allowed path.
    """
    from coursetool import layout

    paths = [layout.current().root, Path.home(), Path(tempfile.gettempdir())]
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
        "argv": [sys.executable, "-m", "coursetool.grade.sandbox", "--",
                 sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (clustercourse sandbox)",
        "language": "python",
        # The kernel runs in its own session and PID namespace, as another user,
        # out of reach of the grader's signals: interrupt it by a message, which
        # ipykernel turns into a SIGINT to itself.
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    kernel = folder / "kernels" / KERNEL_NAME
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps(spec, indent=1))
    return folder


def kernel_env(hide, memory_bytes=None, file_size_bytes=None, disk_bytes=None, processes=None):
    """Environment variables that make nbgrader (or jupyter_client) run every kernel in the sandbox.

    Add them to the environment of an nbgrader command (``autograde``,
    ``validate``...) together with :func:`ipc_args`, or to ``os.environ``
    before a ``KernelManager(kernel_name="python3", transport="ipc",
    ip=kernel_ip(folder))``: each ``python3`` kernel then runs under bubblewrap
    as described in this module's docstring.

    Parameters
    ----------
    hide : list of path-like
        Existing folders the student code must not see, e.g. the course root
        and scratch courses. The sandbox shows only an allowlist anyway; these
        (and :func:`default_hidden`) are asserted to be outside it.
    memory_bytes : int, optional
        Address-space limit (``RLIMIT_AS``). Default ``CLUSTERCOURSE_SANDBOX_MEMORY``, else 2 GiB.
    file_size_bytes : int, optional
        Largest file (``RLIMIT_FSIZE``). Default ``CLUSTERCOURSE_SANDBOX_FILE_SIZE``, else 256 MiB.
    disk_bytes : int, optional
        Size of ``/tmp``, the only writable place. Default ``CLUSTERCOURSE_SANDBOX_DISK``, else 512 MiB.
    processes : int, optional
        ``RLIMIT_NPROC``: processes plus threads. Default ``CLUSTERCOURSE_SANDBOX_PROCESSES``, else 256.

    Returns
    -------
    env : dict of str to str
        ``JUPYTER_PATH`` (the sandbox kernelspec first) and the
        ``CLUSTERCOURSE_SANDBOX_*`` settings the launcher reads.

    Raises
    ------
    ValueError
        If ``hide`` is not a list of existing folders other than ``/``, or a
        limit is not an int at or above its minimum (the message names it).
    RuntimeError
        If bubblewrap (or, as root, setpriv) is missing or cannot create the sandbox here.
    """
    hidden = _check_hide(hide)
    settings = limits(memory_bytes=memory_bytes, file_size_bytes=file_size_bytes,
                      disk_bytes=disk_bytes, processes=processes)
    if not available():
        raise RuntimeError(f"cannot sandbox the grading kernels: {_problem()}; {_REMEDY}")
    hidden = sorted(set(hidden) | set(default_hidden()))
    jupyter_path = [str(_kernelspec_dir())] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env = {"JUPYTER_PATH": os.pathsep.join(jupyter_path), ENV_HIDE: os.pathsep.join(map(str, hidden))}
    env.update({variable: str(settings[name]) for name, variable, _, _ in LIMITS})
    return env


def kernel_ip(socket_dir):
    """The ``ip`` of a sandboxed kernel reached over Unix sockets: ``<socket_dir>/sandbox/kernel``.

    ``socket_dir`` must be an existing folder without a ``sandbox`` entry, one
    per kernel; the launcher creates ``sandbox`` in it (the sockets' links) and
    removes it when the kernel ends. The kernel never sees this folder.
    """
    socket_dir = Path(socket_dir).resolve()
    if not socket_dir.is_dir():
        raise ValueError(f"socket_dir must be an existing folder; got {socket_dir}")
    if os.path.lexists(socket_dir / SOCKET_LINKS):
        raise ValueError(f"socket_dir {socket_dir} already holds {SOCKET_LINKS!r}: give each kernel a fresh folder")
    return str(socket_dir / SOCKET_LINKS / "kernel")


def ipc_args(socket_dir):
    """nbgrader options that reach each kernel over Unix sockets named by :func:`kernel_ip`.

    Returns
    -------
    args : list of str
        ``--KernelManager.transport=ipc`` and ``--KernelManager.ip=<socket_dir>/sandbox/kernel``.
    """
    return ["--KernelManager.transport=ipc", f"--KernelManager.ip={kernel_ip(socket_dir)}"]


# --- the command line -------------------------------------------------------------------

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
                if k.startswith("CLUSTERCOURSE_") and not k.startswith("CLUSTERCOURSE_SANDBOX_")
                and k != "CLUSTERCOURSE_COURSE"})      # the instructor's course: not the kernel's business
    env.update(single_threaded(environ))
    # /dev/shm is read-only: joblib would warn in every cell that imports scikit-learn.
    env.setdefault("JOBLIB_MULTIPROCESSING", "0")
    env.update(HOME=SANDBOX_HOME, TMPDIR=SANDBOX_TMP, MPLCONFIGDIR=f"{SANDBOX_HOME}/.config/matplotlib")
    return env


def allowed_paths():
    """Host folders bound read-only at the same place: Python, site-packages, clustercourse, data.

    ``/usr`` and the few ``/etc`` files come on top. Sorted, without paths
    inside another one.
    """
    import clustercourse
    from clustercourse.datasets import data_dir

    paths = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    paths.add(Path(sys.executable).resolve().parent.parent)
    paths.update(Path(p) for p in site.getsitepackages())
    if site.ENABLE_USER_SITE:
        paths.add(Path(site.getusersitepackages()))
    paths.add(Path(clustercourse.__file__).resolve().parent)   # the student runtime, not the course tool
    paths.add(data_dir())
    setpriv = setpriv_path()
    if privileged() and setpriv:
        paths.add(Path(setpriv))
    found = sorted({p.resolve() for p in paths if p.exists()} | {Path("/usr")})
    return [p for p in found if not any(q != p and _inside(p, q) for q in found)]


def masked_paths(allowed=None):
    """Folders inside the allowed paths that a kernel must not see: the instructor tool (``coursetool``).

    Installed beside the student runtime (``pip install .``), the course tool sits in a
    site-packages folder the kernel needs; an empty folder is mounted over it. (From a
    clone, it is in the course folder, which is not in the sandbox at all.)
    """
    import coursetool

    allowed = allowed_paths() if allowed is None else allowed
    tool = Path(coursetool.__file__).resolve().parent
    return [tool] if any(_inside(tool, p) for p in allowed) else []


def _matplotlib_font_cache():
    """The grader's matplotlib font list, so each kernel need not rebuild it (None if absent)."""
    folder = Path(os.environ.get("MPLCONFIGDIR") or
                  Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib")
    found = sorted(folder.glob("fontlist-v*.json"))
    return found[-1] if found else None


def _dirs(path, perms=None):
    """bwrap options that create ``path`` and its missing parents (bwrap 0.8 would make them 0700)."""
    out = []
    for p in reversed([path, *Path(path).parents][:-1]):
        out += [*(["--perms", perms] if perms and p == Path(path) else []), "--dir", str(p)]
    return out


def identity_files(uid, gid):
    """A generated ``/etc/passwd`` and ``/etc/group`` naming the kernel's uid (``sandbox``)."""
    return {
        "/etc/passwd": (f"root:x:0:0:root:/:/usr/sbin/nologin\nsandbox:x:{uid}:{gid}:student code:"
                        f"{SANDBOX_HOME}:/usr/sbin/nologin\nnobody:x:65534:65534::/:/usr/sbin/nologin\n").encode(),
        "/etc/group": f"root:x:0:\nsandbox:x:{gid}:\nnogroup:x:65534:\n".encode(),
    }


def bwrap_command(command, cwd, hidden, environ=None, bwrap="bwrap", *, uid, gid, as_root,
                  disk_bytes=DEFAULT_DISK, files=None, info_fd=None, seccomp_fd=None):
    """The full ``bwrap`` command line that runs ``command`` sandboxed, with ``cwd`` shown read-only.

    Parameters
    ----------
    command : list of str
        What runs in the sandbox, e.g. ``[python, "-m", "ipykernel_launcher", "-f", CONNECTION_FILE]``.
    cwd : path-like
        The host working folder: its entries appear in ``/tmp/work`` as links
        into a read-only view of it (``/run/submission``).
    hidden : list of path-like
        Folders that must stay invisible: refused if inside an allowed path or the working folder.
    environ : mapping, optional
        The grader's environment, filtered by :func:`sandbox_environment`.
    uid, gid : int
        Who runs ``command``: a fresh uid with ``as_root``, else the caller's.
    as_root : bool
        Privileged bwrap, then setpriv to ``uid``; else bwrap's own user namespace.
    disk_bytes : int
        Size of ``/tmp``.
    files : dict of str to int, optional
        Read-only files made from file descriptors (``--ro-bind-data``): sandbox path -> fd.
    info_fd : int, optional
        Where bwrap writes its child's pid.
    seccomp_fd : int, optional
        A file descriptor holding :func:`seccomp_program`, installed by bwrap before it starts ``command``.

    Raises
    ------
    SandboxError
        If a hidden folder is inside an allowed path or the working folder.
    """
    cwd = Path(cwd).resolve()
    hidden = sorted({Path(h).resolve() for h in hidden})
    allowed = allowed_paths()
    for h in hidden:
        if _inside(h, cwd):
            raise SandboxError(f"the kernel's working folder {cwd} is or holds the hidden folder {h}")
        for p in allowed:
            if _inside(h, p):
                raise SandboxError(f"the kernel needs {p}, which is or holds the hidden folder {h}")

    args = [bwrap, "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
            "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            *([] if as_root else ["--unshare-user", "--disable-userns"]),
            *(["--info-fd", str(info_fd)] if info_fd is not None else []),
            *(["--seccomp", str(seccomp_fd)] if seccomp_fd is not None else [])]
    for name in SYSTEM_LINKS:
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    args += ["--dev", "/dev", "--proc", "/proc",
             "--perms", "1777", "--size", str(disk_bytes), "--tmpfs", SANDBOX_TMP]
    for p in allowed:
        args += [*_dirs(p.parent), "--ro-bind", str(p), str(p)]
    for p in masked_paths(allowed):
        args += ["--perms", "0555", "--tmpfs", str(p)]
    args += ["--dir", "/etc"]
    for name in ETC_FILES:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # Writable by the kernel's uid (sticky, like /tmp): its home, working folder and socket folder.
    for folder in (f"{SANDBOX_HOME}/.config/matplotlib", SANDBOX_WORK, SANDBOX_SOCKETS):
        for p in reversed([Path(folder), *Path(folder).parents][:-2]):
            args += ["--perms", "1777", "--dir", str(p)]
    font_cache = _matplotlib_font_cache()
    if font_cache:
        args += ["--ro-bind", str(font_cache), f"{SANDBOX_HOME}/.config/matplotlib/{font_cache.name}"]
    # The submission: a read-only view, and a link to each entry in the working folder. Links
    # inside it resolve in the sandbox, where the host's files are not.
    args += [*_dirs(SUBMISSION), "--ro-bind", str(cwd), SUBMISSION]
    for entry in sorted(os.listdir(cwd)):
        args += ["--symlink", f"{SUBMISSION}/{entry}", f"{SANDBOX_WORK}/{entry}"]
    for dest, fd in sorted((files or {}).items()):
        args += [*_dirs(Path(dest).parent), "--perms", "0444", "--ro-bind-data", str(fd), dest]
    args += ["--chdir", SANDBOX_WORK, "--remount-ro", "/dev", "--remount-ro", "/", "--clearenv"]
    for k, v in sorted(sandbox_environment(environ).items()):
        args += ["--setenv", k, v]
    if as_root:
        command = [setpriv_path() or "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                   "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *command]
    return args + ["--", *command]


# --- no new namespaces: a seccomp filter ---------------------------------------------------

#: Namespace flags of clone(2) and unshare(2) (CLONE_NEWNS, _NEWCGROUP, _NEWUTS, _NEWIPC, _NEWUSER, _NEWPID, _NEWNET).
CLONE_NEW_NAMESPACES = 0x7E020000
#: audit architecture -> (unshare, setns, clone, clone3) system call numbers.
_SYSCALLS = {"x86_64": (0xC000003E, 272, 308, 56, 435), "aarch64": (0xC00000B7, 97, 268, 220, 435)}


def seccomp_program(machine=None):
    """The classic-BPF seccomp program bwrap installs (``--seccomp``): no new namespaces; None if unknown.

    ``unshare`` and ``setns`` fail with EPERM and so does a ``clone`` asking for a
    new namespace; ``clone3``, whose flags a filter cannot read, fails with ENOSYS, so
    glibc falls back to ``clone`` for threads and ``fork``. Any other architecture
    than the machine's own (and x86_64's x32 calls) is killed. A kernel can then
    create no user namespace, in which it would be root and could mount.
    """
    import struct

    found = _SYSCALLS.get(machine or os.uname().machine)
    if found is None:
        return None
    arch, unshare, setns, clone, clone3 = found
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, kill = 0x7FFF0000, 0x80000000
    eperm, enosys = 0x00050000 | 1, 0x00050000 | 38

    def op(code, k, jt=0, jf=0):
        return struct.pack("<HBBI", code, jt, jf, k)

    program = [
        op(ld, 4),                               # 0: A = seccomp_data.arch
        op(jeq, arch, 1, 0),                     # 1: the machine's own calls go on
        op(ret, kill),                           # 2
        op(ld, 0),                               # 3: A = seccomp_data.nr
        op(jge, 0x40000000, 6, 0),               # 4: x32 -> EPERM (11)
        op(jeq, unshare, 5, 0),                  # 5: -> EPERM (11)
        op(jeq, setns, 4, 0),                    # 6: -> EPERM (11)
        op(jeq, clone3, 5, 0),                   # 7: -> ENOSYS (13)
        op(jeq, clone, 0, 3),                    # 8: clone: look at its flags; others -> ALLOW (12)
        op(ld, 16),                              # 9: A = low 32 bits of the first argument (flags)
        op(jset, CLONE_NEW_NAMESPACES, 0, 1),    # 10: a namespace flag -> EPERM (11), else ALLOW (12)
        op(ret, eperm),                          # 11
        op(ret, allow),                          # 12
        op(ret, enosys),                         # 13
    ]
    return b"".join(program)


# --- the launcher: runs outside the sandbox, bwrap's parent -----------------------------

def kernel_connection(command):
    """The connection file of a kernel command (``-f FILE``), rewritten for the sandbox.

    Returns
    -------
    command : list of str
        ``command`` with ``-f`` pointing to :data:`CONNECTION_FILE`.
    connection : dict or None
        The connection info with ``ip`` under :data:`SANDBOX_SOCKETS` (None without ``-f``).
    links : Path or None
        The host folder for the sockets' links (``<socket_dir>/sandbox``).

    Raises
    ------
    SandboxError
        If the file cannot be read, the kernel would talk TCP, or its ``ip`` is not a :func:`kernel_ip`.
    """
    if "-f" not in command[:-1]:
        return list(command), None, None
    i = command.index("-f") + 1
    try:
        info = json.loads(Path(command[i]).read_text())
    except (OSError, ValueError) as exc:
        raise SandboxError(f"cannot read the kernel's connection file {command[i]}: {exc}") from None
    remedy = ("reach sandboxed kernels over Unix sockets: nbgrader with sandbox.ipc_args(folder), or "
              "KernelManager(transport='ipc', ip=sandbox.kernel_ip(folder))")
    if info.get("transport", "tcp") != "ipc":
        raise SandboxError(f"the kernel has no network, so it cannot be reached over "
                           f"{info.get('transport', 'tcp')}: {remedy}")
    ip = Path(info.get("ip", ""))
    links = ip.parent
    if not ip.is_absolute() or links.name != SOCKET_LINKS or not links.parent.is_dir():
        raise SandboxError(f"the kernel's ip {ip} is not <existing folder>/{SOCKET_LINKS}/<name>: {remedy}")
    info = {**info, "ip": f"{SANDBOX_SOCKETS}/{ip.name}"}
    return [*command[:i], CONNECTION_FILE, *command[i + 1:]], info, links


def _socket_names(info):
    """The kernel's sockets: one per port, and the serve socket its first graded call makes (clustercourse.remote)."""
    from clustercourse.remote import SERVE_SOCKET

    name = Path(info["ip"]).name
    return {f"{name}-{info[k]}" for k in info if k.endswith("_port")} | {f"{name}-{SERVE_SOCKET}"}


def _tasks_of(uid):
    """Processes plus threads whose real uid is ``uid`` (what RLIMIT_NPROC counts)."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            if int(fields["Uid"].split()[0]) == uid:
                count += int(fields["Threads"])
        except (OSError, ValueError, KeyError):
            pass
    return count


def _limit(memory_bytes, file_size_bytes, processes):
    """For bwrap's process (preexec): the limits the kernel inherits, never above the hard limits."""
    def apply():
        for limit, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_FSIZE, file_size_bytes),
                             (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NPROC, processes)):
            _, hard = resource.getrlimit(limit)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (value, value))
        try:  # if memory still runs out, the kernel is the one the OOM killer takes
            Path("/proc/self/oom_score_adj").write_text("1000")
        except OSError:
            pass
    return apply


def _same_file(a, b):
    a, b = os.stat(a), os.stat(b)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


class _Sockets:
    """The host side of the kernel's sockets: a link per socket to an fd the launcher holds open."""

    def __init__(self, links, names):
        self.links, self.waiting, self.fds = links, set(names), []
        owner = links / ".launcher"
        try:   # left behind by a launcher that was killed (say, a kernel restarted with now=True)?
            if not Path(f"/proc/{int(owner.read_text())}").exists():
                shutil.rmtree(links)
        except (OSError, ValueError):
            pass
        try:
            links.mkdir()
        except FileExistsError:
            raise SandboxError(f"{links} exists: another kernel uses this socket folder; "
                               "give each kernel a fresh one") from None
        owner.write_text(str(os.getpid()))

    def poll(self, pid):
        """Link the sockets the kernel (bwrap's child ``pid``) has made since the last call."""
        try:   # until bwrap has switched to the sandbox's root, /proc/<pid>/root is the host's
            if _same_file(f"/proc/{pid}/root", "/"):
                return
        except OSError:
            return
        for name in sorted(self.waiting):
            try:
                # O_NOFOLLOW: the kernel owns this folder and could put a link to a host path there.
                fd = os.open(f"/proc/{pid}/root{SANDBOX_SOCKETS}/{name}", os.O_PATH | os.O_NOFOLLOW)
            except OSError:
                continue
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
                continue
            self.fds.append(fd)
            os.symlink(f"/proc/{os.getpid()}/fd/{fd}", self.links / name)
            self.waiting.discard(name)

    def close(self):
        for fd in self.fds:
            os.close(fd)
        shutil.rmtree(self.links, ignore_errors=True)


def _child_pid(fd, bwrap):
    """bwrap's child pid, from its --info-fd (None if bwrap failed before)."""
    data = b""
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
        try:
            return json.loads(data)["child-pid"]
        except ValueError:
            continue
    bwrap.wait()
    return None


def launch(command, cwd, hidden, *, memory_bytes=DEFAULT_MEMORY, file_size_bytes=DEFAULT_FILE_SIZE,
           disk_bytes=DEFAULT_DISK, processes=DEFAULT_PROCESSES, environ=None, forward_signals=False,
           stdout=None, stderr=None, timeout=None):
    """Run ``command`` in the sandbox in ``cwd`` and return its exit status (the launcher's work).

    A kernel command (``-f CONNECTION_FILE``) must name Unix sockets by a
    :func:`kernel_ip`; their links are made while it runs and removed after.

    Raises
    ------
    SandboxError
        If the sandbox cannot be made safely (see :func:`bwrap_command`, :func:`kernel_connection`).
    subprocess.TimeoutExpired
        After ``timeout`` seconds (the sandbox is killed).
    """
    bwrap = bwrap_path()
    if not bwrap:
        raise SandboxError(f"bwrap is not installed: {_REMEDY}")
    as_root = privileged()
    if as_root and not setpriv_path():
        raise SandboxError(f"setpriv is not installed: {_REMEDY}")
    command, connection, links = kernel_connection(command)
    if as_root:
        uid = gid = UID_BASE + secrets.randbits(24)
    else:
        uid, gid = os.getuid(), os.getgid()
        processes += _tasks_of(uid)          # RLIMIT_NPROC counts the user's other processes too
    data = identity_files(uid, gid)
    if connection:
        data[CONNECTION_FILE] = json.dumps(connection).encode()
    fds, child_fds = {}, []
    for dest, content in data.items():
        r, w = os.pipe()
        os.write(w, content)                 # a few hundred bytes: fits in the pipe
        os.close(w)
        fds[dest] = r
        child_fds.append(r)
    info_r, info_w = os.pipe()
    child_fds.append(info_w)
    program, seccomp_fd = seccomp_program(), None
    if program:                              # bwrap reads it to the end: a pipe holding it, closed
        seccomp_fd, w = os.pipe()
        os.write(w, program)
        os.close(w)
        child_fds.append(seccomp_fd)
    sockets = None
    try:
        args = bwrap_command(command, cwd, hidden, environ, bwrap, uid=uid, gid=gid, as_root=as_root,
                             disk_bytes=disk_bytes, files=fds, info_fd=info_w, seccomp_fd=seccomp_fd)
        sockets = _Sockets(links, _socket_names(connection)) if connection else None
        proc = subprocess.Popen(args, pass_fds=child_fds, env=sandbox_environment(environ),
                                preexec_fn=_limit(memory_bytes, file_size_bytes, processes),
                                stdout=stdout, stderr=stderr)
    except BaseException:
        for fd in [*child_fds, info_r]:
            os.close(fd)
        if sockets:
            sockets.close()
        raise
    for fd in child_fds:
        os.close(fd)
    if forward_signals:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda signum, _: proc.send_signal(signum))
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        pid = _child_pid(info_r, proc)
        os.close(info_r)
        while sockets and sockets.waiting and pid and proc.poll() is None:
            sockets.poll(pid)
            if deadline and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(args, timeout)
            time.sleep(0.01)
        code = proc.wait(None if deadline is None else max(deadline - time.monotonic(), 0))
    except BaseException:
        proc.kill()                          # --die-with-parent takes the sandbox with it
        proc.wait()
        raise
    finally:
        if sockets:
            sockets.close()
    return code if code >= 0 else 128 - code


def _die_with_parent():
    """The launcher gets SIGTERM (and passes it on) when nbgrader or the kernel manager dies."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def main(argv=None):
    """The launcher: ``python -m coursetool.grade.sandbox -- COMMAND ...``.

    Reads the ``CLUSTERCOURSE_SANDBOX_*`` settings and runs the command in the
    sandbox (see :func:`launch`); exits with its status, 3 if it refuses.
    """
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print("usage: python -m coursetool.grade.sandbox -- COMMAND ...", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    _die_with_parent()
    try:
        hidden = [p for p in os.environ.get(ENV_HIDE, "").split(os.pathsep) if p]
        if not hidden:
            raise SandboxError(f"{ENV_HIDE} is not set: run nbgrader with kernel_env(hide=[...])")
        return launch(command, Path.cwd(), hidden, forward_signals=True, **limits())
    except (SandboxError, ValueError) as exc:
        print(f"coursetool.grade.sandbox: refusing to start the kernel: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
