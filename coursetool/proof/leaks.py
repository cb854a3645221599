"""The leak detector: distinctive lines of a lab's solution or hidden-test regions, and where they show.

Used by ``tests/labs/test_no_leak.py`` (release/, the package, feedback) and
``tests/coursetool/test_handout.py`` (a hand-out's zip).
"""

import html
import re

from coursetool.proof import variants as V

#: The nbgrader regions a student must never see, by kind.
REGION = {"solution": re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.DOTALL),
          "hidden": re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.DOTALL)}
#: The markers of those regions.
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def secret_lines(lab, kind, course=None):
    """Distinctive lines of the solution or hidden-test regions of a lab's source (of ``course``, a CourseLayout)."""
    nb = V.reference(lab, course)
    everywhere_else = "\n".join(REGION[kind].sub("", c.source) for c in nb.cells)
    lines = set()
    for cell in nb.cells:
        for region in REGION[kind].findall(cell.source):
            for line in region.splitlines():
                line = line.strip()
                if len(line) >= 30 and not line.startswith("#") and line not in everywhere_else:
                    lines.add(line)
    return lines


def secret_pairs(lab, kind, course=None):
    """Pairs of consecutive non-trivial lines of the lab's solution or hidden-test regions."""
    pairs = set()
    for cell in V.reference(lab, course).cells:
        for region in REGION[kind].findall(cell.source):
            lines = [ln.strip() for ln in region.splitlines()
                     if len(ln.strip()) >= 12 and not ln.strip().startswith("#")]
            pairs.update(zip(lines, lines[1:]))
    return pairs


def line_pairs(text):
    """The pairs of consecutive stripped lines of ``text`` (to compare with :func:`secret_pairs`)."""
    lines = [ln.strip() for ln in text.splitlines()]
    return set(zip(lines, lines[1:]))


def leaked(text, lines):
    """Secret lines found in ``text``, also once HTML tags and escapes are removed."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    return sorted(line for line in lines if line in text or line in plain)
