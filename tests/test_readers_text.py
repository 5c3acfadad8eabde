"""Text files, legacy Vietnamese encodings, web pages and crawled-site furniture (issue 9).

Every test writes its own files (Vietnamese text encoded into each encoding, HTML pages in the style of
government portals); tests on ../shared skip when it is absent.
"""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from pathlib import Path

import pytest

from index.errors import IngestError
from index.ingest import encodings
from index.ingest.encodings import decode_text, encode_tcvn3, encode_vni, vietnamese_letters
from index.ingest.furniture import KNOWN_CHROME, chrome_lines, is_known_chrome, line_set
from index.ingest.header import parse_header
from index.ingest.normalize import normalize_text
from index.ingest.readers import MAX_BYTES, read_file
from index.ingest.readers.html import HtmlReader, html_text
from index.ingest.readers.text import TextReader
from index.ingest.structure import split_passages

PLAN = """ỦY BAN NHÂN DÂN XÃ LONG HỰU
Số: 12/KH-UBND
Long Hựu, ngày 08 tháng 01 năm 2024
KẾ HOẠCH
Cải cách hành chính năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao hiệu quả tiếp nhận và trả kết quả thủ tục hành chính tại bộ phận một cửa của xã.
2. Yêu cầu
Công khai đầy đủ thủ tục hành chính; niêm yết tại trụ sở và trên trang thông tin điện tử.
Người đứng đầu chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện.
"""
LETTERS = " ".join(vietnamese_letters())  # the 134 letters outside ASCII


def one_line_vietnamese(message: str, name: str) -> None:
    """A user-facing message: one line, names the file, Vietnamese with diacritics."""
    assert "\n" not in message and name in message
    assert any(c in message for c in "ạảãáàâăđêôơư"), message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 as Word writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", c)
        tones = "".join(x for x in decomposed if x in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(x for x in decomposed if x not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


# --- legacy encodings ------------------------------------------------------------------------------


def test_there_are_134_letters_and_vni_spells_them_as_unikey() -> None:
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134
    spellings = {c: encode_vni(c).decode("cp1252") for c in "ấẶươỰĐíỵẾ"}
    assert spellings == {"ấ": "aá", "Ặ": "AË", "ư": "ö", "ơ": "ô", "Ự": "ÖÏ", "Đ": "Ñ", "í": "í", "ỵ": "î",
                         "Ế": "EÁ"}  # fmt: skip


@pytest.mark.parametrize("text", [PLAN, f"{PLAN}\n{LETTERS}\n", PLAN.upper()])
def test_vni_round_trip(text: str) -> None:
    decoded = decode_text(encode_vni(text), "kh.txt")
    assert decoded.text == unicodedata.normalize("NFC", text)
    assert decoded.encoding == "VNI-Windows"
    assert decoded.notes == ["Đã chuyển mã VNI-Windows sang Unicode."]


def test_vni_with_the_horn_written_after_its_vowel() -> None:
    """Case 04's writer puts "uö" for ư and "oô" for ơ (Unikey writes "ö" and "ô" alone)."""
    data = "Long Huöïu: cuöûa, truï soôû, tuöû".encode("cp1252")
    assert encodings.vni_to_unicode(data.decode("cp1252")) == "Long Hựu: cửa, trụ sở, tử"


def test_case_04_converts_exactly(shared: Path) -> None:
    cases = shared / "cases"
    decoded = decode_text((cases / "04-vni-windows.txt").read_bytes(), "04-vni-windows.txt")
    expected = (cases / "04-vni-windows.expected-unicode.txt").read_text(encoding="utf-8")
    assert decoded.text == unicodedata.normalize("NFC", expected)
    assert decoded.encoding == "VNI-Windows"


def test_tcvn3_round_trip_of_small_letters_and_capitals_in_capital_words() -> None:
    """Every small letter, and every capital inside a word of capitals (VN3 writes it small)."""
    small = [c for c in vietnamese_letters() if c.islower()]
    text = PLAN.replace("Chủ tịch Ủy ban", "Chủ tịch UBND") + " ".join(small) + "\n"
    text += " ".join(f"X{c.upper()}NG" for c in small) + "\nKẾ HOẠCH: " + " ".join(c.upper() for c in small)
    decoded = decode_text(encode_tcvn3(text), "kh.txt")
    assert decoded.text == text
    assert decoded.encoding == "TCVN3 (ABC)"
    assert decoded.notes == ["Đã chuyển mã TCVN3 (ABC) sang Unicode."]
    assert decoded.warnings and "chữ hoa" in decoded.warnings[0]


def test_tcvn3_cannot_tell_a_lone_capital_with_a_tone_mark() -> None:
    """VN3 has no capitals with tone marks: "Ở" in a sentence reads back as "ở" (Unikey does the same)."""
    assert encode_tcvn3("Ở đây") == encode_tcvn3("ở đây")
    with pytest.raises(ValueError):
        encode_tcvn3("02 hội nghị × 50 đại biểu")  # "×" is the byte of "ì"


def test_tcvn3_table_is_glibc_tcvn5712_vn3_subset() -> None:
    charmap = Path("/usr/share/i18n/charmaps/TCVN5712-1.gz")
    if not charmap.exists():
        pytest.skip("glibc charmaps are not installed")
    glibc = {}
    with gzip.open(charmap, "rt", encoding="latin-1") as lines:
        for line in lines:
            if m := re.match(r"<U([0-9A-F]{4})>\s+/x([0-9a-f]{2})\s", line):
                glibc.setdefault(int(m.group(2), 16), chr(int(m.group(1), 16)))
    for byte in range(0xA1, 0xFF):
        text, _ = encodings.tcvn3_to_unicode(bytes([byte]))
        letter = glibc[byte]
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
            assert text == letter, hex(byte)


def test_windows_1258_with_combining_marks_becomes_nfc() -> None:
    decoded = decode_text(cp1258(PLAN), "kh.txt")
    assert decoded.text == PLAN and decoded.encoding == "Windows-1258"
    assert decoded.notes == ["Đã chuyển mã Windows-1258 sang Unicode."]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + PLAN.encode(), "UTF-8"),
        (PLAN.encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + PLAN.encode("utf-16-be"), "UTF-16"),
        (unicodedata.normalize("NFD", PLAN).encode(), "UTF-8"),
    ],
)
def test_unicode_is_kept_without_a_note(data: bytes, encoding: str) -> None:
    decoded = decode_text(data, "kh.txt")
    assert (decoded.text, decoded.encoding, decoded.notes) == (PLAN, encoding, [])


