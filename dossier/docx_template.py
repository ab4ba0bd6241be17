"""docxtpl's document, with what does not change between renders of one
template prepared once (dossier.render renders through it).

* Every render gets a fresh ``DocxTemplate`` (reusing one makes every document
  of a batch equal the first), but the template's body after docxtpl's XML
  clean-up, each part's compiled Jinja template (:func:`compiled`), and the
  package as read from its zip are kept per template content.
* The parts a render never touches (styles, settings, numbering, comments)
  stay raw bytes: they are neither parsed when the package opens nor
  serialised when it is saved, and are written back byte for byte.
* docxtpl's ``resolve_listing`` (a tab, a line break, a page break typed in a
  value) runs only over the paragraphs that hold such a character.
* The .docx is written as python-docx writes it (:func:`docx_bytes`), with the
  content types and relationship parts, the same in every render of one
  template, serialised once.

What these cut is measured in bench/README.md ("Eighth session: the toolkit's
share"; `bench/render_bench.py`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import sys
import threading
import zipfile
from pathlib import Path

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.oxml import CT_Relationships, serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from docxtpl import DocxTemplate

from dossier.fsutil import user_cache_dir

_COMPILED: dict[str, jinja2.Template] = {}  # key -> compiled template
_COMPILED_MAX = 512
_COMPILED_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in the user's cache folder, in a folder of its own for
    this Python, these libraries and the modules that decide the code Jinja
    generates (this one and the sandbox of dossier.render); None when the folder
    cannot be made (templates are then compiled at every run, as without it)."""
    import docxtpl
    import lxml

    version = f"{sys.version}|{jinja2.__version__}|{docxtpl.__version__}|{lxml.__version__}|".encode()
    here = Path(__file__)
    code = here.read_bytes() + here.with_name("render.py").read_bytes()
    folder = user_cache_dir() / f"jinja-{hashlib.sha256(version + code).hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def compiled(environment: jinja2.Environment, key: str, source) -> jinja2.Template:
    """The template compiled from ``source()``, kept under ``key`` (a digest of
    what decides that text) in this process and, as bytecode, for later runs.

    Every render compiles a template's body, headers and document properties:
    that was a fifth of a render in a build, and with docxtpl's clean-up of the
    body most of the first render of each template in a rebuild (measurements:
    bench/README.md). A text that does not compile raises each time and is
    never kept."""
    with _COMPILED_LOCK:
        template = _COMPILED.get(key)
    if template is not None:
        return template
    cache = _bytecode_cache()
    bucket = None if cache is None else cache.get_bucket(environment, key, None, key)
    if bucket is not None and bucket.code is not None:
        code = bucket.code
    else:
        code = environment.compile(source())
        if bucket is not None:
            bucket.code = code
            with contextlib.suppress(OSError):  # a full disk, a read-only home: compiled again next time
                cache.set_bucket(bucket)
    template = environment.template_class.from_code(environment, code, environment.make_globals(None))
    with _COMPILED_LOCK:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = template
    return template


@functools.lru_cache(maxsize=128)
def _package_reader(key: str, data: bytes, hollow: bool) -> PackageReader:
    """The template's parts as read from its zip (names, content types,
    relationships, bytes). Nothing in it is changed by a render: each render
    makes its own parts from these bytes. ``hollow``: with the main document's
    body emptied — a render puts the rendered body in its place, so parsing
    the template's body at every render (and freeing it) would be wasted; the
    body's Jinja source is read from the whole template (:func:`_template_body`)."""
    reader = PackageReader.from_file(io.BytesIO(data))
    main = _main_document(reader) if hollow else None
    if main is None:
        return reader
    partname, blob = main
    element = parse_xml(blob)
    body = element.find(qn("w:body"))
    if body is None:
        return reader
    del body[:]
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        hollowed = io.BytesIO()
        with zipfile.ZipFile(hollowed, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, serialize_part_xml(element) if info.filename == partname.membername
                                else source.read(info))
    return PackageReader.from_file(hollowed)


