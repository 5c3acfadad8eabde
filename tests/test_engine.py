"""The answer engine end to end on the real corpus and model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import Status
from index.answering.engine import Engine
from index.errors import CchcError

PURPOSE = "Mục đích của kế hoạch cải cách hành chính năm 2023 của Thuận An là gì?"
PURPOSE_PLAIN = "muc dich cua ke hoach cai cach hanh chinh nam 2023 cua thuan an la gi"


def test_purpose_question_quotes_the_purpose_passage(engine):
    answer = engine.ask(PURPOSE)
    assert answer.status == Status.ANSWERED
    first = answer.quotes[0]
    assert first.passage_id == "148-KH-UBND-2023/1"
    assert first.heading_path == "1. Mục đích"
    assert "148/KH-UBND" in first.citation and "17/01/2023" in first.citation
    assert first.text == engine.snapshot.texts[first.doc_id][first.start : first.end]
    assert first.highlight and first.text[slice(*first.highlight)] in first.text


def test_question_without_diacritics_gives_the_same_passages(engine):
    accented = [q.passage_id for q in engine.ask(PURPOSE).quotes]
    plain = [q.passage_id for q in engine.ask(PURPOSE_PLAIN).quotes]
    assert plain == accented


def test_requirements_question_quotes_only_the_requirements_section(engine):
    answer = engine.ask("Yêu cầu của KH CCHC năm 2023 là gì?")
    assert answer.status == Status.ANSWERED
    assert answer.quotes and all(q.heading_path.startswith("2. Yêu cầu") for q in answer.quotes)


def test_responsibility_question_in_words_the_plan_does_not_use_is_still_answered(engine):
    answer = engine.ask("Ai chịu trách nhiệm theo dõi, đôn đốc các đơn vị trực thuộc?")
    assert answer.status == Status.ANSWERED
    assert answer.quotes[0].passage_id == "148-KH-UBND-2023/2.a"


@pytest.mark.parametrize(
    "question", ["Giá vàng hôm nay bao nhiêu?", "Thủ tục cấp hộ chiếu cần những giấy tờ gì?"]
)
def test_uncovered_question_is_answered_honestly(engine, question):
    answer = engine.ask(question)
    assert answer.status == Status.NOT_COVERED
    assert not answer.quotes and answer.closest
    assert "không đề cập" in answer.lead


def test_metadata_only_document_says_full_text_is_missing_and_quotes_the_mention(engine):
    answer = engine.ask("Nghị quyết 76/NQ-CP quy định những gì?")
    assert answer.status == Status.METADATA_ONLY
    assert "chưa được nạp" in answer.lead
    assert answer.unloaded[0]["id"] == "76-NQ-CP-2021"
    assert all("76/NQ-CP" in q.text for q in answer.quotes) and answer.quotes


def test_empty_and_overlong_questions_are_refused(engine):
    with pytest.raises(CchcError):
        engine.ask("   ")
    with pytest.raises(CchcError, match="vượt giới hạn"):
        engine.ask("cải cách " * 100)


def test_section_returns_the_whole_parent_section(engine):
    section = engine.section("148-KH-UBND-2023/2.b")
    assert section.heading_path == "2. Yêu cầu"
    assert all(f"{letter}) " in section.text for letter in "abcd")


def test_outline_of_the_body_leaves_out_the_attachment_line_and_a_passage_is_quoted_by_id(engine):
    assert [q.heading_path for q in engine.outline("148-KH-UBND-2023")][-1].startswith("Đính kèm")
    assert [q.heading_path for q in engine.outline("148-KH-UBND-2023", body_only=True)] == [
        "1. Mục đích",
        "2. Yêu cầu",
    ]
    quote = engine.quote("148-KH-UBND-2023/2.c")
    assert quote.text == engine.passage("148-KH-UBND-2023/2.c").text and "148/KH-UBND" in quote.citation
    with pytest.raises(CchcError):
        engine.quote("148-KH-UBND-2023/9")


def test_second_open_loads_the_stored_index(engine):
    messages: list[str] = []
    Engine.open(engine.corpus_dir, log=messages.append)
    assert messages == []


def test_corrupt_index_is_detected_and_rebuilt(corpus_copy: Path):
    Engine.open(corpus_copy, log=lambda _: None)
    messages: list[str] = []
    folder = Engine.open(corpus_copy, log=messages.append).folder
    (folder / "lexical.npz").write_bytes(b"garbage")
    rebuilt = Engine.open(corpus_copy, log=messages.append)
    assert any("lexical.npz của chỉ mục bị thiếu hoặc hỏng" in m for m in messages), messages
    assert json.loads((folder / "manifest.json").read_text())["passages"] == len(rebuilt.passages)


def test_adding_a_plan_embeds_only_its_passages_and_answers_about_its_goals(corpus_copy: Path, shared: Path):
    plan = shared / "plans" / "144_KH-UBND__ad5aff6c13929815.txt"
    engine = Engine.open(corpus_copy, log=lambda _: None)
    before = len(engine.passages)
    [result] = engine.add_files([plan])
    assert result.record.so_hieu == "144/KH-UBND" and result.passages > 10
    assert len(engine.passages) == before + result.passages
    assert engine.embedder.last_embedded <= result.passages
    answer = engine.ask("Mục tiêu phát triển kinh tế số của tỉnh Bắc Ninh là gì?")
    assert answer.status == Status.ANSWERED
    assert answer.quotes[0].doc_id == result.record.id
    assert "mục tiêu" in answer.quotes[0].heading_path.lower()
