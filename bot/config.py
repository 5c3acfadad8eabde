"""Bot settings: environment variables over an optional TOML file over defaults."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from index import CchcError, data_dir, os_reason

from . import texts

DEFAULT_API_BASE = "https://api.telegram.org"

# setting name -> environment variable; the TOML file uses the setting names as keys.
ENVIRONMENT = {
    "token": "TELEGRAM_BOT_TOKEN",
    "api_base": "TELEGRAM_API_BASE",
    "admin_user_ids": "ADMIN_USER_IDS",
    "allowed_chat_ids": "ALLOWED_CHAT_IDS",
    "questions_per_minute": "CCHC_BOT_QUESTIONS_PER_MINUTE",
    "max_question_chars": "CCHC_BOT_MAX_QUESTION_CHARS",
    "top_k": "CCHC_BOT_TOP_K",
    "webhook_url": "TELEGRAM_WEBHOOK_URL",
    "webhook_listen": "TELEGRAM_WEBHOOK_LISTEN",
    "webhook_port": "TELEGRAM_WEBHOOK_PORT",
    "webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "database": "CCHC_BOT_DB",
    "database_url": "CCHC_DATABASE_URL",
    "poll_timeout": "CCHC_BOT_POLL_TIMEOUT",
    "handoff_chat_id": "HANDOFF_CHAT_ID",
    "reminder_days": "REMINDER_DAYS",
    "reminder_time": "REMINDER_TIME",
}
INTEGERS = (
    "questions_per_minute",
    "max_question_chars",
    "top_k",
    "webhook_port",
    "poll_timeout",
)
CONFIG_ENV = "CCHC_BOT_CONFIG"
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # reminders go out at ``reminder_time`` here


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs besides the engine. ``allowed_chat_ids`` empty means everyone."""

    token: str
    api_base: str = DEFAULT_API_BASE
    admin_user_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()
    questions_per_minute: int = 10  # per user; 0 disables the limit
    max_question_chars: int = 500
    top_k: int = 3
    webhook_url: str = ""  # set: webhook mode; empty: long polling
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str = ""  # empty: a random one per start
    database: Path | str | None = None  # the question log, a file or a URL; None: see ``question_log``
    database_url: str = ""  # set: the index (and by default the question log) in this PostgreSQL database
    poll_timeout: int = 30  # seconds a getUpdates long poll waits
    handoff_chat_id: int | None = None  # set: unanswered questions can be handed to the officers there
    reminder_days: tuple[int, ...] = (7, 1)  # days before a deadline a reminder is sent, largest first
    reminder_time: dt.time = dt.time(8, 0)  # local time (``TIME_ZONE``) of the daily reminder round

    def __post_init__(self) -> None:
        if not self.token or any(c.isspace() for c in self.token):
            raise CchcError(texts.NO_TOKEN)
        if not self.reminder_days or min(self.reminder_days) < 0:
            raise CchcError(texts.SETTING_INVALID.format(name="reminder_days", value=self.reminder_days))
        if self.webhook_url and urlsplit(self.webhook_url).scheme not in ("http", "https"):
            raise CchcError(texts.BAD_WEBHOOK_URL.format(url=self.webhook_url))
        for name in INTEGERS:
            if getattr(self, name) < (0 if name == "questions_per_minute" else 1):
                raise CchcError(texts.SETTING_NOT_POSITIVE.format(name=name, value=getattr(self, name)))

    @property
    def base_url(self) -> str:
        """Bot API method URL prefix; PTB appends the token."""
        return f"{self._root()}/bot"

    @property
    def base_file_url(self) -> str:
        """File download URL prefix; PTB appends the token."""
        return f"{self._root()}/file/bot"

    def _root(self) -> str:
        root = self.api_base.rstrip("/")
        return root.removesuffix("/bot")

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the one in the public webhook URL."""
        return urlsplit(self.webhook_url).path.strip("/")

    @property
    def question_log(self) -> Path | str:
        """Where ``storage.Storage`` keeps the question log: ``database`` when set (a bot that reads a
        replica names the primary there), else the database of ``database_url`` (shared by every bot
        process), else the default SQLite file."""
        if self.database is not None:
            return self.database
        return self.database_url or default_database({})

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_user_ids

    def __repr__(self) -> str:  # never show the token, the webhook secret or the database password
        shown = {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("token", "webhook_secret")
        }
        for name in ("database", "database_url"):
            if isinstance(shown[name], str) and shown[name]:
                from index import redacted_url

                shown[name] = redacted_url(shown[name])
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


def default_database(environ: Mapping[str, str] | None = None) -> Path | str:
    """The question log when no config file names one: ``$CCHC_BOT_DB``, else ``$CCHC_DATABASE_URL``,
    else ``$CCHC_DATA_DIR/bot/bot.sqlite`` (what ``cchc eval --export-reviewed`` reads by default)."""
    environ = os.environ if environ is None else environ
    for name in ("database", "database_url"):
        configured = environ.get(ENVIRONMENT[name], "").strip()
        if configured:
            return log_location(configured)
    return data_dir() / "bot" / "bot.sqlite"


def log_location(text: str) -> Path | str:
    """A question log as a setting writes it: a PostgreSQL URL (``postgresql://…``, or libpq's
    ``key=value`` form) as it is, anything else as a SQLite file's path."""
    text = text.strip()
    if text.startswith(("postgresql://", "postgres://")) or "=" in text:
        return text
    return Path(text).expanduser()


def load_settings(config_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``config_file`` (or ``$CCHC_BOT_CONFIG``), overridden by environment variables."""
    environ = os.environ if environ is None else environ
    config_file = config_file or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    values: dict[str, object] = {"token": ""}
    values.update(_read_toml(config_file) if config_file else {})
    for name, variable in ENVIRONMENT.items():
        if environ.get(variable, "").strip():
            values[name] = environ[variable].strip()
    return Settings(**{name: _convert(name, value) for name, value in values.items()})


def _read_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CchcError(texts.CONFIG_UNREADABLE.format(path=path, reason=os_reason(error))) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CchcError(texts.CONFIG_NOT_TOML.format(path=path, reason=reason)) from error
    table = data.get("bot", data)  # keys at top level or under [bot]
    unknown = sorted(set(table) - set(ENVIRONMENT))
    if unknown:
        raise CchcError(
            texts.CONFIG_UNKNOWN.format(
                path=path, unknown=", ".join(unknown), known=", ".join(sorted(ENVIRONMENT))
            )
        )
    return dict(table)


def _convert(name: str, value: object) -> object:
    """Turn a TOML value or an environment string into the setting's type."""
    try:
        if name in ("admin_user_ids", "allowed_chat_ids"):
            items = value.replace(",", " ").split() if isinstance(value, str) else value
            return frozenset(int(item) for item in items)  # type: ignore[union-attr]
        if name in INTEGERS:
            return int(value)  # type: ignore[arg-type]
        if name == "database":
            return log_location(str(value))
        if name == "handoff_chat_id":
            return int(value)  # type: ignore[arg-type]
        if name == "reminder_days":
            items = value.replace(",", " ").split() if isinstance(value, str) else value
            return tuple(sorted({int(item) for item in items}, reverse=True))  # type: ignore[union-attr]
        if name == "reminder_time":
            return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value).strip())
        return str(value)
    except (TypeError, ValueError) as error:
        raise CchcError(texts.SETTING_INVALID.format(name=name, value=value)) from error
