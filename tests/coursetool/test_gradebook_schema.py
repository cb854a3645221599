"""A new gradebook is stamped with the schema revision nbgrader's own ``alembic heads`` gives."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from coursetool.nbgrader_course import Course, alembic_head


def _stamp(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchall()


def test_the_in_process_revision_is_the_one_alembic_prints(tmp_path):
    """nbgrader's way (a new ``alembic`` process, run in a fresh Python) and this process's agree."""
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    stock = tmp_path / "stock.db"
    subprocess.run([sys.executable, "-c", "import sys, nbgrader.api; nbgrader.api.Gradebook(sys.argv[1]).close()",
                    f"sqlite:///{stock}"], check=True, env=env)
    course = Course.scratch([], parent=tmp_path)
    with course.gradebook():
        pass
    assert _stamp(course.layout.gradebook) == _stamp(stock) == [(alembic_head(),)]
