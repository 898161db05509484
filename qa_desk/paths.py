"""Where the shipped rubrics and resources live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel carries the folders under qa_desk/bundled/; a checkout (or an editable
    # install) has them beside the package.
    bundled = _PACKAGE_DIR / "bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name


def rubrics_dir() -> Path:
    """The folder of rubric YAML files shipped with the app."""
    return _data_dir("rubrics")


def resources_dir() -> Path:
    """The folder of icons, translations and the demo data set."""
    return _data_dir("resources")


def demo_dir() -> Path:
    """The folder holding the bundled demo data set."""
    return resources_dir() / "demo"
