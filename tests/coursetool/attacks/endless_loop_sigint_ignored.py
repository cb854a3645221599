"""The answer cell ignores SIGINT and loops for ever: the grader's interrupt does nothing."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: plain
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
