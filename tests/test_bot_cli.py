"""``cchc bot`` that cannot start says why in one Vietnamese line, before loading the model: Telegram
unreachable, or the token refused."""

from __future__ import annotations

import asyncio
import os
import sys

from telegram_fake.harness import TOKEN
from telegram_fake.server import FakeTelegram

CCHC = [sys.executable, "-m", "index.cli"]


async def cchc_bot(**environment: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *CCHC, "bot",
        env={**os.environ, **environment}, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode, stderr.decode()


async def test_telegram_unreachable_is_one_line():
    code, stderr = await cchc_bot(TELEGRAM_BOT_TOKEN="abc", TELEGRAM_API_BASE="http://127.0.0.1:9")
    assert code == 1
    assert stderr.splitlines() == [
        "cchc: Không kết nối được tới Telegram (127.0.0.1:9): không mở được kết nối; hãy kiểm tra mạng, "
        "tường lửa hoặc TELEGRAM_API_BASE."
    ]


async def test_a_refused_token_is_one_line():
    async with FakeTelegram(TOKEN) as fake:
        wrong = TOKEN.replace("fake", "sai")
        code, stderr = await cchc_bot(TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE=fake.url)
    host = fake.url.split("://")[1].rstrip("/")
    assert code == 1
    assert stderr.splitlines() == [
        f"cchc: Telegram ({host}) không chấp nhận mã bot; hãy kiểm tra TELEGRAM_BOT_TOKEN "
        "(mã do @BotFather cấp)."
    ]
    assert wrong not in stderr
