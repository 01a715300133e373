"""The lines of a SIE file, decoded and numbered, a chunk at a time: the encoding told from the
bytes used for å ä ö, control characters and absurdly long lines refused as not SIE at all."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

CHUNK = 1 << 20
MAX_LINE = 64 * 1024

_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_FORBIDDEN_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORBIDDEN = re.compile("[\x85\u2028\u2029]")
_CP437_LETTERS = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82")
_LATIN1_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9")
# å ä ö Å Ä Ö in UTF-8: never seen in real CP437 or Latin-1 text
_UTF8_LETTERS = re.compile(b"\xc3[\x84\x85\x96\xa4\xa5\xb6]")


class SieFatal(Exception):
    """The file cannot be read any further; nothing from it may be stored."""

    def __init__(self, line: int, message: str, field: str = ""):
        self.line, self.field, self.message = line, field, message
        super().__init__(f"{line}: {message}")


class SieLines:
    """Decoded lines with their numbers, stripped of blanks and line ends, from a binary
    handle, in bounded memory (a chunk at a time)."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.encoding: str | None = None
        self.decoder = None
        self.bytes_read = 0
        self.line_no = 0

    def _choose_encoding(self, data: bytes) -> None:
        high = {b for b in data if b > 0x7F}
        if not high:
            return
        try:
            data.decode("utf-8")
            looks_utf8 = True
        except UnicodeDecodeError as exc:
            # a chunk may end in the middle of a character; anything earlier is decisive
            looks_utf8 = exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
        if looks_utf8:
            self.encoding = "utf-8"
        elif len(high & _LATIN1_LETTERS) > len(high & _CP437_LETTERS):
            self.encoding = "cp1252"
        else:
            self.encoding = "cp437"
        self.decoder = codecs.getincrementaldecoder(self.encoding)("strict")

    def _decode(self, data: bytes, final: bool) -> str:
        if self.encoding is None:
            self._choose_encoding(data)
            if self.encoding is None:
                return data.decode("ascii")
        if self.encoding != "utf-8":
            mixed = _UTF8_LETTERS.search(data)
            if mixed is not None:
                raise SieFatal(self.line_no + data.count(b"\n", 0, mixed.start()) + 1, _(
                    "Filen blandar teckenkodningar: här står å, ä eller ö som UTF-8 men "
                    "tidigare i filen som %(encoding)s. Exportera filen på nytt."
                ) % {"encoding": self.encoding.upper()})
        try:
            return self.decoder.decode(data, final)
        except UnicodeDecodeError:
            raise SieFatal(self.line_no + 1, _(
                "Filen blandar teckenkodningar: tecken som inte kan läsas som %(encoding)s. "
                "Exportera filen på nytt (SIE ska vara teckenkodad som PC8/CP437)."
            ) % {"encoding": self.encoding.upper()}) from None

    def _control_character(self, lines_before: int, code: int):
        raise SieFatal(self.line_no + lines_before + 1, _(
            "Filen innehåller otillåtna styrtecken (tecken %(code)s) och är ingen läsbar SIE-fil."
        ) % {"code": hex(code)})

    def __iter__(self) -> Iterator[tuple[int, str]]:
        carry = ""
        first = True
        while True:
            data = self.handle.read(CHUNK)
            final = not data
            if first:
                first = False
                if data.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise SieFatal(1, _("Filen är sparad som UTF-16 och är ingen SIE-fil. "
                                        "SIE-filer ska vara teckenkodade som PC8 (CP437)."))
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
                    self.encoding = "utf-8"
                    self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
            self.bytes_read += len(data)
            # translate() tells in one pass whether any is there; the pattern then finds it
            bad = _FORBIDDEN_BYTES.search(data) \
                if len(data.translate(None, _CONTROL_BYTES)) != len(data) else None
            if bad is not None:
                self._control_character(carry.count("\n") + data.count(b"\n", 0, bad.start()),
                                        bad.group()[0])
            text = carry + self._decode(data, final)
            bad = _FORBIDDEN.search(text) \
                if "\x85" in text or "\u2028" in text or "\u2029" in text else None
            if bad is not None:
                self._control_character(text.count("\n", 0, bad.start()), ord(bad.group()))
            lines = text.splitlines(True)
            carry = ""
            if lines and not final:
                last = lines[-1]
                if not last.endswith("\n"):  # incomplete, or a CR whose LF may follow
                    carry = lines.pop()
                    if len(carry) > MAX_LINE:
                        raise SieFatal(self.line_no + len(lines) + 1, _(
                            "Raden är orimligt lång (över %(limit)s tecken); filen är ingen "
                            "SIE-fil."
                        ) % {"limit": MAX_LINE})
            if lines and max(map(len, lines)) > MAX_LINE:
                long = next(i for i, line in enumerate(lines) if len(line) > MAX_LINE)
                raise SieFatal(self.line_no + long + 1, _(
                    "Raden är orimligt lång (över %(limit)s tecken); filen är ingen SIE-fil."
                ) % {"limit": MAX_LINE})
            first_no = self.line_no + 1
            self.line_no += len(lines)
            yield from zip(range(first_no, self.line_no + 1), map(str.strip, lines), strict=True)
            if final:
                return
