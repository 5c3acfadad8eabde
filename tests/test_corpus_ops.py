"""Corpus operations: documents named by số hiệu, dry runs, new folders, versions with a change report,
the registry's file mode, and the warnings given when a file is added."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from index import messages
from index.config import data_dir, index_dir
from index.errors import IngestError
from index.ingest.corpus import Corpus
from index.ingest.encodings import encode_vni
from index.ingest.registry import REGISTRY_FILE, DocumentRecord, Registry
from index.ingest.versions import ChangeKind

CCHC = [sys.executable, "-m", "index.cli"]

HEAD = """ỦY BAN NHÂN DÂN XÃ AN BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}/KH-UBND
An Bình, ngày 10 tháng 5 năm {year}

KẾ HOẠCH
Cải cách hành chính năm {year}
"""
SIGNATURE = "\nNơi nhận:\n- UBND huyện;\n- Lưu: VT.\n\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An\n"


def plan(*sections: str, number: str = "45", year: str = "2024", basis: str = "") -> str:
    """A small plan: header, optional "Căn cứ" line, the sections (blank lines between paragraphs)."""
    body = "\n\n".join(sections)
    return (
        HEAD.format(number=number, year=year) + (f"\n{basis}\n" if basis else "") + f"\n{body}\n" + SIGNATURE
    )


V1 = plan(
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích\n\nNâng cao chất lượng phục vụ người dân.",
    "2. Yêu cầu\n\nCông khai đầy đủ thủ tục hành chính.",
    "II. NHIỆM VỤ",
    "1. Cải cách thủ tục hành chính\n\nRà soát thủ tục hành chính trong quý II.",
    "2. Cải cách tổ chức bộ máy\n\nSắp xếp lại bộ phận một cửa.",
    "III. KINH PHÍ\n\nNgân sách xã bảo đảm.",
    "IV. TỔ CHỨC THỰC HIỆN\n\nVăn phòng theo dõi, báo cáo.",
    basis="Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2024 của Ủy ban nhân dân huyện Tân Phú.",
)
V2 = plan(
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích\n\nNâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "2. Yêu cầu\n\nCông khai đầy đủ thủ tục hành chính.",
    "II. NHIỆM VỤ",
    "1. Cải cách thủ tục hành chính\n\nRà soát thủ tục hành chính trong quý II.",
    "2. Chuyển đổi số\n\nSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
    "3. Cải cách tổ chức bộ máy\n\nSắp xếp lại bộ phận một cửa.",
    "III. TỔ CHỨC THỰC HIỆN\n\nVăn phòng theo dõi, báo cáo.",
    "IV. CHẾ ĐỘ BÁO CÁO",
    "1. Báo cáo quý\n\nGửi trước ngày 15 của tháng cuối quý.",
    "2. Báo cáo năm\n\nGửi trước ngày 15 tháng 12.",
    basis="Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.",
)


def cchc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, *args], capture_output=True, text=True, timeout=300)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def state(corpus: Path) -> tuple[bytes, list[str]]:
    """What must not change when a command fails or only looks: the registry's bytes and the files."""
    return (corpus / REGISTRY_FILE).read_bytes(), sorted(p.name for p in corpus.iterdir())


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A corpus folder holding V1 of plan 45/KH-UBND (added through the API: no index is built)."""
    corpus = tmp_path / "kho"
    Corpus(corpus).add([write(tmp_path / "in", "ke-hoach-45.txt", V1)])
    return corpus


# -- naming a document -----------------------------------------------------------------------------


def test_remove_accepts_the_so_hieu_in_any_case_and_spacing(corpus_copy: Path):
    result = cchc("corpus", "remove", "148 / kh-ubnd", "--corpus", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Đã gỡ 148-KH-UBND-2023."
    assert sorted(p.name for p in corpus_copy.iterdir()) == [REGISTRY_FILE]
    records = Registry.load(corpus_copy).records
    assert "148-KH-UBND-2023" not in records
    assert "20-CTr-TU-2021" not in records  # registered from the plan's text, cited by nobody now
    assert "76-NQ-CP-2021" in records  # still named by 23-CT-TTg-2021
    assert "KH-CCHC-BinhDuong-2021-2025" in records  # written by hand (no số hiệu): kept


def test_an_ambiguous_or_unknown_name_gets_one_line_pointing_to_the_list(tmp_path: Path):
    corpus = tmp_path / "kho"
    registry = Registry(corpus / REGISTRY_FILE, [
        DocumentRecord(id="5-KH-UBND-2023", so_hieu="5/KH-UBND", ngay_ban_hanh="2023-02-01"),
        DocumentRecord(id="5-KH-UBND-2024", so_hieu="5/KH-UBND", ngay_ban_hanh="2024-02-01"),
    ])  # fmt: skip
    corpus.mkdir()
    registry.save()
    before = state(corpus)
    ambiguous = cchc("corpus", "remove", "5/kh-ubnd", "--corpus", str(corpus))
    unknown = cchc("corpus", "remove", "6/KH-UBND", "--corpus", str(corpus))
    for result in (ambiguous, unknown):
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "cchc corpus list" in result.stderr
    assert "5-KH-UBND-2023, 5-KH-UBND-2024" in ambiguous.stderr and "6/KH-UBND" in unknown.stderr
    assert state(corpus) == before
    assert Registry.load(corpus).find("5-kh-ubnd-2024").id == "5-KH-UBND-2024"  # an id, in any case


# -- dry run ---------------------------------------------------------------------------------------


def test_dry_run_shows_what_would_be_added_and_changes_nothing(corpus_copy: Path, tmp_path: Path):
    from index.answering.engine import Engine

    folder = Engine.open(corpus_copy, log=lambda _: None).folder
    manifest = (folder / "manifest.json").read_bytes()
    before = state(corpus_copy)
    basis = (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Quyết định số 12/QĐ-UBND ngày "
        "02/01/2024 của Ủy ban nhân dân huyện Tân Phú."
    )
    file = write(tmp_path, "ke-hoach.txt", plan("I. MỤC ĐÍCH\n\nPhục vụ người dân.", basis=basis))
    result = cchc("corpus", "add", str(file), "--dry-run", "--corpus", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Thử nạp ke-hoach.txt (chưa thay đổi gì trong kho):"
    for expected in (
        "  Mã văn bản: 45-KH-UBND-2024 (văn bản mới)",
        "  Số hiệu: 45/KH-UBND",
        "  Loại văn bản: Kế hoạch",
        "  Ngày ban hành: 10/05/2024",
        "  Cơ quan ban hành: Ủy ban nhân dân xã An Bình",
        "  Trích yếu: Cải cách hành chính năm 2024",
        "  Người ký: Nguyễn Văn An (Phó Chủ tịch)",
    ):
        assert expected in lines
    assert any(line.startswith("  Số đoạn: ") and int(line.split(": ")[1]) >= 2 for line in lines)
    would_register = [line for line in lines if line.startswith("  Sẽ đăng ký")]
    assert len(would_register) == 1 and "12/QĐ-UBND" in would_register[0]  # 76/NQ-CP is registered
    assert state(corpus_copy) == before
    assert (folder / "manifest.json").read_bytes() == manifest


def test_dry_run_into_a_folder_that_does_not_exist_creates_nothing(tmp_path: Path):
    file = write(tmp_path, "ke-hoach.txt", V1)
    result = cchc("corpus", "add", str(file), "--dry-run", "--corpus", str(tmp_path / "moi"))
    assert result.returncode == 0, result.stderr
    assert "  Số hiệu: 45/KH-UBND" in result.stdout.splitlines()
    assert not (tmp_path / "moi").exists()


# -- a new folder, then a new version ----------------------------------------------------------------


def test_first_add_creates_the_folder_and_a_new_version_keeps_the_old_one(tmp_path: Path):
    corpus = tmp_path / "kho" / "moi"
    try:
        first = cchc("corpus", "add", str(write(tmp_path, "v1.txt", V1)), "--corpus", str(corpus))
        assert first.returncode == 0, first.stderr
        assert "Đã nạp 45-KH-UBND-2024" in first.stdout and "(văn bản mới)" in first.stdout
        assert sorted(p.name for p in corpus.iterdir()) == ["45-KH-UBND-2024.txt", REGISTRY_FILE]

        second = cchc("corpus", "add", str(write(tmp_path, "v2.txt", V2)), "--corpus", str(corpus))
        assert second.returncode == 0, second.stderr
        lines = second.stdout.splitlines()
        assert "(bản mới; bản trước lưu ở 45-KH-UBND-2024.v1.txt)" in lines[0]
        assert lines[1:7] == [
            "  Thay đổi so với bản trước (5):",
            "    ~ sửa Phần đầu văn bản",
            "    ~ sửa I. MỤC ĐÍCH, YÊU CẦU › 1. Mục đích",
            "    + thêm II. NHIỆM VỤ › 2. Chuyển đổi số",
            "    + thêm IV. CHẾ ĐỘ BÁO CÁO",
            "    − bỏ III. KINH PHÍ",
        ]  # renumbered sections with the same text (II.3, III) are no change
        assert (corpus / "45-KH-UBND-2024.v1.txt").read_text(encoding="utf-8") == V1
        assert (corpus / "45-KH-UBND-2024.txt").read_text(encoding="utf-8") == V2
        manifest = json.loads((index_dir(corpus, data_dir()) / "manifest.json").read_text())
        assert manifest["passages"] == len(Corpus(corpus).documents()[0][1].passages)

        again = cchc("corpus", "add", str(tmp_path / "v1.txt"), "--corpus", str(corpus))
        assert again.returncode == 1 and "bản cũ của 45-KH-UBND-2024" in again.stderr
    finally:
        shutil.rmtree(index_dir(corpus, data_dir()), ignore_errors=True)


def test_a_version_is_recorded_in_the_registry_and_its_relations_recomputed(
    small_corpus: Path, tmp_path: Path
):
    other = plan(
        "I. MỤC ĐÍCH\n\nPhục vụ.", number="46", basis="Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021."
    )
    Corpus(small_corpus).add([write(tmp_path, "ke-hoach-46.txt", other)])
    corpus = Corpus(small_corpus)
    corpus.registry.records["45-KH-UBND-2024"].cites.append("tay")  # a relation written by hand
    corpus.registry.records["tay"] = DocumentRecord(id="tay", trich_yeu="Văn bản không số")
    corpus.registry.save()

    [result] = Corpus(small_corpus).add([write(tmp_path, "moi.txt", V2)])
    assert result.previous and result.previous.file == "45-KH-UBND-2024.v1.txt"
    assert [(c.kind, c.path) for c in result.changes] == [
        (ChangeKind.CHANGED, "Phần đầu văn bản"),  # its "Căn cứ" line
        (ChangeKind.CHANGED, "I. MỤC ĐÍCH, YÊU CẦU › 1. Mục đích"),
        (ChangeKind.ADDED, "II. NHIỆM VỤ › 2. Chuyển đổi số"),
        (ChangeKind.ADDED, "IV. CHẾ ĐỘ BÁO CÁO"),
        (ChangeKind.REMOVED, "III. KINH PHÍ"),
    ]
    purpose = result.changes[1]
    assert "doanh nghiệp" in purpose.after and "doanh nghiệp" not in purpose.before
    assert result.unregistered == ["12-QD-UBND-2024"]  # cited by the old version only
    record = Registry.load(small_corpus).records["45-KH-UBND-2024"]
    assert record.cites == ["tay", "76-NQ-CP-2021"]  # 76/NQ-CP: still registered, now cited by both
    [version] = record.versions
    assert version.sha256 and version.replaced and version.added and version.so_hieu == "45/KH-UBND"
    text = (small_corpus / REGISTRY_FILE).read_text(encoding="utf-8")
    assert "[[document.versions]]" in text and 'file = "45-KH-UBND-2024.v1.txt"' in text


def test_the_same_number_of_another_year_is_another_document(small_corpus: Path, tmp_path: Path):
    [result] = Corpus(small_corpus).add(
        [write(tmp_path, "2025.txt", plan("I. MỤC ĐÍCH\n\nMới.", year="2025"))]
    )
    assert result.record.id == "45-KH-UBND-2025" and result.previous is None
    assert len(Registry.load(small_corpus).loaded()) == 2


def test_replaces_names_the_document_a_file_without_number_replaces(small_corpus: Path, tmp_path: Path):
    draft = V2.replace("Số: 45/KH-UBND", "Số:      /KH-UBND")
    [result] = Corpus(small_corpus).add([write(tmp_path, "du-thao.txt", draft)], replaces="45/KH-UBND")
    assert result.record.id == "45-KH-UBND-2024" and result.record.so_hieu == "45/KH-UBND"
    assert result.previous is not None and result.changes


def test_more_than_ten_changes_are_counted(small_corpus: Path, tmp_path: Path):
    romans = ["V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]
    many = write(tmp_path, "nhieu.txt", plan(*[f"{r}. PHẦN {r}\n\nNội dung phần {r}." for r in romans]))
    result = cchc("corpus", "add", str(many), "--dry-run", "--corpus", str(small_corpus))
    assert result.returncode == 0, result.stderr
    changes = [line for line in result.stdout.splitlines() if line.startswith("    ")]
    assert len(changes) == 11 and changes[-1] == "    … và 7 thay đổi khác"  # head, 12 added, 4 removed


def test_a_failed_write_puts_the_old_version_back(small_corpus: Path, tmp_path: Path, monkeypatch):
    before = state(small_corpus)

    def disk_full(self: Registry) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path))

    monkeypatch.setattr(Registry, "save", disk_full)
    with pytest.raises(IngestError, match="hết dung lượng đĩa"):
        Corpus(small_corpus).add([write(tmp_path, "v2.txt", V2)])
    assert state(small_corpus) == before
    assert (small_corpus / "45-KH-UBND-2024.txt").read_text(encoding="utf-8") == V1


# -- the registry file -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_saving_keeps_the_registry_mode_and_its_comments(tmp_path: Path, mode: int):
    path = tmp_path / REGISTRY_FILE
    path.write_text('# Kho của phòng Nội vụ.\n\n[[document]]\nid = "a"\nstatus = "metadata_only"\n')
    path.chmod(mode)
    registry = Registry.load(tmp_path)
    registry.records["b"] = DocumentRecord(id="b")
    registry.save()
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text(encoding="utf-8").startswith("# Kho của phòng Nội vụ.\n")
    assert set(Registry.load(tmp_path).records) == {"a", "b"}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_registry_gets_the_umask_default(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        Registry(tmp_path / REGISTRY_FILE, [DocumentRecord(id="a")]).save()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / REGISTRY_FILE).stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == [REGISTRY_FILE]  # no temporary file left


# -- warnings ----------------------------------------------------------------------------------------

WARNING_FILES = {
    "so-trong.txt": (V1.replace("Số: 45/KH-UBND", "Số:      /KH-UBND"), "Dòng “Số: /KH-UBND” không ghi số"),
    "mat-so.txt": (
        plan("I. MỤC ĐÍCH\n\nPhục vụ.", "MỤC TIÊU CỤ THỂ\n\nĐúng hạn.", "NHIỆM VỤ TRỌNG TÂM\n\nRà soát.",
             "II. TỔ CHỨC THỰC HIỆN\n\nVăn phòng."),
        "2 dòng viết hoa trông như đề mục nhưng không có số thứ tự (“MỤC TIÊU CỤ THỂ”, “NHIỆM VỤ TRỌNG TÂM”)",
    ),
    "nhay-so.txt": (
        plan("I. MỤC ĐÍCH\n\nPhục vụ.", "II. NHIỆM VỤ\n\nRà soát.", "IV. TỔ CHỨC THỰC HIỆN\n\nVăn phòng."),
        "Đề mục nhảy số (“II. NHIỆM VỤ” rồi “IV. TỔ CHỨC THỰC HIỆN”)",
    ),
    "mua-sam.txt": (
        "Danh sách mua sắm\n\nMua giấy in, mực in và bút bi cho văn phòng.\n\nSửa máy lạnh phòng họp.\n",
        "Tệp không giống văn bản hành chính",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WARNING_FILES))
def test_each_kind_of_warning(small_corpus: Path, tmp_path: Path, name: str):
    text, expected = WARNING_FILES[name]
    [result] = Corpus(small_corpus).add([write(tmp_path, name, text)], dry_run=True)
    assert len(result.warnings) == 1 and result.warnings[0].startswith(expected), result.warnings


def test_a_plain_plan_gets_no_warning_and_the_reader_notes_are_shown(small_corpus: Path, tmp_path: Path):
    [clean] = Corpus(small_corpus).add(
        [write(tmp_path, "sach.txt", V2.replace("45/KH", "47/KH"))], dry_run=True
    )
    assert clean.warnings == [] and clean.notes == []
    vni = tmp_path / "vni.txt"
    vni.write_bytes(encode_vni(V1.replace("45/KH", "48/KH").replace("Số: 48", "Số:   ")))
    result = cchc("corpus", "add", str(vni), "--dry-run", "--corpus", str(small_corpus))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  Ghi chú: Đã chuyển mã VNI-Windows sang Unicode." in lines
    assert any(line.startswith("  Cảnh báo: Dòng “Số: /KH-UBND”") for line in lines)


# -- bad input -----------------------------------------------------------------------------------------


BAD_INPUTS = {  # command line (files named as in ``versions``) → what its one stderr line must say
    "same content": (["add", "v2.txt"], "đã có trong kho"),
    "same text in VNI": (["add", "v2-vni.txt"], "đã có trong kho"),
    "old version": (["add", "v1-lai.txt"], "bản cũ của 45-KH-UBND-2024"),
    "other issuer": (["add", "xa-khac.txt"], "--replaces 45-KH-UBND-2024"),
    "replaces unknown": (["add", "v3.txt", "--replaces", "99/KH-UBND"], "cchc corpus list"),
    "replaces two files": (["add", "v3.txt", "xa-khac.txt", "--replaces", "45/KH-UBND"], "--replaces"),
    "folder not creatable": (["add", "v3.txt", "--corpus", "tep.txt/kho"], "tep.txt/kho"),
    "remove unknown": (["remove", "99/KH-UBND"], "99/KH-UBND"),
}


@pytest.fixture
def versions(small_corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """``small_corpus`` after V2 replaced V1, and a folder of files for the bad inputs."""
    files = tmp_path / "files"
    Corpus(small_corpus).add([write(files, "v2.txt", V2)])
    write(files, "v1-lai.txt", V1)
    (files / "v2-vni.txt").write_bytes(encode_vni(V2))
    write(files, "v3.txt", V2.replace("doanh nghiệp", "hợp tác xã"))
    write(files, "xa-khac.txt", V2.replace("XÃ AN BÌNH", "XÃ TÂN LẬP"))
    write(files, "tep.txt", "không phải thư mục")
    return small_corpus, files


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_and_changes_nothing(versions: tuple[Path, Path], case: str):
    corpus, files = versions
    args, expected = BAD_INPUTS[case]
    args = [str(files / a) if a.endswith((".txt", "/kho")) else a for a in args]
    before = state(corpus)
    result = cchc("corpus", *args, *([] if "--corpus" in args else ["--corpus", str(corpus)]))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(messages.ERROR_PREFIX) and expected in result.stderr
    assert state(corpus) == before
    assert not (files / "tep.txt").is_dir()
