"""A double-forked daemon outlives the kernel and writes outside once grading is over (bounded: it gives up after 30 min)."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: open
# uses: report
import ctypes
import os
import time

_first = os.fork()
if _first == 0:
    os.setsid()
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(15, b"ccattack-daemon", 0, 0, 0)          # PR_SET_NAME: findable in /proc
        try:
            with open("__CANARY__/daemon.pid", "w") as f:
                f.write(str(os.getpid()))
        except OSError:
            pass
        for _ in range(3600):
            time.sleep(0.5)
            if os.path.exists("__COURSE__/grades.csv"):
                try:
                    with open("__CANARY__/daemon.txt", "w") as f:
                        f.write(f"written by process {os.getpid()} after grading\n")
                except OSError:
                    pass
                break
    os._exit(0)
os.waitpid(_first, 0)
_attack_report(daemon="started")
