"""cut ignores SIGINT and sleeps for ever when a test calls it."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: plain
import signal
import time


def cut(Z, k):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        time.sleep(1)
