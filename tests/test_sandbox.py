"""The grading sandbox: its settings, its environment, and what sandboxed code can and cannot do.

The tests that run code in the sandbox call the launcher directly
(``python -m clustercourse.sandbox -- python -c ...``), without nbgrader; the
hostile-submission tests do the same through nbgrader.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clustercourse import sandbox
from clustercourse.paths import ROOT

# Skipped without bubblewrap, unless CLUSTERCOURSE_REQUIRE_SANDBOX is set (CI): then they fail.
needs_bwrap = pytest.mark.skipif(not sandbox.available() and not os.environ.get("CLUSTERCOURSE_REQUIRE_SANDBOX"),
                                 reason="bubblewrap (bwrap) is not installed or cannot run here")
SECRET = "postgresql://grader:hunter2@db.example/gradebook"


# --- kernel_env ------------------------------------------------------------------------

@needs_bwrap
def test_kernel_env_puts_a_sandboxed_python3_kernelspec_first(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    env = sandbox.kernel_env(hide=[tmp_path])
    first = Path(env["JUPYTER_PATH"].split(os.pathsep)[0])
    spec = json.loads((first / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][1:4] == ["-m", "clustercourse.sandbox", "--"], f"launcher argv: {spec['argv']}"
    assert spec["argv"][-2:] == ["-f", "{connection_file}"], f"kernel argv: {spec['argv']}"
    assert spec["interrupt_mode"] == "message", f"interrupt_mode: expected 'message', got {spec['interrupt_mode']!r}"
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    found = KernelSpecManager().get_kernel_spec("python3")
    assert "clustercourse.sandbox" in found.argv, f"jupyter_client resolves python3 to {found.argv}"


@needs_bwrap
def test_kernel_env_hides_the_given_folders_the_repository_and_home(tmp_path, monkeypatch):
    monkeypatch.delenv(sandbox.ENV_MEMORY, raising=False)
    env = sandbox.kernel_env(hide=[tmp_path])
    hidden = env[sandbox.ENV_HIDE].split(os.pathsep)
    for path in (tmp_path.resolve(), ROOT, Path.home().resolve()):
        assert str(path) in hidden, f"expected {path} among the hidden folders, got {hidden}"
    assert env[sandbox.ENV_MEMORY] == str(2 * 2**30), f"default memory: got {env[sandbox.ENV_MEMORY]}"
    assert "NBGRADER_DB_URL" not in env, "kernel_env must not carry the gradebook URL"


@needs_bwrap
def test_memory_limit_comes_from_the_argument_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ENV_MEMORY, str(3 * 2**30))
    assert sandbox.kernel_env([tmp_path])[sandbox.ENV_MEMORY] == str(3 * 2**30)
    assert sandbox.kernel_env([tmp_path], memory_bytes=2**30)[sandbox.ENV_MEMORY] == str(2**30)


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
])
def test_bad_limits_are_rejected(tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        sandbox.kernel_env([tmp_path], **kwargs)


def test_bad_memory_in_the_environment_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.ENV_MEMORY, "2G")
    with pytest.raises(ValueError, match="CLUSTERCOURSE_SANDBOX_MEMORY must be a number of bytes; got '2G'"):
        sandbox.kernel_env([tmp_path])


def test_missing_bwrap_raises_with_the_remedy(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    sandbox.available.cache_clear()
    try:
        assert sandbox.available() is False, "available() should be False without bwrap"
        with pytest.raises(RuntimeError, match="apt-get install bubblewrap"):
            sandbox.kernel_env([tmp_path])
    finally:
        monkeypatch.undo()
        sandbox.available.cache_clear()


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
                "OPENBLAS_NUM_THREADS": "1"}
    got = {k: env.get(k) for k in expected}
    assert got == expected, f"expected {expected}, got {got}"


def test_command_hides_then_binds_then_locks(tmp_path):
    course = tmp_path / "course"
    cwd = course / "autograded" / "ann" / "lab1_linkage"
    cwd.mkdir(parents=True)
    args = sandbox.bwrap_command(["python", "-c", "pass"], cwd, [course, ROOT],
                                 environ={"PATH": "/usr/bin", "NBGRADER_DB_URL": SECRET})
    assert SECRET not in " ".join(args), "the gradebook URL is on bwrap's command line"
    assert "--clearenv" in args and "--die-with-parent" in args and "--unshare-pid" in args, args

    def at(*words):
        return next(i for i in range(len(args)) if tuple(args[i:i + len(words)]) == words)

    hide_root = at("--tmpfs", str(ROOT))
    show_venv = at("--ro-bind", sys.prefix, sys.prefix) if Path(sys.prefix).is_relative_to(ROOT) else hide_root + 1
    bind_cwd = at("--bind", str(cwd), str(cwd))
    lock_root = at("--remount-ro", str(ROOT))
    assert hide_root < show_venv < lock_root and bind_cwd < lock_root, \
        f"expected tmpfs over {ROOT}, then binds, then remount-ro; got positions {hide_root, show_venv, bind_cwd, lock_root}"


def test_command_refuses_a_working_folder_that_holds_a_hidden_one(tmp_path):
    hidden = tmp_path / "course" / "source"
    hidden.mkdir(parents=True)
    with pytest.raises(sandbox.SandboxError, match="is or holds the hidden folder"):
        sandbox.bwrap_command(["python"], tmp_path / "course", [hidden])


def _kernel_command(tmp_path, transport):
    """A kernel command line whose connection file says ``transport``, and its socket folder."""
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    info = {"transport": transport, "ip": str(sockets / "kernel") if transport == "ipc" else "127.0.0.1",
            "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}
    connection = tmp_path / "kernel-1.json"
    connection.write_text(json.dumps(info))
    return ["python", "-m", "ipykernel_launcher", "-f", str(connection)], sockets


def test_kernel_over_unix_sockets_gets_no_network_and_its_socket_folder(tmp_path):
    cwd = tmp_path / "work"
    cwd.mkdir()
    command, sockets = _kernel_command(tmp_path, "ipc")
    args = sandbox.bwrap_command(command, cwd, [tmp_path / "course"])
    assert "--unshare-net" in args, f"a kernel reached over Unix sockets needs no network; bwrap got {args}"
    assert ("--bind", str(sockets), str(sockets)) in zip(args, args[1:], args[2:]), \
        f"the socket folder {sockets} should be bound read-write; bwrap got {args}"


def test_kernel_over_tcp_keeps_the_network_and_plain_commands_get_none(tmp_path):
    cwd = tmp_path / "work"
    cwd.mkdir()
    command, _ = _kernel_command(tmp_path, "tcp")
    tcp = sandbox.bwrap_command(command, cwd, [tmp_path / "course"])
    assert "--unshare-net" not in tcp, "a kernel reached over loopback TCP must keep the network"
    plain = sandbox.bwrap_command(["python", "-c", "pass"], cwd, [tmp_path / "course"])
    assert "--unshare-net" in plain, f"a command that is no kernel should get no network; bwrap got {plain}"


def test_socket_folder_must_be_absolute_and_not_hidden(tmp_path):
    cwd = tmp_path / "work"
    cwd.mkdir()
    command, sockets = _kernel_command(tmp_path, "ipc")
    with pytest.raises(sandbox.SandboxError, match="socket folder"):
        sandbox.bwrap_command(command, cwd, [sockets])
    connection = Path(command[-1])
    connection.write_text(json.dumps({"transport": "ipc", "ip": "kernel-ipc"}))
    with pytest.raises(sandbox.SandboxError, match="absolute path"):
        sandbox.bwrap_command(command, cwd, [tmp_path / "course"])
    with pytest.raises(ValueError, match="socket_dir"):
        sandbox.ipc_args(tmp_path / "missing")
    assert sandbox.ipc_args(sockets) == ["--KernelManager.transport=ipc", f"--KernelManager.ip={sockets / 'kernel'}"]


def test_launcher_refuses_to_run_unsandboxed(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERCOURSE_SANDBOX_")}
    proc = subprocess.run([sys.executable, "-m", "clustercourse.sandbox", "--", sys.executable, "-c",
                           "print('ran')"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (3, ""), \
        f"expected exit 3 and no output without {sandbox.ENV_HIDE}, got {proc.returncode} {proc.stdout!r}"
    assert sandbox.ENV_HIDE in proc.stderr, f"expected the missing setting named, got {proc.stderr!r}"


# --- running code in the sandbox -------------------------------------------------------

PROBE = """
import json, os, pathlib, resource
here = pathlib.Path.cwd()
course = here.parents[2]
out = {}
def attempt(name, action):
    try:
        out[name] = "ok: " + str(action())
    except BaseException as exc:
        out[name] = type(exc).__name__
