"""Write test documents (PDF, DOCX, HTML, text in various encodings, bad files) to disk.

Shared by loader and parser tests: every function writes to the given path, creates
parent directories, and returns the path, so a test can write `load_text(make_pdf(...))`.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

SAMPLE_PAGES: list[str] = [
    "Protokoll Socialnämnden\n"
    "Sammanträdesdatum 2024-03-12\n"
    "§ 1 Val av justerare\n"
    "Socialnämnden beslutar att utse Åsa Öberg att justera protokollet.\n",
    "§ 2 Budgetuppföljning för äldreomsorgen\nFörvaltningen får i uppdrag att återrapportera i maj.\n",
]
"""Two protocol pages with å, ä, ö and §, all in Windows-1252 (core PDF fonts cover them)."""

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _prepare(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def pdf_bytes(pages: list[str]) -> bytes:
    """A text PDF, one list entry per page, each line of the entry one PDF line.

    Uses Helvetica (Windows-1252: åäö§–”) when it can; other characters need the
    DejaVu TTF from /usr/share/fonts, else ValueError. Over-long pages flow onto
    extra pages, as fpdf2 breaks pages automatically.
    """
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    try:
        "".join(pages).encode("cp1252")
    except UnicodeEncodeError:
        if not _UNICODE_FONT.exists():
            raise ValueError("text outside Windows-1252 needs DejaVuSans.ttf") from None
        pdf.add_font("DejaVu", fname=str(_UNICODE_FONT))
        pdf.set_font("DejaVu", size=11)
    else:
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_pdf(path: Path, pages: list[str] | None = None) -> Path:
    """Write a text PDF with one page per entry of `pages` (default SAMPLE_PAGES)."""
    path = _prepare(path)
    path.write_bytes(pdf_bytes(SAMPLE_PAGES if pages is None else pages))
    return path


def make_encrypted_pdf(
    path: Path,
    pages: list[str] | None = None,
    *,
    user_password: str = "hemligt",
    owner_password: str | None = "ägare",
) -> Path:
    """Write a password protected PDF (RC4-128, which pypdf handles without extras).

    With `user_password=""` the PDF opens without a password (owner password only).
    """
    path = _prepare(path)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages or SAMPLE_PAGES))))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def make_scanned_pdf(path: Path, page_count: int = 2) -> Path:
    """Write a PDF with only drawn shapes and no text layer, like a scan without OCR."""
    path = _prepare(path)
    pdf = FPDF()
    for _ in range(page_count):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(20, 20, 170, 250, style="DF")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_docx(
    path: Path,
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    *,
    table_after: int | None = None,
) -> Path:
    """Write a DOCX with these paragraphs and optionally one table.

    The table goes after the first `table_after` paragraphs (default: after all of them).
    """
    path = _prepare(path)
    document = docx.Document()
    position = len(paragraphs) if table_after is None else table_after
    for index in range(len(paragraphs) + 1):
        if table is not None and index == position:
            columns = max((len(row) for row in table), default=1)
            word_table = document.add_table(rows=len(table), cols=columns)
            for row, values in zip(word_table.rows, table):
                for cell, value in zip(row.cells, values):
                    cell.text = value
        if index < len(paragraphs):
            document.add_paragraph(paragraphs[index])
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, uncompressed_mb: int = 20) -> Path:
    """Write a small .docx-looking zip whose extra member unpacks to `uncompressed_mb` MB of zeros.

    The file on disk stays small (about 1 KB per MB of zeros).
    """
    path = _prepare(path)
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hej</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            for _ in range(uncompressed_mb):
                member.write(chunk)
    return path


def make_zip_docx(path: Path, members: dict[str, bytes]) -> Path:
    """Write a zip with exactly these members under a .docx name (for malformed-docx tests)."""
    path = _prepare(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def make_text(path: Path, text: str, encoding: str = "utf-8", *, bom: bool = False) -> Path:
    """Write text in an encoding, optionally with a byte order mark.

    `encoding="utf-16"` always writes a BOM (Python's codec does); use "utf-16-le"
    with `bom=True` for an explicit one.
    """
    path = _prepare(path)
    data = text.encode(encoding)
    if bom:
        data = _BOMS[encoding.lower().replace("_", "-")] + data
    path.write_bytes(data)
    return path


_BOMS: dict[str, bytes] = {
    "utf-8": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
}


def make_binary(path: Path, size: int = 4096, seed: int = 1) -> Path:
    """Write random bytes that include NULs (like an image or an executable)."""
    path = _prepare(path)
    rng = random.Random(seed)
    data = bytearray(rng.randbytes(size))
    data[::97] = b"\0" * len(data[::97])
    path.write_bytes(bytes(data))
    return path


def make_empty(path: Path) -> Path:
    """Write a 0-byte file."""
    path = _prepare(path)
    path.write_bytes(b"")
    return path


def make_html(
    path: Path,
    body: str,
    *,
    charset: str = "utf-8",
    title: str = "Protokoll",
    http_equiv: bool = False,
) -> Path:
    """Write an HTML page with a meta charset, a title, a style and a script, encoded in `charset`.

    `body` is the inner HTML of <body>. With `http_equiv` the charset is declared the
    old way (`<meta http-equiv="Content-Type" ...>`).
    """
    path = _prepare(path)
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if http_equiv
        else f'<meta charset="{charset}">'
    )
    page = (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n'
        f"{meta}\n<title>{title}</title>\n"
        "<style>body { font-family: sans-serif; }</style>\n"
        "<script>var dold = 'skripttext';</script>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
    path.write_bytes(page.encode(charset))
    return path


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_numbered_docx(
    path: Path, header: list[str], items: list[tuple[str, list[str]]], *, pattern: str, start: int
) -> Path:
    """A DOCX whose item headings are numbered by Word list numbering (lvlText `pattern`, e.g. "§ %1",
    counting from `start`), as many municipal templates do; the numbers are not in the text."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    path = _prepare(path)
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {_W} w:abstractNumId="91"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{pattern}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {_W} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for line in header:
        document.add_paragraph(line)
    for title, paragraphs in items:
        heading = document.add_heading(title, level=2)
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "91")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            num_pr.append(element)
        heading._p.get_or_add_pPr().append(num_pr)
        for text in paragraphs:
            document.add_paragraph(text)
    document.save(path)
    return path
