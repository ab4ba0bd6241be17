"""The text of a data file's bytes, and text typed in the old Vietnamese encodings.

* :func:`decode` refuses what is not UTF-8 text: other files saved as .yaml by
  mistake (Word, PDF, images…), UTF-16, binary data, and bytes that are not
  UTF-8, naming the likely encoding (Windows-1258, TCVN3, VNI);
* :func:`legacy_findings` reports text that was typed in the old TCVN3 (ABC)
  or VNI encodings and then saved as UTF-8 ("NguyÔn V¨n §øc",
  "Nguyeãn Vaên Ñöùc"): one error when the whole file is garbled, a warning
  per word when only a few words look so.
"""

from __future__ import annotations

import re
import unicodedata

from dossier.findings import ERROR, WARNING, Finding, Location

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"

ENCODING_ADVICE = (
    "Hãy mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8; "
    "nếu văn bản gõ bằng phông TCVN3 (.VnTime) hoặc VNI, hãy chuyển mã sang Unicode "
    "(ví dụ bằng công cụ chuyển mã của Unikey) trước khi lưu."
)


# What other files look like when someone saves them as .yaml by mistake.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "tệp Word (.docx), Excel (.xlsx) hoặc tệp nén"),
    (b"\xd0\xcf\x11\xe0", "tệp Word/Excel cũ (.doc, .xls)"),
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"{\\rtf", "tệp RTF"),
)