attempt("read_source", lambda: (course / "source" / "secret.txt").read_text())
attempt("read_other_student", lambda: (course / "submitted" / "bob" / "work.txt").read_text())
attempt("read_repository_source", lambda: len((pathlib.Path(REPO) / "source" / "lab1_linkage" / "lab1_linkage.ipynb").read_bytes()))
attempt("write_course", lambda: (course / "pwned.txt").write_text("x"))
attempt("write_beside_own_folder", lambda: (here.parent / "pwned.txt").write_text("x"))
attempt("db_url", lambda: os.environ["NBGRADER_DB_URL"])
attempt("write_own_folder", lambda: (here / "mine.txt").write_text("x"))
attempt("write_tmp", lambda: pathlib.Path("/tmp/clustercourse-sandbox-probe.txt").write_text("x"))
attempt("import_course_packages", lambda: __import__("clustercourse.datasets").datasets.load_old_faithful().shape)
attempt("memory_limit", lambda: resource.getrlimit(resource.RLIMIT_AS)[0])
attempt("allocate_beyond_the_limit", lambda: len(bytearray(3 * 2**30)))
attempt("write_a_file_beyond_the_size_limit", lambda: (here / "big.bin").write_bytes(bytes(3 * 2**20)))
import socket
attempt("connect_to_a_local_server", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=5).close())
print(json.dumps(out))
""".replace("REPO", repr(str(ROOT)))


PROBE_TMP = Path("/tmp/clustercourse-sandbox-probe.txt")


@pytest.fixture
def fake_course(tmp_path):
    """A course-shaped folder: a secret source, another student's work, and ann's working folder."""
    course = tmp_path / "course"
    for path, text in {"source/secret.txt": "hidden tests", "submitted/bob/work.txt": "bob's work"}.items():
        (course / path).parent.mkdir(parents=True, exist_ok=True)
        (course / path).write_text(text)
    here = course / "autograded" / "ann" / "lab1_linkage"
    here.mkdir(parents=True)
    return course, here


def run_probe(here, env):
    """Run PROBE (sandboxed when ``env`` says so) while a TCP server listens on localhost."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        probe = PROBE.replace("PORT", str(server.getsockname()[1]))
        proc = subprocess.run([sys.executable, "-m", "clustercourse.sandbox", "--", sys.executable, "-c", probe]
                              if sandbox.ENV_HIDE in env else [sys.executable, "-c", probe],
                              cwd=here, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"the probe failed (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@needs_bwrap
def test_sandboxed_code_is_confined_and_limited(fake_course):
    course, here = fake_course
    env = {**os.environ, "NBGRADER_DB_URL": SECRET, "MPLBACKEND": "Agg",
           **sandbox.kernel_env(hide=[course], memory_bytes=2**30, file_size_bytes=2**20)}
    out = run_probe(here, env)
    refused = ["read_source", "read_other_student", "read_repository_source", "write_course",
               "write_beside_own_folder", "db_url", "allocate_beyond_the_limit",
               "write_a_file_beyond_the_size_limit", "connect_to_a_local_server"]
    leaked = {k: out[k] for k in refused if out[k].startswith("ok")}
    assert not leaked, f"expected these to fail in the sandbox, but they succeeded: {leaked}"
    allowed = ["write_own_folder", "write_tmp", "import_course_packages"]
    blocked = {k: out[k] for k in allowed if not out[k].startswith("ok")}
    assert not blocked, f"expected these to work in the sandbox, but they failed: {blocked}"
    assert out["memory_limit"] == f"ok: {2**30}", f"RLIMIT_AS: expected {2**30}, got {out['memory_limit']}"
    assert out["allocate_beyond_the_limit"] == "MemoryError", f"3 GiB allocation: {out['allocate_beyond_the_limit']}"
    assert not (course / "pwned.txt").exists(), "the sandboxed code wrote into the course"
    assert not PROBE_TMP.exists(), f"the sandbox's /tmp is the real /tmp: {PROBE_TMP} was written"


def test_control_the_probe_gets_everywhere_without_the_sandbox(fake_course):
    """The same probe without the sandbox reaches everything, so the test above can fail."""
    course, here = fake_course
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERCOURSE_SANDBOX_")}
    try:
        out = run_probe(here, {**env, "NBGRADER_DB_URL": SECRET})
    finally:
        PROBE_TMP.unlink(missing_ok=True)
    for name in ("read_source", "read_other_student", "read_repository_source", "write_course",
                 "write_beside_own_folder", "db_url", "connect_to_a_local_server"):
        assert out[name].startswith("ok"), f"{name}: expected to succeed without the sandbox, got {out[name]}"


@needs_bwrap
def test_sandboxed_process_dies_with_the_grader(tmp_path):
    """When the grader (nbgrader) is killed, the sandboxed kernel goes with it: no orphans."""
    marker = f"{3000 + os.getpid() % 997}.{time.time_ns() % 10**6}"     # a unique `sleep` argument
    (tmp_path / "course").mkdir()
    (tmp_path / "work").mkdir()
    env = {**os.environ, **sandbox.kernel_env(hide=[tmp_path / "course"])}
    grader = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time\n"
         f"subprocess.Popen([sys.executable, '-m', 'clustercourse.sandbox', '--', 'sleep', {marker!r}])\n"
         "time.sleep(120)"], cwd=tmp_path / "work", env=env)

    def sleepers():
        return [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p) == ["sleep", marker]]

    try:
        for _ in range(100):
            if sleepers():
                break
            subprocess.run(["sleep", "0.1"])
        assert sleepers(), "the sandboxed sleep never started"
    finally:
        grader.kill()
        grader.wait()
    for _ in range(50):
        if not sleepers():
            break
        subprocess.run(["sleep", "0.1"])
    assert not sleepers(), f"expected the sandboxed process gone with its parent, still running: {sleepers()}"


def _cmdline(proc_dir):
    try:
        return (proc_dir / "cmdline").read_bytes().decode(errors="replace").rstrip("\0").split("\0")
    except OSError:
        return None
