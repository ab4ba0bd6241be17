"""Writing the report's Word documents (BC-PTĐV, CV-DD-CT) from their values
(:mod:`dossier.report_forms`), with the workspace's own template when it has
one (``mau/``), the organisation's page margins, and no half-written file."""

from __future__ import annotations

from pathlib import Path

from dossier import catalog
from dossier.render import page_margins, render_docx, template_path
from dossier.template_check import refuse_broken


def write_docx(code: str, values: dict, output: Path, root: Path, org_data: dict) -> Path:
    """Render the catalog document ``code`` with ``values`` into ``output``."""
    template = refuse_broken(template_path(catalog.entry(code).template, root))
    return render_docx(template, values, output, margins=page_margins(org_data), pictures=True)
