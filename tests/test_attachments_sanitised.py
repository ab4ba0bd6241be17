"""Attached PDFs are made inert in the dossier (issue #17, defects 9 and 11):
JavaScript (document, page, field and link actions), /Launch, the /JavaScript
name tree and fillable AcroForm fields do not survive into the bundle; the
fields' visible values do, and the page looks the same. A PDF with only an owner
password is accepted; one that needs a password to open is still refused.

The hostile attachments are made with pikepdf here, on a page drawn by reportlab."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from dossier.bundle import Part, build_bundle
from dossier.errors import DataError
from test_bundle import make_cover, make_pdf

FIELD_VALUE = "HOANG VAN DIEN 1998"
FORBIDDEN = {"/JS", "/JavaScript", "/Launch", "/AA", "/OpenAction", "/AcroForm", "/Widget", "/URI", "/EmbeddedFiles"}


def _js(pdf: pikepdf.Pdf, code: str):
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code)))


def hostile_pdf(path: Path, *, need_appearances: bool = False) -> Path:
    """One page of text with every kind of active content an attachment can carry."""
    plain = make_pdf(path.with_name("plain-" + path.name), 1, "Giấy chứng nhận")
    pdf = pikepdf.open(plain)
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=_js(pdf, "app.alert('page open')"), C=_js(pdf, "app.alert('page close')"))
    pdf.Root.OpenAction = _js(pdf, "app.alert('document open')")
    pdf.Root.AA = Dictionary(WC=_js(pdf, "app.alert('will close')"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("chay"), _js(pdf, "app.alert('named')")])))
    launch = pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.Launch, F=String("calc.exe"),
                                          Next=_js(pdf, "app.alert('after launch')")))
    js_link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[100, 600, 200, 620], Border=[0, 0, 0],
                         A=_js(pdf, "app.launchURL('http://192.0.2.1/')"))
    launch_link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[100, 560, 200, 580], Border=[0, 0, 0],
                             A=launch)
    uri_link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[100, 520, 200, 540], Border=[0, 0, 0],
                          A=Dictionary(S=Name.URI, URI=String("http://192.0.2.1/theo-doi")))
    field = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("ho_ten"), V=String(FIELD_VALUE),
        Rect=[100, 400, 400, 430], F=4, P=page, DA=String("/Helv 14 Tf 0 g"),
        A=_js(pdf, "app.alert('field click')"), AA=Dictionary(K=_js(pdf, "event.rc = true;"))))
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([field]), DA=String("/Helv 0 Tf 0 g"),
        DR=Dictionary(Font=Dictionary(Helv=pdf.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)))))
    page.Annots = Array([pdf.make_indirect(js_link), pdf.make_indirect(launch_link), pdf.make_indirect(uri_link),
                         field])
    pdf.Root.AcroForm.NeedAppearances = True  # the viewer is asked to draw the field: no appearance stream
    if not need_appearances:  # as a form filled in Acrobat: the field carries its appearance
        pdf.generate_appearance_streams()
        assert "/AP" in field and not pdf.Root.AcroForm.get("/NeedAppearances")
    pdf.save(path)
    return path


def names_in(reader: PdfReader) -> set[str]:
    """Every name (as key or value) in every object of the file."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def walk(obj):
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                return
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for k, v in obj.items():
                found.add(str(k))
                walk(v)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                walk(item)
        elif isinstance(obj, NameObject):
            found.add(str(obj))

    walk(reader.trailer)
    return found


def bundle_of(tmp_path: Path, attachment: Path) -> Path:
    return build_bundle([Part("GCN", "Giấy chứng nhận", attachment)], make_cover(), tmp_path / "hoso.pdf").path


@pytest.mark.parametrize("need_appearances", [False, True], ids=["with-appearance", "need-appearances"])
def test_no_action_javascript_launch_or_form_survives_into_the_dossier(tmp_path, need_appearances):
    attachment = hostile_pdf(tmp_path / "giay-chung-nhan.pdf", need_appearances=need_appearances)
    assert FORBIDDEN - {"/EmbeddedFiles"} <= names_in(PdfReader(attachment))  # the fixture is hostile
    bundle = bundle_of(tmp_path, attachment)
    reader = PdfReader(bundle)
    assert names_in(reader) & FORBIDDEN == set()
    data = bundle.read_bytes()
    assert b"app.alert" not in data and b"calc.exe" not in data and b"192.0.2.1" not in data
    page = " ".join(reader.pages[2].extract_text().split())
    assert "Giấy chứng nhận trang 1" in page
    assert FIELD_VALUE in page, page  # the field's value is drawn into the page


