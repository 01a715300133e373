"""What a SIE file holds once read: its vouchers and their rows, the header's facts, the errors
found, and the checksum (#KSUMMA) over its records."""

from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .sie_lines import SieFatal

MAX_VOUCHER_ROWS = 200_000


@dataclass(slots=True)
class SieError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.line, "column": self.field, "message": self.message}


@dataclass(slots=True)
class Voucher:
    series: str
    number: str
    date: datetime.date
    text: str
    line: int
    # (line, account, objects, amount in öre, date, text, quantity); objects is a tuple of
    # (dimension, object id) pairs
    rows: list[tuple] = field(default_factory=list)
    removed_rows: int = 0
    broken: bool = False

    @property
    def label(self) -> str:
        ident = " ".join(part for part in (self.series, self.number) if part)
        return ident or _("utan nummer")


@dataclass
class SieMeta:
    program: str = ""
    format: str = ""
    sie_type: str = ""
    company_name: str = ""
    org_number: str = ""
    generated: str = ""
    fiscal_years: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    encoding: str = ""
    checksum_verified: bool = False


def checksum_step(crc: tuple[int, int], tag: str, fields: list) -> tuple[int, int]:
    """CRC-32 of the tag and the fields' text, without separators, quotes or braces.

    Writers differ on whether blanks inside a quoted field count, so both readings are
    kept and either may match the stated sum."""
    parts = [tag]
    for value in fields:
        if isinstance(value, tuple):
            for dimension, obj in value:
                parts.append(dimension)
                parts.append(obj)
        else:
            parts.append(value)
    data = "".join(parts).encode("cp437", errors="replace")
    compact = data.replace(b" ", b"").replace(b"\t", b"")
    return zlib.crc32(data, crc[0]), zlib.crc32(compact, crc[1])

def check_checksum(meta: SieMeta, line_no: int, crc: tuple[int, int], fields: list) -> None:
    if not fields or not isinstance(fields[0], str):
        raise SieFatal(line_no, _("Den avslutande #KSUMMA saknar sin kontrollsumma."))
    try:
        stated = int(fields[0])
    except ValueError:
        raise SieFatal(line_no, _("Kontrollsumman ”%(value)s” är inget heltal.")
                       % {"value": fields[0]}) from None
    if stated % (1 << 32) not in crc:
        raise SieFatal(line_no, _(
            "Kontrollsumman (#KSUMMA) stämmer inte: filen har ändrats eller skadats efter "
            "att den skrevs. Exportera den på nytt."
        ))
    meta.checksum_verified = True


def too_many_rows(line_no: int, voucher: Voucher):
    raise SieFatal(line_no, _(
        "Verifikationen %(voucher)s har orimligt många rader (över %(limit)s)."
    ) % {"voucher": voucher.label, "limit": MAX_VOUCHER_ROWS})


def broken_voucher(line_no: int) -> Voucher:
    """Stands in for a voucher whose #VER was reported as broken: its block is still read, so
    its rows are not reported as strays, and nothing of it is kept."""
    voucher = Voucher("", "", datetime.date(1900, 1, 1), "", line_no)
    voucher.removed_rows = -1
    return voucher
