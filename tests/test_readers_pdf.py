"""The PDF reader on real PDFs that each test writes (fpdf2, with matplotlib's DejaVu fonts, which cover
Vietnamese): text layer, page furniture, tables, header blocks, OCR of pages without text, bad files."""

from __future__ import annotations

import io
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pypdf
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from index.errors import IngestError
from index.ingest.readers import ocr
from index.ingest.readers.pdf import PdfReader

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
HEADER = "UBND XÃ AN BÌNH - KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"
PURPOSE = (
    "Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã tiếp tục quán triệt, triển khai đầy đủ các nhiệm vụ cải "
    "cách hành chính đã được cấp trên giao, gắn với việc kiểm tra, đôn đốc thường xuyên."
)
CROSSING = (
    "Đặc biệt, người đứng đầu cơ quan phải trực tiếp chỉ đạo việc cắt giảm thời gian giải quyết hồ sơ đất "
    "đai xuống còn tối đa 10 ngày làm việc, đồng thời công khai kết quả trên cổng thông tin điện tử của xã "
    "và tại bộ phận một cửa, bảo đảm người dân có thể theo dõi tiến độ giải quyết hồ sơ của mình. "
) * 4
REQUIREMENT = (
    "Rà soát, đơn giản hóa thủ tục hành chính, bảo đảm đúng thời hạn; số hóa hồ sơ, kết quả giải quyết "
    "thủ tục hành chính; đánh giá mức độ hài lòng của người dân, doanh nghiệp."
)
PARAGRAPHS = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    *[PURPOSE] * 8,
    "2. Yêu cầu",
    CROSSING.strip(),
    REQUIREMENT,
]
FOOTERS: dict[str, Callable[[int, int], str]] = {
    "number": lambda page, _: str(page),
    "dashes": lambda page, _: f"- {page} -",
    "trang": lambda page, pages: f"Trang {page}/{pages}",
}


