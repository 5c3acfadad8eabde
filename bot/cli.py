"""``cchc bot``: command-line wiring of the Telegram bot."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise SystemExit("cchc bot: not implemented yet")
