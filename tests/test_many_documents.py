"""Many plans in one corpus: answers come from the document a question names, or say it lacks the content;
questions about the documents themselves, lists, comparisons, and asking back when several fit."""

from __future__ import annotations

import pytest

from index import Engine, Status
from index.answering.reference import reference
from index.answering.relevance import asked_amount, states_amount
from index.ingest.documents import Heading


def _docs(answer) -> set[str]:
    return {q.doc_id for q in answer.quotes}


@pytest.mark.slow
def test_a_question_naming_a_plan_by_number_place_or_title_is_answered_from_it(many: Engine):
    for question in (
        "Mục đích của kế hoạch 12/KH-UBND là gì?",
        "muc dich cua KH 12",
        "Mục đích kế hoạch chuyển đổi số của xã An Phú",
    ):
        answer = many.ask(question)
        assert answer.status == Status.ANSWERED and _docs(answer) == {"12-KH-UBND-2024"}, question
    whole = many.ask("mục đích của kế hoạch 12")
    assert [q.passage_id for q in whole.quotes] == ["12-KH-UBND-2024/I.1.a", "12-KH-UBND-2024/I.1.b"]


@pytest.mark.slow
def test_a_named_plan_that_lacks_the_content_says_so_and_lists_its_sections(many: Engine):
    answer = many.ask("Yêu cầu của kế hoạch 45/KH-UBND là gì?")
    assert answer.status == Status.NOT_COVERED
    assert "45/KH-UBND" in answer.lead and "không có nội dung này" in answer.lead
    assert [q.heading_path for q in answer.closest] == [
        "I. MỤC ĐÍCH",
        "II. NHIỆM VỤ",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    assert all(q.doc_id != "45-KH-UBND-2024" for q in answer.others)


@pytest.mark.slow
def test_unknown_numbers_and_places_are_said_to_be_missing(many: Engine):
    assert "99" in many.ask("Kế hoạch 99/KH-UBND có mục đích gì?").lead
    answer = many.ask("Kế hoạch phát triển du lịch của tỉnh Lâm Đồng có mục tiêu gì?")
    assert answer.status == Status.NOT_COVERED and "tỉnh Lâm Đồng" in answer.lead


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch nào của tỉnh Lâm Đồng?",
        "cac ke hoach cua tinh lam dong",
        "so sánh các kế hoạch của TP Cần Thơ",
    ],
)
def test_listing_the_plans_of_a_place_with_none_loaded_lists_none(
    engine: Engine, many: Engine, question: str
):
    for corpus in (engine, many):  # one document or many: never another place's plan as the list
        answer = corpus.ask(question)
        assert answer.status == Status.NOT_COVERED and not answer.quotes and not answer.documents, question


@pytest.mark.slow
def test_a_place_with_only_registered_documents_names_them(engine: Engine):
    answer = engine.ask("kế hoạch nào của tỉnh Bình Dương")
    assert answer.status == Status.NOT_COVERED and "tỉnh Bình Dương" in answer.lead
    assert [d["status"] for d in answer.unloaded] == ["metadata_only"]
    assert "Bình Dương giai đoạn 2021 - 2025" in answer.unloaded[0]["citation"]


@pytest.mark.slow
def test_a_question_that_fits_several_plans_is_asked_back(many: Engine):
    answer = many.ask("mục đích của kế hoạch là gì?")
    assert answer.status == Status.CLARIFY
    assert {d.id for d in answer.documents} >= {"12-KH-UBND-2024", "45-KH-UBND-2024", "148-KH-UBND-2023"}
    assert many.ask("là gì?").status == Status.TOO_VAGUE


@pytest.mark.slow
def test_questions_about_the_documents_themselves_quote_the_line_that_shows_it(many: Engine):
    signer = many.ask("ai ký kế hoạch 45")
    assert signer.status == Status.DOCUMENT_INFO
    assert "Chủ tịch Trần Thị Hoa" in signer.lead and "Trần Thị Hoa" in signer.quotes[0].text
    date = many.ask("kế hoạch 148 ký ngày nào")
    assert "17/01/2023" in date.lead and "17/01/2023" in date.quotes[0].text
    basis = many.ask("Kế hoạch 12 căn cứ vào văn bản nào?")
    assert basis.facts[0].value == ["749/QĐ-TTg"] and basis.quotes[0].text.startswith("Căn cứ Quyết định")
    assert many.ask("ai ký kế hoạch CCHC năm 2023 của Thuận An").status == Status.NOT_COVERED