def test_utf8_read_as_cp1252_and_saved_again_is_repaired() -> None:
    mojibake = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in PLAN.encode())
    assert "Káº¾ HOáº\xa0CH" in mojibake
    decoded = decode_text(mojibake.encode(), "kh.txt")
    assert decoded.text == PLAN
    assert decoded.notes == ["Đã chuyển mã UTF-8 đọc nhầm thành Windows-1252 sang Unicode."]


@pytest.mark.parametrize("encode", [encode_vni, encode_tcvn3])
def test_legacy_text_saved_as_utf8_is_repaired(encode) -> None:
    shown = encode(PLAN.lower()).decode("cp1252")  # what Word shows in a Windows-1252 font
    decoded = decode_text(shown.encode(), "kh.txt")
    assert decoded.text == PLAN.lower()
    assert "lưu dạng UTF-8" in decoded.encoding


def test_ascii_text_is_plain_utf8() -> None:
    assert decode_text(b"Ke hoach cai cach hanh chinh nam 2024\n", "a.txt").encoding == "UTF-8"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "nhị phân"),
        (bytes(range(1, 32)) * 20, "nhị phân"),
        (("行政改革の計画について、市民サービスの向上を目指します。" * 10).encode("shift_jis"), "cp932"),
        (bytes((i * 7919) % 128 + 128 for i in range(3000)), "không nhận ra bảng mã tiếng Việt"),
    ],
)
def test_what_is_not_vietnamese_text_is_refused_in_one_line(data: bytes, words: str) -> None:
    with pytest.raises(IngestError) as error:
        decode_text(data, "lạ.txt")
    one_line_vietnamese(str(error.value), "lạ.txt")
    assert words in str(error.value)


