"""Reads the instructor's source notebook (course, worker course or repository) and runs its reference cut."""
# class: files
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report, steal
_attack_report(stole_from=_steal_cut(_hidden_notebooks()))
