"""A conversation (issue 11): follow-ups read against the context the last answer returned, small talk,
expiry, a document picked after a question back; the same path through `cchc chat`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from index import CchcError, Engine, Status
from index.answering.conversation import Context, ordinal, small_talk, strip_cues, without_greeting


def _turns(engine: Engine, *questions: str):
    """Each question asked with the context the previous answer returned."""
    context, answers = None, []
    for question in questions:
        answer = engine.ask(question, context=context)
        answers.append(answer)
        context = answer.context
    return answers


def _passages(answer) -> list[str]:
    return [q.passage_id for q in answer.quotes]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("xin chào", "greeting"),
        ("Chào bạn!", "greeting"),
        ("cam on ban nhieu", "thanks"),
        ("help", "help"),
        ("giúp", "help"),
        ("bạn là ai?", "identity"),
        ("chào bạn, mục đích của kế hoạch là gì?", None),
        ("mục đích là gì", None),
        ("cảm ơn thì được khen thưởng không", None),
    ],
)
def test_small_talk_is_the_whole_message(text: str, kind: str | None):
    assert small_talk(text) == kind


def test_the_words_of_a_follow_up():
    assert without_greeting("Chào bạn, mục đích của kế hoạch là gì?") == "mục đích của kế hoạch là gì?"
    assert strip_cues("còn yêu cầu thì sao?") == "yêu cầu"
    assert strip_cues("con yeu cau thi sao") == "yeu cau"
    assert [ordinal(t) for t in ("cái thứ 3", "mục thứ hai", "đoạn 2 nhé", "cai thu ba")] == [3, 2, 2, 3]
    assert ordinal("mục 2") == 0  # the document's section 2, not the second quote
    assert ordinal("cái này là gì") == 0


def test_a_context_survives_json_and_expires_after_thirty_minutes():
    context = Context("Mục đích?", ("a",), ("a/1", "a/2"), (), at=1000.0)
    assert Context.from_dict(context.to_dict() | {"unknown": 1}) == context
    assert not context.expired(1000.0 + 30 * 60) and context.expired(1000.0 + 30 * 60 + 1)


@pytest.mark.slow
def test_another_section_then_a_quote_of_the_last_answer_in_full(engine: Engine):
    first, second, third = _turns(
        engine, "Mục đích của kế hoạch CCHC 2023 là gì?", "còn yêu cầu thì sao?", "cái thứ 2"
    )
    assert _passages(first) == ["148-KH-UBND-2023/1"]
    assert second.follow_up == "section"
    assert _passages(second)[:2] == ["148-KH-UBND-2023/2.a", "148-KH-UBND-2023/2.b"]
    assert third.follow_up == "ordinal" and _passages(third) == ["148-KH-UBND-2023/2.b"]
    assert third.quotes[0].text == engine.passages[engine.positions["148-KH-UBND-2023/2.b"]].text
    beyond = engine.ask("cái thứ 9", context=second.context)
    assert beyond.status == Status.NOT_COVERED and "không có trích dẫn thứ 9" in beyond.lead


@pytest.mark.slow
def test_the_same_question_about_another_plan_and_this_plan(many: Engine):
    turns = ("mục đích của kế hoạch 12/KH-UBND", "trong kế hoạch 45 thì sao?", "kế hoạch này ký ngày nào")
    first, second, third = _turns(many, *turns)
    assert {q.doc_id for q in first.quotes} == {"12-KH-UBND-2024"}
    assert second.follow_up == "document"
    assert {q.doc_id for q in second.quotes} == {"45-KH-UBND-2024"}
    assert "Chủ động phòng ngừa" in second.quotes[0].text
    assert third.status == Status.DOCUMENT_INFO and [f.doc_id for f in third.facts] == ["45-KH-UBND-2024"]


@pytest.mark.slow
def test_a_fact_asked_alone_is_about_the_plan_being_discussed(many: Engine):
    _, signer = _turns(many, "mục đích của kế hoạch 45", "ai ký?")
    assert signer.status == Status.DOCUMENT_INFO and [f.doc_id for f in signer.facts] == ["45-KH-UBND-2024"]
    assert many.ask("ai ký?").status == Status.CLARIFY  # with no conversation: which plan?


@pytest.mark.slow
def test_a_quote_number_out_of_range_keeps_the_quotes_to_refer_to(many: Engine):
    first, wrong, right = _turns(many, "nhiệm vụ của kế hoạch 45", "cái thứ 20", "cái thứ 1")
    assert wrong.status == Status.NOT_COVERED and str(len(first.quotes)) in wrong.lead
    assert right.quotes[0].passage_id == first.quotes[0].passage_id


def _docs_of(answer) -> set[str]:
    return {q.doc_id for q in answer.quotes}


@pytest.mark.slow
def test_quotes_asked_in_full_leave_the_question_to_follow(many: Engine):
    turns = ("Mục đích của kế hoạch CCHC 2023 là gì?", "còn yêu cầu thì sao?", "cái thứ 2", "cái thứ 3",
             "trong kế hoạch 12 thì sao?")  # fmt: skip
    _, section, second, third, other = _turns(many, *turns)
    assert [q.passage_id for q in (*second.quotes, *third.quotes)] == [
        q.passage_id for q in section.quotes[1:3]
    ]
    assert other.follow_up == "document" and other.status == Status.ANSWERED
    assert _docs_of(other) == {"12-KH-UBND-2024"} and "yêu cầu" in other.context.question.lower()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("typed", "place"), [("2", 2), ("cái thứ 3", 3), ("văn bản thứ nhất", 1), ("thứ hai", 2), ("số 3", 3)]
)
def test_a_plan_picked_by_its_place_in_the_list_offered(many: Engine, typed: str, place: int):
    clarify, picked = _turns(many, "mục đích của kế hoạch là gì?", typed)
    assert clarify.status == Status.CLARIFY
    wanted = clarify.documents[place - 1].id
    assert picked.follow_up == "document" and _docs_of(picked) == {wanted}


@pytest.mark.slow
def test_a_question_back_then_the_document_picked(many: Engine):
    clarify, picked = _turns(many, "mục đích của kế hoạch là gì?", "kế hoạch 12")
    assert clarify.status == Status.CLARIFY
    assert picked.follow_up == "document" and {q.doc_id for q in picked.quotes} == {"12-KH-UBND-2024"}
    button = many.ask(clarify.question, documents=["45-KH-UBND-2024"], context=clarify.context)
    assert {q.doc_id for q in button.quotes} == {"45-KH-UBND-2024"}
    with pytest.raises(CchcError):
        many.ask(clarify.question, documents=["khong-co"])


@pytest.mark.slow
def test_small_talk_keeps_the_context_and_an_old_context_is_forgotten(many: Engine):
    first, thanks, follow = _turns(many, "mục đích của kế hoạch 45 là gì", "cảm ơn", "còn nhiệm vụ thì sao?")
    assert thanks.status == Status.SMALL_TALK and thanks.small_talk == "thanks"
    assert "không có gì" in thanks.lead
    assert {q.doc_id for q in follow.quotes} == {"45-KH-UBND-2024"}
    later = many.ask("còn nhiệm vụ thì sao?", context=Context(**{**first.context.to_dict(), "at": 0.0}))
    assert later.follow_up == ""  # read on its own: the context is older than 30 minutes


def test_chat_reads_piped_follow_ups_and_starts_over_with_moi(engine):
    dialogue = "Mục đích của kế hoạch là gì?\ncòn yêu cầu thì sao?\ncái thứ 2\n/moi\ncái thứ 2\nxin chào\n"
    command = [sys.executable, "-m", "index.cli", "chat"]
    result = subprocess.run(command, input=dialogue, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Mục 2. Yêu cầu › a)" in out
    assert "Nội dung đầy đủ của trích dẫn thứ 2" in out
    assert "Đã bắt đầu chủ đề mới." in out
    assert out.count("Nội dung đầy đủ của trích dẫn thứ 2") == 1  # no context after /moi
    assert "Xin chào anh/chị" in out


def test_cite_prints_the_citation_line_of_a_document_or_section(engine):
    command = [sys.executable, "-m", "index.cli", "cite", "148/kh-ubnd", "--section", "2.a"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == (
        "Căn cứ điểm a mục 2 Kế hoạch số 148/KH-UBND ngày 17/01/2023 của Ủy ban nhân dân thành phố Thuận An"
        " về cải cách hành chính nhà nước thành phố Thuận An năm 2023;"
    )
    missing = subprocess.run([*command[:-1], "9.z"], capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "không có mục “9.z”" in missing.stderr
