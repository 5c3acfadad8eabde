"""Hand-off to a person: an uncovered question goes to the officers' chat, an officer's reply comes back to
the asker as a reviewed answer, both are stored, and ``cchc eval --export-reviewed`` turns them into
benchmark questions. The real PTB Application against the fake Bot API."""

from __future__ import annotations

import json
import sqlite3

from telegram_fake.harness import OTHER, USER, serving
from telegram_fake.server import FakeTelegram, buttons

from bot import texts
from eval.datasets import load_multi
from index.cli import main

OFFICERS = -100555000
OFFICER = 4004
PURPOSE_ID = "148-KH-UBND-2023/1"


def _blockquotes(message: dict) -> list[str]:
    encoded = message["text"].encode("utf-16-le")
    return [
        encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] == "blockquote"
    ]


async def _hand_off(bot, chat: dict, user: dict, question: str) -> tuple[dict, dict]:
    """Ask ``question``, press "Hỏi cán bộ phụ trách": (the bot's answer, the request the officers got)."""
    fake = bot.fake
    answer = (await bot.ask(chat, user, question))[-1]
    since = fake.mark()
    fake.click(user, answer, buttons(answer)[texts.HANDOFF_BUTTON])
    [request] = await fake.wait_messages(OFFICERS, since)
    await fake.wait_messages(chat["id"], since)  # the asker is told it was sent
    return answer, request


async def test_a_question_goes_to_the_officers_and_their_reply_comes_back_reviewed(engine, tmp_path, capsys):
    lan = {**FakeTelegram.user(USER, "Lan"), "last_name": "Nguyễn", "username": "lan_nv"}
    minh = FakeTelegram.user(OTHER, "Minh")
    officer = FakeTelegram.user(OFFICER, "Hùng")
    allowed = frozenset({USER, -100777})  # the officers' chat is let through without being listed
    async with serving(engine, tmp_path, handoff_chat_id=OFFICERS, allowed_chat_ids=allowed) as bot:
        fake = bot.fake
        officers = fake.group_chat(OFFICERS, "Cán bộ phụ trách CCHC")
        chat = fake.private_chat(lan)

        answer = (await bot.ask(chat, lan, "Giá vàng hôm nay bao nhiêu?"))[-1]
        assert answer["text"].endswith(texts.NOT_COVERED_HANDOFF)
        since = fake.mark()
        fake.click(lan, answer, buttons(answer)[texts.HANDOFF_BUTTON])
        [request] = await fake.wait_messages(OFFICERS, since)
        [sent] = await fake.wait_messages(chat["id"], since)
        assert (
            sent["text"]
            == "📨 Đã chuyển câu hỏi đến cán bộ phụ trách (mã #1); câu trả lời sẽ được gửi lại tại đây."
        )
        assert "(mã #1)" in request["text"] and "Người hỏi: Lan Nguyễn" in request["text"]
        assert "Câu hỏi: Giá vàng hôm nay bao nhiêu?" in request["text"] and "lan_nv" not in request["text"]
        assert "[148-KH-UBND-2023/" in request["text"]  # the closest passages, by id, to cite

        since = fake.mark()  # a second press does not send it twice
        fake.click(lan, answer, buttons(answer)[texts.HANDOFF_BUTTON])
        [toast] = await fake.wait_for(lambda: fake.answered("answerCallbackQuery", since))
        assert toast.params["text"] == texts.HANDOFF_ALREADY and not fake.sent(OFFICERS, since)

        since = fake.mark()
        reply = f"Nội dung này chưa có trong kế hoạch; mục đích chung xem [{PURPOSE_ID}] và [khong-co/9]."
        fake.send_text(officers, officer, reply, reply_to=request)
        [reviewed] = await fake.wait_messages(chat["id"], since)
        [confirmed] = await fake.wait_messages(OFFICERS, since)
        assert reviewed["text"].startswith(
            "✅ Trả lời của cán bộ phụ trách (mã #1)\n❓ Giá vàng hôm nay bao nhiêu?"
        )
        assert reply in reviewed["text"]
        assert reviewed["reply_to_message"]["message_id"] == answer["message_id"]
        assert engine.passage(PURPOSE_ID).text.removeprefix("1. Mục đích").strip() in _blockquotes(reviewed)
        assert confirmed["text"].startswith("✅ Đã gửi câu trả lời cho Lan Nguyễn (mã #1).")
        assert "Không tìm thấy đoạn [khong-co/9] trong hệ thống" in confirmed["text"]
        assert not fake.sent(OFFICERS, since)[1:]  # the reply was not taken for a question

        group = fake.group_chat(-100777, "Phòng Nội vụ")
        _, request = await _hand_off(bot, group, minh, f"@{fake.username} Thời tiết ngày mai thế nào?")
        since = fake.mark()
        fake.send_text(officers, officer, "Câu hỏi này không thuộc phạm vi các kế hoạch.", reply_to=request)
        [reviewed] = await fake.wait_messages(group["id"], since)
        assert reviewed["text"].startswith("✅ Trả lời của cán bộ phụ trách (mã #2)")
        assert not fake.errors()

    with sqlite3.connect(bot.settings.database) as db:
        rows = db.execute(
            "SELECT id, user_name, officer_id, officer_name, passage_ids FROM handoffs"
        ).fetchall()
    assert rows == [
        (1, "Lan Nguyễn", OFFICER, "Hùng", json.dumps([PURPOSE_ID])),
        (2, "Minh", OFFICER, "Hùng", "[]"),
    ]

    out = tmp_path / "reviewed.jsonl"
    assert main(["eval", "--export-reviewed", str(out), "--database", str(bot.settings.database)]) == 0
    assert "Đã ghi 2 câu hỏi" in capsys.readouterr().out
    first, second = load_multi(out)
    assert (first.id, first.question, first.expect, first.documents) == (
        "reviewed-1",
        "Giá vàng hôm nay bao nhiêu?",
        "answer",
        ("148-KH-UBND-2023",),
    )
    [(doc, snippet)] = first.evidence
    passage = " ".join(engine.passage(PURPOSE_ID).text.split())
    assert doc == "148-KH-UBND-2023" and passage.startswith(snippet) and 30 <= len(snippet) <= 120
    assert first.tags == ("reviewed",) and second.tags == ("reviewed", "not_covered")
    assert (second.question, second.expect, second.evidence) == (
        "Thời tiết ngày mai thế nào?",
        "not_covered",
        (),
    )


def test_export_without_a_database_is_one_clear_line(tmp_path, capsys):
    assert (
        main(["eval", "--export-reviewed", str(tmp_path / "out.jsonl"), "--database", str(tmp_path / "x")])
        == 1
    )
    assert capsys.readouterr().err.strip().startswith("cchc: Không thấy cơ sở dữ liệu của bot")
