"""An instructor who sets a PostgreSQL db_url gets a real PostgreSQL gradebook (not a mock).

`.ci/run` installs and starts Debian's postgresql and sets CLUSTERCOURSE_TEST_POSTGRES_URL; elsewhere the
test is skipped unless CI is set, where a missing server is a failure.
"""

import os
import uuid

import pytest

from coursetool import notebooks
from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course
from coursetool.grade.grading import grade

LAB = "lab1_linkage"
ADMIN_URL = os.environ.get("CLUSTERCOURSE_TEST_POSTGRES_URL")


@pytest.fixture
def postgres_db():
    if not ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide CLUSTERCOURSE_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("no PostgreSQL server: run `bash .ci/postgres.sh` and set CLUSTERCOURSE_TEST_POSTGRES_URL")
    import sqlalchemy as sa

    name = f"gradebook_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_grading_with_two_jobs_writes_a_postgresql_gradebook(tmp_path, postgres_db):
    import sqlalchemy as sa

    scratch = Course.scratch([LAB], parent=tmp_path)
    course = Course(scratch.root, db_url=postgres_db)
    course.generate(LAB)
    course.submit("ada", LAB, V.reference(LAB))
    course.submit("bo", LAB, V.blank(LAB))
    mutant = V.variants(LAB, "mutant")[0]
    course.submit("cy", LAB, V.apply(mutant, V.reference(LAB)))
    report = grade(course, [LAB], jobs=2, show_progress=False)
    top = report.max_scores[LAB]
    assert report.table.loc["ada", LAB] == top, f"ada (reference) should get {top}: {report.table}"
    assert report.table.loc["bo", LAB] == 0, f"bo (blank) should get 0: {report.table}"
    assert report.table.loc["cy", LAB] < top, f"cy ({mutant.name}) should lose points: {report.table}"
    assert not (course.root / "gradebook.db").exists(), "a SQLite gradebook was written instead"
    engine = sa.create_engine(postgres_db)
    with engine.connect() as conn:
        students = sorted(r[0] for r in conn.execute(sa.text("SELECT id FROM student")))
        n_grades = conn.execute(sa.text("SELECT count(*) FROM grade")).scalar()
    engine.dispose()
    assert students == ["ada", "bo", "cy"], f"PostgreSQL holds students {students}"
    n_cells = len(notebooks.test_cells(V.reference(LAB)))
    assert n_grades >= 3 * n_cells, f"expected at least {3 * n_cells} grade rows in PostgreSQL, found {n_grades}"