def _main_document(reader: PackageReader) -> tuple | None:
    """(part name, bytes) of the package's Word document, or None."""
    return next(((partname, blob) for partname, content_type, reltype, blob in reader.iter_sparts()
                 if reltype == RT.OFFICE_DOCUMENT and content_type == CT.WML_DOCUMENT_MAIN), None)


def _template_body(key: str, data: bytes):
    """The template's body element, parsed as python-docx parses it."""
    main = _main_document(_package_reader(key, data, False))
    return None if main is None else parse_xml(main[1]).find(qn("w:body"))


_UNTOUCHED = frozenset({CT.WML_STYLES, CT.WML_SETTINGS, CT.WML_NUMBERING, CT.WML_COMMENTS})


def _raw_untouched(partname, content_type, reltype, blob, package):
    """python-docx's part factory, except that a part no render changes stays its bytes."""
    if content_type in _UNTOUCHED:
        return Part.load(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


_SPECIAL = re.compile("[\t\a\n\f]")  # what docxtpl's resolve_listing rewrites inside a w:t
_END = "</w:p>"


def _one_paragraph_a_line(xml: str) -> str:
    """docxtpl's pre-processed XML as Jinja gets it: one paragraph a line (so an
    error's line number points at a paragraph)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


class CompiledTemplate(DocxTemplate):
    """A fresh docxtpl document per render, opened from the template's kept
    package and rendered with its kept Jinja templates (see the module
    docstring). ``whole``: every part parsed, as python-docx opens a file —
    for a render that adds pictures (dossier.docx_picture)."""

    def __init__(self, data: bytes, whole: bool = False):
        super().__init__(io.BytesIO(data))
        self._data = data
        self._key = hashlib.sha256(data).hexdigest()
        self._whole = whole

    def init_docx(self, reload: bool = True):
        """As docxtpl's, with python-docx's ``Document(file)`` made from the kept package."""
        if not self.docx or (self.is_rendered and reload):
            package = Package()
            factory = PartFactory if self._whole else _raw_untouched
            Unmarshaller.unmarshal(_package_reader(self._key, self._data, not self._whole), package, factory)
            part = package.main_document_part
            if part.content_type != CT.WML_DOCUMENT_MAIN:
                raise ValueError(f"not a Word file, content type is '{part.content_type}'")
            self.docx = part.document
            self.is_rendered = False

    def resolve_listing(self, xml):
        """docxtpl's, run only over the paragraphs that hold a tab, line or page
        break typed in a value (on every other paragraph it changes nothing,
        after regular-expression passes over the whole part that cost more than
        rendering it). It takes a paragraph as ``<w:p …>`` up to the next
        ``</w:p>``, so no paragraph it sees runs across the end of a ``</w:p>``:
        a stretch from just after one ``</w:p>`` to just after another gives the
        same result alone as within the whole part."""
        found = _SPECIAL.search(xml)
        if found is None:
            return xml
        resolve = super().resolve_listing
        pieces, done = [], 0
        while found is not None:
            start = xml.rfind(_END, done, found.start())
            start = done if start < 0 else start + len(_END)
            end = xml.find(_END, found.end())
            end = len(xml) if end < 0 else end + len(_END)
            pieces += [xml[done:start], resolve(xml[start:end])]
            done = end
            found = _SPECIAL.search(xml, done)
        pieces.append(xml[done:])
        return "".join(pieces)

    def _source(self) -> str:
        """The body's Jinja source: docxtpl's ``patch_xml(get_xml())`` of the
        template's body (the document opened holds none: :func:`_package_reader`)."""
        body = _template_body(self._key, self._data)
        return _one_paragraph_a_line(self.patch_xml(self.get_xml() if body is None else self.xml_to_string(body)))

    def map_tree(self, tree):
        """The rendered body in place of the template's. The template's body is
        emptied first: its elements, which nothing else refers to, are freed at
        once, where taking the body out whole made lxml copy namespace
        declarations onto each of its elements before dropping them (a notable
        share of a class build's Python time: bench/README.md)."""
        body = self.docx._element.body
        del body[:]
        self.docx._element.replace(body, tree)

    def build_xml(self, context, jinja_env=None):
        self.current_rendering_part = self.docx._part
        try:
            xml = compiled(jinja_env, f"body-{self._key}", self._source).render(context)
        except jinja2.TemplateError as exc:  # the paragraph around the error, as docxtpl gives it
            if getattr(exc, "lineno", None) is not None:
                start = max(exc.lineno - 4, 0)
                lines = self._source().splitlines()[start:start + 7]
                exc.docx_context = [re.sub(r"<[^>]+>", "", line) for line in lines]
            raise
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(xml)


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def jinja_sources(data: bytes) -> list[tuple[str, str]]:
    """(part name, Jinja source) for every part of the template ``data`` that a
    render passes through Jinja — body, headers, footers, footnotes — after
    exactly the XML pre-processing a render applies (docxtpl's ``patch_xml``:
    it joins a tag that Word split across formatting runs, removes the
    paragraph or row around ``{%p``/``{%tr`` tags, …). ``dossier templates
    check`` reads these, so that it judges what the build renders."""
    document = CompiledTemplate(data)
    document.init_docx()
    sources = [("word/document.xml", document._source())]
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _key, part in document.get_headers_footers(uri):
            sources.append((str(part.partname).lstrip("/"), document.get_part_xml(part)))
    for part in document.docx.part.package.parts:
        if part.content_type == _FOOTNOTES:
            sources.append((str(part.partname).lstrip("/"), part.blob.decode("utf-8")))
    return [sources[0]] + [(name, _one_paragraph_a_line(document.patch_xml(xml))) for name, xml in sources[1:]]


_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_FETCHING_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE)\s", re.IGNORECASE)
_FIELD_TEXT = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")
_INSTR_TEXT, _INSTR = qn("w:instrText"), qn("w:instr")


