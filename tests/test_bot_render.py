"""Telegram HTML rendering: escaping, 4096-unit splitting on boundaries, keyboards, callback data."""

from __future__ import annotations

import pytest
from telegram_fake.server import check_markup, check_text, parse_html, utf16_len

from bot import callbacks, render
from index import Answer, Quote, Status
from index.ingest.registry import DocumentRecord

CITATION = "Kế hoạch số 148/KH-UBND ngày 17/01/2023 của UBND thành phố Thuận An"


def quote(
    text: str, number: int = 1, highlight: tuple[int, int] | None = None, path: str = "2. Yêu cầu"
) -> Quote:
    return Quote(f"doc/{number}", "doc", CITATION, path, text, 0, len(text), highlight)


def entity_text(plain: str, entity: dict) -> str:
    """The text an entity covers (its offsets count UTF-16 units)."""
    units = plain.encode("utf-16-le")
    return units[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode("utf-16-le")


def valid(message: str) -> str:
    """The plain text Telegram would show; raises like Telegram for bad HTML, empty or too long text."""
    plain, _ = check_text(message, "HTML")
    return plain


def test_dynamic_text_is_escaped():
    tricky = "Điểm <b> & “1 < 2 > 0”, AT&T, &amp; không phải thẻ </blockquote>"
    answer = Answer(
        "q <script>",
        Status.ANSWERED,
        "Trích dẫn từ <Kế hoạch> & phụ lục:",
        [quote(tricky, highlight=(0, 10))],
    )
    [message] = render.answer_messages(answer)
    plain = valid(message)
    assert tricky in plain and "Trích dẫn từ <Kế hoạch> & phụ lục:" in plain


def test_highlight_is_bold_and_quote_is_a_blockquote():
    text = "Câu đầu. Câu quan trọng nhất. Câu cuối."
    [message] = render.answer_messages(Answer("q", Status.ANSWERED, "Lead", [quote(text, highlight=(9, 29))]))
    plain, entities = parse_html(message)
    covered = {e["type"]: entity_text(plain, e) for e in entities if e["type"] != "bold"}
    assert covered["blockquote"] == text
    assert "Câu quan trọng nhất." in [entity_text(plain, e) for e in entities if e["type"] == "bold"]


def test_long_answer_is_split_between_passages_never_inside_a_tag():
    lines = [
        f"{n}. Nội dung nhiệm vụ số {n} về cải cách hành chính & chuyển đổi số <giai đoạn 2>."
        for n in range(30)
    ]
    quotes = [
        quote("\n".join(lines), number, highlight=(0, 40), path=f"{number}. Mục") for number in (1, 2, 3)
    ]
    messages = render.answer_messages(Answer("q", Status.ANSWERED, "Trích dẫn từ 3 văn bản:", quotes))
    assert len(messages) >= 2
    for message in messages:
        assert utf16_len(message) <= 4096
        plain = valid(message)
        assert plain.startswith(("Trích", "📌", "[")), "a message starts at a passage boundary"
    shown = "".join(valid(m) for m in messages)
    assert all(line in shown for line in lines)


def test_one_passage_over_the_limit_becomes_several_balanced_blockquotes():
    text = "\n".join(f"Dòng {n}: công chức, viên chức phải & sẽ <học> tập." * 3 for n in range(120))
    highlight = (text.index("Dòng 40"), text.index("Dòng 90"))  # spans the cuts
    blocks = render.quote_blocks("[1] Mục II. NHIỆM VỤ", quote(text, highlight=highlight))
    assert len(blocks) >= 3
    pieces = []
    for block in blocks:
        plain, entities = parse_html(block)
        assert utf16_len(plain) <= 4096
        [blockquote] = [e for e in entities if e["type"] == "blockquote"]
        pieces.append(entity_text(plain, blockquote))
    assert all(piece in text for piece in pieces) and "\n".join(pieces) == text
    assert "(tiếp theo)" in blocks[1] and CITATION in blocks[-1] and CITATION not in blocks[0]


def test_limit_counts_utf16_units_not_characters():
    text = "📄" * 3000  # 3000 characters, 6000 UTF-16 units
    blocks = render.quote_blocks("Biểu tượng", quote(text))
    assert len(blocks) == 2 and all(utf16_len(valid(b)) <= 4096 for b in blocks)


@pytest.mark.parametrize(
    "text",
    ["x" * 9000, "một câu dài. " * 800, "không có dấu chấm " * 600, "&<>" * 3000],
    ids=["one-word", "sentences", "words", "escapes"],
)
def test_spans_cut_lines_sentences_words_or_anywhere(text):
    spans = render.spans(text, 4000)
    assert all(utf16_len(render.esc(text[a:b])) <= 4000 for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")
    if "một câu" in text:
        assert all(text[a:b].endswith(".") for a, b in spans)


def test_not_covered_answer_lists_closest_sections_as_buttons():
    closest = [quote("…", n, path=f"{n}. Mục rất dài " + "x" * 80) for n in (1, 2, 3)]
    answer = Answer(
        "q",
        Status.NOT_COVERED,
        "Các văn bản đã nạp không đề cập trực tiếp đến nội dung này.",
        closest=closest,
    )
    [message] = render.answer_messages(answer)
    assert valid(message).startswith("🔍")
    keyboard = render.answer_keyboard(123, answer).to_dict()
    check_markup(keyboard)
    labels = [b["text"] for row in keyboard["inline_keyboard"] for b in row]
    assert labels[:3] == [label for label in labels if label.startswith("📂 ")]
    assert all(len(label) <= render.BUTTON_CHARS + 2 for label in labels)


def test_callback_data_fits_64_bytes_and_round_trips():
    huge = 10**18
    answer = Answer("q", Status.ANSWERED, "Lead", [quote("a", n) for n in range(6)])
    check_markup(render.answer_keyboard(huge, answer).to_dict())
    check_markup(render.more_keyboard(huge, 3, 3).to_dict())
    long_id = "ke-hoach-cai-cach-hanh-chinh-nha-nuoc-cua-uy-ban-nhan-dan-xa-hoa-binh-nam-2025"
    check_markup(render.tour_keyboard(long_id, 3, 9, trimmed=True).to_dict())
    for callback in (
        callbacks.More(huge),
        callbacks.Section(huge, 5),
        callbacks.Feedback(7, -1),
        callbacks.Tour(callbacks.doc_key(long_id), 2),
        callbacks.TourText("148-KH-UBND-2023", 1),
        callbacks.Example(3),
    ):
        data = callbacks.encode(callback)
        assert len(data.encode()) <= 64 and callbacks.decode(data) == callback
    assert callbacks.resolve_doc(callbacks.doc_key(long_id), ["other", long_id]) == long_id
    assert (
        callbacks.decode("zz|1") is None
        and callbacks.decode("m|abc") is None
        and callbacks.decode("") is None
    )
    with pytest.raises(ValueError):
        callbacks.encode(callbacks.Tour("x" * 70, 1))


def test_tour_page_of_a_long_section_is_one_valid_message():
    record = DocumentRecord(id="d", so_hieu="52/KH-UBND", loai="Kế hoạch", trich_yeu="Chuyển đổi số")
    section = quote(
        "\n".join(f"{n}) Nhiệm vụ & giải pháp <{n}>." * 8 for n in range(80)), path="II. NHIỆM VỤ"
    )
    text, trimmed = render.tour_page(record, section, 2, 3)
    assert trimmed and utf16_len(valid(text)) <= 4096 and "Phần 2/3" in text
    short, trimmed = render.tour_page(record, quote("Ngắn."), 1, 3)
    assert not trimmed and "Ngắn." in valid(short)
    keyboard = render.tour_keyboard("d", 0, 3, trimmed=False).to_dict()
    assert [b["text"] for row in keyboard["inline_keyboard"] for b in row] == ["Tiếp »"]
    last = render.tour_keyboard("d", 3, 3, trimmed=True).to_dict()
    assert [b["text"] for row in last["inline_keyboard"] for b in row] == ["📄 Đọc toàn văn mục", "« Trước"]


def test_document_list_and_stats_are_valid_html():
    records = [
        DocumentRecord(id=f"d{n}", so_hieu=f"{n}/KH-UBND", loai="Kế hoạch", trich_yeu="A & B <c>" * 5,
                       status="full_text" if n % 2 else "metadata_only", cites=["d1"], implements=["d0"])
        for n in range(60)
    ]  # fmt: skip
    messages = render.documents_messages(records, {"d1": 12})
    assert len(messages) >= 2 and all(valid(m) for m in messages)
    assert "✅ Toàn văn (12 đoạn)" in valid(messages[0])
    from bot.storage import Stats

    stats = render.stats_message(Stats([("2025-01-02", 5, 1)], 5, 1, 2, 80.0, 3, 1), 7)
    assert "20%" in valid(stats)


def test_labels_are_cut_at_a_word_boundary():
    title = "Kế hoạch cải cách hành chính nhà nước tỉnh Hòa Bình giai đoạn 2026 - 2030"
    label = render.short(title, 30)
    assert label == "Kế hoạch cải cách hành chính…" and len(label) <= 30
    assert render.short("Ngắn gọn", 30) == "Ngắn gọn" and render.short("a" * 40, 10) == "a" * 9 + "…"
    for size in range(12, len(title)):
        shown = render.short(title, size).removesuffix("…")
        assert title.startswith(shown) and title[len(shown)] in " ,"  # never inside a word


def test_a_quote_does_not_repeat_its_heading_line():
    text = "1. Mục đích\n\nTiếp tục triển khai các mục tiêu cải cách hành chính."
    [message] = render.answer_messages(
        Answer("q", Status.ANSWERED, "Lead", [quote(text, path="1. Mục đích")])
    )
    plain, entities = parse_html(message)
    [body] = [entity_text(plain, e) for e in entities if e["type"] == "blockquote"]
    assert body == "Tiếp tục triển khai các mục tiêu cải cách hành chính." and plain.count("1. Mục đích") == 1
    cut = quote("a) Công tác cải cách hành chính là nhiệm vụ trọng tâm.", path="2. Yêu cầu › a) Công tác…")
    [message] = render.answer_messages(Answer("q", Status.ANSWERED, "Lead", [cut]))
    assert "a) Công tác cải cách hành chính là nhiệm vụ trọng tâm." in valid(message)  # a cut title stays


def test_which_document_keyboard_and_new_callbacks_fit_64_bytes():
    from index import DocumentRef

    documents = [
        DocumentRef(f"ke-hoach-so-{n}-cua-uy-ban-nhan-dan-xa-hoa-binh-nam-2026-ve-chuyen-doi-so", f"KH {n}",
                    f"{n}/KH-UBND", "2026-01-01", "Chuyển đổi số trên địa bàn xã Hòa Bình năm 2026 " * 3)
        for n in (1, 22)
    ]  # fmt: skip
    answer = Answer("q", Status.CLARIFY, "Có 2 văn bản phù hợp với câu hỏi; anh/chị muốn hỏi về văn bản nào?")
    answer.documents = documents
    keyboard = render.answer_keyboard(10**12, answer).to_dict()
    check_markup(keyboard)
    labels = [b["text"] for row in keyboard["inline_keyboard"] for b in row]
    assert labels[0].startswith("📘 1/KH-UBND · Chuyển đổi số") and labels[0].endswith("…")
    assert "2. KH 22" in valid(render.answer_messages(answer)[0])
    for callback in (callbacks.Choose(10**12, callbacks.doc_key(documents[0].id)), callbacks.Handoff(10**18),
                     callbacks.Page(10**9, 12)):  # fmt: skip
        data = callbacks.encode(callback)
        assert len(data.encode()) <= 64 and callbacks.decode(data) == callback


def test_a_page_of_long_tasks_is_one_valid_message():
    from bot import render_tasks
    from index import DeadlineNorm, Task

    long = "Rà soát, đơn giản hóa thủ tục hành chính & <cắt giảm> chi phí tuân thủ " * 20
    tasks = [
        Task(f"d/task/{n}", f"d{n}", (), long, ("Sở Nội vụ " * 30,), ("Các sở, ban, ngành " * 30,),
             "Quý III/2026", DeadlineNorm("quarter", "2026-07-01", "2026-09-30"), "", "table", 0, 10, "d/II")
        for n in range(render_tasks.PAGE_SIZE)
    ]  # fmt: skip
    views = [
        render_tasks.TaskView(t, f"Kế hoạch số {n}/KH-UBND " * 20, "Mục II. NHIỆM VỤ " * 20)
        for n, t in enumerate(tasks)
    ]
    text = render_tasks.task_page("Nhiệm vụ của Sở Nội vụ & <các đơn vị>", views, 1, 12)
    assert utf16_len(valid(text)) <= 4096 and "12 nhiệm vụ · trang 2/3" in valid(text)
    assert valid(text).count("📄 Kế hoạch số") == render_tasks.PAGE_SIZE  # a document per task, here
    keyboard = render_tasks.page_keyboard(7, 1, 12).to_dict()
    assert [b["text"] for row in keyboard["inline_keyboard"] for b in row] == ["« Trước", "Sau »"]
    assert render_tasks.page_keyboard(7, 0, 3) is None


def test_every_text_addresses_the_user_as_anh_chi():
    import re

    from bot import texts
    from index import messages

    strings = [v for module in (texts, messages) for v in vars(module).values() if isinstance(v, str)]
    strings += [v for v in vars(messages)["SMALL_TALK"].values()]
    assert not [s for s in strings if re.search(r"\bbạn\b", s, re.IGNORECASE)]
