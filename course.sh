#!/usr/bin/env bash
# Set up (once) and run the course on a fresh machine with Python 3.11:
#   bash course.sh demo    build the course, grade a simulated class, print the grades
#   bash course.sh test    run the whole test suite
#   bash course.sh lab [LAB ...]   (students) the labs' hand-outs (course handout), unpacked into
#                          student/ (or $CLUSTERCOURSE_STUDENT_DIR; files already there are kept),
#                          in a JupyterLab without nbgrader's instructor extensions
# Anything else is passed to the course tool: bash course.sh build lab1_linkage
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)

if [ ! -f "$STAMP" ]; then
  echo "setting up $VENV (first run, or pyproject.toml changed)..." >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".[instructor,test]"
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi

# Grading runs student code in a bubblewrap sandbox (Debian's bubblewrap package).
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) >/dev/null 2>&1 || true
  fi
  command -v bwrap >/dev/null 2>&1 ||
    echo "warning: bubblewrap is missing (apt-get install bubblewrap); grading needs it or --no-sandbox" >&2
fi

export MPLBACKEND=Agg
case "${1:-}" in
  test) shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  lab)  shift
        work=${CLUSTERCOURSE_STUDENT_DIR:-student}
        "$VENV/bin/course" handout "$@" --unpack "$work"
        venv=$PWD/$VENV
        cd "$work"
        root=(); [ "$(id -u)" = 0 ] && root=(--allow-root)
        unset CLUSTERCOURSE_DATA CLUSTERCOURSE_COURSE MPLBACKEND   # the kernels find data/ here, draw inline
        JUPYTER_CONFIG_DIR="$PWD/jupyter" exec "$venv/bin/jupyter" lab "${root[@]}" ;;
  "")   echo "usage: bash course.sh demo | test | lab [LAB ...] | build|check|stale|handout|grade [LAB ...]" >&2; exit 2 ;;
  *)    exec "$VENV/bin/course" "$@" ;;
esac
