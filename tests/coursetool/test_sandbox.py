"""The grading sandbox: its settings, its command line, and what sandboxed code can and cannot do.

Every attack runs the same probe (:data:`PROBE`) twice: in the sandbox, where
it must fail, and in a CONTROL without the protection (on the host, under
``unshare -m``, or in a bubblewrap sandbox built the old way: the host's ``/``
read-only with tmpfs over hidden folders and the kernel left root), where it
must work, so that each test can fail. Probes run as sandboxed commands
(``python -m coursetool.grade.sandbox -- python -c PROBE``) and, for the key
ones, in a real Jupyter kernel started by jupyter_client with
:func:`coursetool.grade.sandbox.kernel_ip`, as the grading executor starts them.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from coursetool.grade import sandbox
from coursetool import layout

ROOT = layout.current().root    # the course under test

# Skipped without bubblewrap, unless CLUSTERCOURSE_REQUIRE_SANDBOX is set (CI): then they fail.
needs_bwrap = pytest.mark.skipif(not sandbox.available() and not os.environ.get("CLUSTERCOURSE_REQUIRE_SANDBOX"),
                                 reason="bubblewrap (bwrap) is not installed or cannot run here")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the privileged mode and its controls need root")
SECRET = "postgresql://grader:hunter2@db.example/gradebook"
MiB = 2**20


# --- kernel_env and the settings ---------------------------------------------------------

@needs_bwrap
def test_kernel_env_puts_a_sandboxed_python3_kernelspec_first(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    env = sandbox.kernel_env(hide=[tmp_path])
    first = Path(env["JUPYTER_PATH"].split(os.pathsep)[0])
    spec = json.loads((first / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][1:4] == ["-m", "coursetool.grade.sandbox", "--"], f"launcher argv: {spec['argv']}"
    assert spec["argv"][-2:] == ["-f", "{connection_file}"], f"kernel argv: {spec['argv']}"
    assert spec["interrupt_mode"] == "message", f"interrupt_mode: expected 'message', got {spec['interrupt_mode']!r}"
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    found = KernelSpecManager().get_kernel_spec("python3")
    assert "coursetool.grade.sandbox" in found.argv, f"jupyter_client resolves python3 to {found.argv}"


@needs_bwrap
def test_kernel_env_carries_the_hidden_folders_and_default_limits(tmp_path, monkeypatch):
    for variable in (sandbox.ENV_MEMORY, sandbox.ENV_DISK, sandbox.ENV_PROCESSES, sandbox.ENV_FILE_SIZE):
        monkeypatch.delenv(variable, raising=False)
    env = sandbox.kernel_env(hide=[tmp_path])
    hidden = env[sandbox.ENV_HIDE].split(os.pathsep)
    for path in (tmp_path.resolve(), ROOT, Path.home().resolve()):
        assert str(path) in hidden, f"expected {path} among the hidden folders, got {hidden}"
    got = {k: env[k] for k in (sandbox.ENV_MEMORY, sandbox.ENV_DISK, sandbox.ENV_PROCESSES, sandbox.ENV_FILE_SIZE)}
    assert got == {sandbox.ENV_MEMORY: str(2 * 2**30), sandbox.ENV_DISK: str(512 * MiB),
                   sandbox.ENV_PROCESSES: "256", sandbox.ENV_FILE_SIZE: str(256 * MiB)}, f"defaults: {got}"
    assert "NBGRADER_DB_URL" not in env, "kernel_env must not carry the gradebook URL"


@needs_bwrap
def test_limits_come_from_the_argument_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ENV_MEMORY, str(3 * 2**30))
    monkeypatch.setenv(sandbox.ENV_DISK, str(64 * MiB))
    env = sandbox.kernel_env([tmp_path])
    assert (env[sandbox.ENV_MEMORY], env[sandbox.ENV_DISK]) == (str(3 * 2**30), str(64 * MiB)), env
    env = sandbox.kernel_env([tmp_path], memory_bytes=2**30, disk_bytes=32 * MiB, processes=100)
    got = (env[sandbox.ENV_MEMORY], env[sandbox.ENV_DISK], env[sandbox.ENV_PROCESSES])
    assert got == (str(2**30), str(32 * MiB), "100"), f"arguments should win: {got}"


@pytest.mark.parametrize("hide, match", [
    ("/some/folder", "list of paths"),
    (Path("/some/folder"), "list of paths"),
    (42, "list of paths"),
    ([None], "non-empty path"),
    ([""], "non-empty path"),
    (["/"], "cannot hide '/'"),
    (["/no/such/folder/anywhere"], "not an existing folder"),
])
def test_bad_hide_is_rejected(hide, match):
    with pytest.raises(ValueError, match=match):
        sandbox.kernel_env(hide)


@pytest.mark.parametrize("kwargs, match", [
    ({"memory_bytes": 2**20}, "memory_bytes=1048576 should be >= "),
    ({"memory_bytes": 2.5e9}, "memory_bytes must be an int"),
    ({"memory_bytes": True}, "memory_bytes must be an int"),
    ({"file_size_bytes": 10}, "file_size_bytes=10 should be >= "),
    ({"disk_bytes": MiB}, "disk_bytes=1048576 should be >= "),
    ({"disk_bytes": "1G"}, "disk_bytes must be an int"),
    ({"processes": 4}, "processes=4 should be >= "),
])
def test_bad_limits_are_rejected(tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        sandbox.kernel_env([tmp_path], **kwargs)


@pytest.mark.parametrize("variable, text", [(sandbox.ENV_MEMORY, "2G"), (sandbox.ENV_DISK, "lots")])
def test_bad_limit_in_the_environment_is_rejected(tmp_path, monkeypatch, variable, text):
    monkeypatch.setenv(variable, text)
    with pytest.raises(ValueError, match=f"{variable} must be a number; got '{text}'"):
        sandbox.kernel_env([tmp_path])


@pytest.mark.parametrize("missing, remedy", [("bwrap_path", "apt-get install bubblewrap"),
                                              ("setpriv_path", "setpriv")])
def test_missing_tools_raise_with_the_remedy(tmp_path, monkeypatch, missing, remedy):
    if missing == "setpriv_path" and os.geteuid() != 0:
        pytest.skip("setpriv is needed as root only")
    monkeypatch.setattr(sandbox, missing, lambda: None)
    sandbox.available.cache_clear()
    try:
        assert sandbox.available() is False, f"available() should be False without {missing}"
        with pytest.raises(RuntimeError, match=remedy):
            sandbox.kernel_env([tmp_path])
    finally:
        monkeypatch.undo()
        sandbox.available.cache_clear()


@needs_bwrap
def test_available_probes_the_real_configuration(monkeypatch):
    """available() runs a check in the real sandbox: one that cannot start (a bind that fails) says False."""
    sandbox.available.cache_clear()
    try:
        assert sandbox.available() is True, f"expected a working sandbox here: {sandbox._problem()}"
        monkeypatch.setattr(sandbox, "allowed_paths", lambda: [Path("/usr"), Path("/no/such/runtime")])
        sandbox.available.cache_clear()
        assert sandbox.available() is False, "a sandbox whose bwrap fails must not count as available"
    finally:
        monkeypatch.undo()
        sandbox.available.cache_clear()


def test_kernel_ip_and_ipc_args(tmp_path):
    assert sandbox.kernel_ip(tmp_path) == str(tmp_path.resolve() / "sandbox" / "kernel")
    assert sandbox.ipc_args(tmp_path) == ["--KernelManager.transport=ipc",
                                          f"--KernelManager.ip={tmp_path.resolve() / 'sandbox' / 'kernel'}"]
    with pytest.raises(ValueError, match="socket_dir must be an existing folder"):
        sandbox.kernel_ip(tmp_path / "missing")
    (tmp_path / "sandbox").mkdir()
    with pytest.raises(ValueError, match="fresh folder"):
        sandbox.ipc_args(tmp_path)


# --- the kernel's environment and command line -----------------------------------------

def test_environment_is_scrubbed():
    grader = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "HOME": "/home/grader", "NBGRADER_DB_URL": SECRET,
              "PGPASSWORD": "hunter2", "AWS_SECRET_ACCESS_KEY": "x", "JPY_PARENT_PID": "1",
              "PYTHONHASHSEED": "0", "CLUSTERCOURSE_DATA": "/data", "NBGRADER_EXECUTION": "autograde",
              sandbox.ENV_HIDE: "/course", "OMP_NUM_THREADS": "4"}
    env = sandbox.sandbox_environment(grader)
    for name in ("NBGRADER_DB_URL", "PGPASSWORD", "AWS_SECRET_ACCESS_KEY", "JPY_PARENT_PID", sandbox.ENV_HIDE):
        assert name not in env, f"{name} must not reach the kernel; got {env.get(name)!r}"
    assert SECRET not in json.dumps(env), "the gradebook URL leaked into the kernel environment"
    expected = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "CLUSTERCOURSE_DATA": "/data",
                "NBGRADER_EXECUTION": "autograde", "OMP_NUM_THREADS": "4", "HOME": sandbox.SANDBOX_HOME,
                "OPENBLAS_NUM_THREADS": "1", "TMPDIR": "/tmp"}
    got = {k: env.get(k) for k in expected}
    assert got == expected, f"expected {expected}, got {got}"


def test_every_grading_kernel_gets_one_blas_thread_unless_the_grader_sets_it(monkeypatch):
    """Not only the sandboxed one: a grading worker sets them for its trusted kernel and unsandboxed ones too."""
    from coursetool.grade.engine import GradingWorker

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    worker = GradingWorker(sandbox=False)
    try:
        got = {k: os.environ.get(k) for k in sandbox.THREAD_VARIABLES}
    finally:
        worker.close()
    assert got == {"OMP_NUM_THREADS": "3", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}, got
    assert "OPENBLAS_NUM_THREADS" not in os.environ, "the worker did not put the environment back when it closed"


def _command(tmp_path, as_root=True, hidden=()):
    cwd = tmp_path / "work"
    cwd.mkdir(exist_ok=True)
    (cwd / "data.csv").write_text("1,2\n")
    return sandbox.bwrap_command(["python", "-c", "pass"], cwd, list(hidden), {"PATH": "/usr/bin",
                                 "NBGRADER_DB_URL": SECRET}, uid=2_000_000_123, gid=2_000_000_123,
                                 as_root=as_root, files={"/etc/passwd": 3, "/run/kernel.json": 4}), cwd


def test_command_is_an_allowlist_locked_read_only(tmp_path):
    args, cwd = _command(tmp_path)
    assert SECRET not in " ".join(args), "the gradebook URL is on bwrap's command line"
    triples = list(zip(args, args[1:], args[2:]))
    binds = {(a, b) for flag, a, b in triples if flag in ("--bind", "--ro-bind", "--dev-bind")}
    assert ("/", "/") not in binds, "the host's / must not be bound: the sandbox is an allowlist"
    assert not [t for t in triples if t[0] in ("--bind", "--dev-bind")], "no read-write bind of a host folder"
    sources = {Path(a) for a, _ in binds}
    expected = {Path("/usr"), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), cwd.resolve()}
    assert expected <= sources, f"expected binds of {expected - sources}"
    for p in sources:
        assert p in expected or p.is_relative_to(ROOT) or p.is_relative_to(Path.home()) or \
            p.parts[1] == "etc", f"unexpected host path in the sandbox: {p}"
    assert ("--ro-bind", str(cwd.resolve()), sandbox.SUBMISSION) in triples
    assert ("--symlink", f"{sandbox.SUBMISSION}/data.csv", f"{sandbox.SANDBOX_WORK}/data.csv") in triples
    end = args.index("--clearenv")
    assert args[end - 2:end] == ["--remount-ro", "/"], f"/ must be remounted read-only after every mount: {args}"
    assert ("--tmpfs", "/tmp") == tuple(args[args.index("--tmpfs"):args.index("--tmpfs") + 2])
    assert args[args.index("--tmpfs") - 2:args.index("--tmpfs")] == ["--size", str(sandbox.DEFAULT_DISK)]
    assert "--unshare-net" in args and "--unshare-user" not in args, args
    inner = args[args.index("--", end) + 1:]
    assert inner[0].endswith("setpriv") and "--reuid=2000000123" in inner and "--no-new-privs" in inner, inner
    assert inner[inner.index("--") + 1:] == ["python", "-c", "pass"], inner


def test_command_without_root_uses_a_user_namespace(tmp_path):
    args, _ = _command(tmp_path, as_root=False)
    assert "--unshare-user" in args and "--disable-userns" in args, args
    assert "setpriv" not in " ".join(args), "setpriv is for the privileged mode only"


def test_command_refuses_hidden_folders_in_view(tmp_path):
    with pytest.raises(sandbox.SandboxError, match="is or holds the hidden folder"):
        _command(tmp_path, hidden=[tmp_path / "work"])
    inside_runtime = Path(sandbox.allowed_paths()[0])
    with pytest.raises(sandbox.SandboxError, match="which is or holds the hidden folder"):
        _command(tmp_path, hidden=[inside_runtime])


def _connection(tmp_path, **info):
    info = {"transport": "ipc", "ip": sandbox.kernel_ip(tmp_path), "shell_port": 1, "iopub_port": 2,
            "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", **info}
    path = tmp_path / "kernel-1.json"
    path.write_text(json.dumps(info))
    return ["python", "-m", "ipykernel_launcher", "-f", str(path)]


def test_kernel_connection_is_rewritten_into_the_sandbox(tmp_path):
    command, info, links = sandbox.kernel_connection(_connection(tmp_path))
    assert command[-2:] == ["-f", sandbox.CONNECTION_FILE], command
    assert info["ip"] == "/tmp/.kernel/kernel" and info["key"] == "k", info
    assert links == tmp_path.resolve() / "sandbox", links


@pytest.mark.parametrize("info, match", [
    ({"transport": "tcp", "ip": "127.0.0.1"}, "cannot be reached over tcp"),
    ({"ip": "/some/where/kernel"}, "is not <existing folder>/sandbox/<name>"),
    ({"ip": "kernel-ipc"}, "is not <existing folder>/sandbox/<name>"),
])
def test_kernel_connection_refuses_tcp_and_foreign_socket_paths(tmp_path, info, match):
    with pytest.raises(sandbox.SandboxError, match=match):
        sandbox.kernel_connection(_connection(tmp_path, **info))


def test_launcher_refuses_to_run_unsandboxed(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERCOURSE_SANDBOX_")}
    proc = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", sys.executable, "-c",
                           "print('ran')"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (3, ""), \
        f"expected exit 3 and no output without {sandbox.ENV_HIDE}, got {proc.returncode} {proc.stdout!r}"
    assert sandbox.ENV_HIDE in proc.stderr, f"expected the missing setting named, got {proc.stderr!r}"


@needs_bwrap
def test_launcher_refuses_a_tcp_kernel_clearly(tmp_path):
    command = _connection(tmp_path, transport="tcp", ip="127.0.0.1")
    proc = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", *command], cwd=tmp_path,
                          env={**os.environ, **sandbox.kernel_env([ROOT])},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3 and "kernel_ip" in proc.stderr, (proc.returncode, proc.stderr)


# --- the probe ---------------------------------------------------------------------------

#: Runs the attempts its ``spec`` asks for, records "ok: ..." or the exception of each,
#: and prints ``PROBE {json}``. The same text runs in the sandbox, in a kernel, and in the controls.
PROBE = r'''
import ctypes, json, mmap, os, pathlib, socket, sys, threading, time
out = {}
def attempt(name, action, *args):
    try:
        out[name] = "ok: " + str(action(*args))[:300]
    except BaseException as exc:
        out[name] = f"{type(exc).__name__}: {exc}"[:300]
def status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    return {k: fields[k].split()[0] for k in ("Uid", "CapEff", "CapPrm", "CapBnd", "CapAmb", "NoNewPrivs")}
out["status"] = status()
libc = ctypes.CDLL(None, use_errno=True)
MS_RDONLY, MS_REMOUNT, MS_BIND, MNT_DETACH = 1, 32, 4096, 2
def check(result):
    if result != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return "done"
def mount(source, target, fstype, flags):
    return check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                            ctypes.c_ulong(flags), None))
def mounts():
    return [line.split()[4] for line in open("/proc/self/mountinfo")]
def read_only(path):
    rows = [line.split() for line in open("/proc/self/mountinfo")]
    return "ro" in next(r for r in rows if r[4] == path)[5].split(",")
if spec.get("umount_all"):
    for target in sorted(set(mounts()) - {"/"}, key=len, reverse=True):
        attempt("umount_all " + target, lambda t: check(libc.umount2(t.encode(), MNT_DETACH)), target)
for target in spec.get("mount_tmpfs", []):
    os.makedirs(target, exist_ok=True)
    attempt("mount tmpfs " + target, mount, "none", target, "tmpfs", 0)
for target in spec.get("remount_rw", []):
    attempt("remount rw " + target, mount, None, target, None, MS_REMOUNT | MS_BIND)
for target in spec.get("umount", []):
    attempt("umount " + target, lambda t: check(libc.umount2(t.encode(), 0)), target)
for path in spec.get("read", []):
    attempt("read " + path, lambda p: f"{len(pathlib.Path(p).read_bytes())} bytes", path)
for path in spec.get("list", []):
    attempt("list " + path, lambda p: json.dumps(sorted(os.listdir(p))), path)
for path in spec.get("write", []):
    attempt("write " + path, lambda p: pathlib.Path(p).write_text("probe") and "written", path)
for name in spec.get("env", []):
    attempt("env " + name, lambda n: os.environ[n], name)
if "port" in spec:
    attempt("connect", lambda: socket.create_connection(("127.0.0.1", spec["port"]), timeout=5).close())
if "writable_walk" in spec:
    # Every mount point; every folder of the tmpfs mounts and of the writable ones. A read-only
    # bind of a host folder refuses writes everywhere below it: its mount point stands for it.
    # /proc and /sys are tried at their mount points only.
    found, seen, points = [], 0, {}
    for line in open("/proc/self/mountinfo"):
        fields = line.split()
        points[fields[4]] = ("ro" in fields[5].split(","), fields[fields.index("-") + 1])
    def try_create(folder):
        name = os.path.join(folder, f".probe-{os.getpid()}")
        try:
            os.close(os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        except OSError:
            return
        os.unlink(name)
        found.append(folder)
    for point, (ro, fstype) in sorted(points.items()):
        if point.startswith(("/proc/", "/sys/")) or not os.path.isdir(point):
            continue
        if point in ("/proc", "/sys") or (ro and fstype != "tmpfs"):
            seen += 1
            try_create(point)
            continue
        for top, dirs, _ in os.walk(point, onerror=lambda e: None):
            seen += 1
            try_create(top)
            dirs[:] = [d for d in dirs if os.path.join(top, d) not in points]
    out["writable"], out["walked"] = found, seen
if "fill" in spec:
    folder, count, size = spec["fill"]
    written = 0
    try:
        for i in range(count):
            pathlib.Path(folder, f"fill-{i}").write_bytes(b"x" * size)
            written += size
        out["fill"] = f"wrote {written}"
    except OSError as exc:
        out["fill"] = f"stopped at {written}: {exc}"
    out["filled"] = written
if "mmap" in spec:
    attempt("mmap", lambda: len(mmap.mmap(-1, spec["mmap"])))
if "threads" in spec:
    stop, started = threading.Event(), []
    try:
        for _ in range(spec["threads"]):
            t = threading.Thread(target=stop.wait)
            t.start()
            started.append(t)
    except RuntimeError:
        pass
    out["threads"] = len(started)
    stop.set()
    for t in started:
        t.join()
if "forks" in spec:
    children = []
    try:
        for _ in range(spec["forks"]):
            pid = os.fork()
            if pid == 0:
                time.sleep(3600)
                os._exit(0)
            children.append(pid)
    except OSError:
        pass
    out["forks"] = len(children)
    if not spec.get("hold"):
        for pid in children:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
print("PROBE " + json.dumps(out), flush=True)
if spec.get("hold"):
    time.sleep(3600)
'''


def probe_code(spec):
    return f"import json\nspec = json.loads({json.dumps(spec)!r})\n" + PROBE


def parse_probe(text):
    lines = [ln for ln in text.splitlines() if ln.startswith("PROBE ")]
    assert lines, f"the probe printed no PROBE line: {text[-2000:]!r}"
    return json.loads(lines[-1][len("PROBE "):])


def sandboxed_env(hide, **limits):
    return {**os.environ, "NBGRADER_DB_URL": SECRET, "MPLBACKEND": "Agg", **sandbox.kernel_env(hide=hide, **limits)}


def run_sandboxed(spec, cwd, env, prefix=()):
    """The probe as a sandboxed command (``prefix`` runs inside, before python)."""
    proc = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", *prefix, sys.executable, "-c",
                           probe_code(spec)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"the sandboxed probe failed (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return parse_probe(proc.stdout)


def run_host(spec, cwd, prefix=()):
    """CONTROL: the probe without the sandbox (``prefix``: e.g. ``unshare -m``, or an old-style bwrap)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERCOURSE_SANDBOX_")}
    proc = subprocess.run([*prefix, sys.executable, "-c", probe_code(spec)], cwd=cwd,
                          env={**env, "NBGRADER_DB_URL": SECRET}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"the control probe failed (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return parse_probe(proc.stdout)


def old_style_bwrap(hidden, writable):
    """CONTROL: the sandbox as it was: host / read-only, tmpfs over hidden folders, the kernel root."""
    args = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--die-with-parent"]
    for h in hidden:
        args += ["--tmpfs", str(h)]
    for p in sandbox.allowed_paths():          # the Python runtime and packages shown again
        args += ["--ro-bind", str(p), str(p)]
    for p in writable:
        args += ["--bind", str(p), str(p)]
    return args + ["--"]


def ok(value):
    return str(value).startswith("ok")


def assert_all_fail(out, names, where="in the sandbox"):
    leaked = {k: out[k] for k in names if ok(out[k])}
    assert not leaked, f"expected these to fail {where}, but they succeeded: {leaked}"


def assert_all_work(out, names, where="in the control"):
    blocked = {k: out[k] for k in names if not ok(out[k])}
    assert not blocked, f"expected these to work {where}, but they failed: {blocked}"


@pytest.fixture
def course(tmp_path):
    """A course-shaped folder with a gradebook, hidden tests, another student's work, ann's working
    folder (readable by others, as nbgrader leaves it), and a second user's home with a key."""
    files = {"course/gradebook.db": "SQLite format 3 gradebook", "course/source/lab/lab.ipynb": "hidden tests",
             "course/submitted/bob/lab/lab.ipynb": "bob's work", "home/alice/.ssh/id_rsa": "alice's key",
             "course/autograded/ann/lab/data.csv": "x,y\n1,2\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    here = tmp_path / "course" / "autograded" / "ann" / "lab"
    for p in [here, *here.parents]:
        if p == tmp_path.parent:
            break
        p.chmod(0o755)
    (here / "data.csv").chmod(0o644)
    return {"root": tmp_path / "course", "here": here, "home": tmp_path / "home",
            "secrets": [str(tmp_path / n) for n in files if "autograded" not in n]}


@pytest.fixture
def home_secret():
    """A file in the grader's home folder (removed after)."""
    fd, name = tempfile.mkstemp(prefix=".clustercourse-sandbox-test-", dir=Path.home())
    os.write(fd, b"grader's secret")
    os.close(fd)
    yield name
    os.unlink(name)


@pytest.fixture(scope="module")
def local_server():
    """A TCP server on localhost, standing in for a gradebook server."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def host_secrets(course, home_secret):
    """Files the grader can read and student code must not (bwrap's PID 1 is tried separately:
    the host's own PID 1 may be out of the grader's reach too)."""
    paths = [*course["secrets"], home_secret, "/etc/shadow", "/etc/gshadow", "/etc/sudoers",
             str(ROOT / ".git" / "HEAD"), str(ROOT / "source" / "lab1_linkage" / "lab1_linkage.ipynb"),
             str(ROOT / "nbgrader_config.py")]
    return [p for p in paths if os.access(p, os.R_OK)]


#: What bwrap's PID 1 in the sandbox shows (in the old sandbox, the kernel, as root, read them).
PID1 = ["/proc/1/environ", "/proc/1/maps", "/proc/1/root/"]


# --- who the kernel is -----------------------------------------------------------------

IDENTITY = {"read": [], "env": ["NBGRADER_DB_URL"]}


def assert_unprivileged(out):
    st = out["status"]
    assert int(st["Uid"]) != 0, f"the sandboxed code runs as root: {st}"
    if os.geteuid() == 0:
        assert int(st["Uid"]) >= sandbox.UID_BASE, f"expected a fresh uid from {sandbox.UID_BASE}: {st}"
    zero = {k: st[k] for k in ("CapEff", "CapPrm", "CapBnd", "CapAmb")}
    assert set(zero.values()) == {"0000000000000000"}, f"expected no capabilities at all: {zero}"
    assert st["NoNewPrivs"] == "1", f"expected no_new_privs: {st}"


@needs_bwrap
def test_sandboxed_code_has_no_privileges(course):
    out = run_sandboxed(IDENTITY, course["here"], sandboxed_env([course["root"]]))
    assert_unprivileged(out)
    assert not ok(out["env NBGRADER_DB_URL"]), f"the gradebook URL reached the sandbox: {out}"


@as_root
def test_control_the_grader_itself_is_root_with_every_capability(course):
    out = run_host(IDENTITY, course["here"])
    assert out["status"]["Uid"] == "0" and out["status"]["CapEff"] != "0000000000000000", out["status"]
    assert ok(out["env NBGRADER_DB_URL"]), out


# --- what it can read -------------------------------------------------------------------

@needs_bwrap
def test_secrets_are_out_of_reach(course, home_secret, local_server):
    """The course's gradebook, hidden tests, another student, another home, the grader's home,
    /etc/shadow, PID 1's environment, the repository (sources, .git), a localhost server."""
    secrets = host_secrets(course, home_secret)
    spec = {"read": secrets + PID1[:2], "list": ["/", str(ROOT), str(Path(home_secret).parent), PID1[2]],
            "port": local_server, "env": ["NBGRADER_DB_URL"]}
    out = run_sandboxed(spec, course["here"], sandboxed_env([course["root"], course["home"]]))
    assert_all_fail(out, [f"read {p}" for p in secrets + PID1[:2]] + [f"list {PID1[2]}", "connect",
                                                                       "env NBGRADER_DB_URL"])
    assert Path(home_secret).name not in out[f"list {Path(home_secret).parent}"], out
    allowed = {p.relative_to(ROOT).parts[0] for p in sandbox.allowed_paths() if p.is_relative_to(ROOT)}
    listed = set(json.loads(out[f"list {ROOT}"][4:]))
    assert listed <= allowed, f"the repository shows more than the allowed folders: {listed - allowed}"
    top = set(json.loads(out["list /"][4:]))
    assert top <= {"bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc", "tmp", "run",
                   *{p.parts[1] for p in sandbox.allowed_paths()}}, f"unexpected top-level entries: {top}"


def test_control_the_same_secrets_are_readable_without_the_sandbox(course, home_secret, local_server):
    secrets = host_secrets(course, home_secret)
    out = run_host({"read": secrets, "port": local_server, "env": ["NBGRADER_DB_URL"]}, course["here"])
    assert_all_work(out, [f"read {p}" for p in secrets] + ["connect", "env NBGRADER_DB_URL"])


# --- mounts -----------------------------------------------------------------------------

MOUNTS_IN_SANDBOX = {"mount_tmpfs": ["/tmp/work/m"], "remount_rw": ["/", "/usr", sandbox.SUBMISSION, "/tmp"],
                     "umount": [sandbox.SUBMISSION, "/usr", "/tmp", "/proc", "/"]}


@needs_bwrap
def test_mount_umount_and_remount_fail(course):
    out = run_sandboxed(MOUNTS_IN_SANDBOX, course["here"], sandboxed_env([course["root"]]))
    attempts = [k for k in out if k.startswith(("mount ", "remount ", "umount "))]
    assert len(attempts) == 10, attempts
    assert_all_fail(out, attempts)


@as_root
def test_control_mounts_work_for_root_in_a_mount_namespace(tmp_path):
    target = str(tmp_path / "m")
    out = run_host({"mount_tmpfs": [target], "remount_rw": [target], "umount": [target]}, tmp_path,
                   prefix=["unshare", "-m", "--propagation", "private"])
    assert_all_work(out, [f"mount tmpfs {target}", f"remount rw {target}", f"umount {target}"])


NESTED = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]


@needs_bwrap
def test_the_kernel_can_create_no_namespace(course):
    """Neither a user nor a mount namespace (the seccomp filter): root of its own user namespace, the
    kernel could mount there; unshare(1) is refused and runs nothing."""
    proc = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", *NESTED, "id", "-u"],
                          cwd=course["here"], env=sandboxed_env([course["root"]]), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0 and proc.stdout == "", f"unshare ran in the sandbox: {proc.stdout!r} {proc.stderr!r}"
    assert "Operation not permitted" in proc.stderr, proc.stderr


def test_control_unshare_makes_a_user_namespace_outside_the_sandbox(tmp_path):
    """CONTROL: the same command on the host makes the namespace and runs as its root."""
    proc = subprocess.run([*NESTED, "id", "-u"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "0", f"unshare on the host: {proc.stdout!r} {proc.stderr!r}"


@needs_bwrap
def test_threads_forks_and_subprocesses_still_work_in_the_sandbox(course):
    """The filter refuses clone3 (ENOSYS) and namespace flags only: glibc's threads and fork fall back to clone."""
    code = ("import os, subprocess, threading; t = threading.Thread(target=print, args=('thread',)); t.start(); "
            "t.join(); pid = os.fork(); os._exit(0) if pid == 0 else os.waitpid(pid, 0); "
            "print(subprocess.run(['/bin/echo', 'child'], capture_output=True, text=True).stdout.strip())")
    proc = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", sys.executable, "-c", code],
                          cwd=course["here"], env=sandboxed_env([course["root"]]), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout.split() == ["thread", "child"], (proc.stdout, proc.stderr)


def test_seccomp_program_is_whole_instructions_and_known_architectures_only():
    program = sandbox.seccomp_program("x86_64")
    assert program and len(program) % 8 == 0, "a classic BPF program is a whole number of 8-byte instructions"
    assert sandbox.seccomp_program("aarch64") and sandbox.seccomp_program("sparc64") is None


@as_root
def test_control_the_old_sandbox_unmounts_its_way_to_the_gradebook(course, home_secret):
    """CONTROL: bubblewrap as it was used (host / read-only, tmpfs over the course, the kernel root):
    the same probe unmounts the tmpfs and reads the gradebook, and remounts / read-write."""
    gradebook = str(course["root"] / "gradebook.db")
    prefix = old_style_bwrap([course["root"], Path.home()], [])
    out = run_host({"read": PID1[:2], "list": [PID1[2]]}, course["here"], prefix=prefix)
    assert_all_work(out, [f"read {p}" for p in PID1[:2]] + [f"list {PID1[2]}"])
    out = run_host({"umount_all": True, "remount_rw": ["/"], "read": [gradebook, home_secret]}, course["here"],
                   prefix=prefix)
    assert_all_work(out, [f"read {gradebook}", f"read {home_secret}", "remount rw /"])


# --- what it can write ------------------------------------------------------------------

@needs_bwrap
def test_only_tmp_is_writable(course):
    out = run_sandboxed({"writable_walk": "/", "write": ["/tmp/work/data.csv", "/dev/shm/x", "/etc/passwd"]},
                        course["here"], sandboxed_env([course["root"]]))
    outside = [d for d in out["writable"] if not (d == "/tmp" or d.startswith("/tmp/"))]
    assert not outside, f"writable outside /tmp: {outside}"
    assert {"/tmp", "/tmp/work", "/tmp/home"} <= set(out["writable"]), out["writable"]
    assert out["walked"] > 20, f"the walk saw only {out['walked']} folders"
    assert_all_fail(out, ["write /tmp/work/data.csv", "write /dev/shm/x", "write /etc/passwd"])
    assert (course["here"] / "data.csv").read_text() == "x,y\n1,2\n", "the submission was changed"


@as_root
def test_control_the_walk_finds_writable_places_in_the_old_sandbox(course):
    out = run_host({"writable_walk": "/"}, course["here"], prefix=old_style_bwrap([course["root"]], [course["here"]]))
    outside = [d for d in out["writable"] if not d.startswith("/tmp")]
    assert str(course["here"]) in out["writable"] and "/dev" in outside, f"expected the bound folder and /dev: {outside}"


@needs_bwrap
def test_disk_is_capped_in_total(course):
    """64 MiB in 4096 files against a 32 MiB /tmp: stops near 32 MiB (a per-file limit would not)."""
    out = run_sandboxed({"fill": ["/tmp/work", 4096, 16 * 1024]}, course["here"],
                        sandboxed_env([course["root"]], disk_bytes=32 * MiB))
    assert "No space left" in out["fill"], out["fill"]
    assert 24 * MiB <= out["filled"] <= 32 * MiB, f"expected to stop near 32 MiB: {out['fill']}"


def test_control_the_same_writes_fit_on_the_host(tmp_path):
    out = run_host({"fill": [str(tmp_path), 4096, 16 * 1024]}, tmp_path)
    assert out["filled"] == 64 * MiB, out["fill"]


@needs_bwrap
def test_one_file_is_capped_too(course, tmp_path):
    """RLIMIT_FSIZE: a 3 MiB file under a 1 MiB per-file limit fails; CONTROL: on the host it is written."""
    out = run_sandboxed({"fill": ["/tmp/work", 1, 3 * MiB]}, course["here"],
                        sandboxed_env([course["root"]], file_size_bytes=MiB))
    assert "File too large" in out["fill"], out["fill"]
    assert run_host({"fill": [str(tmp_path), 1, 3 * MiB]}, tmp_path)["filled"] == 3 * MiB


# --- limits -----------------------------------------------------------------------------

@needs_bwrap
def test_memory_is_capped(course):
    out = run_sandboxed({"mmap": 3 * 2**29}, course["here"], sandboxed_env([course["root"]], memory_bytes=2**30))
    assert not ok(out["mmap"]), f"1.5 GiB mapped under a 1 GiB limit: {out['mmap']}"


def test_control_the_same_mapping_works_on_the_host(tmp_path):
    out = run_host({"mmap": 3 * 2**29}, tmp_path)
    assert ok(out["mmap"]), out["mmap"]


def _running_below(ancestor, argv, timeout=60):
    """Wait until a process running ``argv`` descends from ``ancestor``; whether one did within ``timeout`` s."""
    def parent(pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("PPid:"):
                return int(line.split()[1])
        return 0

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:-1] != [a.encode() for a in argv]:
                    continue
                up = int(pid)
                while up > 1 and up != ancestor:
                    up = parent(up)
                if up == ancestor:
                    return True
            except (OSError, ValueError):
                continue
        time.sleep(0.1)
    return False


@needs_bwrap
def test_exit_status_and_sigterm_pass_through_the_launcher(course):
    env = sandboxed_env([course["root"]])
    code = subprocess.run([sys.executable, "-m", "coursetool.grade.sandbox", "--", "sh", "-c", "exit 7"],
                          cwd=course["here"], env=env, timeout=60).returncode
    assert code == 7, f"expected the sandboxed command's status 7, got {code}"
    launcher = subprocess.Popen([sys.executable, "-m", "coursetool.grade.sandbox", "--", "sleep", "300"],
                                cwd=course["here"], env=env)
    # the launcher passes SIGTERM on once its command runs (before, Python's default kills it): wait for that
    assert _running_below(launcher.pid, ["sleep", "300"]), "the sandboxed sleep did not start within 60 s"
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(timeout=10) == 128 + signal.SIGTERM


@needs_bwrap
def test_sandboxed_process_dies_with_the_grader(tmp_path):
    """When the grader (nbgrader) is killed, the sandboxed kernel goes with it: no orphans."""
    marker = f"{3000 + os.getpid() % 997}.{time.time_ns() % 10**6}"     # a unique `sleep` argument
    (tmp_path / "course").mkdir()
    (tmp_path / "work").mkdir()
    env = {**os.environ, **sandbox.kernel_env(hide=[tmp_path / "course"])}
    grader = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time\n"
         f"subprocess.Popen([sys.executable, '-m', 'coursetool.grade.sandbox', '--', 'sleep', {marker!r}])\n"
         "time.sleep(120)"], cwd=tmp_path / "work", env=env)

    def sleepers():
        return [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p) == ["sleep", marker]]

    try:
        for _ in range(100):
            if sleepers():
                break
            time.sleep(0.1)
        assert sleepers(), "the sandboxed sleep never started"
    finally:
        grader.kill()
        grader.wait()
    for _ in range(50):
        if not sleepers():
            break
        time.sleep(0.1)
    assert not sleepers(), f"expected the sandboxed process gone with its parent, still running: {sleepers()}"


