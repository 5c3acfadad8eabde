"""Two small invented plans beside the product corpus, for the bot tests of tasks, reminders, change notices
and "which document?": a provincial plan with a task table (Sở Nội vụ leads six tasks, dated around
May-June 2026) and its new version, and a commune plan with assignment clauses."""

from __future__ import annotations

import shutil
from pathlib import Path

from index import Engine

ROOT = Path(__file__).resolve().parents[2]

HEADER = ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")
ROWS = [
    ("1", "Ban hành Bộ tiêu chí đánh giá, xếp hạng kết quả cải cách hành chính các sở, ngành", "Sở Nội vụ",
     "Các sở, ban, ngành", "Tháng 3/2026"),
    ("2", "Tổ chức hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm", "Sở Nội vụ",
     "Văn phòng UBND tỉnh", "Trước ngày 27/5/2026"),
    ("3", "Kiểm tra công tác cải cách hành chính tại các xã, phường", "Sở Nội vụ", "Sở Tư pháp",
     "Trước ngày 21/5/2026"),
    ("4", "Điều tra xã hội học đo lường sự hài lòng của người dân", "Sở Nội vụ", "Bưu điện tỉnh",
     "Quý III/2026"),
    ("5", "Tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã", "Sở Nội vụ", "Trường Chính trị tỉnh",
     "Trước ngày 30/6/2026"),
    ("6", "Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn", "Sở Nội vụ", "Các sở, ban, ngành",
     "Quý IV/2026"),
    ("7", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Khoa học và Công nghệ",
     "Sở Nội vụ, Văn phòng UBND tỉnh", "Thường xuyên"),
    ("8", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai", "Sở Nông nghiệp và Môi trường",
     "Sở Tư pháp", "Trước ngày 30/6/2026"),
]  # fmt: skip
# The new version: the meeting moves to 15/6, land procedures are dropped, a survey of businesses comes in.
ROWS_V2 = [
    *ROWS[:1],
    ("2", "Tổ chức hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm", "Sở Nội vụ",
     "Văn phòng UBND tỉnh", "Trước ngày 15/6/2026"),
    *ROWS[2:7],
    ("8", "Khảo sát mức độ hài lòng của doanh nghiệp về thủ tục đầu tư", "Sở Tài chính",
     "Hiệp hội Doanh nghiệp tỉnh", "Quý III/2026"),
]  # fmt: skip

TABLE_PLAN = """ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH
Số: 31/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày {day} năm 2026

KẾ HOẠCH
Cải cách hành chính tỉnh Hòa Bình năm 2026

I. MỤC ĐÍCH

{purpose}

II. NHIỆM VỤ

{table}
III. TỔ CHỨC THỰC HIỆN

Sở Nội vụ theo dõi, đôn đốc các đơn vị thực hiện Kế hoạch này.

TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An
"""

CLAUSE_PLAN = """ỦY BAN NHÂN DÂN XÃ TÂN PHÚ
Số: 8/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Phú, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Chuyển đổi số xã Tân Phú năm 2026

I. MỤC ĐÍCH

Đưa hoạt động của chính quyền xã lên môi trường số, phục vụ người dân nhanh hơn.

II. TỔ CHỨC THỰC HIỆN

1. Công chức Văn hóa - Xã hội chủ trì, phối hợp với Đoàn Thanh niên xã tuyên truyền về chuyển đổi số trên \
hệ thống loa truyền thanh, thực hiện thường xuyên.

2. Văn phòng HĐND và UBND xã chủ trì rà soát, cập nhật danh mục dịch vụ công trực tuyến, hoàn thành \
trước ngày 15/4/2026.

TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Thị Bình
"""

TABLE_PLAN_ID = "31-KH-UBND-2026"
CLAUSE_PLAN_ID = "8-KH-UBND-2026"


def table_plan(version: int = 1) -> str:
    """The provincial plan's text: version 1, or version 2 (new purpose, rows changed)."""
    rows = ROWS if version == 1 else ROWS_V2
    table = "\n".join(f"| {' | '.join(row)} |" for row in [HEADER, ("---",) * 5, *rows])
    purpose = "Nâng cao chất lượng phục vụ người dân, doanh nghiệp."
    if version > 1:
        purpose = "Nâng cao chất lượng phục vụ người dân, doanh nghiệp; lấy sự hài lòng làm thước đo."
    day = "10 tháng 01" if version == 1 else "20 tháng 5"
    return TABLE_PLAN.format(day=day, purpose=purpose, table=table)


def planned_engine(engine: Engine, folder: Path) -> Engine:
    """An engine over a copy of the product corpus plus the two plans, in ``folder`` (the session
    engine's model reused: no second model in memory)."""
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    sources = folder / "files"
    sources.mkdir()
    files = []
    for name, text in (("hoa-binh.md", table_plan()), ("tan-phu.txt", CLAUSE_PLAN)):
        path = sources / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    planned = Engine.open(corpus, log=lambda _: None)
    planned.embedder = engine.embedder
    planned.add_files(files)
    return planned


def remove_index(planned: Engine) -> None:
    """Delete the stored index of a planned engine's corpus (the corpus folder is the test's own)."""
    shutil.rmtree(planned.folder, ignore_errors=True)
