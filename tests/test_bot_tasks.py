"""Tasks in the bot (issue 10 §5, issue 11 §5): /nhiemvu paged, /hanchot, /theodoi reminders sent once per
deadline and number of days (across a restart too, with the engine's clock moved), and the notice
subscribed chats get when an admin adds a document or a new version. The real PTB Application against
the fake Bot API, over the product corpus plus two invented plans."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from telegram_fake.harness import ADMIN, OTHER, USER, plan_docx, serving
from telegram_fake.plans import TABLE_PLAN_ID, planned_engine, remove_index, table_plan
from telegram_fake.server import FakeTelegram, buttons

from bot import callbacks, reminders, texts
from index import Engine

TODAY = dt.date(2026, 5, 20)
GROUP = -1009990001


@pytest.fixture(scope="module")
def planned(engine, tmp_path_factory) -> Engine:
    planned = planned_engine(engine, tmp_path_factory.mktemp("tasks"))
    planned.clock = lambda: TODAY
    yield planned
    remove_index(planned)


@pytest.fixture
def lan() -> dict:
    return FakeTelegram.user(USER, "Lan")


def _task_numbers(text: str) -> list[str]:
    """The tasks of a list page, by their row text's first words."""
    return [line for line in text.splitlines() if line[:1].isdigit() and ". Chủ trì" in line]


