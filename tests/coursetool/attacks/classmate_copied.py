"""Reads a classmate's submitted notebook (the one called 'reference') and runs their cut."""
# class: files
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report, steal
_attack_report(stole_from=_steal_cut(["__COURSE__/submitted/reference/lab1_linkage/lab1_linkage.ipynb",
                                      "__COURSE__/.grading/lab1_linkage/reference/lab1_linkage/lab1_linkage.ipynb"]))
