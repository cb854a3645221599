"""Fills the temporary folder (bounded here at 128 MiB, then removed)."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report, fill
import tempfile

_attack_report(**_fill(tempfile.gettempdir()))
