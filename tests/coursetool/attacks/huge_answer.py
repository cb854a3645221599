"""cut answers with 100 MB of labels (128 MB on the wire), to make the grader's (unconfined) kernel decode it."""
# class: protocol
# base: cut_one_merge_too_many
# cell: cut
# control: delivered
# delivered: larger than


def _cut_huge(Z, k, _cut=cut):
    labels = _cut(Z, k)
    return np.resize(labels, 12_500_000)


cut = _cut_huge