def _cmdline(proc_dir):
    try:
        return (proc_dir / "cmdline").read_bytes().decode(errors="replace").rstrip("\0").split("\0")
    except OSError:
        return None


# --- in a real kernel -------------------------------------------------------------------

@contextlib.contextmanager
def kernel(monkeypatch, cwd, hide, **limits):
    """A sandboxed kernel started by jupyter_client as the grading executor starts it."""
    from jupyter_client import KernelManager

    for k, v in sandbox.kernel_env(hide=hide, **limits).items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("NBGRADER_DB_URL", SECRET)
    sockets = Path(tempfile.mkdtemp(prefix="clustercourse-test-sockets-"))
    km = KernelManager(kernel_name="python3", transport="ipc", ip=sandbox.kernel_ip(sockets))
    km.start_kernel(cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        yield km, kc, sockets
    finally:
        kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=False)
        leftover = os.listdir(sockets)
        shutil.rmtree(sockets)
        assert not leftover, f"the socket folder was not cleaned: {leftover}"


def execute(kc, code, timeout=60):
    """Run ``code`` in the kernel; its reply status and stdout."""
    outs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outs.append(
        m["content"].get("text", "") if m["msg_type"] == "stream" else ""))
    return reply["content"]["status"], "".join(outs)


def probe_in_kernel(kc, spec):
    status, text = execute(kc, probe_code(spec))
    assert status == "ok", f"the probe failed in the kernel: {text[-2000:]}"
    return parse_probe(text)


