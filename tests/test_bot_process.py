"""`cchc bot` as a real process against the fake Bot API: serves, then stops cleanly on a signal."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from telegram_fake.harness import ADMIN, TOKEN, USER
from telegram_fake.server import FakeTelegram, has_keyboard

from index.config import data_dir, index_dir

CCHC = Path(sys.executable).with_name("cchc")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_cchc_bot_answers_then_stops_cleanly(stop: signal.Signals, corpus_copy: Path, tmp_path: Path):
    async with FakeTelegram(TOKEN) as fake:
        environment = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": fake.url,
            "ADMIN_USER_IDS": str(ADMIN),
            "CCHC_BOT_DB": str(tmp_path / "bot.sqlite"),
            "CCHC_BOT_POLL_TIMEOUT": "2",
            "HF_HUB_OFFLINE": "1",
        }
        process = await asyncio.create_subprocess_exec(
            str(CCHC), "bot", "--corpus", str(corpus_copy),
            env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stderr = asyncio.create_task(process.stderr.read())  # read all along: a full pipe would block the bot
        try:
            await fake.wait_for(lambda: fake.calls_of("getUpdates"), timeout=240)
            assert {c.method for c in fake.calls} >= {"getMe", "setMyCommands", "deleteWebhook"}
            person = fake.user(USER)
            chat = fake.private_chat(person)
            since = fake.mark()
            fake.send_text(chat, person, "muc dich cua ke hoach cai cach hanh chinh la gi")
            [answer] = await fake.wait_messages(chat["id"], since, until=has_keyboard, timeout=60)
            assert "148/KH-UBND" in answer["text"]

            process.send_signal(stop)
            code = await asyncio.wait_for(process.wait(), 60)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
            shutil.rmtree(index_dir(corpus_copy, data_dir()), ignore_errors=True)
        log = (await stderr).decode()
    assert code == 0, log
    assert "bot stopped" in log and "Traceback" not in log
    last = max(u for u in fake.delivered_at)
    assert any(
        c.params.get("offset") == last + 1 for c in fake.calls_of("getUpdates")
    )  # acknowledged on exit
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
