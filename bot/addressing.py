"""Who a message is for: private chats, commands, mentions and replies to the bot, forum topics."""

from __future__ import annotations

from telegram import Chat, Message, MessageEntity
from telegram.constants import ChatType


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == ChatType.PRIVATE


def bot_mentions(message: Message, bot_id: int, username: str | None) -> list[str]:
    """The texts of the entities in ``message`` that mention this bot."""
    handle = f"@{username.lower()}" if username else None
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    return [
        text
        for entity, text in message.parse_entities(kinds).items()
        if (entity.type == MessageEntity.MENTION and text.lower() == handle)
        or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id
        )
    ]


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def command_for_bot(message: Message, username: str | None) -> bool:
    """A /command at the start of the message that is not addressed to another bot."""
    entity = next(iter(message.entities or ()), None)
    if not entity or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return False
    target = message.parse_entity(entity).partition("@")[2]
    return not target or (username is not None and target.lower() == username.lower())


def addressed(message: Message, bot_id: int, username: str | None) -> bool:
    """Whether a message is meant for the bot: any private message; in groups a command for it, a
    mention of it or a reply to one of its messages."""
    return (
        is_private(message.chat)
        or command_for_bot(message, username)
        or bool(bot_mentions(message, bot_id, username))
        or replies_to_bot(message, bot_id)
    )


def strip_mentions(text: str, message: Message, bot_id: int, username: str | None) -> str:
    for mention in bot_mentions(message, bot_id, username):
        text = text.replace(mention, " ")
    if username:
        text = " ".join(w for w in text.split() if w.lower() != f"@{username.lower()}")
    return " ".join(text.split())


def thread_of(message: Message | None) -> int | None:
    """The forum topic a message is in (an inaccessible old message has none)."""
    return message.message_thread_id if getattr(message, "is_topic_message", False) else None
