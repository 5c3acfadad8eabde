"""A strict fake of the Telegram Bot API, for driving the real PTB client in tests.

aiohttp on 127.0.0.1 (port 0). It is as strict as Telegram where the bot can get things wrong:
unknown or unbalanced HTML tags, raw ``<`` / ``&``, unsupported entities, empty text, text over
4096 UTF-16 units (counted after parsing, as Telegram does), an edit that changes nothing, callback
data over 64 bytes, unknown chats, unanswerable callback queries. It supports real long polling
(offset, timeout), webhooks (POSTing updates with the secret-token header), file download, and
injected failures (429 with ``retry_after``, 5xx). Dates are Unix seconds.

Test side: ``send_text`` / ``click`` / ``send_document`` inject updates like a user would;
``wait_for`` and ``wait_messages`` wait on recorded calls with a timeout (never a fixed sleep).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_FILE = 20 * 1024 * 1024
STRING_FIELDS = frozenset(
    [
        "text",
        "url",
        "secret_token",
        "callback_query_id",
        "file_id",
        "parse_mode",
        "action",
        "inline_message_id",
        "language_code",
        "description",
        "short_description",
        "name",
        "ip_address",
    ]
)
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
ATTRIBUTES = {
    "a": {"href"},
    "span": {"class"},
    "tg-emoji": {"emoji-id"},
    "blockquote": {"expandable"},
    "code": {"class"},
}
REQUIRED = {"a": "href", "span": "class", "tg-emoji": "emoji-id"}
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiError(Exception):
    """A Bot API error reply: HTTP status, description, optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def _unparsable(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {reason}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> tuple[str, list[dict]]:
    """Telegram's HTML parse mode, strictly: the plain text and its entities (UTF-16 offsets)."""
    out: list[str] = []
    offset = 0
    stack: list[tuple[str, int, dict]] = []
    entities: list[dict] = []
    i = 0
    while i < len(markup):
        char = markup[i]
        if char == "<":
            match = _TAG.match(markup, i)
            if not match:
                raise _unparsable(f"unsupported start tag at byte offset {i}")
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ENTITY_OF_TAG:
                raise _unparsable(f'unsupported start tag "{name}" at byte offset {i}')
            if closing:
                if attributes.strip():
                    raise _unparsable(f"end tag {name} has attributes")
                if not stack or stack[-1][0] != name:
                    expected = stack[-1][0] if stack else "none"
                    raise _unparsable(
                        f'unmatched end tag at byte offset {i}, expected "</{expected}>", found "</{name}>"'
                    )
                _, start, attrs = stack.pop()
                if offset > start:
                    entities.append(_entity(name, start, offset - start, attrs))
            else:
                attrs = _attributes(name, attributes, i)
                if name == "blockquote" and any(open_name == "blockquote" for open_name, _, _ in stack):
                    raise _unparsable("blockquotes can't be nested")
                stack.append((name, offset, attrs))
            i = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(markup, i)
            if not match:
                raise _unparsable(f"character '&' is reserved and must be escaped at byte offset {i}")
            named, decimal, hexadecimal = match.groups()
            char = _NAMED[named] if named else chr(int(decimal) if decimal else int(hexadecimal, 16))
            i = match.end()
        else:
            i += 1
        out.append(char)
        offset += utf16_len(char)
    if stack:
        raise _unparsable(f'can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _attributes(name: str, text: str, position: int) -> dict:
    attrs = {}
    for key, raw in _ATTRIBUTE.findall(text):
        key = key.lower()
        if key not in ATTRIBUTES.get(name, set()):
            raise _unparsable(f'unsupported attribute "{key}" of tag "{name}" at byte offset {position}')
        value = raw[1:-1] if raw[:1] in "\"'" and raw else raw
        if "<" in value or ("&" in value and not _ENTITY.search(value)):
            raise _unparsable(f"bad attribute value at byte offset {position}")
        attrs[key] = value
    needed = REQUIRED.get(name)
    if needed and not attrs.get(needed):
        raise _unparsable(f'tag "{name}" must have attribute "{needed}"')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _unparsable("span tag must have class tg-spoiler")
    return attrs


def _entity(tag: str, offset: int, length: int, attrs: dict) -> dict:
    kind = ENTITY_OF_TAG[tag]
    if tag == "blockquote" and "expandable" in attrs:
        kind = "expandable_blockquote"
    entity = {"type": kind, "offset": offset, "length": length}
    if tag == "a":
        entity["url"] = attrs["href"]
    if tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity


def check_text(text: Any, parse_mode: Any) -> tuple[str, list[dict]]:
    """The message text as Telegram would store it, or the error Telegram would give."""
    if not isinstance(text, str):
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode is None:
        plain, entities = text, []
    elif str(parse_mode).upper() == "HTML":
        plain, entities = parse_html(text)
    else:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake")
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return plain, entities


def check_markup(markup: Any) -> dict | None:
    """Validate an inline keyboard as Telegram does (button text, callback data of 1-64 bytes)."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup["inline_keyboard"]:
        if not isinstance(row, list) or not row:
            raise ApiError(
                400, "Bad Request: can't parse inline keyboard button: row is not a non-empty array"
            )
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
            actions = [k for k in button if k != "text"]
            if len(actions) != 1:
                raise ApiError(
                    400, "Bad Request: can't parse inline keyboard button: exactly one action needed"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict
    at: float  # time.monotonic() of its arrival
    status: int = 0  # 0 while it is being handled
    result: Any = None
    error: str = ""


@dataclass
class FakeTelegram:
    """The fake server. ``url`` is what TELEGRAM_API_BASE should be set to."""

    token: str
    username: str = "cchc_test_bot"
    bot_id: int = 7000000001
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict] = field(default_factory=dict)
    chats: dict[int, dict] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    deliveries: list[tuple[int, int]] = field(
        default_factory=list
    )  # (update_id, HTTP status) of webhook POSTs
    delivered_at: dict[int, float] = field(default_factory=dict)  # update_id -> when the bot got it
    pushed_at: dict[int, float] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str = ""
    commands: dict[str, list[dict]] = field(default_factory=dict)  # scope (JSON) -> commands

    def __post_init__(self) -> None:
        self._pending: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._failures: dict[str, list[tuple[int, int | None]]] = {}
        self._changed: asyncio.Condition | None = None
        self._arrived = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._tasks: set[asyncio.Task] = set()
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self._session = ClientSession(timeout=ClientTimeout(total=30))
        return self

    async def stop(self) -> None:
        self._closing = True
        self._arrived.set()
        for task in list(self._tasks):
            task.cancel()
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def bot_user(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Trợ lý CCHC", "username": self.username}

    # -- failure injection ----------------------------------------------------------------------------

    def fail(self, method: str, status: int, times: int = 1, retry_after: int | None = None) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``status`` (429 carries ``retry_after``)."""
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    # -- HTTP -----------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        call = Call(method, await _read_params(request), time.monotonic())
        await self._record(call)  # recorded on arrival (a long poll is visible while it waits) ...
        try:
            failure = self._failures.get(method)
            if failure:
                status, retry_after = failure.pop(0)
                raise _injected(status, retry_after)
            handler = getattr(self, f"_api_{method.lower()}", None)
            if handler is None:
                raise ApiError(400, f"Bad Request: method {method!r} is not supported by the fake Bot API")
            result = await handler(call.params)
            response = web.json_response({"ok": True, "result": result})
            await self._record(call, status=200, result=result)  # ... and completed when answered
        except ApiError as error:
            response = _error_response(error)
            await self._record(call, status=error.status, error=error.description)
        return response

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for path, content in self.files.values():
            if path == request.match_info["path"]:
                await self._record(Call("download", {"path": path}, time.monotonic(), status=200))
                return web.Response(body=content)
        return web.Response(status=404)

    async def _record(self, call: Call, **outcome: Any) -> None:
        assert self._changed is not None
        async with self._changed:
            if outcome:
                vars(call).update(outcome)
            else:
                self.calls.append(call)
            self._changed.notify_all()

    # -- Bot API methods ------------------------------------------------------------------------------

    async def _api_getme(self, params: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit, timeout = (
            int(params.get("offset", 0)),
            int(params.get("limit", 100)),
            params.get("timeout", 0),
        )
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        deadline = time.monotonic() + float(timeout)
        while True:
            ready = [u for u in self._pending if u["update_id"] >= offset][: max(1, min(limit, 100))]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closing:
                now = time.monotonic()
                for update in ready:
                    self.delivered_at.setdefault(update["update_id"], now)
                return ready
            with suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)

    async def _api_setwebhook(self, params: dict) -> bool:
        url, secret = params.get("url", ""), params.get("secret_token", "")
        if not url.startswith("https://") and not url.startswith("http://127.0.0.1:"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret and not _SECRET.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url, self.webhook_secret = url, secret
        for update in list(self._pending):
            self._deliver(update)
        return True

    async def _api_deletewebhook(self, params: dict) -> bool:
        self.webhook_url = self.webhook_secret = ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _api_getwebhookinfo(self, params: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _api_setmycommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            if not _COMMAND_NAME.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[json.dumps(params.get("scope", {"type": "default"}), sort_keys=True)] = commands
        return True

    async def _api_sendchataction(self, params: dict) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _api_sendmessage(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        if "reply_to_message_id" in params:
            reply = {"message_id": params["reply_to_message_id"]}
        replied = self.messages.get((chat["id"], reply.get("message_id")))
        if reply and replied is None and not reply.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        if replied is not None:
            message["reply_to_message"] = _public(replied)
        message["_html"] = params.get("text")
        self.messages[(chat["id"], message["message_id"])] = message
        return _public(message)

    async def _api_editmessagetext(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        stored = self.messages.get((chat["id"], params.get("message_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if stored["from"]["id"] != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        if (plain, entities, markup) == (
            stored["text"],
            stored.get("entities", []),
            stored.get("reply_markup"),
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message",
            )
        stored.update(text=plain, entities=entities, edit_date=int(time.time()), _html=params.get("text"))
        stored.pop("reply_markup", None)
        if markup:
            stored["reply_markup"] = markup
        return _public(stored)

    async def _api_answercallbackquery(self, params: dict) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text", ""))) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    async def _api_getfile(self, params: dict) -> dict:
        file_id = params.get("file_id")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self.files[file_id]
        if len(content) > MAX_FILE:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": path,
        }

    def _chat(self, chat_id: Any) -> dict:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    # -- the user side --------------------------------------------------------------------------------

    @staticmethod
    def user(user_id: int, first_name: str = "Lan", username: str | None = None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}
        if username:
            user["username"] = username
        return user

    def private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.chats[chat["id"]] = chat
        return chat

    def group_chat(self, chat_id: int, title: str = "Phòng Nội vụ") -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats[chat_id] = chat
        return chat

    def send_text(self, chat: dict, user: dict, text: str, reply_to: dict | None = None) -> dict:
        """A user's text message (command and mention entities as Telegram would mark them)."""
        message = self._user_message(chat, user, text=text)
        entities = _entities_of(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = _public(reply_to)
        self._push({"message": message})
        return message

    def send_document(self, chat: dict, user: dict, file_name: str, content: bytes, mime_type: str) -> dict:
        file_id = f"file{next(self._file_ids)}"
        self.files[file_id] = (f"documents/{file_id}_{file_name}", content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        message = self._user_message(chat, user, document=document)
        self._push({"message": message})
        return message

    def click(self, user: dict, message: dict, data: str) -> str:
        """Press an inline button of a bot message; returns the callback query id."""
        buttons = [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        assert any(b.get("callback_data") == data for b in buttons), f"no button {data!r} on that message"
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": f"ci{message['chat']['id']}",
            "data": data,
            "message": _public(message),
        }
        self._push({"callback_query": query})
        return query_id

    def _user_message(self, chat: dict, user: dict, **content: Any) -> dict:
        self.chats.setdefault(chat["id"], chat)
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _push(self, update: dict) -> int:
        update["update_id"] = next(self._update_ids)
        self.pushed_at[update["update_id"]] = time.monotonic()
        self._pending.append(update)
        self._arrived.set()
        self._arrived = asyncio.Event()
        if self.webhook_url:
            self._deliver(update)
        return update["update_id"]

    def _deliver(self, update: dict) -> None:
        self._pending.remove(update)
        task = asyncio.create_task(self._post(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, update: dict, secret: str | None = None) -> int:
        assert self._session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret if secret is None else secret}
        self.delivered_at.setdefault(update["update_id"], time.monotonic())
        async with self._session.post(self.webhook_url, json=update, headers=headers) as response:
            self.deliveries.append((update["update_id"], response.status))
            return response.status

    async def post_with_secret(self, update_text: str, chat: dict, user: dict, secret: str) -> int:
        """Deliver one update to the webhook with a chosen secret (to test that a wrong one is refused)."""
        message = self._user_message(chat, user, text=update_text)
        return await self._post({"update_id": next(self._update_ids), "message": message}, secret)

    # -- waiting on what the bot did ------------------------------------------------------------------

    def mark(self) -> int:
        """A position in the call log, to look only at what happens after it."""
        return len(self.calls)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every call the bot makes); return it."""
        assert self._changed is not None
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    def sent(self, chat_id: int | None = None, since: int = 0, method: str = "sendMessage") -> list[dict]:
        """Successful results of ``method`` (messages as stored), in order."""
        return [
            self.messages.get((c.result["chat"]["id"], c.result["message_id"]), c.result)
            for c in self.calls[since:]
            if c.method == method
            and c.status == 200
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    async def wait_messages(
        self, chat_id: int, since: int, until: Callable[[list[dict]], bool] | None = None, timeout: float = 20
    ) -> list[dict]:
        """Messages sent to ``chat_id`` after ``since`` once ``until(messages)`` holds (default: one)."""
        until = until or bool

        def ready() -> list[dict] | None:
            messages = self.sent(chat_id, since)
            return messages if messages and until(messages) else None

        return await self.wait_for(ready, timeout)

    def calls_of(self, method: str, since: int = 0) -> list[Call]:
        """Calls of ``method`` after ``since``, including those still being handled (status 0)."""
        return [c for c in self.calls[since:] if c.method == method]

    def answered(self, method: str, since: int = 0, status: int | None = None) -> list[Call]:
        """Calls of ``method`` the fake has replied to (with ``status``, if given)."""
        return [c for c in self.calls_of(method, since) if c.status and status in (None, c.status)]

    def errors(self, since: int = 0) -> list[Call]:
        """Calls the fake refused with a 400 (a bug in the bot, unless a test provoked it)."""
        return [c for c in self.calls[since:] if c.status == 400]


def has_keyboard(messages: list[dict]) -> bool:
    return "reply_markup" in messages[-1]


def buttons(message: dict) -> dict[str, str]:
    """Button text -> callback data of a message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


def _public(message: dict) -> dict:
    return {k: v for k, v in message.items() if not k.startswith("_")}


def _entities_of(text: str) -> list[dict]:
    entities = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: mention.start()]),
                "length": utf16_len(mention.group()),
            }
        )
    return entities


def _injected(status: int, retry_after: int | None) -> ApiError:
    if status == 429:
        wait = retry_after or 1
        return ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
    return ApiError(status, {500: "Internal Server Error", 502: "Bad Gateway"}.get(status, "Server Error"))


def _error_response(error: ApiError) -> web.Response:
    if error.status == 502:  # Telegram's front end answers a 502 with an HTML page, not JSON
        return web.Response(
            status=502, text="<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html"
        )
    body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.status)


async def _read_params(request: web.Request) -> dict:
    """Parameters as PTB sends them: form-encoded (objects as JSON strings, numbers as strings) or JSON."""
    if request.content_type == "application/json":
        raw = await request.json()
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raw = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    else:
        raw = dict(request.query)
    params = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in STRING_FIELDS:
            with suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params