def decode(display: str, data: bytes) -> tuple[str | None, Finding | None]:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return None, Finding(
                ERROR,
                "file.not_text",
                f"đây là {what}, không phải tệp dữ liệu YAML; tệp dữ liệu là văn bản thuần, "
                "soạn bằng Notepad, VS Code…",
                Location(display),
            )
    if data.startswith(_UTF16_BOMS) or (len(data) > 1 and data[1:2] == b"\x00" or data[:1] == b"\x00"):
        return None, Finding(
            ERROR,
            "file.encoding",
            "tệp được lưu bằng bảng mã UTF-16, không phải UTF-8. " + ENCODING_ADVICE,
            Location(display, 1, 1),
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        if data.count(b"\x00") > len(data) // 100:
            return None, Finding(ERROR, "file.not_text",
                                 "tệp này không phải văn bản (có vẻ là tệp nhị phân), không phải tệp dữ liệu YAML",
                                 Location(display, line, column))
        guess = _guess_encoding(data)
        what = f"có vẻ được lưu bằng bảng mã {guess}" if guess else "có thể là Windows-1258, TCVN3 hoặc VNI"
        return None, Finding(
            ERROR,
            "file.encoding",
            f"tệp không phải UTF-8: {what}. " + ENCODING_ADVICE,
            Location(display, line, column),
        )


# Text typed with the old Vietnamese fonts (.VnTime: TCVN3/ABC; VNI-Times: VNI)
# stores Vietnamese letters as Latin-1 symbols and letters. Saved as UTF-8 (or
# read as Windows-1252), "Nguyễn Văn Đức" becomes "NguyÔn V¨n §øc" (TCVN3) or
# "Nguyeãn Vaên Ñöùc" (VNI). Vietnamese in Unicode uses only the Latin-1 letters
# àáâãèéêìíòóôõùúý (and their capitals); these letters no Vietnamese word has, and
# both encodings produce them:
_FOREIGN_LETTERS = "äåæçëîïñöøûüÿþßðÄÅÆÇËÎÏÑÖØÛÜÞÐ"
# symbols TCVN3 uses for letters (\xad, the soft hyphen, is ư)
_TCVN3_SYMBOLS = "¸µ¶·¹¨¾¼½©ª¬\xad®§¡¢£¤¥¦×÷"  # and « (ô), » (ằ): see below
_LETTER = "[^\\W\\d_]"
# every branch starts with the character it matches and looks back after it: a
# pattern whose branches open with a character class is scanned about twice as
# fast as one opening with a look-behind (bench/README.md)
_LEGACY = re.compile(
    # a symbol touching a letter: "Hoµng", "§øc", "V¨n"
    f"(?P<tcvn>[{_TCVN3_SYMBOLS}](?<={_LETTER}[{_TCVN3_SYMBOLS}])|[{_TCVN3_SYMBOLS}](?={_LETTER})"
    # guillemets inside a word: "c«ng" (công), "b»ng" (bằng); quotation marks have a space on one side
    f"|[«»](?<={_LETTER}[«»])(?={_LETTER})"
    # an upper-case accented letter inside a lower-case word: "NguyÔn", "ThÞ"
    "|[À-ÝÞ](?<=[a-zà-ÿ][À-ÝÞ])(?=[a-zà-ÿ]|\\b))"
    # VNI: a vowel followed by the code of a hat, or of a hat and a tone ("Vaên", "Leâ", "Nguyeãn");
    # Vietnamese writes oá, oà, uâ, uê…, never these pairs
    "|(?P<vni>[aAeEoO][âÂ]|[aA][êÊ]|[aAeE][áàãÁÀÃ]|[aA][éèúÉÈÚ])"
    f"|(?P<any>[{_FOREIGN_LETTERS}](?={_LETTER})|[{_FOREIGN_LETTERS}](?<={_LETTER}[{_FOREIGN_LETTERS}]))"
)
_VNI_LETTERS = set("öñøïûÖÑØÏÛ")


def _legacy_hits(text: str) -> list[re.Match]:
    if text.isascii():
        return []
    return list(_LEGACY.finditer(text))


def _legacy_guess(text: str, hits: list[re.Match]) -> str | None:
    tcvn = sum(1 for h in hits if h.group("tcvn"))
    vni = sum(1 for h in hits if h.group("vni") or (h.group("any") and h.group("any") in _VNI_LETTERS))
    if not tcvn and not vni:
        return None
    return "TCVN3 (ABC, phông .VnTime)" if tcvn >= vni else "VNI (phông VNI-Times)"


def _guess_encoding(data: bytes) -> str | None:
    """The likely encoding of bytes that are not UTF-8, or None."""
    text = data.decode("cp1252", errors="replace")
    vietnamese = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if re.search("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]", vietnamese) and len(_legacy_hits(vietnamese)) <= 1:
        return "Windows-1258"
    return _legacy_guess(text, _legacy_hits(text))


def _word_at(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = index
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end][:40]


def legacy_findings(display: str, text: str) -> list[Finding]:
    hits = _legacy_hits(text)
    if not hits:
        return []

    def where(hit) -> Location:
        line = text.count("\n", 0, hit.start()) + 1
        column = hit.start() - (text.rfind("\n", 0, hit.start()) + 1) + 1
        return Location(display, line, column)

    if len(hits) >= 3:
        lines, line, position = set(), 0, 0
        for hit in hits:  # in order: count line breaks once
            line += text.count("\n", position, hit.start())
            position = hit.start()
            lines.add(line)
        guess = _legacy_guess(text, hits) or "TCVN3 hoặc VNI"
        return [Finding(
            ERROR,
            "file.encoding_legacy",
            f"chữ '{_word_at(text, hits[0].start())}' không phải tiếng Việt Unicode: tệp có vẻ được gõ bằng "
            f"bảng mã cũ {guess} rồi lưu thành UTF-8 ({len(hits)} chỗ như vậy trên {len(lines)} dòng). "
            + ENCODING_ADVICE,
            where(hits[0]),
        )]
    return [
        Finding(
            WARNING,
            "file.encoding_legacy",
            f"chữ '{_word_at(text, hit.start())}' có ký tự lạ '{hit.group()}': có thể chép từ văn bản gõ bằng "
            "bảng mã cũ TCVN3 hoặc VNI; hãy gõ lại bằng Unicode (nếu đúng là chữ nước ngoài thì bỏ qua)",
            where(hit),
        )
        for hit in hits
    ]
