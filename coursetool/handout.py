"""Hand-outs: one lab as a student downloads it, ``handout/<lab>.zip``, with no answer in it.

A hand-out holds the release notebook, the data files the lab reads, the student
runtime (the ``clustercourse`` package, never ``coursetool``), how to install it
and a JupyterLab configuration without nbgrader's instructor extensions::

    README.txt                   how to install and open the lab
    install.sh                   python3 -m venv .venv, then the requirements and the runtime
    jupyterlab.sh                JupyterLab with the configuration below
    requirements.txt             the student packages (pyproject.toml's dependencies)
    pyproject.toml               installs clustercourse/ (pip install --no-deps .)
    clustercourse/...            the student runtime's source
    data/README.md, data/<file>  the lab's data; clustercourse.datasets finds data/ above the notebook
    jupyter/labconfig/page_config.json, jupyter/jupyter_server_config.json
                                 JUPYTER_CONFIG_DIR: formgrader, create-assignment, the course list off
    <lab>/<lab>.ipynb            the release notebook

Every lab's hand-out has the same shared files, so several unpack into one folder.
The zip is reproducible: sorted entries, fixed timestamps and permissions.
"""

import io
import json
import zipfile
from importlib import metadata
from pathlib import Path

import clustercourse
from coursetool import layout

#: The data files each lab reads, by the ``clustercourse.datasets`` loaders its release notebook calls
#: (tests/coursetool/test_handout.py checks this against the notebooks and the loaders).
LAB_DATA = {
    "lab1_linkage": (),
    "lab2_kmeans": ("kmeans_spotify.csv",),
    "lab3_gmm1d": ("gmm1d.csv", "gmm1d_truth.json", "gmm_old_faithful.csv"),
    "lab4_gmm": ("gmm_old_faithful.csv",),
    "lab5_catalogue": ("catalogue_halo.csv.gz",),
}
#: nbgrader 0.9.6's JupyterLab plugins for instructors (and its menu, which opens them); validate stays.
DISABLED_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                        "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu")
#: nbgrader's server extensions for instructors; validate_assignment and assignment_list stay.
DISABLED_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                              "nbgrader.server_extensions.course_list")
#: The hand-out's JupyterLab configuration folder (JUPYTER_CONFIG_DIR), inside the hand-out.
CONFIG_DIR = "jupyter"
#: Timestamp of every zip entry (the earliest a zip can hold): the same sources give the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)

README = """\
Clustering course: a lab hand-out
=================================

Each lab is in its own folder (for example lab1_linkage/lab1_linkage.ipynb);
data/ holds the data files the labs read, and clustercourse/ the course's
runtime (data loaders, plots and checks) that the notebooks import.

Install once, with Python 3.11 or later (a virtual environment in .venv/):

    bash install.sh

which runs

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/pip install --no-deps .

Open the labs in JupyterLab:

    bash jupyterlab.sh

(JupyterLab with JUPYTER_CONFIG_DIR=jupyter/: nbgrader's Validate button
checks your notebook; the instructor's tools are switched off.) Work in the
notebook, then hand in <lab>/<lab>.ipynb. Unpacking another lab's hand-out
into this folder adds its folder and data; keep your own notebooks.
"""

INSTALL = """\
#!/usr/bin/env bash
# Install the course's packages into .venv/ (see README.txt).
set -euo pipefail
cd "$(dirname "$0")"
${PYTHON:-python3} -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/pip install --no-deps .
"""

JUPYTERLAB = f"""\
#!/usr/bin/env bash
# Open the labs in JupyterLab, without nbgrader's instructor extensions (see README.txt).
set -euo pipefail
cd "$(dirname "$0")"
export JUPYTER_CONFIG_DIR="$PWD/{CONFIG_DIR}"
exec .venv/bin/jupyter lab "$@"
"""

DATA_README = """\
# Data

The data files of the labs in this hand-out. `clustercourse.datasets` reads
them from the nearest `data/` folder (with this README.md) at or above the
notebook's folder, or from the folder named by CLUSTERCOURSE_DATA.
"""


def requirements():
    """The student packages: the runtime's dependencies as installed (pyproject.toml's ``dependencies``)."""
    return sorted(r for r in metadata.requires("clustercourse") or () if "extra ==" not in r)


def page_config():
    """JupyterLab's ``labconfig/page_config.json`` of the hand-out."""
    return {"disabledExtensions": {plugin: True for plugin in DISABLED_LAB_PLUGINS}}


def server_config():
    """``jupyter_server_config.json`` of the hand-out."""
    return {"ServerApp": {"jpserver_extensions": {ext: False for ext in DISABLED_SERVER_EXTENSIONS}}}


def runtime_files():
    """``{name in the zip: bytes}`` of the clustercourse package's source (no caches, no coursetool)."""
    package = Path(clustercourse.__file__).parent
    return {f"clustercourse/{p.relative_to(package).as_posix()}": p.read_bytes()
            for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts}


def _pyproject():
    return (f'[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n'
            f'[project]\nname = "clustercourse"\nversion = "{clustercourse.__version__}"\n'
            f'description = "The clustering course\'s student runtime."\nrequires-python = ">=3.11"\n'
            f'dependencies = {json.dumps(requirements())}\n\n'
            f'[tool.setuptools.packages.find]\ninclude = ["clustercourse*"]\n')


def _json(obj):
    return (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode()


def handout_files(lab, course=None):
    """``{name in the zip: bytes}`` of ``lab``'s hand-out from ``course`` (a CourseLayout; the current course)."""
    where = course or layout.current()
    notebook = where.notebook("release", where.check_lab(lab))
    if not notebook.is_file():
        raise FileNotFoundError(f"{notebook} is missing: run `course build {lab}` first")
    files = {
        "README.txt": README.encode(),
        "install.sh": INSTALL.encode(),
        "jupyterlab.sh": JUPYTERLAB.encode(),
        "requirements.txt": "".join(f"{r}\n" for r in requirements()).encode(),
        "pyproject.toml": _pyproject().encode(),
        f"{CONFIG_DIR}/labconfig/page_config.json": _json(page_config()),
        f"{CONFIG_DIR}/jupyter_server_config.json": _json(server_config()),
        "data/README.md": DATA_README.encode(),
        f"{lab}/{lab}.ipynb": notebook.read_bytes(),
        **runtime_files(),
    }
    for name in LAB_DATA[lab]:
        files[f"data/{name}"] = (where.data / name).read_bytes()
    return files


def zip_bytes(files):
    """A reproducible zip of ``{name: bytes}``: sorted entries, fixed time, 0644 (0755 for ``*.sh``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.create_system = 3
            info.external_attr = (0o100755 if name.endswith(".sh") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return out.getvalue()


def build_handout(lab, course=None):
    """Write ``<course>/handout/<lab>.zip`` (:func:`handout_files`, zipped); return its path."""
    where = course or layout.current()
    path = where.handout(lab)
    data = zip_bytes(handout_files(lab, where))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        tmp = path.with_suffix(".zip.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def unpack(zip_path, dest):
    """Extract the files of a hand-out that ``dest`` does not have yet (never a student's own file); return them."""
    dest = Path(dest)
    written = []
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            if info.is_dir() or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777 or 0o644)
            written.append(target)
    return written
