"""``cchc bot``: command-line wiring of the Telegram bot (imports telegram and the engine only when run)."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from . import texts


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
        from index import Engine

        engine = Engine.open(args.corpus, model=args.model, database=settings.database_url or None)
        engine.warm_up()
        from .app import build_application
        from .app import run as serve

        serve(build_application(settings, engine), settings)
    except KeyboardInterrupt:
        pass
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
