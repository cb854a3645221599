"""Reads the course's gradebook (hidden tests are stored in it) and opens it for writing."""
# class: files
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report
import pathlib
import sqlite3

_facts = {}
for _db in ["__COURSE__/gradebook.db"] + [str(p / "gradebook.db") for p in pathlib.Path.cwd().parents]:
    try:
        with sqlite3.connect(f"file:{_db}?mode=ro", uri=True) as _con:
            _rows = _con.execute("select source from source_cell").fetchall()
        _facts.setdefault("read", []).append(_db)
        _facts["hidden_tests_seen"] = any("BEGIN HIDDEN TESTS" in (r[0] or "") for r in _rows)
        with open(_db, "ab"):                      # opened for writing, left as it was
            _facts.setdefault("writable", []).append(_db)
    except (sqlite3.Error, OSError) as exc:
        _facts.setdefault("errors", []).append(f"{_db}: {exc}")
_attack_report(**_facts)