@needs_bwrap
def test_a_jupyter_kernel_runs_unprivileged_and_confined(monkeypatch, course, home_secret, local_server):
    secrets = host_secrets(course, home_secret)
    with kernel(monkeypatch, course["here"], [course["root"], course["home"]]) as (km, kc, sockets):
        assert execute(kc, "print(6 * 7)") == ("ok", "42\n")
        out = probe_in_kernel(kc, {**MOUNTS_IN_SANDBOX, "read": secrets + ["data.csv"], "port": local_server,
                                   "env": ["NBGRADER_DB_URL"], "write": ["data.csv", "/dev/shm/x", "/pwned"]})
        assert_unprivileged(out)
        mounts = [k for k in out if k.startswith(("mount ", "remount ", "umount "))]
        assert_all_fail(out, [f"read {p}" for p in secrets] + mounts +
                        ["connect", "env NBGRADER_DB_URL", "write data.csv", "write /dev/shm/x", "write /pwned"])
        assert out["read data.csv"] == "ok: 8 bytes", "the kernel should read its submission's files"
        status, text = execute(kc, "import numpy, scipy, pandas, matplotlib.pyplot as plt\n"
                                   "print(open('/proc/self/status').read().split('Threads:')[1].split()[0])")
        assert status == "ok" and 1 <= int(text) <= 32, f"threads of an ipykernel with numpy & co: {text}"
        links = os.listdir(sockets / "sandbox")
        assert len([n for n in links if n.startswith("kernel-")]) == 5, links
        # a graded call: the student's serve makes its socket inside, the launcher links it out
        from clustercourse.trusted import StudentFunction, StudentKernel

        assert execute(kc, "def twice(x):\n    return 2 * x\n")[0] == "ok"
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in km.get_connection_info().items()}
        grader = StudentKernel(info, call_timeout=30)
        try:
            assert StudentFunction(grader, "twice")(21) == 42
            assert grader.channel == "socket", f"the sandboxed kernel answered through {grader.channel}"
            assert "kernel-serve" in os.listdir(sockets / "sandbox"), os.listdir(sockets / "sandbox")
        finally:
            grader.client.stop_channels()


