"""Telegram front end of the answer engine."""
