"""Ingestion: reading files, normalization, header parsing, structure-aware passages."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import docx
import pytest

from index.errors import IngestError
from index.ingest.documents import Heading, ParsedDocument
from index.ingest.header import parse_header
from index.ingest.headings import match_heading
from index.ingest.loader import derive_doc_id, load_document
from index.ingest.normalize import normalize_text
from index.ingest.structure import split_passages

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_20a2edec162ef718.txt"
PLANS = SHARED / "plans"
PLAN_FILES = sorted(PLANS.glob("*.txt")) if PLANS.is_dir() else []
CHROME = ("Lượt xem", "Cỡ chữ", "Các tin bài khác", "Số lượt truy cập", "0 0 4 3 5 5 4 1 7", "GMT + 7")
NO_GOALS_SECTION = {"0204"}  # a budget plan (kế hoạch tài chính): no mục tiêu / mục đích section


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


# --- the seed document -------------------------------------------------------------------------


def test_seed_header() -> None:
    header = load_document(_need(SEED)).header
    assert header.so_hieu == "148/KH-UBND"
    assert header.ngay_ban_hanh == "2023-01-17"
    assert header.loai == "Kế hoạch"
    assert header.trich_yeu == "Cải cách hành chính nhà nước thành phố Thuận An năm 2023"


def test_seed_passages() -> None:
    doc = load_document(_need(SEED))
    assert doc.doc_id == "148-KH-UBND-2023"
    by_id = {p.id: p for p in doc.passages}
    purpose = by_id["148-KH-UBND-2023/1"]
    assert purpose.path == (Heading("1.", "Mục đích"),)
    assert purpose.text.startswith("1. Mục đích\n\nTiếp tục triển khai")
    assert purpose.text.endswith("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số.")
    for letter in "abcd":
        item = by_id[f"148-KH-UBND-2023/2.{letter}"]
        assert [h.marker for h in item.path] == ["2.", f"{letter})"]
        assert item.path[0].title == "Yêu cầu"
        assert item.text.startswith(f"{letter}) ")
    assert any("Đính kèm văn bản: Kế hoạch số 148/KH-UBND ngày 17/01/2023" in p.text for p in doc.passages)
    assert not any(chrome in doc.text for chrome in CHROME)


def test_seed_decomposed_unicode_gives_identical_passages(tmp_path: Path) -> None:
    raw = _need(SEED).read_text(encoding="utf-8")
    decomposed = tmp_path / "seed_nfd.txt"
    decomposed.write_text(unicodedata.normalize("NFD", raw), encoding="utf-8")
    assert unicodedata.normalize("NFD", raw) != raw
    original, nfd = load_document(SEED), load_document(decomposed)
    assert nfd.text == original.text
    assert nfd.passages == original.passages
    assert nfd.header == original.header


# --- the 15 crawled plans --------------------------------------------------------------------


@pytest.fixture(scope="module")
def plans() -> dict[str, ParsedDocument]:
    if not PLAN_FILES:
        pytest.skip(f"{PLANS} is not available")
    return {path.name: load_document(path) for path in PLAN_FILES}


def test_plans_passages_are_exact_spans(plans: dict[str, ParsedDocument]) -> None:
    for name, doc in plans.items():
        assert doc.passages, name
        for p in doc.passages:
            assert doc.text[p.start : p.end] == p.text, p.id
            assert p.text == p.text.strip() and p.text, p.id
            assert len(p.text) <= 1200, p.id
            assert p.doc_id == doc.doc_id


def test_plans_ids_unique_and_stable(plans: dict[str, ParsedDocument]) -> None:
    for name, doc in plans.items():
        ids = [p.id for p in doc.passages]
        assert len(ids) == len(set(ids)), name
        assert all(i.startswith(f"{doc.doc_id}/") for i in ids)
    for path in PLAN_FILES:
        again = load_document(path)
        assert [(p.id, p.start, p.end) for p in again.passages] == [
            (p.id, p.start, p.end) for p in plans[path.name].passages
        ]


def test_plans_headers_match_index(plans: dict[str, ParsedDocument]) -> None:
    with open(PLANS / "INDEX.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) == len(PLAN_FILES)
    for row in rows:
        header = plans[row["file"]].header
        assert header.so_hieu == row["so_hieu"], row["file"]
        assert header.ngay_ban_hanh.startswith(row["year"]), row["file"]
        assert header.loai == "Kế hoạch", row["file"]
        assert header.trich_yeu, row["file"]
        if row["issuer"]:
            assert header.co_quan == row["issuer"], row["file"]
        assert plans[row["file"]].doc_id == f"{row['so_hieu'].replace('/', '-')}-{row['year']}"


def test_plans_have_goal_sections(plans: dict[str, ParsedDocument]) -> None:
    for name, doc in plans.items():
        titles = {h.title.lower() for p in doc.passages for h in p.path}
        has_goals = any(t.startswith(("mục tiêu", "mục đích")) for t in titles)
        assert has_goals == (name.split("_")[0] not in NO_GOALS_SECTION), name


def test_plans_without_markdown_or_broken_headings(plans: dict[str, ParsedDocument]) -> None:
    for name, doc in plans.items():
        assert "**" not in doc.text, name
        assert "\n|\n" not in doc.text, name
        assert "\n\n\n" not in doc.text, name
        for p in doc.passages:
            for heading in p.path:
                assert not heading.title.endswith(","), (name, p.id)


def test_bac_ninh_plan_structure(plans: dict[str, ParsedDocument]) -> None:
    doc = next((d for n, d in plans.items() if n.startswith("144_")), None)
    if doc is None:
        pytest.skip("plan 144 is not available")
    header = doc.header
    assert (header.co_quan, header.dia_danh, header.ngay_ban_hanh) == (
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "Bắc Ninh",
        "2025-11-24",
    )
    assert header.trich_yeu == "Phát triển kinh tế số và xã hội số tỉnh Bắc Ninh giai đoạn 2026 - 2030"
    by_id = {p.id: p for p in doc.passages}
    assert (
        by_id["144-KH-UBND-2025/II.1"].heading_path()
        == "II. MỤC TIÊU › 1. Phát triển kinh tế số đến năm 2030"
    )
    assert by_id["144-KH-UBND-2025/0"].text.startswith("ỦY BAN NHÂN DÂN TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI")


# --- normalization -------------------------------------------------------------------------------


def test_normalize_markdown_and_wraps() -> None:
    raw = (
        "# Tiêu đề\r\n\r\n**I. MỤC ĐÍCH,\nYÊU CẦU**\n\n**1.\nMục đích**\n\n"
        "Nâng cao hiệu quả\nquản lý nhà nước.\n- Bảo đảm\ntiến độ;\n\n\n\n\n"
        "| Cột A | Cột B |\n|---|:---:|\n| a1 | b1 |\n\nTrên đây\u00a0là kế hoạch.  \n"
    )
    assert normalize_text(raw) == (
        "Tiêu đề\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao hiệu quả quản lý nhà nước.\n"
        "- Bảo đảm tiến độ;\n\nCột A | Cột B\na1 | b1\n\nTrên đây là kế hoạch."
    )


def test_normalize_crawled_table_layout() -> None:
    raw = (
        "|\n**ỦY BAN NHÂN DÂN\n**\nTỈNH BẮC NINH\n-------\n|\n**CỘNG HÒA XÃ HỘI**\n|\n|\n"
        + "Số: 1/KH-UBND\n|\n\nX"
    )
    assert normalize_text(raw) == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI\nSố: 1/KH-UBND\n\nX"


def test_normalize_drops_page_chrome_and_is_deterministic() -> None:
    raw = (
        "Thứ Ba (25/04/2023 | 07:00 GMT + 7) - Lượt xem: 12\n\nCỡ chữ:\n\nNội dung chính.\n\n"
        "Các tin bài khác:\n\nSố lượt truy cập\n\n0 0 4 3\n\nCuối trang."
    )
    assert normalize_text(raw) == "Nội dung chính.\n\nCuối trang."
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)
    assert normalize_text("a\u200bb\u00adc\ufeff") == "abc"


# --- structure -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "2.000 người tham gia tập huấn.",
        "17/01/2023 là ngày ban hành.",
        "TP. Hồ Chí Minh và các tỉnh lân cận.",
        "1.5 triệu đồng mỗi người.",
        "2025. Năm bản lề",
        "Chương trình hành động của Chính phủ",
        "Mục tiêu chung của kế hoạch",
        "Phụ lục kèm theo kế hoạch này.",
        "- Nội dung gạch đầu dòng",
    ],
)
def test_not_headings(line: str) -> None:
    assert match_heading(line) is None


@pytest.mark.parametrize(
    ("line", "kind", "marker"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I."),
        ("II - NỘI DUNG", "roman", "II -"),
        ("1. Mục đích", "arabic1", "1."),
        ("1.1. Nông nghiệp", "arabic2", "1.1."),
        ("2.3.1 Hạ tầng", "arabic3", "2.3.1"),
        ("a) Tập thể", "letter", "a)"),
        ("đ) Cá nhân", "letter", "đ)"),
        ("Điều 5. Phạm vi điều chỉnh", "dieu", "Điều 5."),
        ("Chương II", "chuong", "Chương II"),
        ("PHỤ LỤC I", "phu_luc", "PHỤ LỤC I"),
    ],
)
def test_headings(line: str, kind: str, marker: str) -> None:
    match = match_heading(line)
    assert match is not None and (match.kind, match.marker) == (kind, marker)


def _paths(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(p.id, p.heading_path()) for p in split_passages(normalize_text(text), "d", **kwargs)]


def test_hierarchy_from_order_of_appearance() -> None:
    text = "Mở đầu.\n\n1. Mục đích\n\na) Thứ nhất.\n\nb) Thứ hai.\n\n2. Yêu cầu\n\nNội dung yêu cầu."
    assert _paths(text) == [
        ("d/0", ""),
        ("d/1.a", "1. Mục đích › a) Thứ nhất"),
        ("d/1.b", "1. Mục đích › b) Thứ hai"),
        ("d/2", "2. Yêu cầu"),
    ]
    deep = (
        "I. NHIỆM VỤ\n\n1. Hạ tầng\n\n1.1. Mạng\n\na) Cáp quang\n\n- Kéo cáp;\n- Lắp đặt.\n\n"
        + "II. KINH PHÍ\n\nTiền."
    )
    assert _paths(deep) == [
        ("d/I.1.1-1.a", "I. NHIỆM VỤ › 1. Hạ tầng › 1.1. Mạng › a) Cáp quang"),
        ("d/II", "II. KINH PHÍ"),
    ]
    # a roman heading never nests under an arabic one, even when the arabic kind came first
    assert _paths("1. Mở đầu\n\nVăn bản.\n\nII. NỘI DUNG\n\nVăn bản.")[-1] == ("d/II", "II. NỘI DUNG")


def test_capital_sections_numbered_like_their_items_nest_them() -> None:
    # Word lists numbered "%1." at two levels (case 01): sections in capitals, items restarting at 1
    text = (
        "1. MỤC ĐÍCH, YÊU CẦU\n\nNâng cao chất lượng.\n\n2. NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Cải cách thủ tục hành chính\n\nRà soát.\n\n2. Cải cách tài chính công\n\nCông khai.\n\n"
        "3. TỔ CHỨC THỰC HIỆN\n\nBáo cáo."
    )
    assert _paths(text) == [
        ("d/1", "1. MỤC ĐÍCH, YÊU CẦU"),
        ("d/2.1", "2. NHIỆM VỤ TRỌNG TÂM › 1. Cải cách thủ tục hành chính"),
        ("d/2.2", "2. NHIỆM VỤ TRỌNG TÂM › 2. Cải cách tài chính công"),
        ("d/3", "3. TỔ CHỨC THỰC HIỆN"),
    ]
    # without a restart under them, capital and plain "1." headings stay one level
    flat = "1. MỤC ĐÍCH\n\nMột.\n\n2. Yêu cầu\n\nHai.\n\n3. Tổ chức thực hiện\n\nBa."
    assert [path for _, path in _paths(flat)] == ["1. MỤC ĐÍCH", "2. Yêu cầu", "3. Tổ chức thực hiện"]


def test_word_autonumbered_case_has_the_typed_cases_structure(shared: Path) -> None:
    auto = load_document(shared / "cases" / "01-docx-autonumber.docx").passages
    typed = load_document(shared / "cases" / "01b-docx-typed-numbers.docx").passages
    assert [len(p.path) for p in auto] == [len(p.path) for p in typed]
    assert [[h.title for h in p.path] for p in auto] == [[h.title for h in p.path] for p in typed]
    assert [p.text.split("\n", 1)[-1] for p in auto[1:]] == [p.text.split("\n", 1)[-1] for p in typed[1:]]


def test_legal_structure_ids() -> None:
    text = (
        "Chương I\n\nQUY ĐỊNH CHUNG\n\nĐiều 5. Giải thích từ ngữ\n\n1. Khoản một.\n\n"
        "2. Người sử dụng đất có các quyền chung sau đây:\n\na) Điểm a;\n\nb) Điểm b."
    )
    ids = [pid for pid, _ in _paths(text)]
    assert ids == ["d/chuongI.dieu5.k1", "d/chuongI.dieu5.k2", "d/chuongI.dieu5.k2.a", "d/chuongI.dieu5.k2.b"]


def test_long_sections_are_split_and_duplicates_get_suffixes() -> None:
    sentence = "Các cơ quan triển khai thực hiện nhiệm vụ được giao đúng tiến độ. "
    text = f"1. Nhiệm vụ\n\n{sentence * 12}\n\n{sentence * 12}\n\n1. Nhiệm vụ\n\nLặp lại."
    passages = split_passages(normalize_text(text), "d", max_chars=500)
    assert [p.id for p in passages] == ["d/1", "d/1~2", "d/1~3", "d/1~4", "d/1_2"]
    assert all(len(p.text) <= 500 for p in passages)
    assert passages[0].text.startswith("1. Nhiệm vụ\n\nCác cơ quan")


def test_lettered_item_titles_are_short() -> None:
    text = "2. Yêu cầu\n\na) Công tác cải cách hành chính là nhiệm vụ trọng tâm trong hoạt động của các cấp."
    (passage,) = split_passages(normalize_text(text), "d")
    assert passage.path[-1] == Heading("a)", "Công tác cải cách hành chính…")


def test_header_without_type_line_uses_code() -> None:
    header = parse_header(
        "ỦY BAN NHÂN DÂN\nHUYỆN A\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 20-CTr/UBND\nHà Nội, ngày 5/3/2024"
    )
    assert (header.so_hieu, header.loai, header.co_quan) == (
        "20-CTr/UBND",
        "Chương trình",
        "ỦY BAN NHÂN DÂN HUYỆN A",
    )
    assert (header.dia_danh, header.ngay_ban_hanh) == ("Hà Nội", "2024-03-05")
    assert derive_doc_id("20/2023/NĐ-CP", "2023", "x") == "20-2023-ND-CP"
    assert derive_doc_id("", "", "Kế hoạch đợt 1") == "ke-hoach-dot-1"


# --- real file formats -----------------------------------------------------------------------------

SAMPLE = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 141/KH-UBND",
    "Bắc Ninh, ngày 20 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Chuyển đổi số trong cơ quan nhà nước tỉnh Bắc Ninh năm 2026",
    "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Nâng cao hiệu quả hoạt động của các cơ quan nhà nước trên môi trường số, bảo đảm 100% hồ sơ công "
    "việc được xử lý trên môi trường mạng; phục vụ người dân và doanh nghiệp tốt hơn, nhanh hơn và minh "
    "bạch hơn trong toàn tỉnh.",
    "2. Yêu cầu",
    "a) Bảo đảm sự lãnh đạo, chỉ đạo thống nhất của Ủy ban nhân dân tỉnh trong toàn bộ quá trình triển khai.",
    "b) Các cơ quan, đơn vị chủ động phối hợp, hoàn thành nhiệm vụ đúng tiến độ đã đề ra.",
    "II. NHIỆM VỤ",
    "1. Hạ tầng số",
    "- Nâng cấp mạng truyền số liệu chuyên dùng cho 2.000 người dùng tại TP. Bắc Ninh;",
    "- Hoàn thành trước ngày 17/01/2026.",
    ["STT | Chỉ tiêu | Năm 2026", "1 | Tỷ lệ hồ sơ trực tuyến | 80%"],
    "2. Dữ liệu số",
    "Xây dựng cơ sở dữ liệu dùng chung của tỉnh, kết nối với các cơ sở dữ liệu quốc gia.",
]


def _blocks() -> list[str]:
    return ["\n".join(b) if isinstance(b, list) else b for b in SAMPLE]


def _write_docx(path: Path) -> None:
    document = docx.Document()
    for block in SAMPLE:
        if isinstance(block, list):
            rows = [row.split(" | ") for row in block]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(block)
    document.save(str(path))


def test_docx_header_table(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, paragraphs in zip(
        table._cells,
        [
            ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "-------"],
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"],
            ["Số: 141/KH-UBND"],
            ["Bắc Ninh, ngày 20 tháng 11 năm 2025"],
        ],
        strict=True,
    ):
        cell.text = paragraphs[0]
        for extra in paragraphs[1:]:
            cell.add_paragraph(extra)
    for text in ("KẾ HOẠCH", "PHÁT TRIỂN KINH TẾ SỐ TỈNH BẮC NINH", "1. Mục đích", "Phát triển kinh tế số."):
        document.add_paragraph(text)
    document.save(str(tmp_path / "kh.docx"))
    doc = load_document(tmp_path / "kh.docx")
    assert doc.text.startswith(
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 141/KH-UBND | Bắc Ninh, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH"
    )
    header = doc.header
    assert (header.co_quan, header.so_hieu, header.dia_danh, header.ngay_ban_hanh, header.loai) == (
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "141/KH-UBND",
        "Bắc Ninh",
        "2025-11-20",
        "Kế hoạch",
    )
    assert header.trich_yeu == "Phát triển kinh tế số tỉnh Bắc Ninh"
    assert [p.id for p in doc.passages] == ["141-KH-UBND-2025/0", "141-KH-UBND-2025/1"]


def _write_html(path: Path) -> None:
    body = []
    for block in SAMPLE:
        if isinstance(block, list):
            rows = "".join(f"<tr><td>{row.replace(' | ', '</td><td>')}</td></tr>" for row in block)
            body.append(f"<table>{rows}</table>")
        else:
            tag = "h2" if match_heading(block) else "p"
            body.append(f"<{tag}>{block}</{tag}>")
    html = (
        "<!DOCTYPE html><html><head><title>Trang</title><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Trang chủ</a> | <a href='/tin'>Tin tức</a></nav><script>var x = 1;</script>"
        f"<div class='content'>{''.join(body)}</div><!-- hết --></body></html>"
    )
    path.write_text(html, encoding="utf-8")


def _pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF. With ``lines``: a text layer in a Type0 font whose codes are UTF-16 code units,
    mapped back by a ToUnicode CMap (no font program needed to extract the text). Without: a grey box."""
    if lines:
        shown = "\n".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines)
        content = f"BT /F1 9 Tf 11 TL 30 810 Td\n{shown}\nET".encode()
        highs = sorted({ord(c) >> 8 for line in lines for c in line})
        ranges = "\n".join(f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in highs)
        cmap = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            f"1 begincodespacerange <0000> <FFFF> endcodespacerange\n{len(highs)} beginbfrange\n{ranges}\n"
            "endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
        resources = b"<< /Font << /F1 5 0 R >> >>"
    else:
        content, cmap, resources = b"0.5 g 50 50 400 400 re f", b"", b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources %s >>" % resources,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /DW 500 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
        b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_lines() -> list[str]:
    """The sample laid out as a page: paragraphs wrapped at 90 characters."""
    import textwrap

    lines: list[str] = []
    for block in _blocks():
        for line in block.split("\n"):
            lines.extend(textwrap.wrap(line, 90))
    return lines