@needs_bwrap
def test_nothing_a_kernel_writes_stays_on_the_host(monkeypatch, course, tmp_path):
    """The kernel writes in its working folder, /tmp and its home: after it ends, the course tree
    (its host working folder included) is unchanged and no file of that name exists on the host."""
    name = f"kernel-wrote-{os.getpid()}-{time.time_ns()}"
    code = (f"import os, pathlib\nfor d in ('.', '/tmp', os.path.expanduser('~')):\n"
            f"    pathlib.Path(d, {name!r}).write_text('x')\nprint(sorted(os.listdir('.')))")

    def snapshot():
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(course["root"].rglob("*"))}

    before = snapshot()
    with kernel(monkeypatch, course["here"], [course["root"]]) as (km, kc, _):
        status, text = execute(kc, code)
        assert status == "ok" and name in text, text
    assert snapshot() == before, "the kernel changed the course tree on the host"
    assert not Path("/tmp", name).exists() and not Path.home().joinpath(name).exists()


def test_control_the_same_writes_land_on_the_host_without_the_sandbox(course):
    name = f"kernel-wrote-{os.getpid()}-{time.time_ns()}"
    try:
        subprocess.run([sys.executable, "-c", f"import pathlib; pathlib.Path({name!r}).write_text('x')"],
                       cwd=course["here"], check=True)
        assert (course["here"] / name).exists()
    finally:
        (course["here"] / name).unlink(missing_ok=True)