def _render(pdf: Path, page: int) -> Image.Image:
    png = subprocess.run(["pdftoppm", "-gray", "-png", "-r", "60", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_the_attachment_looks_the_same_in_the_dossier(tmp_path):
    attachment = hostile_pdf(tmp_path / "giay-chung-nhan.pdf")
    bundle = bundle_of(tmp_path, attachment)
    before, after = _render(attachment, 1), _render(bundle, 3)
    assert before.size == after.size
    strip = int(20 / 25.4 * 60)  # the bundle's page number, 10 mm from the bottom edge
    box = (0, 0, before.width, before.height - strip)
    difference = ImageChops.difference(before.crop(box), after.crop(box))
    inked = difference.point(lambda value: 255 if value > 64 else 0).histogram()[255]
    assert inked < 20, f"{inked} pixels differ"
    field_area = before.crop((int(100 / 72 * 60), before.height - int(430 / 72 * 60),
                              int(400 / 72 * 60), before.height - int(400 / 72 * 60)))
    assert field_area.getextrema()[0] < 128  # the field's value is drawn (there is ink to compare)


def _encrypted(tmp_path: Path, name: str, user_password: str) -> Path:
    """Two pages, AES-256, printing and copying forbidden by the owner password."""
    path = tmp_path / name
    with pikepdf.open(make_pdf(tmp_path / "plain.pdf", 2, "Bản khóa")) as pdf:
        forbid = pikepdf.Permissions(extract=False, modify_other=False, print_highres=False, print_lowres=False)
        pdf.save(path, encryption=pikepdf.Encryption(owner="chu-so-huu", user=user_password, allow=forbid))
    return path


def test_a_pdf_with_only_an_owner_password_is_accepted(tmp_path):
    locked = _encrypted(tmp_path, "chi-khoa-sua.pdf", user_password="")
    reader = PdfReader(bundle_of(tmp_path, locked))
    assert len(reader.pages) == 2 + 2
    assert "Bản khóa trang 2" in reader.pages[3].extract_text()
    assert not reader.is_encrypted


def test_a_pdf_that_needs_a_password_to_open_is_refused(tmp_path):
    locked = _encrypted(tmp_path, "mật-khẩu.pdf", user_password="mo-tep")
    with pytest.raises(DataError) as caught:
        bundle_of(tmp_path, locked)
    assert "mật-khẩu.pdf" in str(caught.value)
    assert "đặt mật khẩu hoặc mã hóa" in str(caught.value)


def _one_feature(path: Path, feature: str) -> Path:
    pdf = pikepdf.open(make_pdf(path.with_name("plain-" + path.name), 1, "Tài liệu"))
    page = pdf.pages[0].obj
    if feature == "page-action":
        page.AA = Dictionary(O=_js(pdf, "app.alert(1)"))
    elif feature == "javascript-link":
        page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 9, 9],
                                                          A=_js(pdf, "app.alert(1)")))])
    elif feature == "open-action":
        pdf.Root.OpenAction = _js(pdf, "app.alert(1)")
    elif feature == "named-javascript":
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), _js(pdf, "app.alert(1)")])))
    elif feature == "form":
        pdf.Root.AcroForm = Dictionary(Fields=Array([]))
    pdf.save(path)
    return path


@pytest.mark.parametrize("feature", ["page-action", "javascript-link", "open-action", "named-javascript", "form"])
def test_each_kind_of_active_content_alone_is_removed(tmp_path, feature):
    """A PDF with nothing to remove is used as it is; one thing is enough to rewrite it."""
    from dossier.pdf_sanitise import needs_sanitising

    assert not needs_sanitising(PdfReader(make_pdf(tmp_path / "plain.pdf")))
    attachment = _one_feature(tmp_path / "mot-thu.pdf", feature)
    assert needs_sanitising(PdfReader(attachment))
    assert names_in(PdfReader(bundle_of(tmp_path, attachment))) & FORBIDDEN == set()
