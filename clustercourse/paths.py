"""Where the course lives on disk, and which labs it has."""

import os
import runpy
from functools import lru_cache
from pathlib import Path

#: The repository root: the folder holding ``nbgrader_config.py``.
ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder of data files (``CLUSTERCOURSE_DATA`` overrides ``<repository>/data``)."""
    return Path(os.environ.get("CLUSTERCOURSE_DATA", ROOT / "data")).resolve()


@lru_cache(maxsize=None)
def labs() -> tuple[str, ...]:
    """The assignment ids, in teaching order, as listed in ``nbgrader_config.py``."""
    from traitlets.config import Config

    namespace = runpy.run_path(str(ROOT / "nbgrader_config.py"),
                               init_globals={"get_config": Config})
    return tuple(namespace["ASSIGNMENTS"])


def check_lab(lab: str) -> str:
    """Return ``lab`` if it is one of the course's assignments, else raise ValueError."""
    if lab not in labs():
        raise ValueError(f"lab must be one of {', '.join(labs())}; got {lab!r}")
    return lab
