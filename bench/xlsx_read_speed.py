"""Time reading every cell of a 100 000-row XLSX with openpyxl's read-only mode, with
python-calamine, and with the import's own streaming reader (samverkan.core.xlsx_stream, used for
sheets too large for calamine's in-memory grid), as the import reads it (first sheet, row by
row). Peak memory of each is measured by samverkan's import_memory.py; this script times them.

    .venv/bin/python bench/xlsx_read_speed.py [rows]
"""

import datetime
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook


def make(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Verifikat")
    sheet.append(["Datum", "Konto", "Belopp", "Text", "Ansvar", "Verifikat"])
    start = datetime.date(2026, 1, 1)
    for n in range(rows):
        sheet.append([start + datetime.timedelta(days=n % 365), 4000 + n % 900,
                      round((n % 1000) * 12.5 - 3000, 2), f"Leverantörsfaktura {n}",
                      f"A{n % 50}", n])
    workbook.save(path)


def with_openpyxl(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=False)
    count = sum(1 for row in workbook.worksheets[0].iter_rows() for _cell in row)
    workbook.close()
    return count


def with_calamine(path: Path) -> int:
    workbook = CalamineWorkbook.from_path(str(path))
    sheet = workbook.get_sheet_by_index(0)
    return sum(len(row) for row in sheet.iter_rows())


def with_stream(path: Path) -> int:
    from samverkan.core import xlsx_stream
    from samverkan.core.xlsx import cell_value

    sheet = xlsx_stream.first_sheet(path)
    count = sum(len(row) for _n, row in xlsx_stream.rows(sheet, cell_value, formulas=False))
    sheet.close()
    return count


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        make(path, rows)
        print(f"{rows} rows, {path.stat().st_size / 1e6:.1f} MB on disk")
        for name, read in (("openpyxl read-only", with_openpyxl),
                           ("python-calamine", with_calamine), ("samverkan stream", with_stream)):
            began = time.perf_counter()
            cells = read(path)
            print(f"{name:20s} {time.perf_counter() - began:6.2f} s  {cells} cells")


if __name__ == "__main__":
    main()
