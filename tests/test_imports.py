"""The imports of dossier/ follow the pipeline of the design (issue #15): no
circle, and no module imports one of a later stage. Read from the source (ast),
function-level imports included: a circle hidden in a function is still one."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"

# load → validate → resolve → plan → check → render → convert → bundle → build/batch → board → cli
STAGES = [
    ("load", {"loader", "quotes", "catalog", "rulesets", "workdays", "control_chars", "text_encoding", "pdf_sanitise",
              "yaml_compose", "yaml_document", "yaml_values", "attachments"}),
    ("validate", {"schema", "schema_indent", "completeness", "skeleton", "scaffold", "workspace", "workspace_schemas", "register", "validate", "validation_cache", "input_digest", "reading_kept", "file_facts",
                  "sources", "ke_hoach"}),
    ("resolve", {"context", "verification", "conditions", "case_end", "stage", "classes",
                 "place_names", "vote_figures", "forms.common", "forms.ket_nap_facts", "forms.ket_nap_opinions",
                 "forms.ket_nap_resolutions", "forms.ket_nap_verification", "forms.ca_nhan", "forms.cong_nhan_facts",
                 "forms.cong_nhan_chi_bo", "forms.cong_nhan_committees", "forms.ly_lich"}),
    ("plan", {"plan", "forms.lop_common", "forms.lop_course", "forms.lop_transmittal", "forms.lop_verification",
              "forms.lop_reminder", "numbers", "numbers_class", "numbers_check"}),
    ("check", {"rules", "rules.consistency", "rules.deadlines", "rules.documents", "rules.eligibility",
               "rules.ending", "rules.verification", "rules.votes", "check", "outputs"}),
    ("report", {"report_groups", "report_counts", "report_combine", "report_chart", "report_forms"}),
    ("render", {"docx_template", "render", "template_check", "guide"}),
    ("report_output", {"report_docx", "report_xlsx"}),
    ("convert", {"convert", "convert_cli", "convert_jobs", "convert_recycle", "convert_uno", "soffice", "compose", "uno_worker"}),
    ("bundle", {"bundle", "bundle_front", "bundle_pages", "bundle_gaps"}),
    ("build", {"manifest", "render_cached", "incomplete", "build", "batch", "batch_check", "batch_outcome", "batch_kept"}),
    ("verify", {"verify"}),
    ("board", {"board_model", "board_chart", "board_fragments", "board_pages", "board_live", "board_server"}),  # the office board (issue #20)
    ("sheet", {"sheet_columns", "sheet_model", "sheet_read", "sheet_apply", "sheet_check", "sheet_export",
               "sheet_import", "sheet_doc"}),
    ("cli", {"cli", "cli_messages", "cli_params", "cli_init", "cli_guide", "cli_build", "cli_serve", "cli_dates", "cli_numbers", "cli_templates", "cli_report", "cli_sheet", "cli_verify", "launch", "__main__"}),
]
# Outside the pipeline: imported by any stage, importing no stage.
LEAVES = {"", "vietnamese", "vn_dates", "vn_names", "vn_numbers", "vn_place_keys", "vn_text", "findings", "errors",
          "fsutil", "forms", "resources", "data", "typeset", "yaml_writer", "output_lock",
          "nearest", "output_names", "output_session", "child_process", "docx_picture", "pdf_names"}
# Imports allowed to run backwards for now (to be removed, never added to).
PENDING: set = set()  # (module, import) pairs allowed to run backwards for now: none


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".") if package else []
                up = up[:len(up) - node.level + 1]
                base = ".".join(["dossier", *up, *([base] if base else [])])
            # ``from dossier.x import y``: the module dossier.x.y if there is one, else dossier.x
            targets = [f"{base}.{a.name}" if _short(f"{base}.{a.name}") in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            short = _short(target)
            if short is not None and short in modules and short != name:
                found.add(short)
    return found


def _short(target: str) -> str | None:
    if target == "dossier" or target.startswith("dossier."):
        return target.removeprefix("dossier").removeprefix(".")
    return None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _stage_of(name: str) -> int | None:
    for i, (_, members) in enumerate(STAGES):
        if name in members:
            return i
    return None


def test_every_module_has_a_place_in_the_pipeline():
    unplaced = sorted(n for n in _graph() if n not in LEAVES and _stage_of(n) is None)
    assert not unplaced, f"add these modules to a stage of STAGES or to LEAVES: {unplaced}"


def test_leaves_import_no_stage():
    graph = _graph()
    wrong = sorted((leaf, other) for leaf in LEAVES for other in graph.get(leaf, ()) if other not in LEAVES)
    assert not wrong


def test_no_import_runs_from_an_earlier_stage_to_a_later_one():
    backwards = []
    for name, targets in _graph().items():
        mine = _stage_of(name)
        for target in targets:
            theirs = _stage_of(target)
            if mine is not None and theirs is not None and theirs > mine and (name, target) not in PENDING:
                backwards.append(f"{name} ({STAGES[mine][0]}) → {target} ({STAGES[theirs][0]})")
    assert not backwards, "\n".join(sorted(backwards))


def test_no_import_circle():
    graph = _graph()
    circles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert not circles, circles
