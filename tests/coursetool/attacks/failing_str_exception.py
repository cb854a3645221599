"""cut raises, for k = 1, an exception whose __str__ itself raises (the grader must still report it)."""
# class: protocol
# base: cut_one_merge_too_many
# cell: cut
# control: delivered
# delivered: cannot be shown


class _Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


def _cut_unprintable(Z, k, _cut=cut):
    if k == 1:
        raise _Unprintable()
    return _cut(Z, k)


cut = _cut_unprintable
