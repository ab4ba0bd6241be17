"""Write dossier/rules/in-truong.yaml: which documents print which field, traced
from the samples and the built-in templates (dossier.guide.trace_samples), for
``dossier guide`` — an installed wheel has no samples to trace. Run after
changing a template, a document builder, a schema or the samples:
``.venv/bin/python tools/make_guide_trace.py`` (tests/test_guide.py fails
until the file is current).
"""

from dossier import guide, resources

if __name__ == "__main__":
    target = resources.RULES / guide.TRACE_FILE
    target.write_text(guide.trace_text(), encoding="utf-8")
    print(target)
