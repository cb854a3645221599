"""cut returns an object whose __array_interface__ points numpy at the memory of the check's expected labels."""
# class: objects
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: frames


class _Mirror:
    def __init__(self, own):
        self.own = own
        self.keep = []

    @property
    def __array_interface__(self):
        value = np.ascontiguousarray(_expected_in_checks(self.own))
        self.keep.append(value)                   # keep the memory alive while numpy reads it
        return value.__array_interface__


def _cut_mirror(Z, k, _cut=cut):
    return _Mirror(_cut(Z, k))


cut = _cut_mirror
