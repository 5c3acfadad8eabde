"""Measure `cchc bot`: time from receiving an update to sending the answer, and resident memory.

Runs the real ``cchc bot`` process against the fake Bot API and asks questions one at a time. The
latency of a question is measured at the fake server, from the moment getUpdates hands the update
to the bot to the moment the answer's sendMessage arrives. Run from the repository root:

    .venv/bin/python -m tests.telegram_fake.latency --questions 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from .harness import TOKEN
from .server import FakeTelegram, has_keyboard

QUESTIONS = [
    "Mục đích của kế hoạch cải cách hành chính năm 2023 của Thuận An là gì?",
    "muc dich cua ke hoach cai cach hanh chinh nam 2023 la gi",
    "Yêu cầu của kế hoạch cải cách hành chính là gì?",
    "yeu cau cua KH CCHC nam 2023",
    "Cải cách hành chính phải gắn với những gì?",
    "Nghị quyết 76/NQ-CP quy định những gì?",
    "Giá vàng hôm nay bao nhiêu?",
    "Các chỉ tiêu, nhiệm vụ cải cách hành chính được gắn với gì?",
    "Ai chịu trách nhiệm chỉ đạo công tác cải cách hành chính?",
    "Chính quyền điện tử, chính quyền số được xây dựng thế nào?",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(count: int, corpus: Path) -> dict:
    async with FakeTelegram(TOKEN) as fake:
        with tempfile.TemporaryDirectory() as folder:
            environment = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE": fake.url,
                "CCHC_BOT_DB": str(Path(folder) / "bot.sqlite"),
                "CCHC_BOT_QUESTIONS_PER_MINUTE": "0",
            }
            cchc = Path(sys.executable).with_name("cchc")
            started = time.monotonic()
            process = await asyncio.create_subprocess_exec(
                str(cchc), "bot", "--corpus", str(corpus), "--log-level", "WARNING",
                env=environment, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            stderr = asyncio.create_task(process.stderr.read())
            try:
                await fake.wait_for(lambda: fake.calls_of("getUpdates"), timeout=300)
                ready = time.monotonic() - started
                rss_ready = psutil.Process(process.pid).memory_info().rss
                latencies = []
                for number in range(count):
                    user = fake.user(10_000 + number % 7)
                    chat = fake.private_chat(user)
                    since = fake.mark()
                    fake.send_text(chat, user, QUESTIONS[number % len(QUESTIONS)])
                    await fake.wait_messages(chat["id"], since, until=has_keyboard, timeout=60)
                    update_id = max(fake.delivered_at)  # one question at a time
                    answered = [c for c in fake.calls_of("sendMessage", since) if c.status == 200][-1].at
                    latencies.append((answered - fake.delivered_at[update_id]) * 1000)
                memory = psutil.Process(process.pid).memory_info()
                peak = _peak_rss(process.pid)
            finally:
                process.terminate()
                code = await process.wait()
                await stderr
    return {
        "questions": count,
        "startup_s": ready,
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "min_ms": min(latencies),
        "max_ms": max(latencies),
        "rss_ready_mb": rss_ready / 2**20,
        "rss_after_mb": memory.rss / 2**20,
        "rss_peak_mb": peak / 2**20,
        "exit_code": code,
    }


def _peak_rss(pid: int) -> int:
    """VmHWM (peak resident set) from /proc, in bytes; 0 where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args()
    result = asyncio.run(measure(args.questions, args.corpus))
    for key, value in result.items():
        print(f"{key:14} {value:.1f}" if isinstance(value, float) else f"{key:14} {value}")


if __name__ == "__main__":
    main()