async def test_a_units_tasks_are_listed_by_document_and_paged(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        fake = bot.fake
        chat = fake.private_chat(lan)
        [first] = await bot.say(chat, lan, "/nhiemvu SNV")  # an abbreviation of Sở Nội vụ
        text = first["text"]
        assert text.startswith("📋 Nhiệm vụ của SNV\n8 nhiệm vụ · trang 1/2\n\n📄 Kế hoạch số 31/KH-UBND")
        assert len(_task_numbers(text)) == 5 and _task_numbers(text)[0].startswith("1. Chủ trì: Sở Nội vụ")
        assert "Phối hợp: Văn phòng UBND tỉnh · Thời hạn: Trước ngày 27/5/2026" in text
        assert "Tổ chức hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm" in text
        assert "— Mục II. NHIỆM VỤ" in text
        assert list(buttons(first)) == ["Sau »"]

        since = fake.mark()
        fake.click(lan, first, buttons(first)["Sau »"])
        await fake.wait_for(lambda: fake.answered("editMessageText", since, 200))
        second = fake.messages[(chat["id"], first["message_id"])]
        assert "8 nhiệm vụ · trang 2/2" in second["text"] and not fake.sent(chat["id"], since)
        assert [line[:2] for line in _task_numbers(second["text"])] == ["6.", "7.", "8."]
        assert (
            "Chủ trì: Sở Khoa học và Công nghệ · Phối hợp: Sở Nội vụ, Văn phòng UBND tỉnh" in second["text"]
        )
        assert list(buttons(second)) == ["« Trước"]
        since = fake.mark()
        fake.click(lan, second, buttons(second)["« Trước"])
        await fake.wait_for(lambda: fake.answered("editMessageText", since, 200))
        assert fake.messages[(chat["id"], first["message_id"])]["text"] == text

        since = fake.mark()  # a list this process no longer knows (a restart): one polite line
        stale = json.loads(json.dumps(first))
        gone = callbacks.encode(callbacks.Page(999, 1))
        stale["reply_markup"]["inline_keyboard"][0].append({"text": "Sau »", "callback_data": gone})
        fake.click(lan, stale, gone)
        [toast] = await fake.wait_for(lambda: fake.answered("answerCallbackQuery", since))
        assert toast.params["text"] == texts.EXPIRED

        [usage] = await bot.say(chat, lan, "/nhiemvu")
        assert usage["text"] == "Anh/chị hãy ghi tên đơn vị sau lệnh, ví dụ: /nhiemvu Sở Nội vụ."
        [unknown] = await bot.say(chat, lan, "/nhiemvu Sở Du lịch")
        assert unknown["text"].startswith("Không tìm thấy nhiệm vụ nào của “Sở Du lịch”")
        [pasted] = await bot.say(chat, lan, "/nhiemvu " + "Sở Nội vụ chủ trì, phối hợp " * 10)
        assert pasted["text"].startswith("Nội dung sau lệnh dài quá 120 ký tự")
        assert not fake.errors()


async def test_next_deadlines_from_today_or_in_a_period(planned, tmp_path, lan):
    async with serving(planned, tmp_path) as bot:
        chat = bot.fake.private_chat(lan)
        [ahead] = await bot.say(chat, lan, "/hanchot")
        assert ahead["text"].startswith("📋 Hạn chót sắp tới (từ 20/05/2026)\n6 nhiệm vụ · trang 1/2")
        deadlines = [line.rsplit("Thời hạn: ", 1)[1] for line in _task_numbers(ahead["text"])]
        assert deadlines == [
            "Trước ngày 21/5/2026",
            "Trước ngày 27/5/2026",
            "Trước ngày 30/6/2026",
            "Trước ngày 30/6/2026",
            "Quý III/2026",
        ]  # soonest first; March and 15/4 are past
        [quarter] = await bot.say(chat, lan, "/hanchot quý này")
        assert quarter["text"].startswith(
            "📋 Nhiệm vụ có hạn trong “quý này” (01/04/2026 – 30/06/2026)\n5 nhiệm vụ"
        )
        assert "📄 Kế hoạch số 8/KH-UBND" in quarter["text"]  # "trước ngày 15/4/2026" is in this quarter
        [bad] = await bot.say(chat, lan, "/hanchot tuần sau")
        assert bad["text"].startswith("Tôi chưa hiểu khoảng thời gian “tuần sau”")
        [none] = await bot.say(chat, lan, "/hanchot năm 2030")
        assert none["text"].startswith("Không có nhiệm vụ nào có hạn trong “năm 2030”")


async def _reminder_round(bot) -> list[dict]:
    """Run the daily reminder job now (as the JobQueue would) and return what it sent."""
    since = bot.fake.mark()
    [job] = bot.app.job_queue.get_jobs_by_name(reminders.DAILY_JOB)
    await job.run(bot.app)
    return bot.fake.sent(since=since)


@pytest.fixture
def clock(planned):
    """Move the planned engine's "today"; put it back afterwards."""

    def move(day: dt.date) -> None:
        planned.clock = lambda: day

    yield move
    planned.clock = lambda: TODAY


def _reminded(messages: list[dict], chat_id: int) -> list[str]:
    """The "Còn … ngày (hạn …)" lines of the reminders sent to ``chat_id``."""
    return [
        line
        for message in messages
        if message["chat"]["id"] == chat_id
        for line in message["text"].splitlines()
        if line.startswith(("Còn ", "Hạn chót hôm nay"))
    ]


async def test_reminders_are_sent_once_per_deadline_and_days_and_not_again_after_a_restart(
    planned, tmp_path, lan, clock
):
    async with serving(planned, tmp_path) as bot:
        group = bot.fake.group_chat(GROUP)
        assert bot.app.job_queue.get_jobs_by_name(reminders.CATCH_UP_JOB)  # a round soon after start too
        [followed] = await bot.say(group, lan, "/theodoi Sở Nội vụ")
        assert followed["text"].startswith(
            "🔔 Đã đăng ký nhắc hạn nhiệm vụ của “Sở Nội vụ” cho cuộc trò chuyện này "
            "(6 nhiệm vụ có thời hạn), nhắc trước hạn 7 và 1 ngày, kèm thông báo khi văn bản được bổ sung "
            "hoặc sửa đổi."
        )
        [again] = await bot.say(group, lan, "/theodoi SỞ NỘI VỤ")
        assert again["text"] == "Cuộc trò chuyện này đã theo dõi “SỞ NỘI VỤ” rồi."

        sent = await _reminder_round(bot)  # 20/5: the 21/5 deadline (1 day) and the 27/5 one (7 days)
        assert len(sent) == 1 and sent[0]["text"].startswith("⏰ Nhắc hạn nhiệm vụ (Sở Nội vụ)")
        assert _reminded(sent, GROUP) == ["Còn 1 ngày (hạn 21/05/2026)", "Còn 7 ngày (hạn 27/05/2026)"]
        assert "Kiểm tra công tác cải cách hành chính tại các xã, phường" in sent[0]["text"]
        assert await _reminder_round(bot) == []  # the same day again: nothing twice

        clock(dt.date(2026, 5, 26))
        assert _reminded(await _reminder_round(bot), GROUP) == ["Còn 1 ngày (hạn 27/05/2026)"]
        assert not bot.fake.errors()

    async with serving(planned, tmp_path) as bot:  # a restart on the same database
        bot.fake.group_chat(GROUP)
        assert await _reminder_round(bot) == []
        clock(dt.date(2026, 6, 23))
        assert _reminded(await _reminder_round(bot), GROUP) == ["Còn 7 ngày (hạn 30/06/2026)"]
        [stopped] = await bot.say(bot.fake.group_chat(GROUP), lan, "/huytheodoi sở nội vụ")
        assert stopped["text"] == "🔕 Đã hủy theo dõi “sở nội vụ”."
        clock(dt.date(2026, 6, 30))
        assert await _reminder_round(bot) == []  # unfollowed: the 1-day reminder of 30/6 is not sent
        [nothing] = await bot.say(bot.fake.group_chat(GROUP), lan, "/huytheodoi")
        assert nothing["text"].startswith("Cuộc trò chuyện này chưa theo dõi gì")

    with sqlite3.connect(bot.settings.database) as db:
        sent_rows = db.execute("SELECT chat_id, task_id, days FROM reminders ORDER BY rowid").fetchall()
    assert sent_rows == [
        (GROUP, f"{TABLE_PLAN_ID}/task/3", 7),
        (GROUP, f"{TABLE_PLAN_ID}/task/3", 1),
        (GROUP, f"{TABLE_PLAN_ID}/task/2", 7),
        (GROUP, f"{TABLE_PLAN_ID}/task/2", 1),
        (GROUP, f"{TABLE_PLAN_ID}/task/5", 7),
    ]


@pytest.fixture
def changing(engine, tmp_path) -> Engine:
    """A planned engine of this test only: the admin adds documents to it."""
    changing = planned_engine(engine, tmp_path / "changing")
    yield changing
    remove_index(changing)


async def test_following_chats_are_told_what_an_uploaded_document_or_version_changed(changing, tmp_path):
    admin = FakeTelegram.user(ADMIN, "Quản trị")
    follower, stranger = FakeTelegram.user(USER, "Lan"), FakeTelegram.user(OTHER, "Minh")
    async with serving(changing, tmp_path) as bot:
        fake = bot.fake
        group, admin_chat = fake.group_chat(GROUP), fake.private_chat(admin)
        follower_chat, stranger_chat = fake.private_chat(follower), fake.private_chat(stranger)
        [changes_only] = await bot.say(group, follower, "/theodoi")
        assert changes_only["text"].startswith("🔔 Đã đăng ký nhận thông báo khi văn bản được bổ sung")
        await bot.say(follower_chat, follower, "/theodoi Sở Nội vụ")

        since = fake.mark()
        version = table_plan(2).encode()
        fake.send_document(admin_chat, admin, "hoa-binh-ban-moi.md", version, "text/markdown")
        [notice] = await fake.wait_messages(GROUP, since)
        citation = changing.documents[TABLE_PLAN_ID].citation()
        assert citation.startswith("Kế hoạch số 31/KH-UBND ngày 20/05/2026")
        assert notice["text"].startswith(
            f"📢 {citation} có bản mới; 3 mục thay đổi:\n\n✏️ Sửa Phần đầu văn bản\n"
        )
        # each section's new text from its first changed line, without repeating its heading
        changed = notice["text"].split("\n\n")
        assert changed[1].startswith("✏️ Sửa Phần đầu văn bản\nHòa Bình, ngày 20 tháng 5 năm 2026 KẾ HOẠCH")
        purpose = "Nâng cao chất lượng phục vụ người dân, doanh nghiệp; lấy sự hài lòng làm thước đo."
        assert changed[2] == f"✏️ Sửa I. MỤC ĐÍCH\n{purpose}"
        assert changed[3].startswith("✏️ Sửa II. NHIỆM VỤ\n2 | Tổ chức hội nghị sơ kết") and changed[
            3
        ].endswith("…")
        assert (
            "Nhiệm vụ mới (1):\n• Khảo sát mức độ hài lòng của doanh nghiệp về thủ tục đầu tư (Quý III/2026)"
            in (notice["text"])
        )
        assert (
            "Nhiệm vụ không còn trong bản mới (1):\n• Rà soát, đơn giản hóa thủ tục hành chính"
            in notice["text"]
        )
        assert (
            "Thời hạn thay đổi (1):\n• Tổ chức hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm: "
            "Trước ngày 27/5/2026 → Trước ngày 15/6/2026"
        ) in notice["text"]
        [same] = await fake.wait_messages(USER, since)
        assert same["text"] == notice["text"]

        since = fake.mark()
        plan = plan_docx(tmp_path / "chuyen-doi-so.docx")
        fake.send_document(admin_chat, admin, plan.name, plan.read_bytes(), "application/octet-stream")
        [new] = await fake.wait_messages(GROUP, since)
        assert new["text"].startswith("📢 Văn bản mới được nạp: Kế hoạch số 52/KH-UBND ngày 10/03/2025")
        assert "Chuyển đổi số trên địa bàn xã Hòa Bình năm 2025" in new["text"]
        await fake.wait_messages(USER, since)
        assert not fake.sent(stranger_chat["id"]) and not fake.errors()
