"""Safe YAML loading with source positions.

Every data file is read through :func:`load`, which

* refuses files that are too large (without reading more than the limit) and
  files that are not regular files (a pipe or a device would block);
* refuses files that are binary (a Word, PDF or image file saved as .yaml),
  empty, or not UTF-8, with a Vietnamese explanation of the likely encoding:
  UTF-16, Windows-1258, TCVN3, VNI (:mod:`dossier.text_encoding`);
* normalises the text to Unicode NFC before parsing;
* reports control characters (which YAML refuses, or which a quoted
  ``"\\x07"`` lets through) at their line and column
  (:mod:`dossier.control_chars`), and text that was typed in the old TCVN3
  (ABC) or VNI encodings and then saved as UTF-8 ("NguyÔn V¨n §øc",
  "Nguyeãn Vaên Ñöùc") (:mod:`dossier.text_encoding`);
* parses with PyYAML's *compose* step (no Python objects are ever constructed
  from tags), bounding the work that nesting, very many values and aliases can
  cause ("billion laughs"): a hostile file is refused after a bounded amount
  of work and memory (:mod:`dossier.yaml_compose`);
* builds plain values itself (:mod:`dossier.yaml_values`), which reports
  duplicate keys, keeps ``yes``/``no``, leading zeros and dates as text, takes
  off quotation marks pasted from Word and refuses very long values;
* records the 1-based line and column of every value and every mapping key in
  the returned :class:`~dossier.yaml_document.Document`, so later stages can
  point to ``file:line:column``.

Problems are returned as findings; nothing here raises for bad user data.
"""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

import yaml

from dossier.control_chars import control_finding
from dossier.errors import describe_os_error
from dossier.findings import ERROR, Finding, Location
from dossier.text_encoding import decode, legacy_findings
from dossier.yaml_compose import TooComplex, compose, reader_error_finding, yaml_error_finding
from dossier.yaml_document import Document
from dossier.yaml_values import Builder

MAX_FILE_BYTES = 2 * 1024 * 1024


def _read(display: str, path: Path) -> tuple[bytes | None, Finding | None]:
    """The bytes of ``path``, reading at most ``MAX_FILE_BYTES + 1`` of them."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Finding(ERROR, "file.unreadable",
                                 "đây không phải một tệp thông thường (là thư mục, thiết bị hay đường ống)",
                                 Location(display))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Finding(ERROR, "file.unreadable", f"không đọc được tệp: {describe_os_error(exc)}",
                             Location(display))
    if len(data) > MAX_FILE_BYTES:
        size = max(info.st_size, len(data))
        return None, Finding(
            ERROR,
            "file.too_large",
            f"tệp quá lớn ({size // 1024} KB); tệp dữ liệu không được quá {MAX_FILE_BYTES // 1024} KB",
            Location(display),
        )
    return data, None


def load(path: str | Path, display: str | None = None) -> tuple[Document | None, list[Finding]]:
    """Load one YAML data file. Returns the document (None if it could not be
    read at all) and the findings about it."""
    path = Path(path)
    display = display or str(path)
    raw, problem = _read(display, path)
    if problem:
        return None, [problem]
    text, problem = decode(display, raw)
    if problem:
        return None, [problem]
    text = unicodedata.normalize("NFC", text)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Finding(ERROR, "file.empty", "tệp rỗng, không có dữ liệu", Location(display))]
    problem = control_finding(display, text)
    if problem:
        return None, [problem]
    findings: list[Finding] = legacy_findings(display, text)
    if any(f.is_error for f in findings):  # every value is garbled: one clear message, not one per field
        return None, findings
    too_complex = Finding(
        ERROR,
        "yaml.too_complex",
        "tệp có quá nhiều giá trị, lồng nhau quá sâu hoặc dùng bí danh (alias) quá nhiều; "
        "dữ liệu hồ sơ không cần cấu trúc như vậy",
        Location(display),
    )
    try:
        node = compose(text)
    except yaml.reader.ReaderError as exc:
        return None, findings + [reader_error_finding(display, text, exc)]
    except yaml.YAMLError as exc:
        return None, findings + [yaml_error_finding(display, exc)]
    except (TooComplex, RecursionError):
        return None, findings + [too_complex]
    doc = Document(path=path, display=display, data=None)
    try:
        doc.data = Builder(doc, findings).build(node, ())
    except (TooComplex, RecursionError):
        return None, [f for f in findings if f.code == "file.encoding_legacy"] + [too_complex]
    if not isinstance(doc.data, dict):
        kind = "danh sách" if isinstance(doc.data, list) else "một giá trị đơn"
        findings.append(
            Finding(
                ERROR,
                "yaml.not_mapping",
                f"nội dung tệp phải là một bảng các trường (tên: giá trị), nhưng đang là {kind}",
                Location(display, 1, 1),
            )
        )
    return doc, findings
