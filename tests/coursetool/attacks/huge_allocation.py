"""Allocates and touches 2.5 GiB of memory (bounded, freed at once)."""
# class: exhaustion
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report
try:
    _hog = np.ones(int(2.5 * 2**30) // 8)
    _result = {"allocated": _hog.nbytes}
    del _hog
except MemoryError as exc:
    _result = {"allocated": 0, "error": f"MemoryError: {exc}"}
_attack_report(**_result)