def _signature(doc) -> list[tuple[str, str, str]]:
    return [(p.id, p.heading_path(), p.text) for p in doc.passages]


def test_real_formats_give_the_same_passages(tmp_path: Path) -> None:
    txt = tmp_path / "sample.txt"
    txt.write_text("\n\n".join(_blocks()) + "\n", encoding="utf-8")
    _write_docx(tmp_path / "sample.docx")
    _write_html(tmp_path / "sample.html")
    (tmp_path / "sample.pdf").write_bytes(_pdf(_pdf_lines()))

    expected = load_document(txt)
    assert expected.doc_id == "141-KH-UBND-2025"
    assert expected.header.trich_yeu == "Chuyển đổi số trong cơ quan nhà nước tỉnh Bắc Ninh năm 2026"
    assert expected.header.co_quan == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert [p.id.split("/")[1] for p in expected.passages] == ["0", "I.1", "I.2.a", "I.2.b", "II.1", "II.2"]
    assert "1 | Tỷ lệ hồ sơ trực tuyến | 80%" in expected.passages[4].text
    for suffix in (".docx", ".html"):
        doc = load_document(tmp_path / f"sample{suffix}")
        assert _signature(doc) == _signature(expected), suffix
        assert doc.header == expected.header, suffix
    pdf = load_document(tmp_path / "sample.pdf")
    assert [(i, path, " ".join(text.split())) for i, path, text in _signature(pdf)] == [
        (i, path, " ".join(text.split())) for i, path, text in _signature(expected)
    ]
    assert pdf.header == expected.header


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed base letters (â, ơ, ...) followed by combining tone marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        kept = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out.append(kept + "".join(m for m in marks if m in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    text = "1. Mục đích\n\nNâng cao hiệu quả quản lý nhà nước về đất đai."
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    (passage,) = load_document(path, doc_id="cu").passages
    assert passage.text == text


# --- bad inputs ------------------------------------------------------------------------------------


def _big(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)


BAD_INPUTS = {
    "empty.txt": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "blank.txt": (lambda p: p.write_text(" \n\t\n  "), "không có chữ"),
    "garbage.txt": (lambda p: p.write_bytes(bytes(range(256)) * 40), "nhị phân"),
    "controls.txt": (lambda p: p.write_bytes(b"abc\x01\x02\x03\x04\x05\x06def" * 50), "nhị phân"),
    "latin1.txt": (
        lambda p: p.write_bytes("Ça coûte très cher à Genève, déjà.".encode("latin-1")),
        "bảng mã",
    ),
    "undefined.txt": (lambda p: p.write_bytes(b"Van ban \x81\x8d\x8f\x90 loi"), "bảng mã"),
    "scan.pdf": (lambda p: p.write_bytes(_pdf(None)), "không tìm thấy chữ"),
    "broken.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\nnot really a pdf"), "PDF"),
    "broken.docx": (lambda p: p.write_bytes(b"PK\x03\x04 not a zip archive"), "Word"),
    "table.xlsx": (lambda p: p.write_bytes(b"data"), "chưa được hỗ trợ"),
    "noext": (lambda p: p.write_text("văn bản"), "chưa được hỗ trợ"),
    "huge.txt": (_big, "quá lớn"),
    "huge.pdf": (_big, "quá lớn"),
    "missing.txt": (lambda p: None, "không tìm thấy"),
    "folder.txt": (lambda p: p.mkdir(), "không phải là một tệp"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_inputs_raise_one_line_errors(tmp_path: Path, name: str) -> None:
    make, expected = BAD_INPUTS[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError) as caught:
        load_document(path)
    message = str(caught.value)
    assert expected in message
    assert name in message
    assert "\n" not in message


def test_markup_only_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "markup.md"
    path.write_text("** **\n\n---\n\n|\n|\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"markup\.md"):
        load_document(path)


def test_the_opening_paragraph_names_what_a_plan_carries_out_when_its_title_does_not():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nSố: 624/KH-UBND\n\nKẾ HOẠCH\n\nTHỰC HIỆN CHƯƠNG TRÌNH NÂNG CAO CHẤT "
        "LƯỢNG GIÁO DỤC MẦM NON\n\nThực hiện Quyết định số 2270/QĐ-TTg ngày 14/10/2025 của Thủ tướng Chính "
        "phủ phê duyệt Chương trình, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\n\n"
        "I. MỤC ĐÍCH\n\nThực hiện Chỉ thị số 27/CT-TTg ngày 01/01/2025 của Thủ tướng Chính phủ.\n"
    )
    assert [c.so_hieu for c in parse_header(text).implements] == ["2270/QĐ-TTg"]
    body_only = text.replace("Thực hiện Quyết định", "Theo Quyết định")
    assert [c.so_hieu for c in parse_header(body_only).implements] == []  # a body sentence is a citation


def test_a_number_field_under_the_issuer_is_not_part_of_its_name():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 31/KH-UBND | Độc lập - Tự do - Hạnh phúc\nHòa Bình, ngày 10 tháng 01 năm 2026\n"
    )
    assert parse_header(text).co_quan == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    two_lines = text.replace("Số: 31/KH-UBND |", "SỞ NỘI VỤ |")
    assert parse_header(two_lines).co_quan == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH SỞ NỘI VỤ"
