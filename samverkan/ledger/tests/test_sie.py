"""The SIE 4 reader: real-file quirks are accepted, hostile input is refused with a line number."""

import datetime
import io
import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.ledger.sie import SieFatal, SieReader, read_all

FIXTURES = Path(__file__).parent / "fixtures"
# real files written by accounting programs, kept beside the repository (not part of it)
REAL_SAMPLES = Path(os.environ.get("SAMVERKAN_SIE_SAMPLES",
                                   Path(__file__).resolve().parents[4] / "shared" / "sie-samples"))

HEADER = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n"


def read(text: str | bytes, encoding="cp437"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return read_all(io.BytesIO(data))


def fatal(text: str | bytes) -> SieFatal:
    with pytest.raises(SieFatal) as caught:
        read(text)
    return caught.value


def voucher(rows: str, head: str = '#VER A 1 20210105 "Faktura"') -> str:
    return f"{HEADER}{head}\n{{\n{rows}\n}}\n"


# -- our own fixtures with the quirks real files have ----------------------------------------

def test_it_reads_cp437_with_checksum_rtrans_and_btrans():
    meta, vouchers, errors = read_all((FIXTURES / "cp437_kommun_ksumma.se").open("rb"))
    assert errors == []
    assert meta.checksum_verified
    assert meta.company_name == "Lilla Åby kommun"  # unquoted multi-word name
    assert meta.org_number == ""
    assert meta.fiscal_years[0] == (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert meta.accounts["654101"] == "Licenser, programvara"
    assert meta.objects[("1", "0001")] == "Kommunledning"
    assert meta.objects[("1", "1")] == "Barn och utbildning"
    first, second, third = vouchers
    assert first.text == 'Licens "Procapita" jan'
    assert first.rows[0][1:4] == ("654101", (("1", "0001"), ("9", "5560715210")), 120050)
    assert first.rows[0][4] == datetime.date(2021, 1, 15)  # the voucher's date
    assert first.rows[1][4] == datetime.date(2021, 1, 31)  # the row's own date
    assert first.rows[1][5] == "Skuld C:\\temp"  # a backslash that is only a backslash
    assert (second.series, second.number) == ("#", "7")
    # the #RTRANS counts once (its #TRANS copy is skipped), the #BTRANS not at all
    assert [row[3] for row in second.rows] == [50000, 25000, -75000]
    assert second.removed_rows == 1
    assert (third.series, third.number) == ("", "")
    assert third.rows[0][1:4] == ("748", (("6", "P 12"),), 1050)  # 3-digit account, 10.5
    assert third.rows[0][5:] == ("Konsult april", "2")  # trailing unknown fields ignored


@pytest.mark.parametrize("name,encoding,town", [
    ("utf8_says_pc8.se", "utf-8", "Västra Ängby kommun"),
    ("latin1_says_pc8_cr.se", "cp1252", "Östra Åby kommun"),
])
def test_it_tells_utf8_and_latin1_from_cp437_by_the_letters(name, encoding, town):
    reader = SieReader((FIXTURES / name).open("rb"))
    vouchers = list(reader.vouchers())
    assert reader.errors == []
    assert reader.meta.encoding == encoding
    assert reader.meta.company_name == town
    assert vouchers[0].text == "Tjänst från Öresund IT"
    assert [row[3] for row in vouchers[0].rows] == [100000, -100000]


def test_it_reads_tabs_trailing_tabs_and_4i_placeholders():
    meta, vouchers, errors = read_all((FIXTURES / "tabs_4i.si").open("rb"))
    assert errors == []
    assert meta.dimensions == {"1": "Kostnadsställe", "6": "Projekt", "20": "Fri dimension"}
    (only,) = vouchers
    assert (only.series, only.number, only.text) == ("", "", "Utbetalning löner")
    assert only.rows[1][2] == (("1", "200"),)
    assert only.rows[1][6] == "1.00"  # quantity after two "" placeholders
    assert only.rows[2][2] == (("1", "0200"), ("6", "Obj300"), ("20", "1234567890"))


# -- the real files (in CI; skipped where they are not present) ------------------------------

REAL = {
    "fortnox_sie4.si": (165, 869),
    "avendo_ovningsbolag_sie4.se": (163, 671),
    "mamut_enterprise_sie4_tabs.se": (168, 458),
    "kontek_lon_sie4i_objects.si": (1, 25),
}


@pytest.mark.parametrize("name,counts", REAL.items())
def test_it_reads_every_real_sample_file(name, counts):
    path = REAL_SAMPLES / name
    if not path.exists():
        pytest.skip("the real SIE sample files are not available here")
    reader = SieReader(path.open("rb"))
    vouchers = list(reader.vouchers())
    assert reader.errors == []
    assert (len(vouchers), sum(len(v.rows) for v in vouchers)) == counts
    assert reader.meta.encoding == "cp437"
    assert all(sum(row[3] for row in v.rows) == 0 for v in vouchers)
    assert "ö" in reader.meta.company_name.lower() or name.startswith("mamut")


# -- amounts and dates -------------------------------------------------------------------------

@pytest.mark.parametrize("text,ore", [
    ("1234.50", 123450), ("-1234.5", -123450), ("0.01", 1), ("-0.01", -1), ("17", 1700),
    ("+3.00", 300), ("2.500", 250),
])
def test_it_turns_amounts_into_exact_ore(text, ore):
    negative = f"-{text.lstrip('+-')}" if not text.startswith("-") else text.lstrip("-")
    _meta, vouchers, errors = read(voucher(f"#TRANS 6540 {{}} {text}\n#TRANS 2440 {{}} {negative}"))
    assert errors == []
    assert vouchers[0].rows[0][3] == ore


@given(st.lists(st.integers(min_value=-10**12, max_value=10**12), min_size=1, max_size=20))
@settings(max_examples=50, deadline=None)
def test_balanced_vouchers_sum_to_exactly_zero_in_ore(amounts):
    rows = "\n".join(f"#TRANS 6540 {{}} {'-' if a < 0 else ''}{abs(a) // 100}.{abs(a) % 100:02d}"
                     for a in amounts)
    total = -sum(amounts)
    rows += f"\n#TRANS 2440 {{}} {'-' if total < 0 else ''}{abs(total) // 100}.{abs(total) % 100:02d}"
    _meta, vouchers, errors = read(voucher(rows))
    assert errors == []
    assert [row[3] for row in vouchers[0].rows] == [*amounts, total]


# -- hostile input -----------------------------------------------------------------------------

def test_it_refuses_an_unbalanced_voucher_with_its_line():
    _meta, vouchers, errors = read(voucher("#TRANS 6540 {} 100.00\n#TRANS 2440 {} -99.50"))
    assert vouchers == []
    assert errors[0].line == 5
    assert "balanserar inte" in errors[0].message and "0,50" in errors[0].message


def test_it_refuses_a_truncated_file():
    text = voucher("#TRANS 6540 {} 100.00\n#TRANS 2440 {} -100.00")
    error = fatal(text[: text.rindex("}")])
    assert "ofullständig" in error.message
    assert error.line == 8  # the last line read


@pytest.mark.parametrize("row,field,needle", [
    ("#TRANS 65x0 {} 1.00", "konto", "3–8 siffror"),
    ("#TRANS 6540 1.00", "objektlista", "Objektlistan saknas"),
    ("#TRANS 6540 {} 1,00", "belopp", "inget belopp"),
    ("#TRANS 6540 {} 1.001", "belopp", "två decimaler"),
    ("#TRANS 6540 {} 1.00 20210230", "transaktionsdatum", "inget giltigt datum"),
    ("#TRANS 6540 {1} 1.00", "objektlista", "par"),
    ("#TRANS 6540", "", "konto, objektlista och belopp"),
    ("#TRANS 6540 {}", "belopp", "Beloppet saknas"),
])
def test_it_reports_a_malformed_known_record_with_line_and_field(row, field, needle):
    _meta, vouchers, errors = read(voucher(f"{row}\n#TRANS 2440 {{}} -1.00"))
    assert vouchers == []
    first = errors[0]
    assert first.line == 7
    assert first.field == field
    assert needle in first.message


def test_it_reports_a_malformed_voucher_header():
    _meta, vouchers, errors = read(voucher("#TRANS 6540 {} 1.00", head="#VER A 1 2021-01-05"))
    assert vouchers == []
    assert errors[0].line == 5 and "ÅÅÅÅMMDD" in errors[0].message


@pytest.mark.parametrize("row", [
    '#TRANS 6540 {} 1.00 20210105 "oavslutad',
    '#TRANS 6540 {1 "100} 1.00',
    '#TRANS 6540 {1 "100" 1.00',
    '#TRANS 6540 {} 1.00 "slutar med \\"',
])
def test_it_reports_broken_quotes(row):
    _meta, vouchers, errors = read(voucher(f"{row}\n#TRANS 2440 {{}} -1.00"))
    assert vouchers == []
    assert errors and errors[0].line == 7


def test_it_refuses_a_bad_checksum():
    text = HEADER.replace("#FORMAT", "#KSUMMA\n#FORMAT") + "#FNAMN Test\n#KSUMMA 12345\n"
    error = fatal(text)
    assert "Kontrollsumman" in error.message and error.line == 7


def test_it_accepts_a_right_checksum():
    data = "#FORMATPC8#SIETYP4#FNAMNTest".encode("cp437")
    text = f"#FLAGGA 0\n#KSUMMA\n#FORMAT PC8\n#SIETYP 4\n#FNAMN Test\n#KSUMMA {zlib.crc32(data)}\n"
    reader = SieReader(io.BytesIO(text.encode()))
    assert list(reader.vouchers()) == []
    assert reader.meta.checksum_verified


def test_it_refuses_a_checksum_opened_but_never_closed():
    error = fatal(HEADER.replace("#FORMAT", "#KSUMMA\n#FORMAT"))
    assert "avslutar den aldrig" in error.message and error.line == 2


@pytest.mark.parametrize("data,needle", [
    ("#FLAGGA 0\n#SIETYP 4\n".encode("utf-16"), "UTF-16"),
    (b"#FLAGGA 0\n#FNAMN \"K\xc3\xb6ping\"\n#ADRESS \"G\xf6teborg\"\n", "teckenkodning"),
    (b"#FLAGGA 0\n#FNAMN \"Test\x01\"\n", "styrtecken"),
])
def test_it_refuses_wrong_encodings(data, needle):
    assert needle in fatal(data).message


def test_it_refuses_sie_types_without_vouchers():
    assert "SIE typ 2" in fatal("#FLAGGA 0\n#SIETYP 2\n").message


def test_it_refuses_something_that_is_not_sie_at_line_one():
    error = fatal("datum;konto;belopp\n2021-01-01;6540;100\n")
    assert error.line == 1 and "ingen SIE-fil" in error.message


def test_it_ignores_unknown_records_and_trailing_fields():
    text = voucher('#TRANS 6540 {} 1.00 20210105 "x" 1 "sign" "okänt" "fält"\n'
                   '#NYPOST a b c\n#TRANS 2440 {} -1.00').replace("#RAR", "#FRAMTID 1 2\n#RAR")
    _meta, vouchers, errors = read(text)
    assert errors == [] and len(vouchers) == 1


def test_it_stops_collecting_after_too_many_errors():
    rows = "\n".join("#TRANS x {} 1" for _ in range(30))
    reader = SieReader(io.BytesIO(voucher(rows).encode()), max_errors=10)
    with pytest.raises(SieFatal) as caught:
        list(reader.vouchers())
    assert "För många fel" in caught.value.message
    assert len(reader.errors) == 10


def test_it_fails_fast_on_100_mb_of_junk_in_bounded_memory(tmp_path):
    """Random bytes, and 100 MB of printable junk without a line break."""
    junk = tmp_path / "junk.se"
    block = random.Random(4).randbytes(1 << 20)
    with junk.open("wb") as handle:
        for _ in range(100):
            handle.write(block)
    long_line = tmp_path / "long.se"
    with long_line.open("wb") as handle:
        handle.write(b"#FLAGGA 0\n#FNAMN ")
        for _ in range(100):
            handle.write(b"x" * (1 << 20))
    script = (
        "import sys, resource, django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'samverkan.settings')\n"
        "django.setup()\n"
        "from samverkan.ledger.sie import SieReader, SieFatal\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        list(SieReader(open(name, 'rb')).vouchers())\n"
        "    except SieFatal as exc:\n"
        "        print(exc.line, exc.message[:40])\n"
        # peak memory of this process alone (getrusage would include the forking parent's)
        "status = open('/proc/self/status').read()\n"
        "print(int(status.split('VmHWM:')[1].split()[0]) // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(junk), str(long_line)],
                            capture_output=True, text=True, timeout=120, check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("1 ")
    assert lines[1].startswith("2 ") and "orimligt lång" in lines[1]
    assert int(lines[2]) < 200  # MB


def test_it_reads_line_endings_of_every_kind_alike():
    text = voucher("#TRANS 6540 {} 1.00\n#TRANS 2440 {} -1.00")
    results = []
    for ending in ("\n", "\r\n", "\r"):
        _meta, vouchers, errors = read(text.replace("\n", ending))
        assert errors == []
        results.append([row[:4] for row in vouchers[0].rows])
    assert results[0] == results[1] == results[2]


def test_a_voucher_split_across_read_chunks_is_read_whole(monkeypatch):
    from samverkan.ledger import sie_lines

    monkeypatch.setattr(sie_lines, "CHUNK", 7)
    text = voucher("#TRANS 6540 {} 1.00\r\n#TRANS 2440 {} -1.00").replace("\n", "\r\n")
    _meta, vouchers, errors = read("#FNAMN \"Åby\"\n" + text.replace("#FLAGGA 0\r\n", ""))
    assert errors == [] and len(vouchers) == 1


# -- the fast path for ordinary #TRANS rows reads what the general tokenizer reads -------------

_blank = st.sampled_from([" ", "  ", "\t", " \t"])
_object_id = st.one_of(
    st.text("0123456789ABCÅÄÖ-_", min_size=1, max_size=6),
    st.text('0123456789 åäö"\\', max_size=6).map(lambda t: '"' + t.replace('"', '\\"') + '"'))
_objects = st.lists(st.tuples(st.sampled_from(["1", "6", "9", "x"]), _object_id), max_size=3) \
    .map(lambda pairs: "{" + " ".join(f"{d} {o}" for d, o in pairs) + "}")
_amount = st.tuples(st.sampled_from(["", "-", "+"]), st.integers(0, 10**9),
                    st.sampled_from(["", ".5", ".05", ".50", ".", ".123"])) \
    .map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}")
_field = st.one_of(
    st.sampled_from(["20210115", "20210230", '""', "2021011", "20211231"]),
    st.text('abc åäö"\\{}', max_size=12).map(lambda t: '"' + t + '"'),
    st.text('ab åö"{}', max_size=12).map(lambda t: '"' + t.replace('"', '\\"') + '"'),
    st.text("abcåäö0123456789.-", min_size=1, max_size=6))


def _read_both_ways(text: str):
    """The file read with the fast patterns, and with them off (every record through the
    general tokenizer): (vouchers, errors) each."""
    import re

    from samverkan.ledger import sie

    def result():
        _meta, vouchers, errors = read(text, "utf-8")
        return ([(v.series, v.number, v.date, v.text, v.rows) for v in vouchers],
                [e.as_dict() for e in errors])

    fast = result()
    originals = sie._FAST_TRANS, sie._FAST_VER
    sie._FAST_TRANS = sie._FAST_VER = re.compile(r"(?!)")  # never matches
    try:
        return fast, result()
    finally:
        sie._FAST_TRANS, sie._FAST_VER = originals


@given(account=st.sampled_from(["6540", "654", "65401234", "65A0", "6540123456"]),
       objects=_objects, amount=_amount, extra=st.lists(_field, max_size=4), blank=_blank,
       tag=st.sampled_from(["#TRANS", "#trans", "#TRANS"]))
@settings(max_examples=500, deadline=None)
def test_the_fast_path_reads_every_row_as_the_tokenizer_does(account, objects, amount, extra,
                                                             blank, tag):
    ore = SieReader(io.BytesIO(b""))._amount(0, amount)
    balance = "0" if ore is None else f"{'' if ore < 0 else '-'}{abs(ore) / 100:.2f}"
    line = blank.join([tag, account, objects, amount, *extra])
    fast, general = _read_both_ways(voucher(f"{line}\n#TRANS 2440 {{}} {balance}"))
    assert fast == general


_ver_id = st.one_of(st.text("AB0123456789-åä", min_size=1, max_size=25),
                    st.text("AB 12\\{", max_size=4).map(lambda t: f'"{t}"'))


@given(series=_ver_id, number=_ver_id, extra=st.lists(_field, max_size=4), blank=_blank,
       tag=st.sampled_from(["#VER", "#ver"]))
@settings(max_examples=300, deadline=None)
def test_the_fast_path_reads_every_voucher_header_as_the_tokenizer_does(series, number, extra,
                                                                        blank, tag):
    head = blank.join([tag, series, number, *extra]) if extra else blank.join([tag, series,
                                                                               number])
    fast, general = _read_both_ways(voucher("#TRANS 6540 {} 10.00\n#TRANS 2440 {} -10.00",
                                            head=head))
    assert fast == general
