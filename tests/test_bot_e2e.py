"""The real bot (PTB Application, real HTTP client) against the strict fake Bot API, end to end."""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from telegram_fake.harness import ADMIN, OTHER, TOKEN, USER, plan_docx, serving
from telegram_fake.server import FakeTelegram, buttons, has_keyboard

from bot import callbacks
from index.answering.engine import Engine

PURPOSE = "Mục đích của kế hoạch cải cách hành chính năm 2023 của Thuận An là gì?"
PURPOSE_PLAIN = "muc dich cua ke hoach cai cach hanh chinh nam 2023 cua thuan an la gi"
CITATION = "Kế hoạch số 148/KH-UBND ngày 17/01/2023 của UBND thành phố Thuận An"
EXAMPLES = ["Mục đích của kế hoạch 148/KH-UBND là gì?", "Yêu cầu của kế hoạch 148/KH-UBND là gì?"]


def _purpose(engine) -> str:
    """The text of section "1. Mục đích" as an answer quotes it: after its heading line, which the
    quote's label already shows."""
    text = engine.passage("148-KH-UBND-2023/1").text
    assert text.startswith("1. Mục đích\n")
    return text.removeprefix("1. Mục đích").strip()


def _blockquotes(message: dict) -> list[str]:
    """The texts of the message's blockquote entities (offsets are UTF-16, as Telegram's)."""
    encoded = message["text"].encode("utf-16-le")
    return [
        encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] in ("blockquote", "expandable_blockquote")
    ]


def _rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


@pytest.fixture
def person() -> dict:
    return FakeTelegram.user(USER, "Lan")


