"""``cchc bot``: command-line wiring of the Telegram bot (imports telegram and the engine only when run)."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from index import CchcError

from . import texts

if TYPE_CHECKING:
    from .config import Settings


def configure(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``cchc bot`` (the ``cchc.commands`` entry point)."""
    parser = commands.add_parser(
        "bot", parents=[common], help=texts.CLI_HELP["bot"], description=texts.CLI_HELP["bot.description"]
    )
    parser.add_argument("--config", type=Path, metavar="TỆP", help=texts.CLI_HELP["config"])
    parser.add_argument("--log-level", default="INFO", metavar="MỨC", help=texts.CLI_HELP["log_level"])
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load settings and the engine, then serve until SIGINT or SIGTERM (exit code 0)."""
    from . import logs
    from .config import load_settings

    settings = load_settings(args.config)
    logs.configure(args.log_level)
    logs.protect(settings.token, settings.webhook_secret)
    signal.signal(signal.SIGTERM, _interrupt)  # a clean exit while the model loads; PTB takes over later
    try:
        check_telegram(settings)  # before the model loads: a wrong token or no network is said at once
        from index import Engine

        engine = Engine.open(args.corpus, model=args.model, database=settings.database_url or None)
        engine.warm_up()
        from .app import build_application
        from .app import run as serve

        serve(build_application(settings, engine), settings)
    except KeyboardInterrupt:
        pass
    except Exception as error:  # Telegram refused or went away while starting: one line, not a traceback
        problem = telegram_problem(error, settings)
        if problem is None:
            raise
        raise CchcError(problem) from error
    return 0


def check_telegram(settings: Settings) -> None:
    """Ask Telegram who the bot is (``getMe``); ``CchcError`` (one line) when the token is refused or the
    Bot API cannot be reached."""
    import asyncio

    from telegram import Bot

    async def get_me() -> None:
        async with Bot(settings.token, base_url=settings.base_url, base_file_url=settings.base_file_url):
            pass  # entering initializes the bot: one getMe call

    try:
        asyncio.run(get_me())
    except Exception as error:
        problem = telegram_problem(error, settings)
        if problem is None:
            raise
        raise CchcError(problem) from error


def telegram_problem(error: BaseException, settings: Settings) -> str | None:
    """The one line for a Telegram error met while starting (None for any other error)."""
    from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

    host = urlsplit(settings.api_base).netloc or settings.api_base
    if isinstance(error, InvalidToken):
        return texts.TELEGRAM_TOKEN_REFUSED.format(host=host)
    if isinstance(error, TimedOut):
        return texts.TELEGRAM_UNREACHABLE.format(host=host, reason=texts.TELEGRAM_TIMED_OUT)
    if isinstance(error, NetworkError):
        return texts.TELEGRAM_UNREACHABLE.format(host=host, reason=texts.TELEGRAM_NO_CONNECTION)
    if isinstance(error, TelegramError):
        return texts.TELEGRAM_REFUSED.format(host=host, reason=error.message)
    return None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
