"""Bot settings (environment and TOML), the per-user question limit, and log redaction."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot import logs
from bot.config import Settings, default_database, load_settings
from bot.state import QuestionLimiter
from index.errors import CchcError

TOKEN = "123456:ABC-def_secret"


def test_environment_settings():
    settings = load_settings(
        environ={
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": "http://127.0.0.1:8081/bot/",
            "ADMIN_USER_IDS": "11, 22 33",
            "ALLOWED_CHAT_IDS": "-1001234,55",
            "CCHC_BOT_QUESTIONS_PER_MINUTE": "0",
            "CCHC_BOT_DB": "/var/lib/cchc/bot.sqlite",
        }
    )
    assert settings.admin_user_ids == {11, 22, 33} and settings.allowed_chat_ids == {-1001234, 55}
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.questions_per_minute == 0 and settings.database == Path("/var/lib/cchc/bot.sqlite")
    assert not settings.webhook_url and settings.is_admin(22) and not settings.is_admin(None)
    assert TOKEN not in repr(settings)


def test_config_file_and_environment_override(tmp_path: Path):
    config = tmp_path / "bot.toml"
    config.write_text(
        '[bot]\ntoken = "from-file:x"\nadmin_user_ids = [7]\nwebhook_url = "https://bot.example.vn/cchc/hook"\n'
        'webhook_port = 8443\nwebhook_secret = "abc"\nquestions_per_minute = 5\n',
        encoding="utf-8",
    )
    settings = load_settings(config, environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.token == TOKEN and settings.admin_user_ids == {7} and settings.questions_per_minute == 5
    assert settings.webhook_path == "cchc/hook" and settings.webhook_port == 8443
    assert load_settings(environ={"CCHC_BOT_CONFIG": str(config)}).token == "from-file:x"


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("", {}, "Chưa đặt biến môi trường TELEGRAM_BOT_TOKEN"),
        ('token = "a:b"\ncolour = "blue"\n', {}, "không được hỗ trợ: colour"),
        ("token = [", {}, "không đúng định dạng TOML"),
        ('token = "a:b"\n', {"ADMIN_USER_IDS": "one"}, "admin_user_ids có giá trị không hợp lệ"),
        ('token = "a:b"\nwebhook_url = "ftp://x"\n', {}, "http"),
    ],
)
def test_bad_settings_give_one_clear_line(tmp_path: Path, text, environ, message):
    config = tmp_path / "bot.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(CchcError, match=message):
        load_settings(config, environ=environ)


def test_question_limit_per_user_with_one_warning():
    now = [0.0]
    limiter = QuestionLimiter(2, clock=lambda: now[0])
    assert limiter.check(1).allowed and limiter.check(1).allowed and limiter.check(2).allowed
    refused = limiter.check(1)
    assert not refused.allowed and refused.warn and refused.wait == pytest.approx(60)
    now[0] = 30
    assert not limiter.check(1).warn  # told once
    now[0] = 60.5
    assert limiter.check(1).allowed
    assert QuestionLimiter(0).check(1).allowed


def test_token_is_redacted_from_records_and_tracebacks(caplog):
    logs.protect(TOKEN)
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("httpx")
    logger.info('HTTP Request: %s %s "%s"', "POST", f"https://api.telegram.org/bot{TOKEN}/getMe", "200 OK")
    try:
        raise RuntimeError(f"failed https://api.telegram.org/bot{TOKEN}/sendMessage")
    except RuntimeError:
        logging.getLogger("bot").exception("send failed")
    assert TOKEN not in caplog.text and caplog.text.count(logs.REDACTED) >= 2


def test_settings_reject_whitespace_in_token():
    with pytest.raises(CchcError):
        Settings(token="abc def")


def test_handoff_chat_and_reminder_settings(tmp_path: Path):
    import datetime as dt

    defaults = load_settings(environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert defaults.handoff_chat_id is None and defaults.reminder_days == (7, 1)
    assert defaults.reminder_time == dt.time(8, 0)
    config = tmp_path / "bot.toml"
    config.write_text('token = "a:b"\nhandoff_chat_id = -100123\nreminder_days = [1, 3]\n', encoding="utf-8")
    settings = load_settings(config, environ={"REMINDER_DAYS": "14, 2,7", "REMINDER_TIME": "07:30"})
    assert settings.handoff_chat_id == -100123 and settings.reminder_days == (14, 7, 2)
    assert settings.reminder_time == dt.time(7, 30)
    for variable, value in (
        ("REMINDER_DAYS", "bảy"),
        ("REMINDER_TIME", "8 giờ"),
        ("HANDOFF_CHAT_ID", "nhóm"),
    ):
        with pytest.raises(CchcError, match="có giá trị không hợp lệ"):
            load_settings(environ={"TELEGRAM_BOT_TOKEN": TOKEN, variable: value})


def test_the_question_log_follows_the_database_url_unless_named():
    assert load_settings(environ={"TELEGRAM_BOT_TOKEN": TOKEN}).question_log == default_database({})
    url = "postgresql://cchc:mat-khau-bi-mat@db.example.vn:5432/cchc"
    settings = load_settings(environ={"TELEGRAM_BOT_TOKEN": TOKEN, "CCHC_DATABASE_URL": url})
    assert settings.question_log == url and settings.database_url == url
    assert "mat-khau-bi-mat" not in repr(settings) and "db.example.vn:5432/cchc" in repr(settings)
    primary = url.replace("db.example.vn", "primary.example.vn")  # a bot reading a replica logs there
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "CCHC_DATABASE_URL": url, "CCHC_BOT_DB": primary}
    assert load_settings(environ=environ).question_log == primary
    assert "mat-khau-bi-mat" not in repr(load_settings(environ=environ))
    environ["CCHC_BOT_DB"] = "~/bot.sqlite"
    assert load_settings(environ=environ).question_log == Path.home() / "bot.sqlite"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.toml", "không tìm thấy tệp hoặc thư mục"), (".", "đây là thư mục, không phải tệp")],
)
def test_an_unreadable_config_file_says_why_in_vietnamese(tmp_path: Path, name: str, reason: str):
    with pytest.raises(CchcError) as caught:
        load_settings(tmp_path / name, environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert str(caught.value) == (
        f"{tmp_path / name}: không đọc được tệp cấu hình bot ({reason}); hãy kiểm tra đường dẫn và quyền đọc."
    )