def test_readings_are_far_apart_on_real_plans(shared: Path) -> None:
    """On every shared plan in VNI and TCVN3, the right reading scores ≥ 0.95, every wrong one < 0.5."""
    for path in sorted((shared / "plans").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = "".join(c for c in text if c in LETTERS or c in "\n" or (c.isascii() and c.isprintable()))
        for encode, right in ((encode_vni, "VNI-Windows"), (encode_tcvn3, "TCVN3 (ABC)")):
            for reading in encodings._readings(encode(text), path.name):
                validity = encodings.vietnamese_score(reading.text).validity
                assert validity >= 0.95 if reading.encoding == right else validity < 0.5, (path, reading)


# --- the text reader -------------------------------------------------------------------------------


def test_text_reader_records_the_source_encoding(tmp_path: Path) -> None:
    extracted = TextReader().read(write(tmp_path, "kh.txt", encode_vni(PLAN)))
    assert (extracted.text, extracted.format, extracted.encoding) == (PLAN, "txt", "VNI-Windows")
    assert extracted.notes == ["Đã chuyển mã VNI-Windows sang Unicode."]
    markdown = TextReader().read(write(tmp_path, "kh.md", f"# KẾ HOẠCH\n\n{PLAN}".encode()))
    assert (markdown.format, markdown.encoding, markdown.notes) == ("md", "UTF-8", [])


def test_text_reader_refuses_empty_blank_missing_and_large_files(tmp_path: Path) -> None:
    large = tmp_path / "lớn.txt"
    with large.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    cases = {
        "rỗng.txt": write(tmp_path, "rỗng.txt", b""),
        "trắng.txt": write(tmp_path, "trắng.txt", b" \n\t\n"),
        "thiếu.txt": tmp_path / "thiếu.txt",
        "lớn.txt": large,
    }
    for name, path in cases.items():
        with pytest.raises(IngestError) as error:
            read_file(path)
        one_line_vietnamese(str(error.value), name)


# --- web pages -------------------------------------------------------------------------------------

PORTAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch 77/KH-UBND</title>
<script>var tracker = 1;</script></head><body>
<div id="banner">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN YÊN THÀNH</div>
<div class="menu-top"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li></ul></div>
<table width="100%"><tr>
<td width="180" valign="top"><b>VĂN BẢN MỚI</b><br><a href="/1">Quyết định 12/QĐ-UBND công bố thủ tục</a><br>
<a href="/2">Công văn 45/UBND-VP về kỷ luật hành chính</a><br>Đang online: 12</td>
<td valign="top">
<table width="100%"><tr><td><p align="center">ỦY BAN NHÂN DÂN<br><b>HUYỆN YÊN THÀNH</b></p>
<p align="center">-------</p><p>Số:&nbsp;77/KH-UBND</p></td>
<td><p align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b></p>
<p align="right"><i>Yên Thành, ngày&nbsp;15&nbsp;tháng 01 năm 2024</i></p></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b></p>
<p align="center"><b>Cải cách hành chính nhà nước huyện Yên Thành năm 2024</b></p>
<p><b>I.&nbsp;MỤC ĐÍCH, YÊU CẦU</b></p>
<p><b>1. Mục đích</b></p>
<p>Đẩy mạnh cải cách thủ tục hành chính, nâng&nbsp;cao chất lượng phục vụ người dân và doanh nghiệp.</p>
<p><b>2. Yêu cầu</b></p>
<p>Các cơ quan, đơn vị xây dựng kế hoạch chi tiết trước ngày 31/01/2024.</p>
<p><b>II.&nbsp;NHIỆM VỤ</b></p>
<div><table border="1">
<tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Phối hợp</th><th>Thời gian</th></tr>
<tr><td colspan="5"><b>I. Cải cách thể chế</b></td></tr>
<tr><td>1</td><td>Rà soát văn bản quy phạm pháp luật</td><td rowspan="2">Phòng Tư pháp</td><td>Các phòng</td>
<td>Quý II/2024</td></tr>
<tr><td>2</td><td>Kiểm tra việc thực hiện văn bản</td><td>&nbsp;</td><td>Quý III/2024</td></tr>
</table></div>
<p><b>III.&nbsp;TỔ CHỨC THỰC HIỆN</b></p>
<p>Phòng Nội vụ là cơ quan thường trực, giúp UBND huyện theo dõi, đôn đốc việc thực hiện Kế hoạch.</p>
<p><a href="/files/77.pdf">Tải về</a> <a href="javascript:print()">In trang</a></p>
</td>
<td width="200" valign="top"><b>TIN MỚI</b><br>
<a href="/n/1">Hội nghị đối thoại với doanh nghiệp năm 2024</a></td>
</tr></table>
<div id="footer"><p>Địa chỉ: Khối 1, thị trấn Yên Thành. Đường dây nóng: 0912.345.678</p>
<p>Bản quyền thuộc Cổng thông tin điện tử huyện Yên Thành.</p></div>
</body></html>"""
PORTAL_BODY = [
    "Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Các cơ quan, đơn vị xây dựng kế hoạch chi tiết trước ngày 31/01/2024.",
    "Phòng Nội vụ là cơ quan thường trực, giúp UBND huyện theo dõi, đôn đốc việc thực hiện Kế hoạch.",
]
PORTAL_CHROME = [
    "CỔNG THÔNG TIN", "Trang chủ", "Tin tức", "Văn bản chỉ đạo", "VĂN BẢN MỚI", "Quyết định 12/QĐ-UBND",
    "Đang online", "Tải về", "In trang", "TIN MỚI", "Hội nghị đối thoại", "Đường dây nóng", "Bản quyền",
]  # fmt: skip


def test_portal_page_keeps_the_document_and_drops_the_site() -> None:
    lines = html_text(PORTAL).split("\n")
    text = "\n".join(lines)
    assert all(sentence in lines for sentence in PORTAL_BODY)
    assert not [chrome for chrome in PORTAL_CHROME if chrome in text]
    header = ["Số: 77/KH-UBND", "Yên Thành, ngày 15 tháng 01 năm 2024", "KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU",
              "Cải cách hành chính nhà nước huyện Yên Thành năm 2024"]  # fmt: skip
    assert all(line in lines for line in header)
    assert "\xa0" not in text and "-------" not in text


def test_data_table_once_row_by_row_with_empty_and_merged_cells_aligned() -> None:
    text = html_text(PORTAL)
    rows = [
        "TT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian",
        "I. Cải cách thể chế",
        "1 | Rà soát văn bản quy phạm pháp luật | Phòng Tư pháp | Các phòng | Quý II/2024",
        "2 | Kiểm tra việc thực hiện văn bản |  |  | Quý III/2024",
    ]
    assert "\n".join(rows) in text
    assert text.count("Rà soát văn bản quy phạm pháp luật") == 1


def test_portal_page_is_parsed_and_split_after_normalization(tmp_path: Path) -> None:
    extracted = HtmlReader().read(write(tmp_path, "kh.html", PORTAL.encode()))
    assert (extracted.format, extracted.encoding) == ("html", "UTF-8")
    text = normalize_text(extracted.text)
    header = parse_header(text)
    assert (header.so_hieu, header.ngay_ban_hanh, header.loai) == ("77/KH-UBND", "2024-01-15", "Kế hoạch")
    paths = [p.heading_path() for p in split_passages(text, "kh")]
    assert "I. MỤC ĐÍCH, YÊU CẦU › 1. Mục đích" in paths and "III. TỔ CHỨC THỰC HIỆN" in paths


def test_page_without_a_formal_header_keeps_its_title() -> None:
    page = """<html><body><header class="site">Cổng thông tin điện tử thành phố Thuận An</header>
    <article><div class="category">Cải cách hành chính</div>
    <h1>Kế hoạch Cải cách hành chính nhà nước thành phố Thuận An năm 2023</h1>
    <div class="meta">Thứ Ba (25/04/2023 | 07:00 GMT + 7) - Lượt xem: 0</div>
    <div class="article-body"><p><strong>1. Mục đích</strong></p>
    <p>Tiếp tục triển khai các mục tiêu, nhiệm vụ và giải pháp công tác cải cách hành chính của thành phố.</p>
    <p>Đẩy mạnh cải cách thủ tục hành chính, nâng cao hiệu lực, hiệu quả quản lý nhà nước.</p></div>
    <div class="related"><a href="/1">Thuận An tổ chức hội nghị triển khai công tác năm 2023</a></div>
    </article><footer>Bản quyền thuộc UBND thành phố Thuận An</footer></body></html>"""
    blocks = html_text(page).split("\n\n")
    assert "Kế hoạch Cải cách hành chính nhà nước thành phố Thuận An năm 2023" in blocks[:2]
    assert blocks[-3:] == ["1. Mục đích", *re.findall(r"<p>([^<]+)</p>", page)]
    assert parse_header(normalize_text("\n\n".join(blocks))).so_hieu == ""


def test_legacy_encoded_page_is_converted(tmp_path: Path) -> None:
    page = f"<html><body><p>{PLAN.replace(chr(10), '</p><p>')}</p></body></html>"
    extracted = HtmlReader().read(write(tmp_path, "cu.htm", encode_vni(page)))
    assert extracted.encoding == "VNI-Windows"
    assert "Nâng cao hiệu quả tiếp nhận và trả kết quả thủ tục hành chính" in extracted.text


def test_case_05_behaves_as_its_readme_says(shared: Path) -> None:
    raw = HtmlReader().read(shared / "cases" / "05-portal-layout-table.html").text
    assert "Trang chủ" not in raw and "Tin tức" not in raw and "Bản quyền" not in raw
    assert raw.count("Kiểm tra công tác cải cách hành chính tại 05 xã") == 1
    row = "1 | Kiểm tra công tác cải cách hành chính tại 05 xã | Phòng Nội vụ | Tháng 8/2024"
    assert row in raw.split("\n")
    text = normalize_text(raw)
    header = parse_header(text)
    assert (header.so_hieu, header.ngay_ban_hanh) == ("77/KH-UBND", "2024-03-15")
    paths = [p.heading_path() for p in split_passages(text, "c5")]
    assert paths[1:] == ["I. MỤC ĐÍCH, YÊU CẦU › 1. Mục đích", "I. MỤC ĐÍCH, YÊU CẦU › 2. Yêu cầu",
                         "II. NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"]  # fmt: skip


# --- crawled-site furniture ------------------------------------------------------------------------

HEAD = [
    "|", "**ỦY BAN NHÂN DÂN**", "TỈNH {province}", "-------", "|", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
    "Độc lập - Tự do - Hạnh phúc", "|", "Số: {number}/KH-UBND", "**KẾ HOẠCH**",
]  # fmt: skip
BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", "**I. MỤC ĐÍCH, YÊU CẦU**",
    "**1. Mục đích**", "{purpose}", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
]  # fmt: skip
SITE_TOP = [
    "Cổng Văn Bản Mở giữ mọi quyền đối với bản dịch và cách trình bày văn bản này.",
    "Mời bạn đọc ghé thăm chuyên mục hỏi đáp pháp luật miễn phí của chúng tôi.", "Đã biết",
]  # fmt: skip
SITE_END = [
    "Tải về", "Mọi thắc mắc xin gửi về bộ phận chăm sóc bạn đọc của Cổng Văn Bản Mở.",
    "Giờ làm việc từ thứ Hai đến thứ Sáu hằng tuần, trừ các ngày nghỉ lễ.", "0283 930 3279",
]  # fmt: skip


def crawl(province: str, number: int, purpose: str) -> list[str]:
    """A plan page crawled from an (unknown) legal site: its preamble, the plan, its footer."""
    plan = [line.format(province=province, number=number, purpose=purpose) for line in HEAD + BODY]
    return SITE_TOP + plan + SITE_END


def test_lines_recurring_across_issuers_outside_the_body_are_dropped() -> None:
    ours = crawl("NGHỆ AN", 980, "Triển khai thi hành Nghị định kịp thời, đồng bộ, thống nhất, hiệu quả.")
    other = crawl("HÀ TĨNH", 624, "Nâng cao chất lượng giáo dục mầm non ở địa bàn đô thị.")
    drop = chrome_lines(ours, [line_set("\n".join(other))])
    assert sorted(ours[i] for i in drop) == sorted(SITE_TOP + SITE_END)
    alone = chrome_lines(ours, [])
    assert [ours[i] for i in sorted(alone)] == ["Tải về"]  # no second page: only the known pattern


def test_standard_lines_recurring_everywhere_are_kept() -> None:
    closing = "Yêu cầu các sở, ban, ngành và địa phương thực hiện nghiêm túc./."
    plan = [line.format(province="ĐỒNG NAI", number=182, purpose="Phòng, chống ma túy.") for line in HEAD]
    plan += [line.format(purpose="Phòng, chống ma túy.") for line in BODY]
    others = [line_set("\n".join([*crawl(p, 1, "Khác."), closing])) for p in ("AN GIANG", "BẮC NINH")]
    assert chrome_lines([*plan, closing], others) == set()


def test_known_patterns_drop_widgets_but_not_plan_sentences() -> None:
    assert all(isinstance(pattern, re.Pattern) for pattern in KNOWN_CHROME)
    widgets = [
        "Thứ Hai, 15/01/2024 08:30 | Lượt xem: 1.245", "Cỡ chữ: A A+", "**Mã số thuế:**",
        "- Hỗ trợ: (028) 3930.3279 _ 0906.229966", "## Văn bản liên quan", "Hiệu lực: Đã biết",
    ]  # fmt: skip
    assert all(is_known_chrome(line) for line in widgets)
    sentences = ["Người dân đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử.",
                 "Bảo vệ bản quyền số và quyền sở hữu trí tuệ của doanh nghiệp trên môi trường mạng.",
                 "Ban hành: Quyết định số 12/QĐ-UBND về quy chế phối hợp."]  # fmt: skip
    assert not any(is_known_chrome(line) for line in sentences)


def shared_plans(shared: Path) -> dict[str, tuple[str, list[str]]]:
    """The shared plans: file -> (issuer, lines)."""
    folder = shared / "plans"
    rows = list(csv.DictReader((folder / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))
    read = {r["file"]: (folder / r["file"]).read_text(encoding="utf-8").split("\n") for r in rows}
    return {r["file"]: (r["issuer"] or r["file"], read[r["file"]]) for r in rows}


def test_plan_980_loses_the_site_and_nothing_of_the_plan(shared: Path) -> None:
    plans = shared_plans(shared)
    name = next(f for f in plans if f.startswith("980_"))
    lines = plans[name][1]
    others = [line_set("\n".join(ls)) for f, (issuer, ls) in plans.items() if f != name]
    drop = chrome_lines(lines, others)
    dropped = "\n".join(lines[i] for i in sorted(drop))
    for chrome in ("Bản dịch này thuộc quyền sở hữu", "Đăng xuất", "Hỗ trợ: (028) 3930.3279", "Mã số thuế",
                   "0315459414", "Văn bản liên quan", "Đang tải văn bản"):  # fmt: skip
        assert chrome in dropped
    head = next(i for i, line in enumerate(lines) if line == "**ỦY BAN NHÂN DÂN**")
    end = next(i for i, line in enumerate(lines) if line.startswith("Kế hoạch 980/KH-UBND năm 2025"))
    assert not [i for i in drop if head - 1 <= i < end]  # the header table's "|" to the appendix's end
    assert all(i in drop for i in range(end, len(lines)) if lines[i].strip())


def test_the_other_shared_plans_lose_nothing(shared: Path) -> None:
    plans = shared_plans(shared)
    sets = {f: line_set("\n".join(lines)) for f, (_, lines) in plans.items()}
    for name, (issuer, lines) in plans.items():
        if name.startswith("980_"):
            continue
        others = [sets[f] for f, (other, _) in plans.items() if other != issuer]
        assert chrome_lines(lines, others) == set(), name