def _pdf(
    path: Path,
    paragraphs: list[str],
    header: Callable[[int], str] | None = None,
    footer: Callable[[int, int], str] | None = None,
    size: int = 12,
) -> Path:
    """A text-layer PDF of ``paragraphs`` (justified, 3 mm apart) with a running header and footer."""

    class Document(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("serif", size=9)
                self.cell(0, 6, header(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("serif", size=9)
                self.cell(0, 10, footer(self.page_no(), len(self.pages)), align="C")

    pdf = Document()
    pdf.add_font("serif", fname=str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_page()
    pdf.set_font("serif", size=size)
    for paragraph in paragraphs:
        pdf.multi_cell(0, size / 2, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def _page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def _image_only(source: Path, target: Path, dpi: int = 200) -> Path:
    """``source``'s pages rendered at ``dpi`` into a PDF of images, without a text layer: a scan."""
    out = FPDF(unit="pt")
    for page in pdfium.PdfDocument(source):
        png = io.BytesIO()
        page.render(scale=dpi / 72, grayscale=True).to_pil().save(png, format="PNG")
        width, height = page.get_size()
        out.add_page(format=(width, height))
        out.image(png, 0, 0, width, height)
    out.output(str(target))
    return target


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def _word_recall(expected: str, got: str) -> float:
    found = set(_words(got))
    words = _words(expected)
    return sum(word in found for word in words) / len(words)


needs_tesseract = pytest.mark.skipif(
    bool(ocr.missing()), reason="Tesseract with the vie model is not installed"
)


# --- text layer ------------------------------------------------------------------------------------


def test_text_layer_paragraphs_whole_and_composed(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", REQUIREMENT)
    result = PdfReader().read(_pdf(tmp_path / "plan.pdf", [*PARAGRAPHS[:3], decomposed]))
    assert result.format == "pdf" and not result.ocr and result.ocr_pages == ()
    assert _paragraphs(result.text) == [*PARAGRAPHS[:3], REQUIREMENT]  # NFC, one paragraph each


@pytest.mark.parametrize("footer", FOOTERS)
def test_furniture_removed_before_pages_are_joined(tmp_path: Path, footer: str) -> None:
    path = _pdf(tmp_path / "plan.pdf", PARAGRAPHS, header=lambda _: HEADER, footer=FOOTERS[footer])
    pages = _page_texts(path)
    assert len(pages) >= 2 and not any(CROSSING.strip() in page for page in pages)  # it crosses a break
    result = PdfReader().read(path)
    assert _paragraphs(result.text) == PARAGRAPHS
    assert HEADER not in result.text


def test_header_varying_by_page_number_removed(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "plan.pdf", PARAGRAPHS, header=lambda page: f"Kế hoạch số 12/KH-UBND - trang {page}"
    )
    assert _paragraphs(PdfReader().read(path).text) == PARAGRAPHS


def test_line_at_the_top_of_one_page_kept(tmp_path: Path) -> None:
    """The header is repeated on every page; the title under it on page 1 occurs once and stays."""
    title = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"
    path = _pdf(tmp_path / "plan.pdf", [title, *PARAGRAPHS], header=lambda _: HEADER, footer=FOOTERS["trang"])
    assert _paragraphs(PdfReader().read(path).text) == [title, *PARAGRAPHS]


def test_page_number_on_a_single_page_kept(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "plan.pdf", PARAGRAPHS[:3], footer=FOOTERS["trang"])
    assert _paragraphs(PdfReader().read(path).text) == [*PARAGRAPHS[:3], "Trang 1/1"]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_pages_rotated_for_display(tmp_path: Path, degrees: int) -> None:
    """A /Rotate (as a viewer's "rotate page" saves it) changes no paragraph and no furniture rule."""
    plan = _pdf(tmp_path / "plan.pdf", PARAGRAPHS, header=lambda _: HEADER, footer=FOOTERS["dashes"])
    writer = pypdf.PdfWriter(clone_from=plan)
    for page in writer.pages:
        page.rotate(degrees)
    rotated = tmp_path / "rotated.pdf"
    writer.write(rotated)
    assert _paragraphs(PdfReader().read(rotated).text) == PARAGRAPHS


def test_fifty_pages_within_seconds(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "long.pdf", PARAGRAPHS * 43, header=lambda _: HEADER, footer=FOOTERS["trang"])
    assert len(pdfium.PdfDocument(path)) >= 50
    start = time.perf_counter()
    text = PdfReader().read(path).text
    assert time.perf_counter() - start < 10  # about 1 s measured on the shared 2-core machine
    assert _paragraphs(text) == PARAGRAPHS * 43


def test_case_06_sentence_across_the_page_break_quoted_whole(shared: Path) -> None:
    text = PdfReader().read(shared / "cases" / "06-pdf-running-header.pdf").text
    sentence = next(p for p in _paragraphs(text) if "Đặc biệt, người đứng đầu" in p)
    assert sentence.endswith(
        "công khai kết quả trên cổng thông tin điện tử của huyện và tại bộ phận một cửa, bảo đảm người "
        "dân có thể theo dõi tiến độ giải quyết hồ sơ của mình một cách thuận tiện nhất."
    )
    assert "UBND HUYỆN ĐỨC LONG - KẾ HOẠCH" not in text and "Trang" not in text


# --- tables and header blocks ----------------------------------------------------------------------


def _table_pdf(path: Path) -> Path:
    """A heading, a ruled table (an empty cell, a cell merged across two columns), a paragraph."""
    pdf = FPDF()
    pdf.add_font("serif", fname=str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font("serif", style="B", fname=str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("serif", size=11)
    pdf.multi_cell(0, 6, TABLE_PARAGRAPHS[0], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=(12, 100, 50)) as table:
        for cells in [
            ("STT", "Nhiệm vụ", "Thời gian hoàn thành"),
            (
                "1",
                "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của xã",
                "Quý II/2025",
            ),
            ("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", ""),
        ]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
        row = table.row()
        row.cell("3")
        row.cell("Đánh giá mức độ hài lòng của người dân (cả năm)", colspan=2)
    pdf.ln(2)
    pdf.multi_cell(0, 6, TABLE_PARAGRAPHS[2], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


TABLE_PARAGRAPHS = [
    "3. Các nhiệm vụ cụ thể",
    "STT | Nhiệm vụ | Thời gian hoàn thành\n"
    "1 | Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của xã | Quý II/2025\n"
    "2 | Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính | \n"
    "3 | Đánh giá mức độ hài lòng của người dân (cả năm)",
    "Phòng Văn hóa - Xã hội theo dõi, tổng hợp.",
]


def test_ruled_table_rows_once(tmp_path: Path) -> None:
    assert _paragraphs(PdfReader().read(_table_pdf(tmp_path / "table.pdf")).text) == TABLE_PARAGRAPHS


def test_header_block_in_two_columns_as_rows(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_font("serif", fname=str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_page()
    pdf.set_font("serif", size=11)
    for left, right in [
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("XÃ AN BÌNH", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 12/KH-UBND", "An Bình, ngày 05 tháng 3 năm 2025"),
    ]:
        pdf.cell(70, 7, left, align="C")
        pdf.cell(0, 7, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 6, PURPOSE, align="J", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "header.pdf"
    pdf.output(str(path))
    assert _paragraphs(PdfReader().read(path).text) == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ AN BÌNH | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND | An Bình, ngày 05 tháng 3 năm 2025",
        PURPOSE,
    ]


# --- OCR ------------------------------------------------------------------------------------------


@needs_tesseract
def test_scanned_pdf_read_by_vietnamese_ocr(tmp_path: Path) -> None:
    source = _pdf(tmp_path / "source.pdf", [*PARAGRAPHS[:3], REQUIREMENT], size=13)
    result = PdfReader().read(_image_only(source, tmp_path / "scan.pdf"))
    assert result.ocr and result.ocr_pages == (1,)
    assert result.notes == [
        "Đã nhận dạng chữ (OCR) 1 trang không có lớp văn bản đọc được (trang 1); nên đối chiếu với bản gốc."
    ]
    expected = " ".join([*PARAGRAPHS[:3], REQUIREMENT])
    assert _word_recall(expected, result.text) >= 0.95  # measured 1.0; English OCR reads 0.14
    assert len(_paragraphs(result.text)) == 4  # Tesseract's paragraphs, not one per line
    assert {"quán", "triệt", "hóa", "thủ", "tục", "hài", "lòng", "nghiệp"} <= set(_words(result.text))


@needs_tesseract
def test_mixed_pdf_ocr_only_the_page_without_text(tmp_path: Path) -> None:
    text_page = _pdf(tmp_path / "text.pdf", PARAGRAPHS[:3])
    scanned = _image_only(_pdf(tmp_path / "source.pdf", [REQUIREMENT], size=13), tmp_path / "scan.pdf")
    writer = pypdf.PdfWriter()
    writer.append(text_page)
    writer.append(scanned)
    mixed = tmp_path / "mixed.pdf"
    writer.write(mixed)
    result = PdfReader().read(mixed)
    assert result.ocr and result.ocr_pages == (2,)
    assert _paragraphs(result.text)[:3] == PARAGRAPHS[:3]
    assert _word_recall(REQUIREMENT, _paragraphs(result.text)[-1]) >= 0.95


@needs_tesseract
def test_unreadable_text_layer_read_by_ocr(tmp_path: Path) -> None:
    """Without its fonts' /ToUnicode maps the text layer is glyph codes: the page is OCR'd instead."""
    writer = pypdf.PdfWriter(clone_from=_pdf(tmp_path / "plan.pdf", PARAGRAPHS[:3], size=13))
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        del font.get_object()["/ToUnicode"]
    garbled = tmp_path / "garbled.pdf"
    writer.write(garbled)
    result = PdfReader().read(garbled)
    assert result.ocr_pages == (1,)
    assert _word_recall(" ".join(PARAGRAPHS[:3]), result.text) >= 0.95


def test_scanned_pdf_without_tesseract_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    scan = _image_only(_pdf(tmp_path / "source.pdf", [REQUIREMENT]), tmp_path / "scan.pdf", dpi=72)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    ocr.missing.cache_clear()
    try:
        with pytest.raises(IngestError) as caught:
            PdfReader().read(scan)
    finally:
        ocr.missing.cache_clear()
    message = str(caught.value)
    assert "\n" not in message and message.startswith("scan.pdf: ")
    assert message.endswith(
        "cần cài Tesseract tiếng Việt: sudo apt-get install tesseract-ocr tesseract-ocr-vie"
    )


# --- files that cannot be read --------------------------------------------------------------------


def test_password_protected(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(IngestError, match=r"^locked\.pdf: tệp có mật khẩu; .*thêm lại\.$"):
        PdfReader().read(path)


@pytest.mark.parametrize("data", [b"%PDF-1.7\nnot really a PDF", b"PK\x03\x04 a zip file"])
def test_damaged_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"^broken\.pdf: tệp bị hỏng hoặc không phải PDF; .*\.$"):
        PdfReader().read(path)


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    pypdf.PdfWriter().write(path)
    with pytest.raises(IngestError, match=r"^empty\.pdf: tệp PDF không có trang nào"):
        PdfReader().read(path)


def test_blank_pages(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    path = tmp_path / "blank.pdf"
    pdf.output(str(path))
    with pytest.raises(IngestError, match=r"^blank\.pdf: không tìm thấy chữ nào"):
        PdfReader().read(path)
