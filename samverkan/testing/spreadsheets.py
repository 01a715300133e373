"""Spreadsheet files for import tests: ordinary workbooks and CSV, and hostile files (entity
expansion, external entities, zip bombs, truncated sheets) that the readers must refuse."""

import io
import zipfile

from openpyxl import Workbook

ROWS = [["Namn", "Ägare", "Användning"], ["Procapita", "Laxå", "Laxå: 120; Hallsberg: 300"],
        ["Infomentor", "Hallsberg", ""]]



def xlsx_bytes(rows=ROWS) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def rewrite_zip(data: bytes, change) -> bytes:
    """Copy an xlsx, letting `change(name, content)` replace the content of each part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))
    return out.getvalue()


def csv_text(separator=";") -> str:
    return "\r\n".join(separator.join(f'"{v}"' if separator in v else v for v in row)
                       for row in ROWS) + "\r\n"


def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">{entities}]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
            '</sheetData></worksheet>').encode()


def external_entity(padding: int = 0) -> bytes:
    return (f'<?xml version="1.0"?><!--{"x" * padding}-->'
            '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
            '</sheetData></worksheet>').encode()


def zip_bomb() -> bytes:
    """A real workbook whose sheet is 20 MB of identical rows that pack to a few kilobytes."""
    row = '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>'
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + row * 300_000
             + "</sheetData></worksheet>").encode()
    return rewrite_zip(xlsx_bytes(), lambda name, content:
                       sheet if name == "xl/worksheets/sheet1.xml" else content)


def broken_further_down() -> bytes:
    """Fine for the first rows, then cut off in the middle of a cell (a half-copied file)."""
    def change(name, content):
        if name != "xl/worksheets/sheet1.xml":
            return content
        rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>System {n}</t></is></c>'
                       f"</row>" for n in range(4, 400))
        content = content.replace(b"A1:C3", b"A1:C400").replace(b"</sheetData>", rows.encode())
        return content[: content.index(b'<row r="300">') + 20]
    return rewrite_zip(xlsx_bytes(), change)


def replace_sheet(content: bytes):
    return lambda: rewrite_zip(xlsx_bytes(), lambda name, old:
                               content if name == "xl/worksheets/sheet1.xml" else old)


def zip_of(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
