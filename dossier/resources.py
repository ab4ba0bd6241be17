"""Where the data shipped with the toolkit is: the Word templates and the
document catalog (``templates/``), the JSON Schemas (``schemas/``), the
rulesets (``rulesets/``) and the package's own tables (``dossier/rules/``).

The top-level folders of the repository are the one source. pyproject.toml
maps them into the package as ``dossier.data.templates``, ``.schemas`` and
``.rulesets``: a wheel carries them in ``dossier/data/``, an editable install
finds them in the checkout, and both are located here by the same
call, :func:`importlib.resources.files`. No other module computes a path to
them. :func:`read_packaged` reads the YAML files among them.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

import yaml

from dossier.errors import EnvironmentFailure


_INSIDE = ("rules", "board")  # folders of dossier/ itself (tables; the office board's pages), not packages


@functools.lru_cache(maxsize=None)
def folder(package: str) -> Path:
    """The folder of a data package of the toolkit (``"templates"``,
    ``"schemas"``, ``"rulesets"``), or of a folder inside ``dossier/``
    (``"rules"``: found without importing that package's code)."""
    try:
        if package in _INSIDE:
            found = importlib.resources.files("dossier") / package
        else:
            found = importlib.resources.files(f"dossier.data.{package}")
    except ModuleNotFoundError:
        found = None
    if not isinstance(found, Path) or not found.is_dir():
        # the templates are opened by path (docxtpl, LibreOffice): an install must unpack them
        raise EnvironmentFailure(f"bộ công cụ dossier cài chưa đủ: không tìm thấy thư mục dữ liệu '{package}' "
                                 f"(dossier.data.{package}); hãy cài lại dossier")
    return found.resolve()


TEMPLATES = folder("templates")  # the built-in Word templates and catalog.yaml
SCHEMAS = folder("schemas")  # JSON Schemas of the data files
RULESETS = folder("rulesets")  # the rulesets (bo_quy_tac)
RULES = folder("rules")  # the toolkit's own tables: reasons a case ends, national days off
CATALOG = TEMPLATES / "catalog.yaml"


def sample_workspace() -> Path | None:
    """The sample workspace of a checkout (``samples/`` beside ``templates/``,
    found from an editable install), or None: an installed wheel has none."""
    found = TEMPLATES.parent / "samples"
    return found if (found / "to-chuc.yaml").is_file() else None


def read_packaged(path: Path):
    """A YAML file shipped with the toolkit (the form catalog, rule sets, national
    days): trusted data, parsed by PyYAML's safe loader — through LibYAML when
    PyYAML has it, several times faster (bench/README.md). User files go
    through :func:`dossier.loader.load`."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