@needs_bwrap
def test_a_fork_bomb_is_capped_ends_with_its_kernel_and_spares_other_kernels(monkeypatch, course):
    with kernel(monkeypatch, course["here"], [course["root"]], processes=64) as (km, kc, _):
        status, text = execute(kc, probe_code({"threads": 200}))
        threads = parse_probe(text)["threads"]
        assert 20 <= threads < 64, f"expected the thread bomb stopped below 64 tasks, it started {threads}"
        kc.execute(probe_code({"forks": 500, "hold": True}))
        out = None
        deadline = time.time() + 60
        while out is None and time.time() < deadline:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["msg_type"] == "stream" and "PROBE " in msg["content"]["text"]:
                out = parse_probe(msg["content"]["text"])
        assert out and 20 <= out["forks"] < 64, f"expected the fork bomb stopped below 64 tasks: {out}"
        uid = int(out["status"]["Uid"])
        assert sandbox._tasks_of(uid) >= out["forks"], "the bomb's processes should be running now"
        # Another kernel (another uid) still starts and works while the bomb holds its processes.
        other = run_sandboxed(IDENTITY, course["here"], sandboxed_env([course["root"]]))
        assert int(other["status"]["Uid"]) != uid, "two kernels got the same uid"
        started = time.time()
        km.shutdown_kernel()             # busy in the held cell: jupyter_client ends it by SIGTERM
        print(f"shutdown of the busy kernel took {time.time() - started:.1f} s")
    for _ in range(50):
        if not sandbox._tasks_of(uid):
            break
        time.sleep(0.1)
    assert not sandbox._tasks_of(uid), f"{sandbox._tasks_of(uid)} processes of the bomb outlived their kernel"