@pytest.mark.slow
def test_lists_and_comparisons_return_the_matching_documents(many: Engine):
    listed = many.ask("kế hoạch nào nói về chuyển đổi số?")
    assert listed.status == Status.LISTED and [d.id for d in listed.documents] == ["12-KH-UBND-2024"]
    by_signer = many.ask("những kế hoạch nào do ông Lê Văn Minh ký")
    assert [d.id for d in by_signer.documents] == ["12-KH-UBND-2024"]
    compared = many.ask("so sánh mục đích của kế hoạch 12 và 45")
    assert compared.status == Status.LISTED and _docs(compared) == {"12-KH-UBND-2024", "45-KH-UBND-2024"}
    related = many.ask("văn bản nào thực hiện Quyết định 749/QĐ-TTg")
    assert [d.id for d in related.documents] == ["12-KH-UBND-2024"]


@pytest.mark.slow
def test_mixed_diacritics_and_lookalike_letters_find_what_either_form_finds(many: Engine):
    typed = many.ask("Thời hạn số hóa hồ sơ hộ tịch của xã An Phú")
    mixed = many.ask("thoi han số hóa ho so hộ tịch cua xa An Phú")
    eth = many.ask("Thời hạn số hóa hồ sơ hộ tịch của xã An Phú".replace("đ", "ð"))
    assert typed.quotes[0].passage_id == mixed.quotes[0].passage_id == eth.quotes[0].passage_id


@pytest.mark.slow
def test_the_highlight_is_a_sentence_that_answers_not_a_heading(many: Engine):
    answer = many.ask("Kế hoạch 45 dự trữ những gì tại các điểm sơ tán?")
    quote = answer.quotes[0]
    shown = quote.text[quote.highlight[0] : quote.highlight[1]]
    assert shown.startswith("Dự trữ lương thực") and "NHIỆM VỤ" not in shown


def test_citation_lines_follow_the_official_form(engine):
    record = engine.documents["148-KH-UBND-2023"]
    assert reference(record) == (
        "Căn cứ Kế hoạch số 148/KH-UBND ngày 17/01/2023 của Ủy ban nhân dân thành phố Thuận An về cải cách "
        "hành chính nhà nước thành phố Thuận An năm 2023;"
    )
    section = (Heading("2.", "Yêu cầu"), Heading("a)", "Công tác…"))
    assert reference(record, section).startswith("Căn cứ điểm a mục 2 Kế hoạch số 148/KH-UBND")


def test_every_answer_carries_a_ready_citation_line(engine):
    answer = engine.ask("Yêu cầu của kế hoạch cải cách hành chính là gì?")
    assert answer.quotes and all(q.reference.startswith("Căn cứ") for q in answer.quotes)
    assert answer.to_dict()["quotes"][0]["reference"] == answer.quotes[0].reference


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("mỗi hộ bị sập nhà được hỗ trợ bao nhiêu tiền", "money"),
        ("ngan sach xay co so cai nghien la bao nhieu ty dong", "money"),
        ("Cần Thơ phấn đấu bao nhiêu % người hưởng trợ cấp nhận tiền", "number"),  # a share, not a sum
        ("chỉ tiêu xã không ma túy của Đồng Nai là bao nhiêu", "number"),  # "Đồng" Nai is no money
        ("thời gian thi đua chia thành mấy đợt", "number"),
        ("mục đích của kế hoạch là gì", ""),
    ],
)
def test_the_amount_a_question_asks_for(question: str, amount: str):
    assert asked_amount(question) == amount


def test_a_sentence_states_an_amount():
    assert states_amount("Mức hỗ trợ 5.000.000 đồng/hộ.", "money")
    assert states_amount("đạt 1.700 ha", "number") and states_amount("chia thành hai đợt", "number")
    assert not states_amount("Hỗ trợ các hộ có nhà bị sập bằng nguồn ngân sách tỉnh.", "money")
    assert not states_amount("Năm 2025 cấp 20 triệu tấn", "money")


