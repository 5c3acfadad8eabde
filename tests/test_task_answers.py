"""Who leads, who supports, by when (issue 10), answered by the engine from the tasks of two plans built
here: a plan with a task table and one with assignment clauses, beside the product corpus."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from index import Engine, Status, index_dir

ROOT = Path(__file__).resolve().parents[1]

ROWS = [
    ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
    ("---",) * 5,
    ("1", "Ban hành Bộ tiêu chí đánh giá, xếp hạng kết quả cải cách hành chính các sở, ngành", "Sở Nội vụ",
     "Các sở, ban, ngành", "Tháng 3/2026"),
    ("2", "Điều tra xã hội học đo lường sự hài lòng của người dân", "Sở Nội vụ", "Bưu điện tỉnh",
     "Quý III/2026"),
    ("3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Khoa học và Công nghệ",
     "Sở Nội vụ, Văn phòng UBND tỉnh", "Thường xuyên"),
    ("4", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai", "Sở Nông nghiệp và Môi trường",
     "Sở Tư pháp", "Trước ngày 30/6/2026"),
]  # fmt: skip

TABLE_PLAN = """ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 31/KH-UBND | Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 10 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính tỉnh Hòa Bình năm 2026

I. MỤC ĐÍCH

Nâng cao chất lượng phục vụ người dân, doanh nghiệp.

II. NHIỆM VỤ

{table}
III. TỔ CHỨC THỰC HIỆN

Sở Nội vụ theo dõi, đôn đốc các đơn vị thực hiện Kế hoạch này.

TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An
""".format(table="\n".join(f"| {' | '.join(row)} |" for row in ROWS))

CLAUSE_PLAN = """ỦY BAN NHÂN DÂN XÃ TÂN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 8/KH-UBND | Độc lập - Tự do - Hạnh phúc
Tân Phú, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Chuyển đổi số xã Tân Phú năm 2026

I. MỤC ĐÍCH

Đưa hoạt động của chính quyền xã lên môi trường số.

II. TỔ CHỨC THỰC HIỆN

1. Công chức Văn hóa - Xã hội chủ trì, phối hợp với Đoàn Thanh niên Cộng sản Hồ Chí Minh xã tuyên truyền \
về chuyển đổi số trên hệ thống loa truyền thanh, thực hiện thường xuyên.

2. Văn phòng HĐND và UBND xã chủ trì rà soát, cập nhật danh mục dịch vụ công trực tuyến, hoàn thành \
trước ngày 15/4/2026.

TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Thị Bình
"""

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def planned(engine, tmp_path_factory) -> Engine:
    """The product corpus and the two plans, with the date fixed (the session's model reused)."""
    folder = tmp_path_factory.mktemp("tasks") / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    sources = tmp_path_factory.mktemp("task-files")
    files = []
    for name, text in (("hoa-binh.md", TABLE_PLAN), ("tan-phu.txt", CLAUSE_PLAN)):
        path = sources / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    planned = Engine.open(folder, log=lambda _: None)
    planned.embedder = engine.embedder  # one model in memory (tests only)
    planned.add_files(files)
    planned.clock = lambda: TODAY
    yield planned
    shutil.rmtree(index_dir(folder, planned.source.folder.parents[1]), ignore_errors=True)


def _texts(answer) -> list[str]:
    return [t.quote.text for t in answer.tasks]


@pytest.mark.slow
def test_who_leads_a_described_task_is_its_row_with_the_lead_and_deadline(planned: Engine):
    answer = planned.ask("Điều tra xã hội học đo lường sự hài lòng do cơ quan nào chủ trì, làm khi nào?")
    assert answer.status == Status.TASKS
    assert [t.lead for t in answer.tasks] == [["Sở Nội vụ"]]
    assert "Chủ trì: Sở Nội vụ" in answer.lead and "Quý III/2026" in answer.lead
    quoted = answer.tasks[0].quote
    assert "Điều tra xã hội học" in quoted.text  # the row itself, verbatim


@pytest.mark.slow
def test_a_unit_named_with_the_task_tells_tied_tasks_apart(planned: Engine):
    answer = planned.ask("Ai phối hợp với Sở Tư pháp rà soát thủ tục hành chính?")
    assert answer.tasks and answer.tasks[0].lead == ["Sở Nông nghiệp và Môi trường"]


@pytest.mark.slow
def test_a_units_part_across_plans_with_abbreviations_and_without_diacritics(planned: Engine):
    lead = planned.ask("SNV chủ trì những nhiệm vụ nào?")
    assert lead.status == Status.TASKS
    assert {tuple(t.lead) for t in lead.tasks} == {("Sở Nội vụ",)}
    assert len(lead.tasks) == 3  # two rows and the follow-up clause of "Tổ chức thực hiện"
    partner = planned.ask("so noi vu phoi hop nhung viec gi")
    assert [t.partners for t in partner.tasks] == [["Sở Nội vụ", "Văn phòng UBND tỉnh"]]


@pytest.mark.slow
def test_a_short_name_of_a_unit_finds_its_full_name(planned: Engine):
    answer = planned.ask("Đoàn Thanh niên xã Tân Phú tham gia việc gì?")
    assert answer.status == Status.TASKS
    assert ["tuyên truyền" in text for text in _texts(answer)] == [True]


@pytest.mark.slow
def test_tasks_due_in_a_period_relative_to_today_or_of_a_kind_of_deadline(planned: Engine):
    quarter = planned.ask("những nhiệm vụ nào có hạn trong quý này?")  # today: 20/5/2026, quý II
    assert quarter.status == Status.TASKS
    assert sorted(t.deadline for t in quarter.tasks) == ["Trước ngày 30/6/2026", "trước ngày 15/4/2026"]
    ongoing = planned.ask("cac nhiem vu thuc hien thuong xuyen")
    assert {t.deadline_norm["kind"] for t in ongoing.tasks} == {"ongoing"} and len(ongoing.tasks) == 2
    none = planned.ask("Nhiệm vụ nào có hạn trong tháng 12/2027?")
    assert none.status == Status.NOT_COVERED and none.lead.startswith("Không có nhiệm vụ nào")


@pytest.mark.slow
def test_a_year_that_names_the_plan_is_not_a_period(planned: Engine):
    answer = planned.ask("Sở Nội vụ chủ trì những việc gì trong kế hoạch cải cách hành chính năm 2026?")
    assert len(answer.tasks) == 3  # the plan's year: the follow-up clause has no deadline and is kept
    dated = planned.ask("Sở Khoa học và Công nghệ chủ trì những việc phải làm trong năm 2026?")
    assert not dated.tasks  # its one task is ongoing, not due in 2026 (the passages may still answer)


@pytest.mark.slow
def test_a_question_without_a_task_cue_is_not_a_task_answer(planned: Engine):
    answer = planned.ask("Mục đích của kế hoạch 31/KH-UBND là gì?")
    assert answer.status == Status.ANSWERED and not answer.tasks


# -- cchc tasks: the follow-up sheet ------------------------------------------------------------------


def _cchc(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "index.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_cchc_tasks_filters_by_unit_role_period_and_document(planned: Engine):
    corpus = str(planned.corpus_dir)
    lead = _cchc("tasks", "--corpus", corpus, "--unit", "SNV", "--role", "lead", "--format", "json")
    assert lead.returncode == 0, lead.stderr
    assert {row["lead"] for row in json.loads(lead.stdout)} == {"Sở Nội vụ"}
    quarter = _cchc("tasks", "--corpus", corpus, "--due", "quý II/2026", "--format", "json")
    assert sorted(row["due_to"] for row in json.loads(quarter.stdout)) == ["2026-04-15", "2026-06-30"]
    one = _cchc("tasks", "--corpus", corpus, "--document", "8/kh-ubnd", "--format", "json")
    assert {row["so_hieu"] for row in json.loads(one.stdout)} == {"8/KH-UBND"}
    table = _cchc("tasks", "--corpus", corpus, "--document", "31/KH-UBND")
    assert "Đơn vị chủ trì" in table.stdout and "Điều tra xã hội học đo lường sự hài" in table.stdout


@pytest.mark.slow
def test_cchc_tasks_writes_csv_and_xlsx_that_spreadsheets_read_back(planned: Engine, tmp_path: Path):
    corpus = str(planned.corpus_dir)
    sheet = tmp_path / "nhiem-vu.xlsx"
    written = _cchc("tasks", "--corpus", corpus, "--format", "xlsx", "-o", str(sheet))
    assert written.returncode == 0 and "Đã ghi" in written.stderr
    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Số hiệu", "Văn bản", "Mục", "Nhiệm vụ")
    assert len(rows) - 1 == len(planned.tasks())
    land = next(r for r in rows[1:] if r[3].startswith("Rà soát, đơn giản hóa thủ tục"))
    assert land[4] == "Sở Nông nghiệp và Môi trường" and land[8] == "2026-06-30"
    comma = tmp_path / "nhiem-vu.csv"
    _cchc("tasks", "--corpus", corpus, "--format", "csv", "-o", str(comma))
    assert comma.read_bytes().startswith(codecs.BOM_UTF8)  # Excel opens the diacritics right
    records = list(csv.DictReader(io.StringIO(comma.read_text(encoding="utf-8-sig"))))
    assert len(records) == len(rows) - 1  # the header row holds the Vietnamese column names
    assert {r["Đơn vị chủ trì"] for r in records} == {row[4] for row in rows[1:]}


@pytest.mark.slow
def test_cchc_tasks_bad_input_is_one_vietnamese_line(planned: Engine):
    corpus = str(planned.corpus_dir)
    for args, words in (
        (("--format", "xlsx"), "cần ghi ra tệp"),
        (("--document", "99/KH-UBND"), "Không có văn bản"),
        (("--due-before", "31/13/2026"), "Chưa hiểu ngày"),
        (("--due", "hôm kia"), "Chưa hiểu khoảng thời gian"),
    ):
        result = _cchc("tasks", "--corpus", corpus, *args)
        assert result.returncode == 1 and words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
