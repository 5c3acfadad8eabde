"""The header and the signature block as each kind of file gives them (thể thức, Nghị định 30/2020/NĐ-CP,
Phụ lục I): Word tables whose cells hold several paragraphs, PDFs laid out in two columns or in one, web
pages with <br>, OCR'd lines where the two header columns are merged; files built here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import matplotlib
import pytest
from fpdf import FPDF

from index import Status
from index.answering.catalog import Catalog
from index.answering.documents import evidence
from index.ingest.corpus import Corpus
from index.ingest.extracted import ExtractionCache
from index.ingest.header import display_issuer, header_fields, parse_header
from index.ingest.loader import load_document
from index.ingest.registry import DocumentRecord
from index.ingest.signature import Signature, find_signature, parse_signature

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
BODY = [
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2025",
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Nâng cao chất lượng phục vụ người dân và doanh nghiệp trong giải quyết thủ tục hành chính.",
    "2. Yêu cầu",
    "Các cơ quan, đơn vị chủ động triển khai thực hiện đúng tiến độ./.",
]
BINH_PHUOC = [
    ("ỦY BAN NHÂN DÂN", MOTTO),
    ("TỈNH BÌNH PHƯỚC", SLOGAN),
    ("Số: 58/KH-UBND", "Bình Phước, ngày 03 tháng 3 năm 2025"),
]


def _fields(header) -> tuple[str, str, str, str]:
    return header.so_hieu, header.ngay_ban_hanh, header.co_quan, display_issuer(header.co_quan)


# --- building files --------------------------------------------------------------------------------


def _cell(cell, paragraphs: list[str]) -> None:
    """A Word table cell holding each of ``paragraphs`` as its own paragraph."""
    cell.text = paragraphs[0]
    for paragraph in paragraphs[1:]:
        cell.add_paragraph(paragraph)


def _docx(path: Path, rows: list[tuple[list[str], list[str]]], closing: list[str] | None = None) -> Path:
    """A plan whose header is a borderless two-column table of ``rows`` (left and right cells, each a
    list of paragraphs), then ``BODY`` and the ``closing`` paragraphs."""
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for index, (left, right) in enumerate(rows):
        _cell(table.cell(index, 0), left)
        _cell(table.cell(index, 1), right)
    for paragraph in [*BODY, *(closing or [])]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def _pdf(path: Path, header: list, left: float = 70, closing: list[str] | None = None) -> Path:
    """A one-page PDF (DejaVu Sans, a real text layer): the ``header`` lines, each a (left, right) pair
    set in two columns, the right one starting ``left`` mm in, or a single centred string; then
    ``BODY`` and the ``closing`` lines, one a line."""
    pdf = FPDF()
    pdf.add_font("sans", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("sans", size=11)
    for line in header:
        if isinstance(line, tuple):
            pdf.cell(left, 6, line[0], align="C" if left >= 70 else "L")
            pdf.cell(0, 6, line[1], align="C" if left >= 70 else "L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for paragraph in BODY:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    for line in closing or []:
        pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _html(path: Path, header: str, closing: str = "") -> Path:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in BODY)
    page = f"<html><body><div class='content'>{header}{body}{closing}</div></body></html>"
    path.write_text(page, encoding="utf-8")
    return path


# --- the header ------------------------------------------------------------------------------------

LONG_AN = ("215/KH-UBND", "2025-03-12", "ỦY BAN NHÂN DÂN TỈNH LONG AN", "Ủy ban nhân dân tỉnh Long An")
LONG_AN_ROWS = {
    "one row": [
        (
            ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "-------", "Số: 215/KH-UBND"],
            [MOTTO, SLOGAN, "---------------", "Long An, ngày 12 tháng 3 năm 2025"],
        )
    ],
    "two rows": [
        (["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "-------"], [MOTTO, SLOGAN, "---------------"]),
        (["Số: 215/KH-UBND"], ["Long An, ngày 12 tháng 3 năm 2025"]),
    ],
}


@pytest.mark.parametrize("layout", LONG_AN_ROWS)
def test_word_header_table_with_each_field_a_paragraph_of_its_cell(tmp_path: Path, layout: str) -> None:
    document = load_document(_docx(tmp_path / "ke-hoach-long-an.docx", LONG_AN_ROWS[layout]))
    assert _fields(document.header) == LONG_AN
    assert document.header.dia_danh == "Long An"
    assert document.doc_id == "215-KH-UBND-2025"  # not the file name


@pytest.fixture(scope="module")
def soffice() -> str:
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return command


def test_word_97_file_saved_from_it_gives_the_same_header(tmp_path: Path, soffice: str) -> None:
    source = _docx(tmp_path / "ke-hoach.docx", LONG_AN_ROWS["one row"])
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97",
         "--outdir", str(tmp_path / "doc"), str(source)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    assert _fields(load_document(tmp_path / "doc" / "ke-hoach.doc").header) == LONG_AN


BINH_PHUOC_FIELDS = (
    "58/KH-UBND",
    "2025-03-03",
    "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
    "Ủy ban nhân dân tỉnh Bình Phước",
)


@pytest.mark.parametrize(
    ("layout", "left"),
    [("two columns", 70), ("columns close together, read as one line", 45), ("one column", 0)],
)
def test_pdf_issuer_on_two_lines(tmp_path: Path, layout: str, left: float) -> None:
    if layout == "one column":
        header = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC", "Số: 58/KH-UBND", MOTTO, SLOGAN]
        header.append("Bình Phước, ngày 03 tháng 3 năm 2025")
    else:
        header = BINH_PHUOC
    document = load_document(_pdf(tmp_path / "kh.pdf", header, left))
    assert _fields(document.header) == BINH_PHUOC_FIELDS
    assert document.header.dia_danh == "Bình Phước"


@pytest.mark.parametrize(
    "header",
    [
        "<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH BÌNH PHƯỚC<br>Số: 58/KH-UBND</td>"
        f"<td>{MOTTO}<br>{SLOGAN}<br>Bình Phước, ngày 03 tháng 3 năm 2025</td></tr></table>",
        f"<p>ỦY BAN NHÂN DÂN<br>TỈNH BÌNH PHƯỚC</p><p>{MOTTO}<br>{SLOGAN}</p>"
        "<p>Số: 58/KH-UBND</p><p>Bình Phước, ngày 03 tháng 3 năm 2025</p>",
    ],
    ids=["layout table", "paragraphs"],
)
def test_web_page_issuer_on_two_lines(tmp_path: Path, header: str) -> None:
    assert _fields(load_document(_html(tmp_path / "kh.html", header)).header) == BINH_PHUOC_FIELDS


def test_ocr_lines_with_the_two_header_columns_merged(tmp_path: Path) -> None:
    scan = (
        f"ỦY BAN NHÂN DÂN {MOTTO}\nTỈNH BÌNH PHƯỚC {SLOGAN}\n"
        "Số: 58/KH-UBND Bình Phước, ngày 03 tháng 3 năm 2025\n\n" + "\n\n".join(BODY)
    )
    path = tmp_path / "scan.txt"
    path.write_text(scan, encoding="utf-8")
    document = load_document(path)
    assert _fields(document.header) == BINH_PHUOC_FIELDS
    assert document.doc_id == "58-KH-UBND-2025"


def test_header_fields_are_cut_wherever_the_reader_put_them() -> None:
    fields = header_fields(
        [
            f"ỦY BAN NHÂN DÂN TỈNH LONG AN Số: 215/KH-UBND | {MOTTO} {SLOGAN} "
            "Long An, ngày 12 tháng 3 năm 2025",
            "KẾ HOẠCH",
        ]
    )
    assert [(f.text, f.column, f.kind) for f in fields] == [
        ("ỦY BAN NHÂN DÂN TỈNH LONG AN", 0, "caps"),
        ("Số: 215/KH-UBND", 0, "number"),
        (MOTTO, 1, "motto"),
        (SLOGAN, 1, "motto"),
        ("Long An, ngày 12 tháng 3 năm 2025", 1, "place_date"),
        ("KẾ HOẠCH", 0, "type"),
    ]


def test_an_issuer_under_a_superior_that_is_not_an_agency_word_is_kept_whole() -> None:
    header = parse_header(
        f"CÔNG AN TỈNH BÌNH PHƯỚC\nPHÒNG CẢNH SÁT GIAO THÔNG\nSố: 15/KH-PC08\n{MOTTO}\n{SLOGAN}\n"
        "Bình Phước, ngày 10 tháng 3 năm 2025\nKẾ HOẠCH\nBảo đảm trật tự an toàn giao thông"
    )
    assert header.co_quan == "CÔNG AN TỈNH BÌNH PHƯỚC PHÒNG CẢNH SÁT GIAO THÔNG"
    assert display_issuer(header.co_quan) == "Phòng Cảnh sát giao thông tỉnh Bình Phước"


def test_what_only_looks_like_a_header_field_is_not_one() -> None:
    page = (
        "CỔNG THÔNG TIN ĐIỆN TỬ\nTrang chủ › Văn bản › Số lượng hồ sơ: 12\n"
        f"ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC | {MOTTO}\nSố: 58/KH-UBND | {SLOGAN}\n"
        "Bình Phước, ngày 03 tháng 3 năm 2025\n\nKẾ HOẠCH\nCải cách hành chính\n\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của Ủy ban nhân dân tỉnh."
    )
    assert _fields(parse_header(page)) == BINH_PHUOC_FIELDS
    titled = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025\n" + page  # a web page's title line above the header
    assert _fields(parse_header(titled)) == BINH_PHUOC_FIELDS
    without_header = (
        "Tin tức\n\nKẾ HOẠCH CẢI CÁCH HÀNH CHÍNH\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"
    )
    assert parse_header(without_header).co_quan == ""


# --- the issuing body as citations write it --------------------------------------------------------


@pytest.mark.parametrize(
    ("issuer", "shown"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", "Ủy ban nhân dân tỉnh Bình Phước"),
        ("UBND HUYỆN TÂN PHÚ PHÒNG NỘI VỤ", "Phòng Nội vụ huyện Tân Phú"),
        ("ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH SỞ NỘI VỤ", "Sở Nội vụ tỉnh Hòa Bình"),
        (
            "UBND TỈNH BÌNH DƯƠNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
            "Ban Quản lý các khu công nghiệp tỉnh Bình Dương",
        ),
        ("UBND THỊ XÃ PHÚ MỸ PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Phòng Tài nguyên và Môi trường thị xã Phú Mỹ"),
        ("BỘ TÀI CHÍNH TỔNG CỤC THUẾ", "Tổng cục Thuế (Bộ Tài chính)"),
        ("CÔNG AN TỈNH BÌNH PHƯỚC PHÒNG CẢNH SÁT GIAO THÔNG", "Phòng Cảnh sát giao thông tỉnh Bình Phước"),
        ("BẢO HIỂM XÃ HỘI TỈNH ĐỒNG NAI", "Bảo hiểm xã hội tỉnh Đồng Nai"),
        (
            "CỤC THUẾ TỈNH ĐỒNG NAI CHI CỤC THUẾ HUYỆN TÂN PHÚ",
            "Chi cục Thuế huyện Tân Phú (Cục Thuế tỉnh Đồng Nai)",
        ),
        ("UBND TP. CẦN THƠ", "UBND TP. Cần Thơ"),
        ("HĐND XÃ TÂN LẬP", "HĐND xã Tân Lập"),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"),
        ("THÀNH ỦY THUẬN AN", "Thành ủy Thuận An"),
        ("TỈNH ỦY BÌNH PHƯỚC", "Tỉnh ủy Bình Phước"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("ỦY BAN NHÂN DÂN XÃ HỘI AN", "Ủy ban nhân dân xã Hội An"),
        (
            "BAN CHỈ ĐẠO PHÒNG, CHỐNG THIÊN TAI TỈNH QUẢNG NAM",
            "Ban Chỉ đạo phòng, chống thiên tai tỉnh Quảng Nam",
        ),
        ("Ủy ban nhân dân thị xã Bến Cát", "Ủy ban nhân dân thị xã Bến Cát"),
    ],
)
def test_issuer_in_normal_case(issuer: str, shown: str) -> None:
    assert display_issuer(issuer) == shown


TAN_PHU = [
    (
        ["UBND HUYỆN TÂN PHÚ", "PHÒNG NỘI VỤ", "-------", "Số: 12/KH-PNV"],
        [MOTTO, SLOGAN, "---------------", "Tân Phú, ngày 05 tháng 4 năm 2025"],
    )
]


def test_a_body_under_its_superior_is_cited_as_the_body_of_its_place(tmp_path: Path) -> None:
    source = _docx(tmp_path / "ke-hoach-phong-noi-vu.docx", TAN_PHU)
    cache = ExtractionCache(tmp_path / "extracted")
    [result] = Corpus(tmp_path / "corpus", cache).add([source], dry_run=True)
    record = result.record
    assert (record.co_quan, record.co_quan_goc) == (
        "Phòng Nội vụ huyện Tân Phú",
        "UBND HUYỆN TÂN PHÚ PHÒNG NỘI VỤ",
    )
    assert record.citation() == "Kế hoạch số 12/KH-PNV ngày 05/04/2025 của Phòng Nội vụ huyện Tân Phú"
    assert Catalog({record.id: record}).profiles[record.id].places == ("tan phu",)  # "… huyện Tân Phú?"


# --- the signature block ---------------------------------------------------------------------------

RECIPIENTS = ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."]
SIGNED = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn Thành"]
SIGNER = ("Phó Chủ tịch", "Nguyễn Văn Thành")
WORD_HEADER = LONG_AN_ROWS["two rows"]


def _signature_quotes(text: str) -> list[str]:
    found = find_signature(text)
    return [text[start:end] for start, end in found.spans] if found else []


def _word_signature_table(path: Path, rows: int = 1) -> Path:
    """A plan ending with the two-column signature table: "Nơi nhận" left, the block right (blank
    paragraphs where the signature and seal go); with two rows, the name in the second."""
    _docx(path, WORD_HEADER)
    document = docx.Document(str(path))
    table = document.add_table(rows=rows, cols=2)
    _cell(table.cell(0, 0), RECIPIENTS)
    if rows == 1:
        _cell(table.cell(0, 1), [*SIGNED[:3], "", "", SIGNED[3], "", SIGNED[4]])
    else:
        _cell(table.cell(0, 1), SIGNED[:3])
        _cell(table.cell(1, 1), ["", SIGNED[3], "", SIGNED[4]])
    document.save(str(path))
    return path


def _pdf_signature_columns(path: Path) -> Path:
    """A PDF whose last lines set "Nơi nhận" and the signature block side by side."""
    pdf = FPDF()
    pdf.add_font("sans", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("sans", size=11)
    for line in BINH_PHUOC:
        pdf.cell(70, 6, line[0], align="C")
        pdf.cell(0, 6, line[1], align="C", new_x="LMARGIN", new_y="NEXT")
    for paragraph in BODY:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    for left, right in zip([*RECIPIENTS, "", ""], SIGNED, strict=True):
        pdf.cell(90, 6, left)
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


SIGNED_FILES = {
    "pdf, one line a field": lambda path: _pdf(
        path.with_suffix(".pdf"), BINH_PHUOC, closing=RECIPIENTS + SIGNED
    ),
    "pdf, beside Nơi nhận": lambda path: _pdf_signature_columns(path.with_suffix(".pdf")),
    "web page, <br>": lambda path: _html(
        path.with_suffix(".html"),
        "<p>ỦY BAN NHÂN DÂN<br>TỈNH BÌNH PHƯỚC</p><p>Số: 58/KH-UBND</p>",
        f"<p>{'<br>'.join(RECIPIENTS)}</p><p>{'<br>'.join([*SIGNED[:3], '', '', SIGNED[4]])}</p>",
    ),
    "web page, signature table": lambda path: _html(
        path.with_suffix(".html"),
        "",
        f"<table><tr><td>{'<br>'.join(RECIPIENTS)}</td><td>{'<br>'.join(SIGNED)}</td></tr></table>",
    ),
    "word, one paragraph a field": lambda path: _docx(
        path.with_suffix(".docx"), WORD_HEADER, RECIPIENTS + SIGNED
    ),
    "word, signature table": lambda path: _word_signature_table(path.with_suffix(".docx")),
    "word, signature table of two rows": lambda path: _word_signature_table(path.with_suffix(".docx"), 2),
    "text": lambda path: _text(path.with_suffix(".txt"), "\n".join([*SIGNED[:3], "", "", "", SIGNED[4]])),
}


def _text(path: Path, closing: str) -> Path:
    path.write_text("\n\n".join([*BODY, "\n".join(RECIPIENTS)]) + "\n\n" + closing + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", SIGNED_FILES)
def test_signer_on_lines_of_their_own(tmp_path: Path, kind: str) -> None:
    document = load_document(SIGNED_FILES[kind](tmp_path / "ke-hoach-58"))
    assert (document.header.chuc_vu, document.header.nguoi_ky) == SIGNER
    quotes = _signature_quotes(document.text)
    assert "PHÓ CHỦ TỊCH" in quotes[0] or "PHÓ CHỦ TỊCH" in quotes[-1]
    assert quotes[-1].endswith("Nguyễn Văn Thành") and "Nơi nhận" not in "".join(quotes)


def test_head_of_office_and_blank_lines_where_the_signature_goes(tmp_path: Path) -> None:
    document = load_document(
        _text(tmp_path / "kh.txt", "TRƯỞNG PHÒNG\n\n\n\n(đã ký và đóng dấu)\n\nLê Văn Hùng")
    )
    assert (document.header.chuc_vu, document.header.nguoi_ky) == ("Trưởng phòng", "Lê Văn Hùng")


def test_a_capacity_line_is_never_joined_to_the_sentence_above(tmp_path: Path) -> None:
    path = tmp_path / "kh.txt"
    path.write_text(
        "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc\nPHÓ CHỦ TỊCH\nTrần Thị Hoa\n", encoding="utf-8"
    )
    document = load_document(path)
    assert document.text == "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc\nPHÓ CHỦ TỊCH\n\nTrần Thị Hoa"
    assert _signature_quotes(document.text) == ["PHÓ CHỦ TỊCH\n\nTrần Thị Hoa"]


@pytest.mark.parametrize(
    "ending",
    [
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNơi nhận:\n- Như trên;",  # no name below the capacity
        "PHÓ CHỦ TỊCH\nCác sở, ngành thực hiện nghiêm túc.",  # a sentence, not a name
        "TRÁCH NHIỆM CỦA CHỦ TỊCH\nNguyễn Văn A",  # a heading that ends with a capacity
        "Ý kiến của Chủ tịch\nNguyễn Văn A",  # not in capitals
        "CHỦ TỊCH\n" + "\n".join(["- Lưu: VT."] * 6) + "\nNguyễn Văn A",  # the name too far below
    ],
)
def test_what_is_not_a_signature(ending: str) -> None:
    assert parse_signature("Nội dung kế hoạch.\n\n" + ending) == ("", "")


def test_the_crawled_single_cell_signature_is_read_as_before() -> None:
    text = "Nơi nhận: - Bộ Nội vụ; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào Mỹ"
    assert find_signature(text) == Signature("Phó Chủ tịch", "Đào Mỹ", ((text.index("KT."), len(text)),))


# --- answers -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed(engine, tmp_path_factory):
    """The product corpus plus plan 58 (a one-column PDF, the signature one line a field) and the Tân Phú
    office's plan (a Word header table, a two-level issuer), the session's model reused."""
    from index import Engine, index_dir

    folder = tmp_path_factory.mktemp("signed") / "corpus"
    shutil.copytree(CORPUS, folder)
    files = tmp_path_factory.mktemp("signed-files")
    header = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC", "Số: 58/KH-UBND", MOTTO, SLOGAN]
    plan = _pdf(files / "ke-hoach-58.pdf", [*header, "Bình Phước, ngày 03 tháng 3 năm 2025"], closing=SIGNED)
    office = _docx(files / "ke-hoach-tan-phu.docx", TAN_PHU, ["TRƯỞNG PHÒNG", "Lê Văn Hùng"])
    signed = Engine.open(folder, log=lambda _: None)
    signed.embedder = engine.embedder  # one model in memory (tests only)
    signed.add_files([plan, office])
    yield signed
    shutil.rmtree(index_dir(folder, signed.source.folder.parents[1]), ignore_errors=True)


@pytest.mark.slow
def test_who_signed_is_answered_with_the_signature_lines(signed) -> None:
    answer = signed.ask("ai ký kế hoạch 58")
    assert answer.status == Status.DOCUMENT_INFO
    assert answer.lead.endswith("người ký: Phó Chủ tịch Nguyễn Văn Thành.")
    [quote] = answer.quotes
    assert signed.snapshot.texts["58-KH-UBND-2025"][quote.start : quote.end] == quote.text
    assert quote.text.startswith("TM. ỦY BAN NHÂN DÂN") and quote.text.endswith("Nguyễn Văn Thành")
    assert "KT. CHỦ TỊCH" in quote.text and "PHÓ CHỦ TỊCH" in quote.text


@pytest.mark.slow
def test_a_body_under_its_superior_answers_for_itself_and_its_place(signed) -> None:
    issuer = signed.ask("kế hoạch 12/KH-PNV do cơ quan nào ban hành")
    assert issuer.lead.endswith("cơ quan ban hành: Phòng Nội vụ huyện Tân Phú.")
    listed = signed.ask("các kế hoạch của huyện Tân Phú")
    assert [d.id for d in listed.documents] == ["12-KH-PNV-2025"]


@pytest.mark.slow
def test_an_issuer_on_two_lines_is_quoted_from_both(signed) -> None:
    answer = signed.ask("kế hoạch 58 do cơ quan nào ban hành")
    assert answer.lead.endswith("cơ quan ban hành: Ủy ban nhân dân tỉnh Bình Phước.")
    assert [q.text for q in answer.quotes] == ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC"]


def test_the_issuer_is_quoted_as_the_header_writes_it(tmp_path: Path) -> None:
    office = load_document(_docx(tmp_path / "kh.docx", TAN_PHU))
    record = DocumentRecord("kh", co_quan="Phòng Nội vụ huyện Tân Phú", co_quan_goc=office.header.co_quan)
    [(start, end)] = evidence(record, "co_quan", office.text, {}).spans
    assert office.text[start:end] == "UBND HUYỆN TÂN PHÚ PHÒNG NỘI VỤ"  # not the "Số: 12/KH-PNV" after it
    columns = load_document(_pdf(tmp_path / "kh.pdf", BINH_PHUOC))
    record = DocumentRecord(
        "kh", co_quan="Ủy ban nhân dân tỉnh Bình Phước", co_quan_goc=columns.header.co_quan
    )
    spans = evidence(record, "co_quan", columns.text, {}).spans
    assert [columns.text[start:end] for start, end in spans] == ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC"]
