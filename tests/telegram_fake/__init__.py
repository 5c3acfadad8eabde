"""Test support for the bot: a strict fake Telegram Bot API server and a harness running the bot on it."""
