"""Conversations in the bot (issue 11): follow-ups per chat and user, "which document?" buttons, small talk,
command words typed without their slash, and what a "not covered" reply suggests. The real PTB
Application against the fake Bot API, over the product corpus plus two invented plans."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from telegram_fake.harness import OTHER, USER, serving
from telegram_fake.plans import planned_engine, remove_index
from telegram_fake.server import FakeTelegram, buttons

from bot import callbacks, texts
from index import Engine

TABLE_CITATION = "Kế hoạch số 31/KH-UBND ngày 10/01/2026"
CLAUSE_CITATION = "Kế hoạch số 8/KH-UBND ngày 05/02/2026"


@pytest.fixture(scope="module")
def planned(engine, tmp_path_factory) -> Engine:
    planned = planned_engine(engine, tmp_path_factory.mktemp("conversation"))
    yield planned
    remove_index(planned)


@pytest.fixture
def lan() -> dict:
    return FakeTelegram.user(USER, "Lan")


@pytest.fixture
def minh() -> dict:
    return FakeTelegram.user(OTHER, "Minh")


def _questions(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [q for (q,) in db.execute("SELECT question FROM questions ORDER BY id")]


async def test_follow_ups_in_a_private_chat_until_a_new_topic(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        chat = bot.fake.private_chat(lan)
        [purpose] = await bot.ask(chat, lan, "Mục đích của kế hoạch 8/KH-UBND là gì?")
        assert CLAUSE_CITATION in purpose["text"]
        follow_up = await bot.ask(chat, lan, "còn tổ chức thực hiện thì sao?")
        assert CLAUSE_CITATION in follow_up[0]["text"] and "Mục II. TỔ CHỨC THỰC HIỆN" in follow_up[0]["text"]
        [nth] = await bot.ask(chat, lan, "cái thứ 2")
        assert nth["text"].startswith("📌 Nội dung đầy đủ của trích dẫn thứ 2")
        assert CLAUSE_CITATION in nth["text"]

        [fresh] = await bot.say(chat, lan, "/moi")
        assert (
            fresh["text"]
            == "🆕 Đã bắt đầu chủ đề mới: câu hỏi tiếp theo của anh/chị sẽ không nối với các câu trước."
        )
        alone = await bot.ask(chat, lan, "còn tổ chức thực hiện thì sao?")
        assert TABLE_CITATION in alone[0]["text"]  # read on its own: the other plan's section
        [fresh] = await bot.say(chat, lan, "moi")  # the command word without its slash
        assert fresh["text"].startswith("🆕 Đã bắt đầu chủ đề mới")
        [lost] = await bot.ask(chat, lan, "cái thứ 1")
        assert "không đề cập" in lost["text"]  # nothing to refer to any more
        assert not bot.fake.errors()


async def test_more_results_of_a_follow_up_stay_in_its_document(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(lan)
        await bot.ask(chat, lan, "Mục đích của kế hoạch 8/KH-UBND là gì?")
        follow_up = await bot.ask(chat, lan, "còn tổ chức thực hiện thì sao?")
        assert CLAUSE_CITATION in follow_up[0]["text"]
        last = follow_up[-1]
        more = buttons(last)["➕ Thêm kết quả"]
        since = fake.mark()
        fake.click(lan, last, more)

        def toasts() -> list[str | None]:
            return [c.params.get("text") for c in fake.answered("answerCallbackQuery", since)]

        await fake.wait_for(lambda: fake.sent(chat["id"], since) or any(toasts()))
        extra = " ".join(m["text"] for m in fake.sent(chat["id"], since))
        assert TABLE_CITATION not in extra  # read alone, the question would name plan 31's section
        assert CLAUSE_CITATION in extra or toasts() == [texts.NO_MORE]
        assert not fake.errors()


async def test_two_people_in_a_group_keep_their_own_conversations(planned, tmp_path, lan, minh):
    async with serving(planned, tmp_path) as bot:
        fake = bot.fake
        group = fake.group_chat(-1001002003)
        mention = f"@{fake.username}"
        await bot.ask(group, lan, f"{mention} Mục đích của kế hoạch 31/KH-UBND là gì?")
        await bot.ask(group, minh, f"{mention} Mục đích của kế hoạch 8/KH-UBND là gì?")
        [lan_nth] = await bot.ask(group, lan, f"{mention} cái thứ 1")
        [minh_nth] = await bot.ask(group, minh, f"{mention} cái thứ 1")
        assert TABLE_CITATION in lan_nth["text"] and CLAUSE_CITATION not in lan_nth["text"]
        assert CLAUSE_CITATION in minh_nth["text"] and TABLE_CITATION not in minh_nth["text"]
        assert lan_nth["reply_to_message"]["from"]["id"] == USER
        assert minh_nth["reply_to_message"]["from"]["id"] == OTHER
        assert not fake.errors()


async def test_which_document_buttons_answer_the_original_question_from_the_one_picked(
    planned, tmp_path, lan
):
    async with serving(planned, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(lan)
        [ask_back] = await bot.ask(chat, lan, "Mục đích của kế hoạch là gì?")
        assert ask_back["text"].startswith(
            "🔍 Có 3 văn bản phù hợp với câu hỏi; anh/chị muốn hỏi về văn bản nào?"
        )
        assert "2. Kế hoạch số 31/KH-UBND" in ask_back["text"]
        choices = buttons(ask_back)
        assert len(choices) == 3 and all(label.startswith("📘 ") for label in choices)
        full = {
            d.id: f"{d.so_hieu} · {d.trich_yeu}" for d in (planned.documents[i] for i in planned.documents)
        }
        for label, data in choices.items():  # cut at a word boundary, never inside a word
            doc_id = callbacks.resolve_doc(callbacks.decode(data).doc, list(planned.documents))
            shown = label.removeprefix("📘 ").removesuffix("…")
            whole = full[doc_id]
            assert whole.startswith(shown) and (shown == whole or whole[len(shown)] in " ,")

        since = fake.mark()
        clause = next(data for label, data in choices.items() if label.startswith("📘 8/KH-UBND"))
        fake.click(lan, ask_back, clause)
        [answer] = await fake.wait_messages(chat["id"], since, until=lambda m: "reply_markup" in m[-1])
        assert answer["text"].startswith("❓ Mục đích của kế hoạch là gì?")
        assert f"📌 Trích dẫn từ {CLAUSE_CITATION}" in answer["text"]
        assert "Đưa hoạt động của chính quyền xã lên môi trường số" in answer["text"]
        [nth] = await bot.ask(chat, lan, "cái thứ 1")  # the answer after the choice is the context
        assert CLAUSE_CITATION in nth["text"]

        since = fake.mark()
        stale = json.loads(json.dumps(ask_back))
        gone = callbacks.encode(callbacks.Choose(callbacks.decode(clause).question_id, "khong-con"))
        stale["reply_markup"]["inline_keyboard"].append([{"text": "📘 cũ", "callback_data": gone}])
        fake.click(lan, stale, gone)
        [toast] = await fake.wait_for(lambda: fake.answered("answerCallbackQuery", since))
        assert toast.params["text"] == texts.EXPIRED and not fake.sent(chat["id"], since)
        assert not fake.errors()
    asked = _questions(bot.settings.database)
    assert asked.count("Mục đích của kế hoạch là gì?") == 2  # asked, then answered for the plan picked


async def test_small_talk_help_and_command_words_without_a_slash(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(lan)
        [hello] = await bot.say(chat, lan, "xin chào")
        assert hello["text"].startswith("💬 Xin chào anh/chị!") and "reply_markup" not in hello
        [thanks] = await bot.say(chat, lan, "cảm ơn nhé")
        assert thanks["text"].startswith("💬 Dạ, không có gì ạ")
        [helped] = await bot.say(chat, lan, "giúp tôi với")
        assert helped["text"].startswith("💬 Anh/chị gõ câu hỏi bằng tiếng Việt")
        assert "/nhiemvu – Nhiệm vụ của một đơn vị" in helped["text"] and "/thongke" not in helped["text"]

        [documents] = await bot.say(chat, lan, "tailieu")
        assert documents["text"].startswith("Văn bản trong hệ thống")
        [tour] = await bot.say(chat, lan, "gioithieu")
        assert tour["text"] == "Chọn văn bản để xem giới thiệu từng phần:"
        [usage] = await bot.say(chat, lan, "Help")
        assert "<b>Lệnh</b>" in usage["_html"]
        [tasks] = await bot.say(chat, lan, "nhiemvu Sở Nội vụ")
        assert tasks["text"].startswith("📋 Nhiệm vụ của Sở Nội vụ")
        [start] = await bot.say(chat, lan, "start")
        assert "Xin chào, Lan!" in start["text"]
        assert [label for label in buttons(start)] == [
            "❓ Mục đích của kế hoạch 148/KH-UBND là gì?",
            "❓ Mục đích của kế hoạch 31/KH-UBND là gì?",
            "❓ Nhiệm vụ của Sở Nội vụ là gì?",
            "❓ Mục đích của kế hoạch 8/KH-UBND là gì?",
        ]  # from the loaded plans' own sections and tasks
        assert not fake.errors()
    assert not bot.settings.database.exists()  # small talk and commands are not logged as questions


async def test_an_uncovered_question_says_what_to_do_next(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        chat = bot.fake.private_chat(lan)
        [answer] = await bot.ask(chat, lan, "Giá vàng hôm nay bao nhiêu?")
        assert "không đề cập" in answer["text"]
        assert answer["text"].endswith(
            "👉 Anh/chị có thể diễn đạt lại câu hỏi cụ thể hơn, "
            "hoặc xem danh sách văn bản đã nạp bằng /tailieu."
        )
        assert texts.HANDOFF_BUTTON not in buttons(answer)  # no hand-off chat configured