def _field_instructions(part):
    """The field instructions of a part: read from its elements when it is
    parsed (serialising it to search the text cost as much as saving it),
    from its bytes when it is kept raw."""
    element = getattr(part, "_element", None)
    if element is not None:
        for node in element.iter(_INSTR_TEXT, qn("w:fldSimple")):
            yield (node.text or "") if node.tag == _INSTR_TEXT else node.get(_INSTR, "")
        return
    blob = getattr(part, "blob", b"") if part.content_type.endswith("+xml") else b""
    if b"instr" in blob:
        for match in _FIELD_TEXT.finditer(blob):
            yield (match.group(1) or match.group(2) or b"").decode("utf-8", "replace")


def external_reference(document) -> str | None:
    """The first thing in the rendered document that a program would fetch from
    outside it, or None."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and rel.reltype != _HYPERLINK:
                return rel.target_ref
        for instruction in _field_instructions(part):
            if _FETCHING_FIELD.match(instruction.strip()):
                return instruction.strip()[:120]
    return None


def docx_bytes(document) -> bytes:
    """The .docx of a rendered ``document``: what python-docx's save writes (its
    ``PackageWriter.write``: the same members, in the same order, with the same
    content), except that ``[Content_Types].xml`` and the relationship parts —
    the same for every render of one template — are serialised once per
    distinct content."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        kinds = tuple((str(part.partname), part.content_type) for part in parts)
        types = _CONTENT_TYPES.get(kinds)
        if types is None:
            types = _CONTENT_TYPES[kinds] = _ContentTypesItem.from_parts(parts).blob
        z.writestr(CONTENT_TYPES_URI.membername, types)
        z.writestr(PACKAGE_URI.rels_uri.membername, _relationships(_rels_key(package.rels)))
        for part in parts:
            z.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                z.writestr(part.partname.rels_uri.membername, _relationships(_rels_key(part.rels)))
    if len(_CONTENT_TYPES) > 256:
        _CONTENT_TYPES.clear()
    return buffer.getvalue()


_CONTENT_TYPES: dict[tuple, bytes] = {}


def _rels_key(rels) -> tuple:
    return tuple((rel.rId, rel.reltype, rel.target_ref, rel.is_external) for rel in rels.values())


@functools.lru_cache(maxsize=512)
def _relationships(key: tuple) -> str:
    """A relationship part's XML, as python-docx's ``_Relationships.xml`` makes it."""
    element = CT_Relationships.new()
    for rel_id, reltype, target, external in key:
        element.add_rel(rel_id, reltype, target, external)
    return element.xml
