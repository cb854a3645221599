"""What one call of a student's function, and one call-back of a reference helper, cost while grading.

    .venv/bin/python benchmarks/bench_calls.py [--calls 1000]

Two plain kernels stand for the student's and the trusted one (as the trusted executor connects them,
without the sandbox). The student's kernel is reached over Unix sockets, where requests and answers use
the serve socket (clustercourse.remote), and over TCP, where they use Jupyter's stdin channel: both are
measured in one run, alternating. Figures recorded in benchmarks/README.md.
"""

import argparse
import json
import shutil
import tempfile

from jupyter_client import KernelManager

STUDENT = """
import numpy as np
def small(x):
    return x
def helped(n, a):
    for _ in range(n):
        a = helper(a)
    return a
"""

TRUSTED = """
import json, time
import numpy as np
import clustercourse.trusted as _t
from clustercourse import checks
_t.install(json.loads({info!r}))
"""

MEASURE = """
checks.use_reference_helpers(helper=lambda a: a)
_out = {{}}
for _label, _arg in (("an int", 1), ("a 600 x 3 float array", np.zeros((600, 3)))):
    _start = time.perf_counter()
    for _ in range({n}):
        small(_arg)
    _out["call, " + _label] = (time.perf_counter() - _start) / {n} * 1000
    _start = time.perf_counter()
    helped({n}, _arg)
    _out["call-back, " + _label] = (time.perf_counter() - _start) / {n} * 1000
print("RESULT " + json.dumps(_out))
"""


def start(transport, folder):
    options = {"transport": "ipc", "ip": f"{folder}/kernel"} if transport == "ipc" else {}
    km = KernelManager(kernel_name="python3", **options)
    km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc


def run(kc, code):
    out = []
    kc.execute_interactive(code, timeout=600, output_hook=lambda m: out.append(m["content"].get("text", ""))
                           if m["header"]["msg_type"] == "stream" else None)
    return "".join(out)


def measure(transport, n):
    folder = tempfile.mkdtemp(prefix="bench-calls-")
    kernels = []
    try:
        skm, skc = start(transport, folder)
        kernels.append(skm)
        tkm, tkc = start("tcp", folder)
        kernels.append(tkm)
        run(skc, STUDENT)
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in skm.get_connection_info().items()}
        run(tkc, TRUSTED.format(info=json.dumps(info)))
        text = run(tkc, MEASURE.format(n=n))
        return json.loads(text.split("RESULT ", 1)[1])
    finally:
        for km in kernels:
            km.shutdown_kernel(now=True)
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    best = {}
    for _ in range(args.repeats):
        for transport in ("tcp", "ipc"):
            for key, ms in measure(transport, args.calls).items():
                best[transport, key] = min(ms, best.get((transport, key), float("inf")))
    print("| what (ms each) | stdin channel (TCP kernel) | serve socket (Unix-socket kernel) |")
    print("|---|---|---|")
    for key in dict.fromkeys(k for _, k in best):
        print(f"| {key} | {best['tcp', key]:.2f} | {best['ipc', key]:.2f} |")


if __name__ == "__main__":
    main()