async def test_vietnamese_question_gets_a_quoted_cited_answer(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        chat = bot.fake.private_chat(person)
        since = bot.fake.mark()
        [answer] = await bot.ask(chat, person, PURPOSE)
        assert answer["text"].startswith("📌 Trích dẫn từ " + CITATION)
        assert _purpose(engine) in _blockquotes(answer)
        assert "[1] Mục 1. Mục đích" in answer["text"] and f"— {CITATION}" in answer["text"]
        assert answer["text"].count("1. Mục đích") == 1  # the quote does not repeat its heading
        assert any(e["type"] == "bold" for e in answer["entities"])  # the most relevant sentence
        # typing shown first, then the answer
        methods = [c.method for c in bot.fake.calls[since:] if c.method in ("sendChatAction", "sendMessage")]
        assert (
            methods[0] == "sendChatAction"
            and bot.fake.calls_of("sendChatAction", since)[0].params["action"] == "typing"
        )
        labels = buttons(answer)
        assert {"📄 Toàn văn mục", "➕ Thêm kết quả", "👍 Hữu ích", "👎 Chưa đúng"} <= set(labels)
        assert all(len(data.encode()) <= 64 for data in labels.values())
        assert not bot.fake.errors()
    [(question, status, answered, passages, latency)] = _rows(
        bot.settings.database, "SELECT question, status, answered, passage_ids, latency_ms FROM questions"
    )
    assert (question, status, answered) == (PURPOSE, "answered", 1)
    assert json.loads(passages)[0] == "148-KH-UBND-2023/1" and latency > 0


async def test_question_without_diacritics_gets_the_same_passage(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        chat = bot.fake.private_chat(person)
        [accented] = await bot.ask(chat, person, PURPOSE)
        [plain] = await bot.ask(chat, person, PURPOSE_PLAIN)
        assert _blockquotes(plain)[0] == _blockquotes(accented)[0] == _purpose(engine)


async def test_uncovered_question_says_so_and_offers_the_closest_sections(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        chat = bot.fake.private_chat(person)
        [answer] = await bot.ask(chat, person, "Giá vàng hôm nay bao nhiêu?")
        assert "không đề cập" in answer["text"] and not _blockquotes(answer)
        sections = [label for label in buttons(answer) if label.startswith("📂 ")]
        assert sections
        since = bot.fake.mark()
        bot.fake.click(person, answer, buttons(answer)[sections[0]])
        [section] = await bot.fake.wait_messages(chat["id"], since)
        assert section["text"].startswith("📄 Toàn văn Mục") and _blockquotes(section)
    assert _rows(bot.settings.database, "SELECT answered FROM questions") == [(0,)]


async def test_buttons_more_results_full_section_and_feedback(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(person)
        answer = (await bot.ask(chat, person, "Yêu cầu của kế hoạch cải cách hành chính là gì?"))[-1]
        answer_quotes = _blockquotes(answer)
        labels = buttons(answer)
        first_section = next(data for label, data in labels.items() if label.startswith("📄 Toàn văn"))

        since = fake.mark()
        fake.click(person, answer, first_section)
        [section] = await fake.wait_messages(chat["id"], since)
        assert section["text"].startswith("📄 Toàn văn Mục 2. Yêu cầu")
        assert _blockquotes(section) == [engine.section("148-KH-UBND-2023/2.a").text]

        since = fake.mark()
        fake.click(person, answer, labels["➕ Thêm kết quả"])

        def toasts() -> list[str]:
            return [c.params.get("text") for c in fake.answered("answerCallbackQuery", since)]

        await fake.wait_for(lambda: fake.sent(chat["id"], since) or any(toasts()))
        more = fake.sent(chat["id"], since)
        if more:  # further passages, numbered after those shown, with their own buttons
            assert more[0]["text"].startswith("➕ Thêm kết quả cho:")
            assert f"[{len(answer_quotes) + 1}] Mục" in more[0]["text"]
        else:
            assert toasts() == ["Không còn đoạn trích nào khác phù hợp."]

        for label in ("👍 Hữu ích", "👎 Chưa đúng"):
            since = fake.mark()
            fake.click(person, answer, labels[label])
            call = (await fake.wait_for(lambda s=since: fake.answered("answerCallbackQuery", s, 200)))[0]
            assert "Cảm ơn" in call.params["text"]
        assert not fake.errors()
    question_id = callbacks.decode(labels["👍 Hữu ích"]).question_id
    assert _rows(bot.settings.database, "SELECT question_id, user_id, value FROM feedback") == [
        (question_id, USER, -1)  # the second vote replaced the first
    ]


async def test_onboarding_start_examples_tour_documents_help(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(person)
        [start] = await bot.say(chat, person, "/start")
        assert "Xin chào, Lan!" in start["text"] and CITATION in start["text"]
        examples = buttons(start)
        assert list(examples) == [f"❓ {q}" for q in EXAMPLES]  # from the plan's own sections

        since = fake.mark()
        fake.click(person, start, next(iter(examples.values())))
        [example] = await fake.wait_messages(chat["id"], since, until=has_keyboard)
        assert example["text"].startswith(f"❓ {EXAMPLES[0]}") and _blockquotes(example)

        [tour] = await bot.say(chat, person, "/gioithieu")
        assert "Các phần chính:\n• 1. Mục đích\n• 2. Yêu cầu\n" in tour["text"]
        assert "Mục 1." not in tour["text"] and "Đính kèm" not in tour["text"]
        pages = [tour["text"]]
        sections = len(engine.outline("148-KH-UBND-2023", body_only=True))
        for _ in range(sections):  # forward to the last page
            since = fake.mark()
            stale = json.loads(json.dumps(fake.messages[(chat["id"], tour["message_id"])]))
            fake.click(person, tour, buttons(fake.messages[(chat["id"], tour["message_id"])])["Tiếp »"])
            edit = (await fake.wait_for(lambda s=since: fake.answered("editMessageText", s, 200)))[0]
            assert edit.params["message_id"] == tour["message_id"]  # edited in place, no new message
            pages.append(fake.messages[(chat["id"], tour["message_id"])]["text"])
        assert f"Phần 1/{sections}" in pages[1] and "1. Mục đích" in pages[1]
        assert f"Phần 2/{sections}" in pages[2]
        assert engine.section_at("148-KH-UBND-2023/2.a", 1).text in pages[2]
        assert "Tiếp »" not in buttons(fake.messages[(chat["id"], tour["message_id"])])

        since = fake.mark()  # a stale double tap: the same page again must not reach the user as an error
        fake.click(person, stale, buttons(stale)["Tiếp »"])
        [refused] = await fake.wait_for(lambda: fake.answered("editMessageText", since))
        assert "message is not modified" in refused.error

        since = fake.mark()
        fake.click(
            person,
            fake.messages[(chat["id"], tour["message_id"])],
            buttons(fake.messages[(chat["id"], tour["message_id"])])["« Trước"],
        )
        await fake.wait_for(lambda: fake.answered("editMessageText", since, 200))
        assert fake.messages[(chat["id"], tour["message_id"])]["text"] == pages[-2]

        [documents] = await bot.say(chat, person, "/tailieu")
        assert f"✅ Toàn văn ({len(engine.passages)} đoạn)" in documents["text"]
        assert "📋 Chưa nạp toàn văn" in documents["text"]
        assert "Nghị quyết số 76/NQ-CP" in documents["text"] and "↳ Thực hiện:" in documents["text"]

        [help_text] = await bot.say(chat, person, "/help")
        assert "/gioithieu" in help_text["text"] and "/thongke" not in help_text["text"]
        assert not [m for m in fake.sent(chat["id"]) if "đã có lỗi" in m["text"]]
        assert [c.method for c in fake.errors()] == ["editMessageText"]  # only the provoked double tap


async def test_group_answers_only_when_addressed(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        fake = bot.fake
        group = fake.group_chat(-1001234567890)
        since = fake.mark()
        ignored = [
            fake.send_text(group, person, "Mục đích của kế hoạch là gì?"),
            fake.send_text(group, person, "/hoi@another_bot Mục đích của kế hoạch là gì?"),
        ]
        answer = await bot.ask(group, person, f"/hoi@{fake.username} {PURPOSE}")
        assert fake.sent(group["id"], since) == answer  # nothing for the two messages before it
        assert answer[0]["reply_to_message"]["message_id"] not in [m["message_id"] for m in ignored]
        assert _purpose(engine) in _blockquotes(answer[0])

        mentioned = await bot.ask(group, person, f"@{fake.username} {PURPOSE_PLAIN}")
        assert _blockquotes(mentioned[0])[0] == _purpose(engine)
        follow_up = await bot.ask(group, person, "Yêu cầu của kế hoạch là gì?", reply_to=answer[-1])
        assert "[1] Mục 2. Yêu cầu" in follow_up[0]["text"]
        [usage] = await bot.say(group, person, "/hoi")
        assert "hãy gõ câu hỏi sau lệnh" in usage["text"]
        assert not fake.errors()
    questions = [q for (q,) in _rows(bot.settings.database, "SELECT question FROM questions ORDER BY id")]
    assert questions == [PURPOSE, PURPOSE_PLAIN, "Yêu cầu của kế hoạch là gì?"]  # "@bot" and "/hoi" stripped


async def test_allowlist_refuses_others_once_and_says_nothing_more(engine, tmp_path, person):
    stranger = {"id": OTHER, "is_bot": False, "first_name": "Khách"}
    async with serving(engine, tmp_path, allowed_chat_ids=frozenset({USER})) as bot:
        fake = bot.fake
        outside = fake.private_chat(stranger)
        since = fake.mark()
        [refusal] = await bot.say(outside, stranger, PURPOSE)
        assert "chỉ phục vụ" in refusal["text"]
        fake.send_text(outside, stranger, "/start")
        fake.send_text(outside, stranger, PURPOSE_PLAIN)
        closed_group = fake.group_chat(-100999)
        fake.send_text(closed_group, stranger, "chào cả nhà")
        inside = fake.private_chat(person)
        await bot.ask(inside, person, PURPOSE)  # processed after the three above
        assert len(fake.sent(outside["id"], since)) == 1 and not fake.sent(closed_group["id"], since)
        assert {c.params["chat_id"] for c in fake.calls_of("sendChatAction", since)} == {USER}


async def test_rate_limit_and_overlong_question(engine, tmp_path, person):
    async with serving(engine, tmp_path, questions_per_minute=2, max_question_chars=120) as bot:
        fake = bot.fake
        chat = fake.private_chat(person)
        since = fake.mark()
        for question in (PURPOSE, PURPOSE_PLAIN, "Yêu cầu của kế hoạch là gì?", "Yêu cầu là gì?"):
            fake.send_text(chat, person, question)
        messages = await fake.wait_messages(
            chat["id"], since, until=lambda m: sum("reply_markup" in x for x in m) == 2 and len(m) >= 3
        )
        warnings = [m for m in messages if "hỏi hơi nhanh" in m["text"]]
        assert len(warnings) == 1 and "tối đa 2 câu mỗi phút" in warnings[0]["text"]
        assert len(_rows(bot.settings.database, "SELECT id FROM questions")) == 2

    async with serving(engine, tmp_path, max_question_chars=120) as bot:
        chat = bot.fake.private_chat(person)
        [refusal] = await bot.say(chat, person, "cải cách hành chính " * 10)
        assert "vượt giới hạn 120 ký tự" in refusal["text"]


@pytest.fixture
def upload_engine(engine, corpus_copy: Path):
    """An engine over a private corpus copy, sharing the session's loaded model."""
    private = Engine.open(corpus_copy, log=lambda _: None)
    private.embedder._encoder = engine.embedder.load()  # no second model load (tests only)
    yield private
    shutil.rmtree(private.folder, ignore_errors=True)


async def test_admin_upload_then_question_long_split_and_broken_upload(upload_engine, tmp_path, corpus_copy):
    plan = plan_docx(tmp_path / "ke-hoach-chuyen-doi-so-2025.docx")
    admin = {"id": ADMIN, "is_bot": False, "first_name": "Quản trị"}
    async with serving(upload_engine, tmp_path) as bot:
        fake = bot.fake
        person = fake.user(USER)
        user_chat, admin_chat = fake.private_chat(person), fake.private_chat(admin)
        before = len(upload_engine.passages)

        since = fake.mark()
        fake.send_document(
            user_chat,
            person,
            plan.name,
            plan.read_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        [refused] = await fake.wait_messages(USER, since)
        assert "chỉ quản trị viên" in refused["text"] and not fake.calls_of("getFile", since)
        [stats_refused] = await bot.say(user_chat, person, "/thongke")
        assert "chỉ dành cho quản trị viên" in stats_refused["text"]

        since = fake.mark()
        fake.send_document(admin_chat, admin, plan.name, plan.read_bytes(), "application/octet-stream")
        [status] = await fake.wait_messages(ADMIN, since)
        await fake.wait_for(lambda: fake.answered("editMessageText", since, 200))
        done = fake.messages[(ADMIN, status["message_id"])]["text"]
        added = len(upload_engine.passages) - before
        assert done.startswith("✅ Đã nạp Kế hoạch số 52/KH-UBND ngày 10/03/2025") and f"{added} đoạn" in done
        assert upload_engine.embedder.last_embedded <= added  # old passages were not embedded again
        assert (corpus_copy / "52-KH-UBND-2025.docx").exists()

        answer = await bot.ask(user_chat, person, "Mục đích của kế hoạch chuyển đổi số xã Hòa Bình là gì?")
        assert "Kế hoạch số 52/KH-UBND" in answer[0]["text"]
        purpose = upload_engine.passage("52-KH-UBND-2025/I.1").text.removeprefix("1. Mục đích").strip()
        assert purpose in _blockquotes(answer[0])

        # a long section: split over several messages, each valid, nothing lost
        tasks = await bot.ask(user_chat, person, "Nhiệm vụ phát triển dữ liệu số là gì?")
        section_button = next(d for label, d in buttons(tasks[-1]).items() if label.startswith("📄 Toàn văn"))
        shown = callbacks.decode(section_button)
        full = upload_engine.section(
            bot.app.bot_data["state"].storage.shown(shown.question_id).passage_ids[shown.index]
        )
        since = fake.mark()
        fake.click(person, tasks[-1], section_button)
        parts = await fake.wait_messages(USER, since, until=lambda m: f"— {full.citation}" in m[-1]["text"])
        assert len(full.text) > 4096 and len(parts) >= 2  # every part passed the fake's checks
        pieces = [piece for m in parts for piece in _blockquotes(m)]
        assert all(piece in full.text for piece in pieces)  # verbatim pieces ...
        assert " ".join(pieces).split() == full.text.split()  # ... cut between lines, nothing lost
        assert parts[1]["text"].startswith(f"📄 Toàn văn {'Mục ' + full.heading_path} (tiếp theo)")

        # the tour now offers a choice of plan; a long section is shortened, its full text a button away
        [choice] = await bot.say(user_chat, person, "/gioithieu")
        plan_button = next(d for label, d in buttons(choice).items() if "52/KH-UBND" in label)
        tour = choice
        for data in (plan_button, "t|52-KH-UBND-2025|1", "t|52-KH-UBND-2025|2"):
            since = fake.mark()
            fake.click(person, tour, data)
            await fake.wait_for(lambda s=since: fake.answered("editMessageText", s, 200))
            tour = fake.messages[(USER, choice["message_id"])]
        assert "II. NHIỆM VỤ VÀ GIẢI PHÁP" in tour["text"] and "Mục dài" in tour["text"]
        since = fake.mark()
        fake.click(person, tour, buttons(tour)["📄 Đọc toàn văn mục"])
        section = upload_engine.outline("52-KH-UBND-2025", body_only=True)[1]
        parts = await fake.wait_messages(
            USER, since, until=lambda m: f"— {section.citation}" in m[-1]["text"]
        )
        assert (
            len(parts) >= 2
            and " ".join(p for m in parts for p in _blockquotes(m)).split() == section.text.split()
        )

        registry = (corpus_copy / "registry.toml").read_text()
        since = fake.mark()
        fake.send_document(
            admin_chat, admin, "hong.pdf", b"%PDF-1.4\n\x00\x01garbage, not a PDF", "application/pdf"
        )
        [status] = await fake.wait_messages(ADMIN, since)
        await fake.wait_for(lambda: fake.answered("editMessageText", since, 200))
        failed = fake.messages[(ADMIN, status["message_id"])]["text"]
        assert failed.startswith("❌ Không nạp được hong.pdf") and "không thay đổi" in failed
        assert (corpus_copy / "registry.toml").read_text() == registry
        again = await bot.ask(user_chat, person, PURPOSE)
        assert "148/KH-UBND" in again[0]["text"] and _blockquotes(again[0])

        [stats] = await bot.say(admin_chat, admin, "/thongke")
        assert "Câu hỏi: 3" in stats["text"] and "Theo ngày" in stats["text"]
        assert not fake.errors()


async def test_injected_429_and_5xx_are_survived(engine, tmp_path, person):
    async with serving(engine, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(person)
        fake.fail("sendMessage", 429, retry_after=1)
        [answer] = await bot.ask(chat, person, PURPOSE)
        assert [c.status for c in fake.calls_of("sendMessage")] == [429, 200] and _blockquotes(answer)

        fake.fail("sendMessage", 502)
        fake.fail("sendMessage", 500)
        since = fake.mark()
        await bot.ask(chat, person, PURPOSE_PLAIN)
        assert [c.status for c in fake.calls_of("sendMessage", since)] == [502, 500, 200]

        fake.fail("getUpdates", 502)
        fake.fail("getUpdates", 500)
        await fake.wait_for(lambda: fake.answered("getUpdates", status=500))
        await bot.ask(chat, person, PURPOSE)  # polling went on after the errors

        fake.fail("sendMessage", 400)  # a request Telegram refuses: the user is told briefly
        [sorry] = await bot.say(chat, person, PURPOSE)
        assert sorry["text"].startswith("⚠️ Xin lỗi, đã có lỗi xảy ra")
        await bot.ask(chat, person, PURPOSE)


async def test_token_never_reaches_the_logs(engine, tmp_path, person, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # it logs every request URL, token included
    try:
        async with serving(engine, tmp_path) as bot:
            chat = bot.fake.private_chat(person)
            bot.fake.fail("sendMessage", 400)
            await bot.say(chat, person, PURPOSE)  # an error with a traceback is logged too
            await bot.ask(chat, person, PURPOSE)
    finally:
        logging.getLogger("httpx").setLevel(logging.NOTSET)
    assert (
        "HTTP Request: POST http://127.0.0.1" in caplog.text and "/bot<redacted>/sendMessage" in caplog.text
    )
    assert "error while handling update" in caplog.text
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text


async def test_webhook_mode(engine, tmp_path, person):
    async with serving(engine, tmp_path, mode="webhook", webhook_secret="s3cret_for-the-hook") as bot:
        fake = bot.fake
        assert fake.webhook_url == bot.settings.webhook_url and fake.webhook_secret == "s3cret_for-the-hook"
        assert not fake.calls_of("getUpdates")
        chat = fake.private_chat(person)
        [answer] = await bot.ask(chat, person, PURPOSE)
        assert _purpose(engine) in _blockquotes(answer)
        assert all(status == 200 for _, status in fake.deliveries)
        assert await fake.post_with_secret(PURPOSE, chat, person, secret="wrong") == 403
        everyone = fake.commands['{"type": "default"}']
        admins = fake.commands[f'{{"chat_id": {ADMIN}, "type": "chat"}}']
        assert {c["command"] for c in everyone} == {
            "hoi", "moi", "nhiemvu", "hanchot", "theodoi", "huytheodoi", "gioithieu", "tailieu", "start",
            "help",
        }  # fmt: skip
        assert {c["command"] for c in admins} - {c["command"] for c in everyone} == {"thongke"}
        assert all(c["description"] for c in everyone)  # Vietnamese descriptions
