"""Running the real bot Application against the fake Bot API, for the bot tests and the latency script."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from telegram.ext import Application

from bot.app import build_application, polling_options, webhook_options
from bot.config import Settings

from .server import FakeTelegram, has_keyboard

TOKEN = "7000000001:AAHfake-t0ken_Of_The_CCHC_test_bot_xyz"
ADMIN = 1001
USER = 2002
OTHER = 3003


@dataclass
class Running:
    """A bot being served: the fake server, the application, its settings."""

    fake: FakeTelegram
    app: Application
    settings: Settings

    async def ask(self, chat: dict, user: dict, text: str, reply_to: dict | None = None) -> list[dict]:
        """Send ``text`` and return the bot's reply messages (up to the one carrying the buttons)."""
        since = self.fake.mark()
        self.fake.send_text(chat, user, text, reply_to)
        return await self.fake.wait_messages(chat["id"], since, until=has_keyboard)

    async def say(self, chat: dict, user: dict, text: str, count: int = 1) -> list[dict]:
        """Send ``text`` and return the first ``count`` messages the bot sends to that chat."""
        since = self.fake.mark()
        self.fake.send_text(chat, user, text)
        return await self.fake.wait_messages(chat["id"], since, until=lambda m: len(m) >= count)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings_for(fake: FakeTelegram, folder: Path, **overrides) -> Settings:
    base = Settings(
        token=TOKEN,
        api_base=fake.url,
        admin_user_ids=frozenset({ADMIN}),
        database=folder / "bot.sqlite",
        poll_timeout=5,
    )
    return replace(base, **overrides)


@asynccontextmanager
async def serving(engine, folder: Path, mode: str = "polling", **overrides) -> AsyncIterator[Running]:
    """Start the fake server and the bot (as ``run_polling`` / ``run_webhook`` would), then stop both."""
    async with FakeTelegram(TOKEN) as fake:
        if mode == "webhook":
            port = free_port()
            overrides = {
                "webhook_url": f"http://127.0.0.1:{port}/cchc-hook",
                "webhook_port": port,
                **overrides,
            }
        settings = settings_for(fake, folder, **overrides)
        app = build_application(settings, engine)
        await app.initialize()
        await app.post_init(app)  # run_polling / run_webhook call it; here we must
        if mode == "webhook":
            await app.updater.start_webhook(**webhook_options(settings))
        else:
            await app.updater.start_polling(**polling_options(settings))
        await app.start()
        try:
            if mode == "polling":
                await fake.wait_for(lambda: fake.calls_of("getUpdates"))
            yield Running(fake, app, settings)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


def plan_docx(path: Path) -> Path:
    """A real .docx plan: header, "I. MỤC ĐÍCH, YÊU CẦU", and a long "II. NHIỆM VỤ" (over 4096 characters)."""
    tasks = [
        (
            "Phát triển hạ tầng số",
            "nâng cấp đường truyền cáp quang đến 100% thôn, ấp; lắp đặt điểm phát wifi miễn phí tại nhà văn "
            "hóa các ấp và trụ sở Ủy ban nhân dân xã; thay thế máy tính cấu hình thấp tại bộ phận một cửa",
        ),
        (
            "Phát triển dữ liệu số",
            "số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực; xây dựng cơ sở dữ "
            "liệu hộ tịch, đất đai, dân cư dùng chung; cập nhật thường xuyên dữ liệu lên Cổng dữ liệu "
            "của tỉnh",
        ),
        (
            "Phát triển nền tảng và ứng dụng số",
            "triển khai nền tảng họp trực tuyến đến các ấp; dùng hệ thống quản lý văn bản và điều hành cho "
            "100% văn bản trao đổi; hướng dẫn người dân cài đặt và sử dụng ứng dụng công dân số",
        ),
        (
            "Bảo đảm an toàn thông tin mạng",
            "triển khai giải pháp phòng chống mã độc cho toàn bộ máy tính; sao lưu dữ liệu định kỳ hằng "
            "tuần; tập huấn kỹ năng nhận diện lừa đảo trực tuyến cho cán bộ, công chức và người dân",
        ),
    ]
    document = docx.Document()
    lines = [
        "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH",
        "Số: 52/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Bình, ngày 10 tháng 3 năm 2025",
        "KẾ HOẠCH",
        "Chuyển đổi số trên địa bàn xã Hòa Bình năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Đẩy mạnh chuyển đổi số trong hoạt động của chính quyền xã, phục vụ người dân và doanh nghiệp "
        "tốt hơn; phấn đấu 100% hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình.",
        "2. Yêu cầu",
        "a) Xác định chuyển đổi số là nhiệm vụ trọng tâm, gắn với trách nhiệm của người đứng đầu.",
        "b) Các nhiệm vụ phải cụ thể, có thời hạn hoàn thành và đơn vị chịu trách nhiệm rõ ràng.",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    ]
    for number, (title, body) in enumerate(tasks, 1):
        lines.append(f"{number}. {title}")
        lines += [f"Trong tháng {month} năm 2025, {body}." for month in range(1, 13, 2)]
    lines += [
        "III. TỔ CHỨC THỰC HIỆN",
        "Công chức Văn hóa - Xã hội chủ trì, phối hợp với các bộ phận triển khai Kế hoạch này; định kỳ hằng "
        "quý báo cáo Chủ tịch Ủy ban nhân dân xã kết quả thực hiện.",
    ]
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path
