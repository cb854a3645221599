"""A fork bomb, bounded here at 300 sleeping children (all killed at the end of the cell)."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report
import os
import signal

_children, _stopped = [], "limit reached"
try:
    while len(_children) < 300:
        _pid = os.fork()
        if _pid == 0:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            os.execv("/bin/sleep", ["sleep", "60"]) if os.path.exists("/bin/sleep") else os.pause()
            os._exit(0)
        _children.append(_pid)
except OSError as exc:
    _stopped = f"{type(exc).__name__}: {exc}"
for _pid in _children:
    os.kill(_pid, signal.SIGKILL)
    os.waitpid(_pid, 0)
_attack_report(children=len(_children), stopped=_stopped)
