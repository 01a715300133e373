"""A streaming reader for SIE 4 files (types 4E and 4I), the Swedish standard for moving
bookkeeping between programs (SIE filformat, utgåva 4B).

`SieReader(handle).vouchers()` yields one voucher at a time with its rows; memory stays
constant whatever the file size (a voucher is held until its closing brace, to check that it
balances). Header records (#FNAMN, #ORGNR, #RAR, #KONTO, #DIM, #OBJEKT) are collected in
`reader.meta` as they pass.

What real files do beyond the specification is accepted: `#FORMAT PC8` files that are really
UTF-8 or Latin-1 (told apart by the bytes used for å ä ö), TABs and runs of spaces, trailing
TABs, indented rows, LF/CRLF/CR line endings, quotes around anything or nothing, a backslash
that is only a backslash, object ids that are strings ("0001" is not "1"), empty or odd voucher
series and numbers, amounts without decimals, accounts of three to eight digits. Unknown
records and trailing fields are ignored, as the format requires.

Everything else is an error with a line number and a Swedish message: row-level problems are
collected (`reader.errors`, up to `max_errors`) so a preview can show them all; problems that
make the rest of the file unreadable (not a SIE file, binary junk, wrong encoding, a truncated
file, a checksum that does not match) raise `SieFatal` at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.formatting import format_number, ore_to_kronor
from samverkan.core.imports import date_out_of_range

from .limits import amount_too_large
from .sie_lines import SieFatal, SieLines
from .sie_records import (
    MAX_VOUCHER_ROWS,
    SieError,
    SieMeta,
    Voucher,
    broken_voucher,
    check_checksum,
    checksum_step,
    too_many_rows,
)

# field names in error messages (lazy: translated only when an error is reported)
F_ROW_DATE = gettext_lazy("transaktionsdatum")
F_VOUCHER_DATE = gettext_lazy("verifikationsdatum")
F_START = gettext_lazy("startdatum")
F_END = gettext_lazy("slutdatum")
F_AMOUNT = gettext_lazy("belopp")
F_ACCOUNT = gettext_lazy("konto")
F_OBJECTS = gettext_lazy("objektlista")
F_YEAR = gettext_lazy("årsnr")
HEADER_TAGS = {"#FLAGGA", "#PROGRAM", "#FORMAT", "#SIETYP", "#GEN", "#KSUMMA", "#FNAMN"}
# Records this reader uses; every other record (balances, budgets, addresses, a program's own
# additions) is read only as far as a checksum needs, and a fault in it is at most a warning.
USED_TAGS = {"#VER", "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA", "#SIETYP", "#FNAMN", "#ORGNR",
             "#PROGRAM", "#FORMAT", "#GEN", "#RAR", "#KONTO", "#DIM", "#OBJEKT", "#FLAGGA"}
STANDARD_TAGS = USED_TAGS | {
    "#ADRESS", "#BKOD", "#ENHET", "#FNR", "#FTYP", "#IB", "#KPTYP", "#KTYP", "#OIB", "#OUB",
    "#OMFATTN", "#PBUDGET", "#PROSA", "#PSALDO", "#RES", "#SRU", "#TAXAR", "#UB", "#UNDERDIM",
    "#VALUTA"}
# Header records that only describe (names, the chart of accounts): a fault in one is a warning,
# since a row that needs what it failed to say is reported on its own.
DESCRIPTIVE_TAGS = {"#FNAMN", "#ORGNR", "#PROGRAM", "#FORMAT", "#GEN", "#FLAGGA", "#KONTO", "#DIM",
                    "#OBJEKT"}
MAX_WARNINGS = 100

# A field: "quoted with \" escapes", {an object list, possibly with quoted ids}, or bare text.
# A lone quote or brace left over means the line is broken.
_TOKEN = re.compile(
    r'("(?:[^"\\]|\\.)*")'
    r'|(\{(?:[^}"]|"(?:[^"\\]|\\.)*")*\})'
    r'|([^\s"{}]+)'
    r'|(["{}\\])'
)
_OBJECT_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([^\s"]+)')
# The usual shape of a #TRANS row, read in one step: account, an object list (ids quoted or
# bare), an amount with at most two decimals, then optionally a date (or ""), a quoted text
# (\" its only escape) and a quantity. Any other shape goes through the general tokenizer, which
# also reports what is wrong; both read the same fields from a line this pattern matches.
_FAST_TRANS = re.compile(
    r'#TRANS[ \t]+(\d{3,8})[ \t]+\{([^{}"\\]*(?:"[^{}"\\]*"[^{}"\\]*)*)\}[ \t]+'
    r'(-?\d{1,15})(?:\.(\d\d?))?'
    r'(?:[ \t]+(?:(\d{8})|"")(?:[ \t]+"([^"\\]*(?:\\"[^"\\]*)*)"(?:[ \t]+([^\s"{}\\]+))?)?)?$'
)
# The usual shape of a #VER record: series and number (bare or quoted), a date, then optionally
# a quoted text and further simple fields (which are ignored, as everywhere).
_FAST_VER = re.compile(
    r'#VER[ \t]+(?:"([^"\\]*)"|([^\s"{}\\]+))[ \t]+(?:"([^"\\]*)"|([^\s"{}\\]+))[ \t]+(\d{8})'
    r'(?:[ \t]+"([^"\\]*(?:\\"[^"\\]*)*)"(?:[ \t]+(?:[^\s"{}\\]+|"[^"\\]*"))*)?$'
)
# Control characters are not allowed (TAB is a separator); U+0085/U+2028/U+2029 would split lines.
_AMOUNT = re.compile(r"[-+]?\d{1,15}(?:\.\d+)?")
_ACCOUNT = re.compile(r"\d{3,8}")
_DATE = re.compile(r"\d{8}")

# The bytes for å ä ö Å Ä Ö é in each encoding a "PC8" file turns out to be written in.


def unquote(text: str) -> str:
    return text.replace('\\"', '"') if "\\" in text else text


class SieReader:
    def __init__(self, handle: BinaryIO, *, max_errors: int = 1000):
        self._lines = SieLines(handle)
        self.meta = SieMeta()
        self.errors: list[SieError] = []
        self.error_count = 0
        self.max_errors = max_errors
        self.warnings: list[SieError] = []
        self.warning_count = 0
        self._lenient = False  # while reading a record nothing uses: faults only warn
        self.voucher_count = 0
        self.row_count = 0
        self.removed_row_count = 0
        self._dates: dict[str, datetime.date] = {}
        self._objects: dict[str, tuple] = {}

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read

    # -- errors ------------------------------------------------------------------------------

    def _warn(self, line: int, message: str, field="") -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(SieError(line, str(field), message))

    def _error(self, line: int, message: str, field="") -> None:
        if self._lenient:
            self._warn(line, message, field)
            return
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(SieError(line, str(field), message))
        else:
            raise SieFatal(line, _("För många fel (över %(count)s); läsningen avbröts.")
                           % {"count": self.max_errors})

    # -- field parsers -----------------------------------------------------------------------

    def _tokens(self, line_no: int, text: str) -> list | None:
        """The fields of one record: str for text, tuple for an object list."""
        fields = []
        for quoted, objects, bare, stray in _TOKEN.findall(text):
            if bare:
                fields.append(bare)
            elif quoted:
                fields.append(unquote(quoted[1:-1]))
            elif objects:
                pairs = self._object_list(line_no, objects[1:-1])
                if pairs is None:
                    return None
                fields.append(pairs)
            elif stray == "\\":
                fields.append(stray)  # a backslash that is only a backslash
            else:
                self._error(line_no, _("Citattecken eller klammer saknar sin avslutning."))
                return None
        return fields

    def _fast_fields(self, text: str) -> list | None:
        """The common shapes of a line, without the general tokenizer: at most one object list,
        quotes (with \\" escapes) only after it. None means: use the tokenizer."""
        escaped = False
        if "\\" in text:
            if text.count("\\") != text.count('\\"'):
                return None
            text = text.replace('\\"', "\x00")  # NUL never occurs in a line: it is refused
            escaped = True
        start = text.find("{")
        if start < 0:
            head, inner, tail = text, None, ""
        else:
            end = text.find("}", start)
            if end < 0:
                return None
            head, inner, tail = text[:start], text[start + 1:end], text[end + 1:]
            if "{" in inner or "{" in tail or "}" in tail or inner.count('"') % 2:
                return None
        if escaped and ("\x00" in head or (inner is not None and "\x00" in inner)):
            return None
        if '"' in head:
            if inner is not None:
                return None
            head, tail = "", head
        fields = head.split()
        if inner is not None:
            pairs = self._objects.get(inner)
            if pairs is None:
                return None  # parsed (and cached) by the tokenizer the first time
            fields.append(pairs)
        if '"' in tail:
            pieces = tail.split('"')
            if not len(pieces) % 2:
                return None  # an unbalanced quote: the tokenizer reports it
            for index, piece in enumerate(pieces):
                if index % 2:
                    fields.append(piece.replace("\x00", '"') if escaped else piece)
                elif piece:
                    if escaped and "\x00" in piece:
                        return None  # an escaped quote outside quotes: let the tokenizer judge
                    fields.extend(piece.split())
        elif tail:
            if escaped:
                return None
            fields.extend(tail.split())
        return fields

    def _object_list(self, line_no: int, inner: str) -> tuple | None:
        cached = self._objects.get(inner)
        if cached is not None:
            return cached
        parts = [unquote(q) if q or not b else b for q, b in _OBJECT_TOKEN.findall(inner)]
        # _OBJECT_TOKEN.findall gives ('', '') only for an empty quoted id, which is allowed
        if len(parts) % 2:
            self._error(line_no, _("Objektlistan ska bestå av par av dimension och objekt."),
                        F_OBJECTS)
            return None
        pairs = tuple((parts[i], parts[i + 1]) for i in range(0, len(parts), 2))
        for dimension, _object in pairs:
            if not dimension.isdigit():
                self._error(line_no, _("Dimensionen ”%(dim)s” i objektlistan är inget nummer.")
                            % {"dim": dimension}, F_OBJECTS)
                return None
        if len(self._objects) > 50_000:
            self._objects.clear()
        self._objects[inner] = pairs
        return pairs

    def _date(self, line_no: int, text: str, name: str) -> datetime.date | None:
        cached = self._dates.get(text)
        if cached is not None:
            return cached
        if _DATE.fullmatch(text):
            try:
                value = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                value = None
            if value is not None:
                out_of_range = date_out_of_range(value)
                if out_of_range is None:
                    self._dates[text] = value
                    return value
                self._error(line_no, out_of_range, name)
                return None
        self._error(line_no, _("”%(value)s” är inget giltigt datum (ÅÅÅÅMMDD).") % {"value": text},
                    name)
        return None

    def _amount(self, line_no: int, text: str) -> int | None:
        whole, _dot, fraction = (text[1:] if text[0] == "-" else text).partition(".")
        if whole.isdigit() and whole.isascii() and len(whole) <= 15 and len(fraction) <= 2 \
                and (not fraction or fraction.isdigit() and fraction.isascii()):
            ore = int(whole) * 100
            if fraction:
                ore += int(fraction) * 10 if len(fraction) == 1 else int(fraction)
            return self._bounded(line_no, -ore if text[0] == "-" else ore)
        return self._slow_amount(line_no, text)

    def _bounded(self, line_no: int, ore: int) -> int | None:
        too_large = amount_too_large(ore)
        if too_large is None:
            return ore
        self._error(line_no, too_large, F_AMOUNT)
        return None

    def _slow_amount(self, line_no: int, text: str) -> int | None:
        if not _AMOUNT.fullmatch(text):
            self._error(line_no, _("”%(value)s” är inget belopp (t.ex. -1234.50).")
                        % {"value": text}, F_AMOUNT)
            return None
        negative = text[0] == "-"
        if text[0] in "+-":
            text = text[1:]
        whole, _dot, fraction = text.partition(".")
        if len(fraction) > 2:
            if fraction[2:].strip("0"):
                self._error(line_no, _("Beloppet har fler än två decimaler."), F_AMOUNT)
                return None
            fraction = fraction[:2]
        ore = int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
        return self._bounded(line_no, -ore if negative else ore)

    # -- records -----------------------------------------------------------------------------

    def vouchers(self) -> Iterator[Voucher]:
        meta = self.meta
        voucher: Voucher | None = None
        in_block = False
        after_rtrans: tuple | None = None
        checksum: tuple[int, int] | None = None
        checksum_line = 0
        checksum_closed = False
        seen_record = False
        tokens = self._tokens
        fast = self._fast_fields
        fast_trans = _FAST_TRANS.match
        fast_ver = _FAST_VER.match
        object_lists = self._objects
        dates = self._dates
        fast_ok = True  # no checksum being summed: the fast patterns may read records
        for line_no, text in self._lines:
            if not text:
                continue
            first = text[0]
            if first == "#" and fast_ok:
                if in_block:
                    found = fast_trans(text) if after_rtrans is None else None
                    if found is not None:
                        account, inner, whole, cents, when, row_text, quantity = found.groups()
                        objects = object_lists.get(inner)
                        if objects is None:
                            objects = self._object_list(line_no, inner)
                            if objects is None:
                                voucher.broken = True
                                continue
                        # "-12" and "5" are -1250 öre: one int() of the digits side by side
                        amount = int(whole + cents) * (10 if len(cents) == 1 else 1) \
                            if cents else int(whole) * 100
                        if len(whole) > 12 and self._bounded(line_no, amount) is None:
                            voucher.broken = True
                            continue
                        day = voucher.date
                        if when:
                            day = dates.get(when) or self._date(line_no, when, F_ROW_DATE)
                            if day is None:
                                voucher.broken = True
                                continue
                        rows = voucher.rows
                        rows.append((line_no, account, objects, amount, day,
                                     unquote(row_text) if row_text else "", quantity or ""))
                        if len(rows) > MAX_VOUCHER_ROWS:
                            too_many_rows(line_no, voucher)
                        continue
                elif voucher is None and seen_record:
                    found = fast_ver(text)
                    if found is not None:
                        series_q, series, number_q, number, when, title = found.groups()
                        day = dates.get(when) or self._date(line_no, when, F_VOUCHER_DATE)
                        if day is None:
                            voucher = broken_voucher(line_no)
                            continue
                        voucher = Voucher((series if series is not None else series_q)[:20],
                                          (number if number is not None else number_q)[:20],
                                          day, unquote(title) if title else "", line_no)
                        continue
            if first == "{" and text == "{":
                if voucher is None or in_block:
                    self._error(line_no, _("En klammer { utan verifikation före."))
                    continue
                in_block = True
                continue
            if first == "}" and text == "}":
                if not in_block:
                    self._error(line_no, _("En klammer } utan verifikation före."))
                    continue
                in_block = False
                after_rtrans = None
                finished = self._finish(voucher)
                voucher = None
                if finished is not None:
                    yield finished
                continue
            if first != "#":
                if not seen_record:
                    raise SieFatal(line_no, _(
                        "Filen är ingen SIE-fil: den ska börja med posten #FLAGGA."))
                self._error(line_no, _("Raden är ingen SIE-post (den ska börja med #)."))
                continue
            parts = text.split(None, 1)
            tag = parts[0].upper()
            rest = parts[1] if len(parts) > 1 else ""
            if not seen_record:
                if tag not in HEADER_TAGS:
                    raise SieFatal(line_no, _(
                        "Filen är ingen SIE-fil: den ska börja med posten #FLAGGA."))
                seen_record = True
            if tag not in USED_TAGS:
                if tag not in STANDARD_TAGS:
                    self._warn(line_no, _("Okänd post %(tag)s hoppas över.") % {"tag": tag[:40]})
                if checksum is None or checksum_closed:
                    continue  # read no further: nothing uses it
                self._lenient = True
                fields = (fast(rest) or tokens(line_no, rest)) if rest else []
                self._lenient = False
                if fields is not None:
                    checksum = checksum_step(checksum, tag, fields)
                continue
            self._lenient = tag in DESCRIPTIVE_TAGS
            fields = (fast(rest) or tokens(line_no, rest)) if rest else []
            self._lenient = False
            if fields is None:
                if in_block and voucher is not None:
                    voucher.broken = True
                continue
            if checksum is not None and not checksum_closed and tag != "#KSUMMA":
                checksum = checksum_step(checksum, tag, fields)
            if tag == "#TRANS" or tag == "#RTRANS" or tag == "#BTRANS":
                if voucher is None or not in_block:
                    self._error(line_no, _("%(tag)s står utanför en verifikation.") % {"tag": tag})
                    continue
                if tag == "#BTRANS":
                    voucher.removed_rows += 1
                    after_rtrans = None
                    continue
                if tag == "#TRANS" and after_rtrans is not None:
                    duplicate = after_rtrans == tuple(f for f in fields[:3])
                    after_rtrans = None
                    if duplicate:
                        continue  # the copy of an #RTRANS kept for old readers: count once
                row = self._row(line_no, fields, voucher)
                if row is None:
                    voucher.broken = True  # reported; its balance says nothing more
                else:
                    voucher.rows.append(row)
                    if len(voucher.rows) > MAX_VOUCHER_ROWS:
                        too_many_rows(line_no, voucher)
                after_rtrans = tuple(fields[:3]) if tag == "#RTRANS" else None
                continue
            if in_block:
                continue  # unknown records inside a voucher are ignored
            if voucher is not None:
                self._error(voucher.line, _(
                    "Verifikationen %(voucher)s saknar sina rader inom { }."
                ) % {"voucher": voucher.label})
                voucher = None
            if tag == "#VER":
                voucher = self._voucher(line_no, fields) or broken_voucher(line_no)
            elif tag == "#KSUMMA":
                if checksum is None:
                    if fields:
                        self._error(line_no, _("#KSUMMA med summa men utan inledande #KSUMMA."))
                        continue
                    checksum, checksum_line = (0, 0), line_no
                    fast_ok = False
                else:
                    checksum_closed = fast_ok = True
                    check_checksum(self.meta, line_no, checksum, fields)
            elif tag == "#SIETYP":
                meta.sie_type = fields[0] if fields else ""
                if meta.sie_type != "4":
                    raise SieFatal(line_no, _(
                        "Filen är SIE typ %(type)s, som saknar verifikationer. Exportera SIE "
                        "typ 4 (4E eller 4I) från ekonomisystemet."
                    ) % {"type": meta.sie_type or "?"})
            else:
                self._header(line_no, tag, fields)
        if in_block or voucher is not None:
            label = voucher.label if voucher is not None else ""
            raise SieFatal(self._lines.line_no, _(
                "Filen tar slut mitt i verifikationen %(voucher)s (påbörjad på rad %(line)s): "
                "filen är ofullständig. Exportera den på nytt."
            ) % {"voucher": label, "line": voucher.line if voucher is not None else "?"})
        if checksum is not None and not checksum_closed:
            raise SieFatal(checksum_line, _(
                "Filen inleder en kontrollsumma (#KSUMMA) men avslutar den aldrig: filen är "
                "ofullständig eller skadad."
            ))
        if not seen_record:
            raise SieFatal(1, _("Filen är tom."))
        meta.encoding = self._lines.encoding or "ascii"

    def _header(self, line_no: int, tag: str, fields: list) -> None:
        meta = self.meta
        if tag == "#FNAMN":
            # a multi-word name without quotes arrives as several fields
            meta.company_name = " ".join(f for f in fields if isinstance(f, str))
        elif tag == "#ORGNR":
            meta.org_number = fields[0] if fields and isinstance(fields[0], str) else ""
        elif tag == "#PROGRAM":
            meta.program = " ".join(f for f in fields if isinstance(f, str))
        elif tag == "#FORMAT":
            meta.format = fields[0] if fields else ""
        elif tag == "#GEN":
            meta.generated = fields[0] if fields and isinstance(fields[0], str) else ""
        elif tag == "#RAR":
            if len(fields) < 3 or not all(isinstance(f, str) for f in fields[:3]):
                self._error(line_no, _("#RAR ska ha årsnummer, startdatum och slutdatum."))
                return
            try:
                number = int(fields[0])
            except ValueError:
                self._error(line_no, _("Årsnumret ”%(value)s” är inget heltal.")
                            % {"value": fields[0]}, F_YEAR)
                return
            start = self._date(line_no, fields[1], F_START)
            end = self._date(line_no, fields[2], F_END)
            if start and end:
                if end < start:
                    self._error(line_no, _("Räkenskapsåret slutar före det börjar."))
                else:
                    meta.fiscal_years[number] = (start, end)
        elif tag == "#KONTO":
            if len(fields) < 1 or not isinstance(fields[0], str) \
                    or not _ACCOUNT.fullmatch(fields[0]):
                # the chart of accounts only names accounts: a row on a bad account is an error
                self._warn(line_no, _("#KONTO ska ha ett kontonummer med 3–8 siffror; posten "
                                      "hoppas över."), F_ACCOUNT)
                return
            meta.accounts[fields[0]] = " ".join(f for f in fields[1:2] if isinstance(f, str))
        elif tag == "#DIM":
            if len(fields) < 2 or not isinstance(fields[0], str) or not fields[0].isdigit():
                self._warn(line_no, _("#DIM ska ha ett dimensionsnummer och ett namn; posten "
                                      "hoppas över."))
                return
            meta.dimensions[fields[0]] = fields[1] if isinstance(fields[1], str) else ""
        elif tag == "#OBJEKT":
            if len(fields) < 3 or not all(isinstance(f, str) for f in fields[:3]) \
                    or not fields[0].isdigit():
                self._warn(line_no, _("#OBJEKT ska ha dimension, objekt-id och namn; posten "
                                      "hoppas över."))
                return
            meta.objects[(fields[0], fields[1])] = fields[2]

    def _voucher(self, line_no: int, fields: list) -> Voucher | None:
        if len(fields) < 3 or not all(isinstance(f, str) for f in fields[:3]):
            self._error(line_no, _("#VER ska ha serie, nummer och datum."))
            return None
        day = self._date(line_no, fields[2], F_VOUCHER_DATE)
        if day is None:
            return None
        text = fields[3] if len(fields) > 3 and isinstance(fields[3], str) else ""
        return Voucher(fields[0][:20], fields[1][:20], day, text, line_no)

    def _row(self, line_no: int, fields: list, voucher: Voucher) -> tuple | None:
        if len(fields) < 2:
            self._error(line_no, _("#TRANS ska ha konto, objektlista och belopp."))
            return None
        account, objects = fields[0], fields[1]
        if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
            self._error(line_no, _("Kontot ”%(value)s” ska vara ett nummer med 3–8 siffror.")
                        % {"value": account if isinstance(account, str) else "{…}"}, F_ACCOUNT)
            return None
        if not isinstance(objects, tuple):
            self._error(line_no, _("Objektlistan saknas (skriv {} om raden saknar objekt)."),
                        F_OBJECTS)
            return None
        amount_text = fields[2] if len(fields) > 2 else None
        if not isinstance(amount_text, str) or not amount_text:
            self._error(line_no, _("Beloppet saknas."), F_AMOUNT)
            return None
        amount = self._amount(line_no, amount_text)
        if amount is None:
            return None
        day = voucher.date
        text = ""
        quantity = ""
        count = len(fields)
        if count > 3:
            when = fields[3]
            if isinstance(when, str) and when:
                day = self._date(line_no, when, F_ROW_DATE)
                if day is None:
                    return None
            if count > 4 and isinstance(fields[4], str):
                text = fields[4]
                if count > 5 and isinstance(fields[5], str):
                    quantity = fields[5]
        return (line_no, account, objects, amount, day, text, quantity)

    def _finish(self, voucher: Voucher) -> Voucher | None:
        if voucher.removed_rows < 0 or voucher.broken:
            return None  # its header or a row was already reported
        total = 0
        for row in voucher.rows:
            total += row[3]
        if total != 0:
            self._error(voucher.line, _(
                "Verifikationen %(voucher)s balanserar inte: raderna summerar till "
                "%(sum)s kr i stället för 0."
            ) % {"voucher": voucher.label, "sum": _kronor(total)}, F_AMOUNT)
            return None
        self.voucher_count += 1
        self.row_count += len(voucher.rows)
        self.removed_row_count += voucher.removed_rows
        return voucher


def _kronor(ore: int) -> str:
    return format_number(ore_to_kronor(ore), 2)


def read_all(handle: BinaryIO) -> tuple[SieMeta, list[Voucher], list[SieError]]:
    """Convenience for small files and tests: every voucher in a list."""
    reader = SieReader(handle)
    vouchers = list(reader.vouchers())
    return reader.meta, vouchers, reader.errors