@pytest.mark.slow
def test_a_question_asking_an_amount_is_answered_only_by_a_sentence_stating_one(many: Engine):
    stated = many.ask("Số hóa hồ sơ hộ tịch của xã An Phú từ năm bao nhiêu?")
    assert stated.status == Status.ANSWERED and "1995" in _highlighted(stated.quotes[0])
    unstated = many.ask("Kinh phí dự trữ lương thực, áo phao của xã Bình Hòa là bao nhiêu tiền?")
    assert unstated.status == Status.NOT_COVERED


def _highlighted(quote) -> str:
    return quote.text[quote.highlight[0] : quote.highlight[1]] if quote.highlight else ""


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "liệt kê các kế hoạch",
        "danh sách kế hoạch đã nạp",
        "có bao nhiêu kế hoạch trong kho",
        "liet ke tat ca van ban",
    ],
)
def test_asking_for_the_catalogue_lists_every_loaded_document(many: Engine, question: str):
    answer = many.ask(question)
    loaded = [r.id for r in many.loaded_documents()]
    assert answer.status == Status.LISTED and [d.id for d in answer.documents] == loaded
    assert str(len(loaded)) in answer.lead and all(q.where == "Phần đầu văn bản" for q in answer.quotes)


@pytest.mark.slow
def test_a_topic_list_is_not_the_catalogue(many: Engine):
    answer = many.ask("các kế hoạch về phòng chống thiên tai")
    assert [d.id for d in answer.documents] == ["45-KH-UBND-2024"]


@pytest.mark.slow
def test_two_plans_compared_by_their_bare_numbers(many: Engine):
    answer = many.ask("so sánh mục đích của 12 và 45")
    assert answer.status == Status.LISTED and {d.id for d in answer.documents} == {
        "12-KH-UBND-2024",
        "45-KH-UBND-2024",
    }
    assert many.ask("so sánh kết quả năm 2023 và 2024").status != Status.LISTED  # years are not plans


@pytest.mark.slow
def test_a_plan_without_basis_lines_names_the_documents_it_cites(many: Engine):
    answer = many.ask("KH 148 căn cứ những văn bản nào?")
    assert answer.status == Status.DOCUMENT_INFO and "không có phần căn cứ" in answer.lead
    assert {"76/NQ-CP", "23/CT-TTg"} <= set(answer.facts[0].value)
    assert all("76/NQ-CP" in q.text or "23/CT-TTg" in q.text or "Bình Dương" in q.text for q in answer.quotes)
    with_basis = many.ask("kế hoạch 12 căn cứ văn bản nào")
    assert with_basis.facts[0].field == "can_cu" and with_basis.facts[0].value == ["749/QĐ-TTg"]
    cited = many.ask("kế hoạch 148 trích dẫn những văn bản nào")
    assert cited.status == Status.DOCUMENT_INFO and "76/NQ-CP" in cited.facts[0].value


@pytest.mark.slow
def test_the_signature_part_is_named_as_it_is_not_as_a_numbered_section(many: Engine):
    answer = many.ask("ai ký kế hoạch 45")
    assert answer.quotes and all(not q.where.startswith("Mục Nơi nhận") for q in answer.quotes)


@pytest.mark.slow
def test_a_number_glued_to_its_type_and_a_date_are_read_as_typed(many: Engine):
    glued = many.ask("KH12 muc dich")
    assert glued.status == Status.ANSWERED and _docs(glued) == {"12-KH-UBND-2024"}
    dated = many.ask("những việc nào phải xong trước 30/9/2024?")
    assert not dated.lead.startswith("Hệ thống chưa có văn bản số")  # a date, not plan number 30


@pytest.mark.parametrize("name", ["12/KH-UBND", "12/kh-ubnd", "KH 12", "kế hoạch số 12", "12", "012"])
def test_a_document_is_named_as_officials_write_it(many: Engine, name: str):
    assert many.document(name).id == "12-KH-UBND-2024"


def test_a_name_that_fits_no_document_or_several_is_one_line(many: Engine):
    from index.errors import CchcError

    for name in ("999", "KH 999"):
        with pytest.raises(CchcError) as error:
            many.document(name)
        assert "\n" not in str(error.value) and "999" in str(error.value)
    assert many.document("76/nq-cp").so_hieu == "76/NQ-CP"


@pytest.mark.slow
def test_a_year_after_the_document_type_is_a_year_not_a_number(many: Engine):
    answer = many.ask("kế hoạch 2024 của xã An Phú có mục đích gì?")
    assert answer.status == Status.ANSWERED and _docs(answer) == {"12-KH-UBND-2024"}
