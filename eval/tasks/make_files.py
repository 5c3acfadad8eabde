"""Builds the two invented plans of the task gold set that are not plain text.

    PYTHONPATH=$PWD .venv/bin/python eval/tasks/make_files.py

writes, next to this script:

- ``kh27-phuong-tan-my-cchc-2026.docx``: Kế hoạch 27/KH-UBND of UBND phường Tân Mỹ (invented) on
  administrative reform in 2026. Prose (purpose, requirements, two assignment clauses under
  "III. TỔ CHỨC THỰC HIỆN") and an appendix task table: header row, five group rows (I.–V., the title
  cell spanning five columns with ``w:gridSpan``) and 13 task rows. The lead cell "Văn phòng HĐND và
  UBND phường" spans rows 1–3 and "Phòng Văn hóa - Xã hội" spans rows 9–11, the deadline "Thường xuyên"
  spans rows 4–5: vertical merges written as raw ``w:vMerge`` XML (restart + continue cells, the continue
  cells empty), as Word saves them. A merged cell applies to every row it spans.
- ``kh215-hoa-son-cds-2025.html``: Kế hoạch 215/KH-UBND of UBND tỉnh Hòa Sơn (invented province), as a
  portal page (menu, breadcrumb, footer, ``&nbsp;``): a task table with a ``<th>`` header row, group rows
  whose one cell spans all six columns (``colspan="6"``), a partner cell spanning two rows
  (``rowspan="2"``), ``<br>`` inside cells; one assignment clause in the prose; and an attachments table
  that is not a task table.

The third invented file, ``kh96-hoa-son-par-index-2026.txt`` (assignments in prose), is written by hand.
All content is invented for this gold set, in the genre of the real plans; no real plan is copied.
The output is deterministic (fixed core properties), so re-running the script leaves git clean.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
DOCX_NAME = "kh27-phuong-tan-my-cchc-2026.docx"
HTML_NAME = "kh215-hoa-son-cds-2025.html"

# ---------------------------------------------------------------------------------------------------
# DOCX: the appendix table. Each task row: STT, task, lead, partners, deadline, output.
# MERGE_UP in a cell means "vertically merged with the cell above" (w:vMerge continue, empty text).
MERGE_UP = object()

DOCX_HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn hoàn thành",
    "Sản phẩm",
]

DOCX_ROWS: list[tuple] = [
    ("group", "I", "CẢI CÁCH THỂ CHẾ"),
    (
        "task",
        "1",
        "Rà soát, đề xuất sửa đổi, bổ sung hoặc bãi bỏ các văn bản quy phạm pháp luật do Hội đồng nhân"
        " dân, Ủy ban nhân dân phường ban hành không còn phù hợp với quy định mới",
        "Văn phòng HĐND và UBND phường",
        "Các phòng chuyên môn thuộc UBND phường",
        "Quý I/2026",
        "Báo cáo kết quả rà soát",
    ),
    (
        "task",
        "2",
        "Tổ chức tuyên truyền, phổ biến pháp luật về cải cách hành chính cho cán bộ, công chức và Nhân"
        " dân trên địa bàn phường",
        MERGE_UP,
        "Phòng Văn hóa - Xã hội; Ủy ban Mặt trận Tổ quốc Việt Nam phường",
        "Thường xuyên",
        "Hội nghị, tin bài tuyên truyền",
    ),
    (
        "task",
        "3",
        "Kiểm tra việc thực hiện văn bản quy phạm pháp luật và thủ tục hành chính tại các khu phố",
        MERGE_UP,
        "Công an phường",
        "Tháng 9/2026",
        "Kết luận kiểm tra",
    ),
    ("group", "II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    (
        "task",
        "4",
        "Công khai đầy đủ, kịp thời thủ tục hành chính thuộc thẩm quyền giải quyết của phường trên "
        "Cổng Dịch vụ công quốc gia và tại Trung tâm Phục vụ hành chính công phường",
        "Trung tâm Phục vụ hành chính công phường",
        "Văn phòng HĐND và UBND phường",
        "Thường xuyên",
        "Danh mục thủ tục hành chính được công khai",
    ),
    (
        "task",
        "5",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt tỷ lệ 100% đối với hồ sơ tiếp nhận "
        "trực tiếp tại Trung tâm Phục vụ hành chính công phường",
        "Trung tâm Phục vụ hành chính công phường",
        "Phòng Kinh tế, Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội",
        MERGE_UP,
        "Hồ sơ điện tử trên Hệ thống thông tin giải quyết thủ tục hành chính",
    ),
    (
        "task",
        "6",
        "Rà soát, đề xuất phương án đơn giản hóa ít nhất 05 thủ tục hành chính trong lĩnh vực đất đai,"
        " xây dựng thuộc thẩm quyền giải quyết của phường",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Trung tâm Phục vụ hành chính công phường",
        "Trước ngày 30/6/2026",
        "Phương án đơn giản hóa thủ tục hành chính",
    ),
    ("group", "III", "CẢI CÁCH TỔ CHỨC BỘ MÁY VÀ CHẾ ĐỘ CÔNG VỤ"),
    (
        "task",
        "7",
        "Rà soát, điều chỉnh danh mục vị trí việc làm, cơ cấu ngạch công chức của phường theo đề án "
        "được cấp có thẩm quyền phê duyệt",
        "Văn phòng HĐND và UBND phường",
        "Các phòng chuyên môn thuộc UBND phường",
        "6 tháng đầu năm 2026",
        "Đề án vị trí việc làm được điều chỉnh",
    ),
    (
        "task",
        "8",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026 gắn với kết quả thực hiện nhiệm vụ "
        "cải cách hành chính",
        "Văn phòng HĐND và UBND phường",
        "",
        "Tháng 12/2026",
        "Quyết định xếp loại",
    ),
    ("group", "IV", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"),
    (
        "task",
        "9",
        "Duy trì gửi, nhận văn bản điện tử có ký số giữa các cơ quan, đơn vị trên địa bàn phường đạt "
        "tỷ lệ 100% (trừ văn bản mật)",
        "Phòng Văn hóa - Xã hội",
        "Văn phòng HĐND và UBND phường",
        "Hằng tháng",
        "Báo cáo thống kê văn bản điện tử",
    ),
    (
        "task",
        "10",
        "Hướng dẫn người dân sử dụng tài khoản định danh điện tử VNeID để nộp hồ sơ trực tuyến thông "
        "qua các Tổ công nghệ số cộng đồng",
        MERGE_UP,
        "Công an phường; Đoàn Thanh niên Cộng sản Hồ Chí Minh phường",
        "Năm 2026",
        "Số lượt người dân được hướng dẫn",
    ),
    (
        "task",
        "11",
        "Cập nhật thông tin, vận hành ổn định Trang thông tin điện tử của phường",
        MERGE_UP,
        "",
        "Thường xuyên",
        "Trang thông tin điện tử hoạt động ổn định",
    ),
    (
        "task",
        "12",
        "Tổ chức các cuộc họp trực tuyến từ phường đến các khu phố theo hướng dẫn của Ủy ban nhân dân tỉnh",
        "Văn phòng HĐND và UBND phường",
        "Phòng Văn hóa - Xã hội",
        "Theo hướng dẫn của UBND tỉnh",
        "Điểm cầu họp trực tuyến",
    ),
    ("group", "V", "CẢI CÁCH TÀI CHÍNH CÔNG"),
    (
        "task",
        "13",
        "Công khai dự toán, quyết toán ngân sách phường và tình hình thực hiện dự toán ngân sách",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Văn phòng HĐND và UBND phường",
        "Theo quy định",
        "Báo cáo công khai ngân sách",
    ),
]

DOCX_PROSE = [
    ("center_bold", "ỦY BAN NHÂN DÂN PHƯỜNG TÂN MỸ"),
    ("center", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("center", "Độc lập - Tự do - Hạnh phúc"),
    ("plain", "Số: 27/KH-UBND"),
    ("italic", "Tân Mỹ, ngày 12 tháng 01 năm 2026"),
    ("center_bold", "KẾ HOẠCH"),
    ("center_bold", "Cải cách hành chính năm 2026 của Ủy ban nhân dân phường Tân Mỹ"),
    (
        "plain",
        "Căn cứ Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân tỉnh; căn cứ tình"
        " hình thực tế của địa phương, Ủy ban nhân dân phường ban hành Kế hoạch cải cách "
        "hành chính năm 2026 như sau:",
    ),
    ("bold", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("bold", "1. Mục đích"),
    (
        "plain",
        "Nâng cao chất lượng phục vụ người dân, doanh nghiệp; cải thiện Chỉ số hài lòng của"
        " người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa "
        "bàn phường.",
    ),
    ("bold", "2. Yêu cầu"),
    (
        "plain",
        "Các nhiệm vụ phải xác định rõ cơ quan chủ trì, cơ quan phối hợp, thời hạn hoàn "
        "thành và sản phẩm cụ thể; gắn trách nhiệm người đứng đầu với kết quả thực hiện.",
    ),
    ("bold", "II. NHIỆM VỤ TRỌNG TÂM"),
    (
        "plain",
        "Tập trung thực hiện các nhiệm vụ cải cách thể chế, cải cách thủ tục hành chính, "
        "cải cách tổ chức bộ máy, chế độ công vụ, cải cách tài chính công và xây dựng chính"
        " quyền điện tử, chính quyền số (chi tiết tại Phụ lục kèm theo).",
    ),
    ("bold", "III. TỔ CHỨC THỰC HIỆN"),
    (
        "plain",
        "1. Giao Văn phòng HĐND và UBND phường chủ trì, phối hợp với Phòng Văn hóa - Xã hội"
        " theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả thực hiện "
        "gửi Ủy ban nhân dân phường trước ngày 05/12/2026.",
    ),
    (
        "plain",
        "2. Các phòng chuyên môn, đơn vị thuộc Ủy ban nhân dân phường căn cứ nhiệm vụ được "
        "giao tại Phụ lục xây dựng kế hoạch triển khai của đơn vị, hoàn thành trong tháng "
        "02/2026.",
    ),
    (
        "plain",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Ủy "
        "ban nhân dân phường (qua Văn phòng HĐND và UBND phường) để xem xét, giải quyết./.",
    ),
    ("plain", "TM. ỦY BAN NHÂN DÂN"),
    ("plain", "CHỦ TỊCH"),
    ("plain", "Lê Văn Hòa"),
    ("center_bold", "PHỤ LỤC"),
    ("center_bold", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"),
    ("italic", "(Kèm theo Kế hoạch số 27/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân phường Tân Mỹ)"),
]


def _para(doc: Document, style: str, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    if style.startswith("center"):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if "bold" in style:
        run.bold = True
    if style == "italic":
        run.italic = True


def _set_vmerge(cell, restart: bool) -> None:
    """Raw XML: <w:vMerge w:val="restart"/> on the first cell, <w:vMerge/> on the cells it covers."""
    tc_pr = cell._tc.get_or_add_tcPr()
    vmerge = OxmlElement("w:vMerge")
    if restart:
        vmerge.set(qn("w:val"), "restart")
    tc_pr.append(vmerge)


def _set_text(cell, text: str, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    run = par.add_run(text)
    run.bold = bold


def build_docx(path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for kind, text in DOCX_PROSE:
        _para(doc, kind, text)

    table = doc.add_table(rows=1 + len(DOCX_ROWS), cols=6)
    table.style = "Table Grid"
    for j, text in enumerate(DOCX_HEADER):
        _set_text(table.rows[0].cells[j], text, bold=True)

    for i, row in enumerate(DOCX_ROWS, start=1):
        cells = table.rows[i].cells
        if row[0] == "group":
            _set_text(cells[0], row[1], bold=True)
            merged = cells[1].merge(cells[5])  # one cell spanning columns 2-6 (w:gridSpan="5")
            _set_text(merged, row[2], bold=True)
            continue
        values = row[1:]
        for j, value in enumerate(values):
            if value is MERGE_UP:
                _set_vmerge(cells[j], restart=False)
                continue
            nxt = DOCX_ROWS[i] if i < len(DOCX_ROWS) else None  # DOCX_ROWS[i] is the next row (1-based i)
            if nxt is not None and nxt[0] == "task" and nxt[1 + j] is MERGE_UP:
                _set_vmerge(cells[j], restart=True)
            if value:
                _set_text(cells[j], value)

    props = doc.core_properties
    props.author = "cchc eval"
    props.title = "Kế hoạch 27/KH-UBND (invented)"
    fixed = dt.datetime(2026, 1, 12, 8, 0, 0)
    props.created = fixed
    props.modified = fixed
    props.last_modified_by = "cchc eval"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    _write_stable_zip(buf.getvalue(), path)


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrites the package with fixed member timestamps, so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 12, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


# ---------------------------------------------------------------------------------------------------
# HTML
HTML = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Kế hoạch chuyển đổi số tỉnh Hòa Sơn năm 2025 - Cổng thông tin điện tử tỉnh Hòa Sơn</title>
</head>
<body>
<div id="header"><a href="/">Cổng thông tin điện tử tỉnh Hòa Sơn</a>
<ul class="menu"><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức</a></li>
<li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li><li><a href="/dvc">Dịch vụ công</a></li></ul>
</div>
<div class="breadcrumb">Trang chủ &raquo; Văn bản chỉ đạo điều hành &raquo; Kế hoạch</div>
<div class="article">
<h1>Kế hoạch chuyển đổi số tỉnh Hòa Sơn năm 2025</h1>
<p class="meta">Ngày đăng: 23/12/2024&nbsp;|&nbsp;Lượt xem: 1.204</p>
<p>Ngày 20/12/2024, Ủy ban nhân dân tỉnh Hòa Sơn ban hành Kế hoạch số 215/KH-UBND về chuyển đổi số tỉnh
Hòa Sơn năm 2025.</p>
<p><strong>I. MỤC TIÊU</strong></p>
<p>Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình; tỷ lệ
hồ sơ giải quyết trực tuyến đạt tối thiểu 60%; 100% văn bản trao đổi giữa các cơ quan nhà nước (trừ văn
bản mật) dưới dạng điện tử.</p>
<p><strong>II. NHIỆM VỤ, GIẢI PHÁP</strong></p>
<p>Các nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp và thời gian hoàn thành theo bảng dưới đây:</p>
<table class="table-task" border="1">
<tr><th>TT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th><th>Thời gian hoàn thành</th>
<th>Sản phẩm</th></tr>
<tr><td colspan="6"><strong>I. PHÁT TRIỂN CHÍNH QUYỀN SỐ</strong></td></tr>
<tr><td>1</td><td>Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, bảo đảm kết nối, tích
hợp với Cổng Dịch vụ công quốc gia</td><td>Sở Thông tin và Truyền thông</td><td>Văn phòng UBND tỉnh;<br>Trung
tâm Phục vụ hành chính công tỉnh</td><td>Quý II/2025</td><td>Hệ thống được nâng cấp</td></tr>
<tr><td>2</td><td>Triển khai hệ thống họp trực tuyến đến 100% Ủy ban nhân dân cấp xã</td><td>Sở Thông tin
và Truyền thông</td><td>UBND các huyện, thị xã, thành phố</td><td>Tháng 6/2025</td><td>Hệ thống họp trực
tuyến</td></tr>
<tr><td>3</td><td>Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực giai đoạn 2020 - 2024 tại các
cơ quan, địa phương</td><td>Văn phòng UBND tỉnh</td><td rowspan="2">Các sở, ban, ngành; UBND các huyện,
thị xã, thành phố</td><td>2025 - 2026</td><td>Dữ liệu số hóa</td></tr>
<tr><td>4</td><td>Triển khai thanh toán trực tuyến phí, lệ phí khi giải quyết thủ tục hành chính trên
Cổng Dịch vụ công của tỉnh</td><td>Sở Tài chính</td><td>Trước 30/6/2025</td><td>&nbsp;</td></tr>
<tr><td colspan="6"><strong>II. PHÁT TRIỂN KINH TẾ SỐ</strong></td></tr>
<tr><td>5</td><td>Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, sử dụng các nền tảng số trong quản trị,
sản xuất, kinh doanh</td><td>Sở Kế hoạch và Đầu tư</td><td>Sở Thông tin và Truyền thông, Hiệp hội Doanh
nghiệp tỉnh</td><td>Năm 2025</td><td>Số doanh nghiệp được hỗ trợ</td></tr>
<tr><td>6</td><td>Đưa sản phẩm OCOP và nông sản chủ lực của tỉnh lên các sàn thương mại điện tử</td>
<td>Sở Công Thương</td><td>Sở Nông nghiệp và Phát triển nông thôn</td><td>Quý IV/2025</td><td>Gian hàng
trên sàn thương mại điện tử</td></tr>
<tr><td colspan="6"><strong>III. PHÁT TRIỂN XÃ HỘI SỐ</strong></td></tr>
<tr><td>7</td><td>Kiện toàn Tổ công nghệ số cộng đồng tại 100% thôn, khu phố</td><td>UBND các huyện, thị
xã, thành phố</td><td>Sở Thông tin và Truyền thông; Tỉnh Đoàn</td><td>Tháng 3/2025</td><td>Quyết định kiện
toàn</td></tr>
<tr><td>8</td><td>Mở chuyên mục tuyên truyền về chuyển đổi số trên sóng phát thanh, truyền hình</td><td>Đài
Phát thanh và Truyền hình tỉnh</td><td>Báo Hòa Sơn</td><td>Hằng tháng</td><td>Chuyên mục</td></tr>
<tr><td>9</td><td>Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã</td><td>Sở Nội vụ</td><td>Sở Thông tin
và Truyền thông</td><td>Sau khi Bộ Nội vụ ban hành chương trình bồi dưỡng</td><td>Lớp bồi dưỡng</td></tr>
<tr><td colspan="6"><strong>IV. BẢO ĐẢM AN TOÀN THÔNG TIN MẠNG</strong></td></tr>
<tr><td>10</td><td>Tổ chức diễn tập thực chiến bảo đảm an toàn thông tin mạng cấp tỉnh</td><td>Công an
tỉnh</td><td>Sở Thông tin và Truyền thông</td><td>Theo chỉ đạo của UBND tỉnh</td><td>Cuộc diễn tập</td></tr>
<tr><td>11</td><td>Giám sát, bảo đảm an toàn thông tin cho các hệ thống thông tin dùng chung của
tỉnh</td><td>Sở Thông tin và Truyền thông</td><td>Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh</td><td>Thường
xuyên</td><td>Báo cáo giám sát</td></tr>
</table>
<p><strong>III. TỔ CHỨC THỰC HIỆN</strong></p>
<p>Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng UBND tỉnh theo dõi, đôn đốc các cơ
quan, đơn vị thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày
15/12/2025.</p>
<p>Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Thông tin
và Truyền thông để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, giải quyết.</p>
<p><strong>Tệp đính kèm:</strong></p>
<table class="attachments">
<tr><th>Tên tệp</th><th>Dung lượng</th></tr>
<tr><td>215-KH-UBND.pdf</td><td>1,2 MB</td></tr>
</table>
</div>
<div id="footer">Cơ quan chủ quản: Văn phòng UBND tỉnh Hòa Sơn. Điện thoại: 0200 3800 000.<br>
Ghi rõ nguồn Cổng thông tin điện tử tỉnh Hòa Sơn khi phát hành lại thông tin từ website này.</div>
</body>
</html>
"""


def build_html(path: Path) -> None:
    path.write_text(HTML, encoding="utf-8")


def main() -> None:
    build_docx(HERE / DOCX_NAME)
    build_html(HERE / HTML_NAME)
    print(f"wrote {HERE / DOCX_NAME}\nwrote {HERE / HTML_NAME}")


if __name__ == "__main__":
    main()
