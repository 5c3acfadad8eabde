"""The fake Bot API is as strict as Telegram, so rendering bugs fail here rather than in production."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter
from telegram_fake.harness import TOKEN
from telegram_fake.server import ApiError, FakeTelegram, check_markup, check_text, parse_html


@pytest.mark.parametrize(
    "markup",
    [
        "a < b",
        "AT&T",
        "&nbsp;",
        "<foo>x</foo>",
        "<b>x",
        "<b>x</i>",
        "<b><i>x</b></i>",
        "x</b>",
        "<a>x</a>",
        "<span>x</span>",
        '<b class="x">x</b>',
        "<blockquote><blockquote>x</blockquote></blockquote>",
    ],
)
def test_bad_html_is_refused(markup):
    with pytest.raises(ApiError, match="can't parse entities"):
        parse_html(markup)


def test_good_html_gives_text_and_utf16_entities():
    plain, entities = parse_html(
        '📌 <b>Lead</b>\n<blockquote expandable>a &lt; b &amp; c &#7871; &#x1EBF;</blockquote> <a href="https://x.vn">y</a>'
    )
    assert plain == "📌 Lead\na < b & c ế ế y"
    assert entities[0] == {"type": "bold", "offset": 3, "length": 4}  # the emoji counts two units
    assert entities[1]["type"] == "expandable_blockquote"
    assert entities[2] == {"type": "text_link", "offset": 22, "length": 1, "url": "https://x.vn"}


def test_empty_and_too_long_texts_are_refused_after_parsing():
    with pytest.raises(ApiError, match="empty"):
        check_text("<b> </b>", "HTML")
    check_text("<b>" + "x" * 4096 + "</b>", "HTML")  # tags do not count
    with pytest.raises(ApiError, match="too long"):
        check_text("😀" * 2049, "HTML")  # 2049 characters, 4098 UTF-16 units


def test_callback_data_over_64_bytes_is_refused():
    check_markup({"inline_keyboard": [[{"text": "ok", "callback_data": "đ" * 32}]]})
    with pytest.raises(ApiError, match="BUTTON_DATA_INVALID"):
        check_markup({"inline_keyboard": [[{"text": "x", "callback_data": "đ" * 33}]]})
    with pytest.raises(ApiError):
        check_markup({"inline_keyboard": [[{"text": "", "callback_data": "x"}]]})


async def test_real_ptb_client_sees_telegram_like_behaviour():
    async with FakeTelegram(TOKEN) as fake, Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        assert bot.username == fake.username  # getMe gave is_bot and username
        chat = fake.private_chat(fake.user(5))
        message = await bot.send_message(5, "<b>Chào</b>", parse_mode=ParseMode.HTML)
        raw = fake.calls_of("sendMessage")[-1]
        assert raw.params["chat_id"] == 5 and isinstance(raw.result["date"], int)  # form-encoded, dates in s
        assert abs(raw.result["date"] - time.time()) < 5 and message.date.tzinfo is dt.UTC

        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(5, "1 < 2", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(6, "x")
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(5, "x", reply_markup=keyboard)  # PTB shows it as "Button_data_invalid"
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text("<b>Chào</b>", 5, message.message_id, parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)not supported"):  # a 400, not a 404 (InvalidToken)
            await bot.do_api_request("fooBar")

        fake.fail("sendMessage", 429, retry_after=3)
        with pytest.raises(RetryAfter):
            await bot.send_message(5, "x")
        fake.fail("sendMessage", 502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(5, "x")

        # long polling: waits for an update, then confirms it with the offset
        polling = asyncio.create_task(bot.get_updates(offset=0, timeout=10))
        await fake.wait_for(lambda: fake.calls_of("getUpdates"))
        fake.send_text(chat, fake.user(5), "xin chào")
        [update] = await polling
        assert update.message.text == "xin chào"
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
        await bot.set_webhook("https://example.org/hook", secret_token="abc")
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await bot.get_updates()
