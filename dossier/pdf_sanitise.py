"""Attached PDFs made inert before they enter a bundle (issue #17).

A scan or signed document a person attaches is someone else's file: it may carry
JavaScript (document-open, page-open and field actions, JavaScript links),
``/Launch`` actions that start a program, links to the network, embedded files
and fillable AcroForm fields. :func:`sanitise` rewrites it with pikepdf (qpdf) so
that its pages look the same and nothing in it can act:

* form fields and annotations that print get appearance streams where the form
  asks for them (``/NeedAppearances``), then are flattened into the page content
  (``Pdf.flatten_annotations("print")``): a filled-in field keeps its visible value;
* what is left of the annotations is dropped, except links inside the file
  (``/Dest``), which lose every action;
* every page's ``/AA``; the catalog's ``/OpenAction``, ``/AA``, ``/AcroForm``
  (with XFA), outline, and name trees but the destinations (``/JavaScript``,
  ``/EmbeddedFiles`` …) are removed; finally every ``/A``, ``/AA``, ``/PA``,
  ``/Next``, ``/JS`` and ``/OpenAction`` still holding an action anywhere in the
  file is deleted;
* the file is written unencrypted: a PDF with only an owner password (it opens
  without a password; the owner password restricts printing or editing) is
  accepted, one that needs a password to open is refused.

Raises :class:`dossier.errors.DataError` naming the file when it cannot be read.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from dossier.errors import DataError

__all__ = ["BROKEN_MESSAGE", "ENCRYPTED_MESSAGE", "FORMAT", "format_version", "needs_sanitising", "sanitise"]

# The sanitiser's rules: raise it whenever a change here changes what an attachment
# becomes, so that every bundle made with the old rules is made again (dossier.bundle).
FORMAT = 1

ENCRYPTED_MESSAGE = ("Tệp PDF được đặt mật khẩu hoặc mã hóa nên không ghép được vào hồ sơ. "
                     "Hãy đính kèm bản không đặt mật khẩu (mở tệp rồi in/lưu lại thành PDF).")
BROKEN_MESSAGE = "Tệp không phải PDF hợp lệ hoặc đã bị hỏng; hãy quét hoặc xuất lại tệp PDF (chi tiết: {})."

# What a catalog keeps: the page tree and what describes the text; everything else
# (actions, forms, outline, embedded files, JavaScript, URI base, collections…) goes.
_CATALOG_KEYS = {"/Type", "/Pages", "/Names", "/Dests", "/Version", "/Lang", "/Metadata", "/MarkInfo",
                 "/StructTreeRoot", "/PageLabels", "/PageMode", "/PageLayout", "/ViewerPreferences"}
# Keys that hold an action (or a chain of them) wherever they appear.
_ACTION_KEYS = ("/A", "/AA", "/PA", "/Next", "/OpenAction", "/JS")


def format_version() -> str:
    """What decides the bytes :func:`sanitise` writes: its rules and the pikepdf/qpdf it runs on."""
    return f"sanitise {FORMAT}, pikepdf {pikepdf.__version__}, qpdf {pikepdf.__libqpdf_version__}"


def needs_sanitising(reader: PdfReader) -> bool:
    """Whether the PDF read by pypdf is encrypted or holds anything :func:`sanitise`
    removes where a bundle would take it from (its catalog, its pages and their
    annotations). A PDF LibreOffice made from a template has none of it and is
    used as it is (rewriting it costs ~5 ms); on any doubt the answer is yes."""
    try:
        if reader.is_encrypted:
            return True
        root = reader.trailer["/Root"].get_object()
        if any(key not in _CATALOG_KEYS | {"/Outlines", "/OpenAction"} for key in root) or _names_beyond_dests(root):
            return True
        if not isinstance(root.get("/OpenAction", ArrayObject()), ArrayObject):  # a destination, or an action
            return True
        for page in reader.pages:
            if "/AA" in page or "/AF" in page:
                return True
            for annot in page.get("/Annots") or ():
                annot = annot.get_object()
                if annot.get("/Subtype") != "/Link" or "/Dest" not in annot or any(k in annot for k in _ACTION_KEYS):
                    return True
        return False
    except Exception:
        return True


def _names_beyond_dests(root) -> bool:
    names = root.get("/Names")
    return names is not None and any(key != "/Dests" for key in names.get_object())


def sanitise(data: bytes, path: Path) -> bytes:
    """The PDF ``data`` (read from ``path``) with every action and form removed and
    its form fields drawn into the pages."""
    where = str(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # qpdf's recovery notes and pikepdf's widget warning: we rebuild anyway
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PasswordError as exc:
            raise DataError(ENCRYPTED_MESSAGE, path=where) from exc
        except Exception as exc:  # qpdf raises PdfError, and others on very damaged files
            raise DataError(BROKEN_MESSAGE.format(exc), path=where) from exc
        try:
            with pdf:
                _flatten_forms(pdf)
                for page in pdf.pages:
                    _clean_page(page.obj)
                _clean_catalog(pdf.Root)
                _drop_actions(pdf)
                out = io.BytesIO()
                pdf.save(out, encryption=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                         compress_streams=False, deterministic_id=True)
                return out.getvalue()
        except DataError:
            raise
        except Exception as exc:
            raise DataError(BROKEN_MESSAGE.format(exc), path=where) from exc


def _flatten_forms(pdf: pikepdf.Pdf) -> None:
    """Field values and annotations drawn into the page content, as they print."""
    acroform = pdf.Root.get("/AcroForm")
    if isinstance(acroform, Dictionary) and acroform.get("/NeedAppearances"):
        try:
            pdf.generate_appearance_streams()  # fields whose look the viewer was asked to make
        except Exception:  # an odd form: what has an appearance is still flattened below
            pass
    pdf.flatten_annotations("print")


def _clean_page(page: Dictionary) -> None:
    for key in ("/AA", "/AF"):
        if key in page:
            del page[key]
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = []
    for annot in annots if isinstance(annots, Array) else ():
        if isinstance(annot, Dictionary) and annot.get("/Subtype") == Name.Link and "/Dest" in annot:
            for key in _ACTION_KEYS:
                if key in annot:
                    del annot[key]
            kept.append(annot)
    if kept:
        page.Annots = Array(kept)
    else:
        del page["/Annots"]


def _clean_catalog(root: Dictionary) -> None:
    for key in list(root.keys()):
        if key not in _CATALOG_KEYS:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in list(names.keys()):
            if key != "/Dests":
                del names[key]


def _drop_actions(pdf: pikepdf.Pdf) -> None:
    """Whatever still holds an action, wherever it sits (a field dictionary reached
    from a structure element, a chain of /Next …): the action is deleted."""
    for obj in pdf.objects:
        if not isinstance(obj, (Dictionary, Stream)):
            continue
        for key in _ACTION_KEYS:
            value = obj.get(key)
            if value is None:
                continue
            if key in ("/AA", "/JS", "/OpenAction") or _is_action(value):
                del obj[key]


def _is_action(value) -> bool:
    if isinstance(value, Array):
        return any(_is_action(item) for item in value)
    return isinstance(value, Dictionary) and isinstance(value.get("/S"), Name)
