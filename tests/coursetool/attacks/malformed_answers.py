"""The student's wire encoder is replaced: answers are malformed (bad base64, unknown tags, deep nesting, bad numbers)."""
# class: protocol
# base: cut_one_merge_too_many
# cell: cut
# control: delivered
# delivered: cannot read
import itertools

from clustercourse import wire as _wire

_garbage = itertools.cycle([
    {"$array": "!!not base64!!", "dtype": "<i8", "shape": [5]},
    {"$array": "AAAA", "dtype": "O", "shape": [1]},
    {"$array": "", "dtype": "<i8", "shape": [10**12]},
    {"$evil": "pickle"},
    {"$int": "12" * 5000},
    {"$generator": {"$dict": [["bit_generator", "PCG64"], ["state", "nonsense"]]}},
    {"$object": "not a number"},
    {"$tuple": 17},
    "".join(["["] * 100_000 + ["]"] * 100_000),
])
_honest_encode = _wire.encode
_wire.encode = lambda value, refer=None, depth=0: (next(_garbage) if depth == 0 and type(value).__name__ == "ndarray"
                                                  else _honest_encode(value, refer, depth))