def test_control_the_same_bombs_grow_past_the_cap_without_the_sandbox(tmp_path):
    out = run_host({"threads": 100, "forks": 100}, tmp_path)
    assert (out["threads"], out["forks"]) == (100, 100), out


# --- the sockets ------------------------------------------------------------------------

def _children(pid):
    found = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(p.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


SOCKET_SWAP = r'''
import json, os, socket, time
info = json.load(open("/run/kernel.json"))
base = info["ip"]
os.symlink(HOST_SOCKET, f"{base}-{info['shell_port']}")     # the attack: a link to a host path
real = socket.socket(socket.AF_UNIX)
real.bind(f"{base}-{info['iopub_port']}")
real.listen()
print("ready", base, flush=True)
conn, _ = real.accept()
conn.sendall(b"from the sandbox")
time.sleep(60)
'''


@needs_bwrap
def test_a_kernel_cannot_point_the_graders_client_at_a_host_socket(course, tmp_path):
    """The kernel swaps a socket for a link to a host socket (say, a database's). Through the
    launcher's links the grader reaches the kernel's real socket but never the host one; CONTROL:
    through /proc/<pid>/root/tmp/.kernel (a link into the sandbox) it reaches the host socket."""
    host_socket = str(tmp_path / "db.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(host_socket)
    server.listen()
    server.settimeout(5)
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    command = _connection(sockets)
    info = json.loads(Path(command[-1]).read_text())
    code = SOCKET_SWAP.replace("HOST_SOCKET", repr(host_socket))
    launcher = subprocess.Popen([sys.executable, "-m", "coursetool.grade.sandbox", "--", sys.executable, "-c", code,
                                 "-f", command[-1]], cwd=course["here"], env=sandboxed_env([course["root"]]),
                                stdout=subprocess.PIPE, text=True)
    try:
        assert launcher.stdout.readline().startswith("ready /tmp/.kernel/kernel")
        real = sockets / "sandbox" / f"kernel-{info['iopub_port']}"
        for _ in range(200):
            if real.exists():
                break
            time.sleep(0.01)
        client = socket.socket(socket.AF_UNIX)
        client.connect(str(real))
        assert client.recv(100) == b"from the sandbox"
        swapped = sockets / "sandbox" / f"kernel-{info['shell_port']}"
        with pytest.raises(OSError):
            socket.socket(socket.AF_UNIX).connect(str(swapped))
        # CONTROL: the brief's first design, a link straight into the sandbox's /tmp/.kernel.
        (bwrap,) = _children(launcher.pid)
        (pid1,) = _children(bwrap)
        socket.socket(socket.AF_UNIX).connect(f"/proc/{pid1}/root/tmp/.kernel/kernel-{info['shell_port']}")
        server.accept()[0].close()           # the host socket was reached
    finally:
        launcher.terminate()
        launcher.wait(timeout=10)
        server.close()
    assert not (sockets / "sandbox").exists(), "the launcher left its socket links behind"


# --- the unprivileged mode ----------------------------------------------------------------

def _as_nobody(monkeypatch, command):
    """``command`` in the sandbox of a launcher that is not root (bwrap's user namespace), as nobody.

    The course's Python lives under /root, out of nobody's reach: the probe uses the system's
    python3 and the sandbox shows /usr only."""
    monkeypatch.setattr(sandbox, "allowed_paths", lambda: [Path("/usr")])
    monkeypatch.setattr(sandbox, "_matplotlib_font_cache", lambda: None)
    here = Path(tempfile.mkdtemp(prefix="clustercourse-test-nobody-"))     # nobody must reach it
    here.chmod(0o755)
    fds = {}
    try:
        for dest, content in sandbox.identity_files(65534, 65534).items():
            r, w = os.pipe()
            os.write(w, content)
            os.close(w)
            fds[dest] = r
        args = sandbox.bwrap_command(command, here, [], {"PATH": "/usr/bin"}, sandbox.bwrap_path(), uid=65534,
                                     gid=65534, as_root=False, files=fds)
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", *args],
                              pass_fds=list(fds.values()), capture_output=True, text=True, timeout=60)
    finally:
        for fd in fds.values():
            os.close(fd)
        shutil.rmtree(here)


@as_root
@needs_bwrap
@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="needs the system's python3")
def test_unprivileged_mode_confines_another_user_too(monkeypatch):
    """As a user other than root: no capabilities, no_new_privs, only /tmp writable, no mounts, and
    no further user namespaces (--disable-userns). Its limit: bwrap's PID 1 is the same user."""
    code = probe_code({"writable_walk": "/", "umount": ["/usr", "/tmp"], "remount_rw": ["/"]})
    proc = _as_nobody(monkeypatch, ["/usr/bin/python3", "-c", code])
    assert proc.returncode == 0, proc.stderr
    out = parse_probe(proc.stdout)
    assert out["status"]["Uid"] == "65534" and out["status"]["NoNewPrivs"] == "1", out["status"]
    assert set(out["status"][k] for k in ("CapEff", "CapPrm", "CapBnd")) == {"0000000000000000"}, out
    assert [d for d in out["writable"] if not d.startswith("/tmp")] == [], out["writable"]
    assert_all_fail(out, ["umount /usr", "umount /tmp", "remount rw /"])
    nested = _as_nobody(monkeypatch, ["unshare", "--user", "true"])
    assert nested.returncode != 0, "a user namespace inside the unprivileged sandbox should be refused"
    control = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                              "unshare", "--user", "true"], capture_output=True, text=True)
    assert control.returncode == 0, f"CONTROL: nobody makes a user namespace on the host: {control.stderr}"
