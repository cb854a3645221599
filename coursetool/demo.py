"""A simulated class for the demo: full solutions, blanks, partial work, known mistakes,
and broken or hostile hand-ins.

Each student hands in every lab; what they hand in cycles through the lab's
roles (reference, blank, partial, every mutant and alternative of
``tests/<lab>/``, then the kinds of :mod:`coursetool.proof.hostile`), so the class
shows every kind of submission the autograder is proven against.
"""

import copy
import shutil

from coursetool.proof import hostile
from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course
from coursetool.notebooks import answer_cells, read_notebook
from coursetool import layout
from coursetool.layout import CourseLayout


def partial(reference_nb, release_nb):
    """The reference with its second half of answer cells still blank."""
    nb = copy.deepcopy(reference_nb)
    stubs = answer_cells(release_nb)
    answers = list(answer_cells(nb).items())
    for grade_id, cell in answers[len(answers) // 2:]:
        cell.source = stubs[grade_id].source
    return nb


#: The hand-ins a small class shows first: a broken file (reported, graded 0) and code that snoops (sandboxed).
FIRST_HOSTILE = ("broken:not_json", "hostile:snooping")
#: How many of a lab's roles come first and show every kind of outcome (see :func:`roles`).
SHOWCASE = 6


def roles(lab, release_nb, include_hostile=True):
    """(role name, notebook) pairs for one lab, in a fixed order.

    The first six show every kind of outcome, so that even the default small class
    does: the reference, a blank, partial work, the first catalogued mistake, a broken
    file and a snooping hand-in; then the other mistakes, the alternatives and the
    other hostile kinds.
    """
    ref = V.reference(lab)
    mutants = [(f"mutant:{v.name}", V.apply(v, ref)) for v in V.variants(lab, "mutant")]
    alternatives = [(f"alternative:{v.name}", V.apply(v, ref)) for v in V.variants(lab, "alternative")]
    first_hostile = [(k, k) for k in FIRST_HOSTILE] if include_hostile else []
    other_hostile = [(k, k) for k in hostile.KINDS if k not in FIRST_HOSTILE] if include_hostile else []
    return [("reference", ref), ("blank", release_nb), ("partial", partial(ref, release_nb)), *mutants[:1],
            *first_hostile, *mutants[1:], *alternatives, *other_hostile]


def role_index(student, lab, n_students, n_roles):
    """Which of a lab's roles student number ``student`` (from 0) hands in for lab number ``lab``.

    A class of at least :data:`SHOWCASE` students goes through the roles in order in every lab.
    A smaller one goes through the first :data:`SHOWCASE` from lab to lab (three students: the
    reference, a blank and partial work in the first lab, a mistake, a broken file and a snooping
    hand-in in the second, and so on), so that it still shows every kind of outcome.
    """
    if n_students >= SHOWCASE or n_roles < SHOWCASE:
        return student % n_roles
    return (student + lab * n_students) % SHOWCASE


def simulate_class(root, labs, n_students=None, include_hostile=True):
    """Create a course in ``root`` whose ``submitted/`` holds a simulated class.

    Returns the :class:`~coursetool.nbgrader_course.Course`. Student ids are
    ``student01``, ``student02``, ...; ``root/roles.csv`` records who handed in what.
    """
    origin, here = layout.current(), CourseLayout(root)
    here.root.mkdir(parents=True)
    shutil.copy2(origin.config, here.config)
    course = Course(here.root, db_url=f"sqlite:///{here.gradebook}")
    lines = ["student,lab,role"]
    per_lab = {}
    for lab in labs:
        shutil.copytree(origin.lab_dir("source", lab), here.lab_dir("source", lab))
        course.generate(lab)
        per_lab[lab] = roles(lab, read_notebook(course.notebook_path("release", lab)), include_hostile)
    n_students = n_students or max(len(r) for r in per_lab.values())
    for i in range(n_students):
        student = f"student{i + 1:02d}"
        for k, (lab, lab_roles) in enumerate(per_lab.items()):
            role, nb = lab_roles[role_index(i, k, n_students, len(lab_roles))]
            if role in hostile.KINDS:
                hostile.hand_in(here.lab_dir("submitted", lab, student), lab, role, V.reference(lab))
            else:
                course.submit(student, lab, nb)
            lines.append(f"{student},{lab},{role}")
    (here.root / "roles.csv").write_text("\n".join(lines) + "\n")
    return course
