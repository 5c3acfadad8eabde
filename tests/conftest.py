"""Shared fixtures: the product corpus, temporary corpus copies, one warmed-up engine, a PostgreSQL
server with fresh databases."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder; tests using it skip when it is absent (a user's clone)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not available")
    return SHARED


@pytest.fixture(scope="session")
def engine():
    """The engine over the product corpus, model loaded once for the session."""
    from index.answering.engine import Engine

    engine = Engine.open(CORPUS)
    engine.warm_up()
    return engine


@pytest.fixture
def corpus_copy(tmp_path: Path):
    """A private copy of corpus/ that a test may modify; its index is removed afterwards."""
    from index.config import data_dir, index_dir

    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    yield target
    shutil.rmtree(index_dir(target, data_dir()), ignore_errors=True)


PLAN_A = """ỦY BAN NHÂN DÂN XÃ AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/KH-UBND | Độc lập - Tự do - Hạnh phúc
An Phú, ngày 10 tháng 02 năm 2024

KẾ HOẠCH
Chuyển đổi số xã An Phú năm 2024

Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình \
Chuyển đổi số quốc gia;

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

a) Đưa hoạt động của chính quyền xã lên môi trường số, phục vụ người dân nhanh hơn.

b) Tăng tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình của xã.

2. Yêu cầu

Các bộ phận chuyên môn phối hợp chặt chẽ, bảo đảm an toàn thông tin.

II. NHIỆM VỤ

1. Số hóa hồ sơ hộ tịch từ năm 1995 đến nay, hoàn thành trước ngày 30/9/2024.

2. Triển khai thanh toán không dùng tiền mặt tại bộ phận một cửa.

III. TỔ CHỨC THỰC HIỆN

Công chức Văn phòng - Thống kê chủ trì, báo cáo kết quả hằng quý.

TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Minh
"""

PLAN_B = """ỦY BAN NHÂN DÂN XÃ BÌNH HÒA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 45/KH-UBND | Độc lập - Tự do - Hạnh phúc
Bình Hòa, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Phòng chống thiên tai xã Bình Hòa năm 2024

I. MỤC ĐÍCH

1. Chủ động phòng ngừa, ứng phó kịp thời, giảm thiểu thiệt hại do bão lũ gây ra.

2. Bảo đảm an toàn tính mạng và tài sản của Nhân dân trong mùa mưa bão.

II. NHIỆM VỤ

1. Kiểm tra, gia cố đê bao và cống thoát nước trước ngày 31/5/2024.

2. Dự trữ lương thực, thuốc men, áo phao tại các điểm sơ tán.

III. TỔ CHỨC THỰC HIỆN

Ban Chỉ huy phòng chống thiên tai xã chủ trì, theo dõi và báo cáo.

TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Thị Hoa
"""


@pytest.fixture(scope="session")
def many(engine, tmp_path_factory):
    """The product corpus plus two small plans of other communes (the session's model reused)."""
    folder = tmp_path_factory.mktemp("many") / "corpus"
    shutil.copytree(CORPUS, folder)
    sources = tmp_path_factory.mktemp("files")
    files = []
    for name, text in (("an-phu.txt", PLAN_A), ("binh-hoa.txt", PLAN_B)):
        path = sources / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    from index import Engine, index_dir

    many = Engine.open(folder, log=lambda _: None)
    many.embedder = engine.embedder  # one model in memory (tests only)
    many.add_files(files)
    yield many
    shutil.rmtree(index_dir(folder, many.source.folder.parents[1]), ignore_errors=True)


_names = itertools.count()


@dataclass(frozen=True)
class Server:
    """A throwaway local PostgreSQL server: its data directory and the URL of its ``cchc`` database."""

    data: Path
    url: str

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """The URL of a new, empty database on this server, dropped afterwards."""
        import psycopg
        from psycopg.conninfo import make_conninfo

        name = f"test_{os.getpid()}_{next(_names)}"
        admin = make_conninfo(self.url, dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"create database {name}")
        try:
            yield make_conninfo(self.url, dbname=name)
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"drop database {name} with (force)")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A throwaway server in a temporary data directory on a free port (as ``cchc-pg`` under root), one
    per test module."""
    from index.retrieval import pgserver

    if os.geteuid() == 0 and not (shutil.which("useradd") and shutil.which("runuser")):
        pytest.skip("running as root without useradd/runuser: cannot run PostgreSQL as an unprivileged user")
    data = Path(tempfile.mkdtemp(prefix="cchc-pg-test-"))
    data.chmod(0o711)  # the service user must traverse it to reach data/postgres
    try:
        yield Server(data, pgserver.up(data, durable=False))
    finally:
        pgserver.down(data)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def database(server: Server) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server, dropped afterwards."""
    with server.fresh_database() as url:
        yield url
