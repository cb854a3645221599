"""Fills the working folder, on the grader's disk without a sandbox (bounded here at 128 MiB, then removed)."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report, fill
import os

_attack_report(**_fill(os.getcwd()))
