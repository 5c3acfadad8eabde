"""Word readers on files built here: .docx by python-docx and raw WordprocessingML, .doc by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from index.errors import IngestError
from index.ingest.readers.doc import DocReader
from index.ingest.readers.docx import DocxReader, format_number

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


# --------------------------------------------------------------------------------------------------
# Building .docx files


def p(text: str = "", num: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    """A paragraph: ``num``/``ilvl`` give it a direct numPr, ``style`` a pStyle."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        props += f'<w:numPr>{level}<w:numId w:val="{num}"/></w:numPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    """A ``w:lvl`` with its start, numFmt and lvlText (``extra``: lvlRestart, isLgl, pStyle...)."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, restart_at: int | None = None) -> str:
    """A ``w:num``; ``restart_at`` adds the lvlOverride/startOverride Word writes for "Restart at"."""
    override = ""
    if restart_at is not None:
        override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Word 97-2003 or encrypted .docx

# The usual shape of a Vietnamese plan: I. / 1. / a)
PLAN_LEVELS = (lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "lowerLetter", "%3)"))


def fragment(xml: str) -> list:
    """Elements parsed from a WordprocessingML fragment."""
    return list(parse_xml(f"<root {NAMESPACES}>{xml}</root>"))


def build_docx(path: Path, body: str, numbering: str = "", styles: str = "") -> Path:
    """A .docx made by python-docx whose body is ``body``, whose numbering part holds only the
    ``numbering`` definitions (abstractNum before num, as the schema orders them), ``styles`` added."""
    document = docx.Document()
    body_el = document.element.body
    sect = body_el.find(qn("w:sectPr"))
    for child in list(body_el):
        if child is not sect:
            body_el.remove(child)
    for element in fragment(body):
        sect.addprevious(element)
    numbering_el = document.part.numbering_part.element
    for element in list(numbering_el):  # the template's own lists would clash with the ids used here
        numbering_el.remove(element)
    definitions = fragment(numbering)
    numbering_el.extend(el for el in definitions if el.tag == qn("w:abstractNum"))
    numbering_el.extend(el for el in definitions if el.tag == qn("w:num"))
    for element in fragment(styles):
        document.styles.element.append(element)
    document.save(str(path))
    return path


def read(path: Path) -> str:
    return DocxReader().read(path).text


def paragraphs(path: Path) -> list[str]:
    return read(path).split("\n\n")


# --------------------------------------------------------------------------------------------------
# Numbering


def test_number_formats_follow_word():
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 53)] == ["a", "z", "aa", "aaa"]
    assert format_number(3, "upperLetter") == "C"
    assert format_number(5, "decimalZero") == "05"
    assert format_number(2, "none") == ""
    assert format_number(7, "ordinalText") == "7"  # formats not rebuilt fall back to decimal


def test_roman_decimal_letter_levels_and_level_restarts(tmp_path):
    body = "".join([
        p("MỤC ĐÍCH, YÊU CẦU", 1, 0), p("Mục đích", 1, 1), p("Nâng cao chất lượng phục vụ.", 1, 2),
        p("Công khai thủ tục.", 1, 2), p("Yêu cầu", 1, 1), p("Văn bản không đánh số."),
        p("NHIỆM VỤ TRỌNG TÂM", 1, 0), p("Cải cách thể chế", 1, 1), p("Rà soát văn bản.", 1, 2),
    ])  # fmt: skip
    path = build_docx(tmp_path / "ke-hoach.docx", body, abstract(10, *PLAN_LEVELS) + num(1, 10))
    assert paragraphs(path) == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Nâng cao chất lượng phục vụ.", "b) Công khai thủ tục.",
        "2. Yêu cầu", "Văn bản không đánh số.", "II. NHIỆM VỤ TRỌNG TÂM", "1. Cải cách thể chế",
        "a) Rà soát văn bản.",
    ]  # fmt: skip


def test_multilevel_text_and_legal_numbering(tmp_path):
    legal = abstract(
        11, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>"),
        lvl(2, "decimal", "%1.%2.%3.", extra="<w:isLgl/>"),
    )  # fmt: skip
    plain = abstract(
        12, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."), lvl(2, "lowerRoman", "%1.%2.%3")
    )
    body = "".join([
        p("Phần một", 1, 0), p("Mục một", 1, 1), p("Ý một", 1, 2), p("Mục hai", 1, 1), p("Phần hai", 1, 0),
        p("Mục một", 1, 1), p("Chương", 2, 0), p("Điều", 2, 1), p("Khoản", 2, 2), p("Khoản", 2, 2),
    ])  # fmt: skip
    path = build_docx(tmp_path / "phap-ly.docx", body, legal + plain + num(1, 11) + num(2, 12))
    assert paragraphs(path) == [
        "I. Phần một", "1.1. Mục một", "1.1.1. Ý một", "1.2. Mục hai", "II. Phần hai", "2.1. Mục một",
        "1. Chương", "1.1. Điều", "1.1.i Khoản", "1.1.ii Khoản",
    ]  # fmt: skip


def test_restart_with_start_override_and_continuation_of_shared_definition(tmp_path):
    definitions = abstract(13, lvl(0, "decimal", "%1.")) + num(1, 13) + num(2, 13, restart_at=1) + num(3, 13)
    body = "".join(
        [p("Một", 1, 0), p("Hai", 1, 0), p("Lại một", 2, 0), p("Lại hai", 2, 0), p("Tiếp ba", 3, 0)]
    )
    path = build_docx(tmp_path / "danh-sach.docx", body, definitions)
    assert paragraphs(path) == ["1. Một", "2. Hai", "1. Lại một", "2. Lại hai", "3. Tiếp ba"]


def test_start_value_and_level_that_never_restarts(tmp_path):
    definitions = abstract(
        14,
        lvl(0, "upperLetter", "%1.", start=3),
        lvl(1, "decimal", "(%2)", extra='<w:lvlRestart w:val="0"/>'),
    ) + num(1, 14)
    body = "".join([p("Nhóm", 1, 0), p("Việc", 1, 1), p("Nhóm", 1, 0), p("Việc", 1, 1), p("Việc", 1, 1)])
    path = build_docx(tmp_path / "bat-dau.docx", body, definitions)
    assert paragraphs(path) == ["C. Nhóm", "(1) Việc", "D. Nhóm", "(2) Việc", "(3) Việc"]


def test_numbering_from_paragraph_styles(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TieuMuc"><w:name w:val="TieuMuc"/><w:basedOn w:val="Muc"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Diem"><w:name w:val="Diem"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    levels = (lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "lowerLetter", "%3)", extra=""))
    linked = levels[2].replace("<w:lvlText", '<w:pStyle w:val="Diem"/><w:lvlText')  # Diem is level 3's style
    body = "".join([
        p("MỤC ĐÍCH", style="Muc"), p("Mục đích", style="TieuMuc"), p("Điểm có số", style="Diem"),
        p("Điểm tắt số", num=0, style="Diem"), p("Điểm có số", style="Diem"), p("NHIỆM VỤ", style="Muc"),
    ])  # fmt: skip
    path = build_docx(
        tmp_path / "kieu.docx", body, abstract(15, levels[0], levels[1], linked) + num(1, 15), styles
    )
    assert paragraphs(path) == [
        "I. MỤC ĐÍCH",
        "1. Mục đích",
        "a) Điểm có số",
        "Điểm tắt số",
        "b) Điểm có số",
        "II. NHIỆM VỤ",
    ]


def test_numbering_style_link_takes_the_linked_definition(tmp_path):
    """A list whose definition is a numbering style (numStyleLink) shows that style's list's levels."""
    styles = (
        '<w:style w:type="numbering" w:styleId="DanhSachKeHoach"><w:name w:val="Danh sach ke hoach"/>'
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    )
    definitions = (
        abstract(20, '<w:numStyleLink w:val="DanhSachKeHoach"/>')
        + abstract(21, *PLAN_LEVELS)
        + num(1, 20)
        + num(2, 21)
    )
    body = p("MỤC TIÊU", 1, 0) + p("Mục tiêu chung", 1, 1) + p("NHIỆM VỤ", 1, 0)
    path = build_docx(tmp_path / "kieu-danh-sach.docx", body, definitions, styles)
    assert paragraphs(path) == ["I. MỤC TIÊU", "1. Mục tiêu chung", "II. NHIỆM VỤ"]


def test_bullets_become_dashes(tmp_path):
    definitions = abstract(
        16, lvl(0, "bullet", "•"), lvl(1, "bullet", "-"), lvl(2, "bullet", "\uf0b7")
    ) + num(1, 16)
    body = p("Ý chính", 1, 0) + p("Ý phụ", 1, 1) + p("Ý nhỏ", 1, 2)
    path = build_docx(tmp_path / "gach.docx", body, definitions)
    assert paragraphs(path) == ["- Ý chính", "- Ý phụ", "- Ý nhỏ"]


def test_case_01_reads_as_word_shows_it(shared, tmp_path):
    """Case 01's "List Number" style is defined as decimal "%1." in its numbering.xml (LibreOffice shows
    the same numbers); with that level defined as upperRoman the text equals the typed-numbers 01b."""
    auto = paragraphs(shared / "cases" / "01-docx-autonumber.docx")
    typed = paragraphs(shared / "cases" / "01b-docx-typed-numbers.docx")
    assert auto[7:] == [
        "1. MỤC ĐÍCH, YÊU CẦU", typed[8], "2. NHIỆM VỤ TRỌNG TÂM", "1. Cải cách thủ tục hành chính",
        typed[11], "2. Cải cách tài chính công", typed[13], "3. TỔ CHỨC THỰC HIỆN", typed[15],
    ]  # fmt: skip
    roman = tmp_path / "01-roman.docx"
    with (
        zipfile.ZipFile(shared / "cases" / "01-docx-autonumber.docx") as source,
        zipfile.ZipFile(roman, "w") as out,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/numbering.xml":
                marker = b'<w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/>'
                assert marker in data
                data = data.replace(marker, b'<w:numFmt w:val="upperRoman"/><w:pStyle w:val="ListNumber"/>')
            out.writestr(item, data)
    assert read(roman).replace("31/KH", "32/KH") == read(shared / "cases" / "01b-docx-typed-numbers.docx")


# --------------------------------------------------------------------------------------------------
# Tracked changes, parts that are not the body, tables, text boxes


def test_tracked_changes_are_accepted_and_counted(tmp_path):
    author = 'w:id="{}" w:author="Chuyên viên" w:date="2024-03-05T08:00:00Z"'
    body = (
        f'<w:p><w:r><w:t xml:space="preserve">Hoàn thành trước ngày </w:t></w:r>'
        f"<w:del {author.format(1)}><w:r><w:delText>31/5/2024</w:delText></w:r></w:del>"
        f"<w:ins {author.format(2)}><w:r><w:t>30/6/2024</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>"
        f"<w:p><w:moveFrom {author.format(3)}><w:r><w:t>Câu được chuyển đi.</w:t></w:r></w:moveFrom>"
        f"<w:r><w:t>Câu giữ nguyên.</w:t></w:r></w:p>"
        f"<w:p><w:moveTo {author.format(4)}><w:r><w:t>Câu được chuyển đi.</w:t></w:r></w:moveTo></w:p>"
        f"<w:p><w:pPr><w:rPr><w:del {author.format(5)}/></w:rPr></w:pPr><w:r><w:t>Đoạn nối </w:t></w:r></w:p>"
        f"<w:p><w:ins {author.format(6)}><w:r><w:t>với đoạn sau.</w:t></w:r></w:ins></w:p>"
        f"<w:p><w:del {author.format(7)}><w:r><w:delText>Đoạn bị xóa hẳn.</w:delText></w:r></w:del></w:p>"
    )
    path = build_docx(tmp_path / "sua-doi.docx", body)
    result = DocxReader().read(path)
    assert result.text.split("\n\n") == [
        "Hoàn thành trước ngày 30/6/2024.", "Câu giữ nguyên.", "Câu được chuyển đi.",
        "Đoạn nối với đoạn sau.",
    ]  # fmt: skip
    assert result.notes == ["Đã chấp nhận 5 thay đổi được theo dõi: 2 chèn, 2 xóa, 1 di chuyển."]
    assert "31/5/2024" not in result.text


def test_no_note_without_tracked_changes(tmp_path):
    assert DocxReader().read(build_docx(tmp_path / "sach.docx", p("Văn bản sạch."))).notes == []


def test_headers_footers_footnotes_endnotes_and_comments_stay_out(tmp_path):
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "ĐẦU TRANG LẶP LẠI"
    section.footer.paragraphs[0].text = "Trang 1/3"
    paragraph = document.add_paragraph("Nội dung chính")
    footnote_ref = (
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    )
    paragraph._p.append(fragment(footnote_ref)[0])
    document.add_comment(paragraph.runs[0], text="Ý KIẾN GÓP Ý", author="Chuyên viên")
    for name, content_type, reltype in (
        ("footnotes", CT.WML_FOOTNOTES, RT.FOOTNOTES), ("endnotes", CT.WML_ENDNOTES, RT.ENDNOTES),
    ):  # fmt: skip
        tag = name[:-1]
        blob = (
            f'<w:{name} {NAMESPACES}><w:{tag} w:id="1"><w:p><w:r><w:t>CHÚ THÍCH CUỐI TRANG</w:t></w:r></w:p>'
            f"</w:{tag}></w:{name}>"
        ).encode()
        part = Part(PackURI(f"/word/{name}.xml"), content_type, blob, document.part.package)
        document.part.relate_to(part, reltype)
    path = tmp_path / "phan-phu.docx"
    document.save(str(path))
    assert read(path) == "Nội dung chính"


def test_table_rows_with_merged_and_empty_cells_and_a_nested_table(tmp_path):
    def tc(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text)}</w:tc>"

    restart, merged, span = '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:gridSpan w:val="3"/>'
    nested = f"<w:tbl><w:tr>{tc('Quý I')}{tc('Quý II')}</w:tr></w:tbl>"
    table = (
        f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc('STT')}{tc('Nội dung')}{tc('Thời gian')}</w:tr>"
        f"<w:tr>{tc('1', restart)}{tc('Rà soát thủ tục')}{tc('')}</w:tr>"
        f"<w:tr>{tc('', merged)}{tc('Công bố kết quả')}{tc('Tháng 6')}</w:tr>"
        f"<w:tr>{tc('Tổng hợp chung', span)}</w:tr>"
        f"<w:tr>{tc('2')}<w:tc>{p('Theo quý')}{nested}{p('')}</w:tc>{tc('-----')}</w:tr>"
        f"</w:tbl>"
    )
    path = build_docx(tmp_path / "bang.docx", p("Trước bảng") + table + p("Sau bảng"))
    assert read(path) == (
        "Trước bảng\n\n"
        "STT | Nội dung | Thời gian\n1 | Rà soát thủ tục | \n | Công bố kết quả | Tháng 6\nTổng hợp chung\n"
        "2 | Theo quý | \nQuý I | Quý II\n\n"
        "Sau bảng"
    )


def test_numbered_cells_and_content_controls_hyperlinks_fields(tmp_path):
    definitions = abstract(17, lvl(0, "decimal", "%1")) + num(1, 17)
    row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
    table = (
        "<w:tbl>" + "".join(row.format(p("", 1, 0), p(text)) for text in ("Rà soát", "Công bố")) + "</w:tbl>"
    )
    inline = (
        '<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve">Xem </w:t></w:r>'
        "</w:sdtContent></w:sdt>"
        '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:r><w:t>Cổng dịch vụ công</w:t></w:r></w:hyperlink>"
        '<w:r><w:t xml:space="preserve">, trang </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>'
    )
    path = build_docx(tmp_path / "o-bang.docx", table + inline, definitions)
    assert read(path) == "1 | Rà soát\n2 | Công bố\n\nXem Cổng dịch vụ công, trang 4/9"


def test_text_box_read_once_after_its_anchor(tmp_path):
    box = "<w:txbxContent><w:p><w:r><w:t>Nơi nhận: UBND huyện</w:t></w:r></w:p></w:txbxContent>"
    drawing = (
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    body = f"<w:p><w:r><w:t>Đoạn neo</w:t></w:r><w:r>{drawing}</w:r></w:p>" + p("Đoạn sau")
    assert paragraphs(build_docx(tmp_path / "khung.docx", body)) == [
        "Đoạn neo",
        "Nơi nhận: UBND huyện",
        "Đoạn sau",
    ]


# --------------------------------------------------------------------------------------------------
# Errors and speed


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"PK\x03\x04 not really a zip",
            "bao-cao.docx: tệp Word bị hỏng hoặc không phải .docx; hãy mở bằng Word",
        ),
        (
            "<html><body>Kế hoạch</body></html>".encode(),
            "bao-cao.docx: tệp Word bị hỏng hoặc không phải .docx;",
        ),
        (OLE_MAGIC + bytes(504), "bao-cao.docx: thực chất là tệp Word 97-2003; hãy đổi đuôi tệp thành .doc"),
        (OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"), "bao-cao.docx: tệp Word có mật khẩu; hãy mở"),
    ],
)
def test_unreadable_files_get_one_vietnamese_line(tmp_path, content, expected):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(content)
    with pytest.raises(IngestError) as error:
        DocxReader().read(path)
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_zip_without_a_word_document_and_a_body_without_text(tmp_path):
    other = tmp_path / "nen.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    with pytest.raises(IngestError, match=r"^nen\.docx: tệp Word bị hỏng"):
        DocxReader().read(other)
    with pytest.raises(IngestError, match=r"^trong\.docx: phần nội dung của tệp Word không có chữ"):
        DocxReader().read(build_docx(tmp_path / "trong.docx", p("") + p("   ")))


def test_fifty_page_document_reads_quickly(tmp_path):
    paragraph = (
        "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm chi phí tuân thủ cho người dân và doanh nghiệp. "
    )
    body = []
    for section in range(1, 26):  # about 50 pages: 25 sections of 2 headings, 12 paragraphs and a table
        body.append(p(f"NHIỆM VỤ {section}", 1, 0))
        for item in range(1, 3):
            body.append(p(f"Nội dung {item}", 1, 1))
            body.extend(p(paragraph * 3, 1, 2) for _ in range(6))
        rows = "".join(f"<w:tr><w:tc>{p(str(i))}</w:tc><w:tc>{p(paragraph)}</w:tc></w:tr>" for i in range(10))
        body.append(f"<w:tbl>{rows}</w:tbl>")
    path = build_docx(tmp_path / "dai.docx", "".join(body), abstract(18, *PLAN_LEVELS) + num(1, 18))
    started = time.perf_counter()
    text = read(path)
    assert time.perf_counter() - started < 3.0
    assert "XXV. NHIỆM VỤ 25" in text and "\n\nf) Rà soát" in text


# --------------------------------------------------------------------------------------------------
# Word 97-2003 (.doc)


@pytest.fixture(scope="module")
def libreoffice() -> str:
    """The LibreOffice command; tests using it skip when it is not installed."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return command


@pytest.fixture(scope="module")
def plan_doc(libreoffice, tmp_path_factory) -> tuple[Path, Path]:
    """A Vietnamese plan as .docx (numbering, merged cells, a tracked change) and the .doc LibreOffice
    saves from it."""
    folder = tmp_path_factory.mktemp("doc")
    change = 'w:id="{}" w:author="Chuyên viên" w:date="2024-03-05T08:00:00Z"'
    merged = "<w:tcPr><w:vMerge/></w:tcPr>"
    letterhead = (
        f"<w:tbl><w:tr><w:tc>{p('ỦY BAN NHÂN DÂN XÃ PHƯỚC AN')}{p('-------')}</w:tc>"
        f"<w:tc>{p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')}{p('Độc lập - Tự do - Hạnh phúc')}</w:tc></w:tr>"
        f"<w:tr><w:tc>{p('Số: 31/KH-UBND')}</w:tc>"
        f"<w:tc>{p('Phước An, ngày 05 tháng 3 năm 2024')}</w:tc></w:tr>"
        f"<w:tr><w:tc>{p('')}</w:tc><w:tc>{merged}{p('')}</w:tc></w:tr></w:tbl>"
    )
    body = "".join([
        letterhead, p("KẾ HOẠCH"), p("Cải cách hành chính năm 2024"), p("MỤC ĐÍCH, YÊU CẦU", 1, 0),
        p("Mục đích", 1, 1), p("Nâng cao chất lượng giải quyết thủ tục hành chính; đẩy mạnh ứng dụng", 1, 2),
        p("Yêu cầu", 1, 1), p("NHIỆM VỤ TRỌNG TÂM", 1, 0), p("Cải cách thủ tục hành chính", 1, 1),
        '<w:p><w:r><w:t xml:space="preserve">Rà soát, đơn giản hóa ít nhất 20% thủ tục; hoàn thành '
        f"trước </w:t></w:r><w:del {change.format(1)}><w:r><w:delText>31/5/2024</w:delText></w:r></w:del>"
        f"<w:ins {change.format(2)}><w:r><w:t>30/6/2024</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>",
        p("TỔ CHỨC THỰC HIỆN", 1, 0), p("Công chức Văn phòng - Thống kê xã chủ trì, báo cáo hằng quý."),
    ])  # fmt: skip
    source = build_docx(folder / "ke-hoach.docx", body, abstract(19, *PLAN_LEVELS) + num(1, 19))
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [libreoffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97",
         "--outdir", str(folder), str(source)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    return source, folder / "ke-hoach.doc"


def test_doc_reads_as_the_docx_it_was_saved_from(plan_doc):
    source, legacy = plan_doc
    expected = DocxReader().read(source)
    result = DocReader().read(legacy)
    assert result.format == "doc"
    assert result.text == expected.text
    assert "II. NHIỆM VỤ TRỌNG TÂM\n\n1. Cải cách thủ tục hành chính" in result.text
    assert "b) Yêu cầu" not in result.text and "2. Yêu cầu" in result.text
    assert result.notes == expected.notes == ["Đã chấp nhận 2 thay đổi được theo dõi: 1 chèn, 1 xóa."]


def test_damaged_doc_gets_one_vietnamese_line(plan_doc, tmp_path):
    data = bytearray(plan_doc[1].read_bytes())
    data[0x4C:0x200] = b"\xff" * (0x200 - 0x4C)  # the header's sector table lost: no stream can be found
    damaged = tmp_path / "bao-cao.doc"
    damaged.write_bytes(data)
    with pytest.raises(IngestError) as error:
        DocReader().read(damaged)
    assert str(error.value) == (
        "bao-cao.doc: tệp Word 97-2003 bị hỏng hoặc có mật khẩu nên không chuyển đổi được; "
        "hãy mở bằng Word, bỏ mật khẩu và lưu thành .docx rồi gửi lại."
    )
    damaged.write_bytes(data[:4096])  # a download cut short, before the directory
    with pytest.raises(IngestError, match=r"^bao-cao\.doc: không phải tệp Word 97-2003 \(.*tệp đã hỏng\)"):
        DocReader().read(damaged)


def test_rtf_saved_as_doc_is_converted(libreoffice, tmp_path):
    rtf = tmp_path / "cong-van.doc"
    rtf.write_text(r"{\rtf1\ansi{\fonttbl{\f0 Times;}}\f0 K\u7871?ho\u7841?ch 31\par}", encoding="ascii")
    assert DocReader().read(rtf).text == "Kếhoạch 31"


def test_doc_that_is_really_a_docx_or_not_word_at_all(tmp_path):
    renamed = tmp_path / "ke-hoach.doc"
    renamed.write_bytes(build_docx(tmp_path / "ke-hoach.docx", p("Nội dung")).read_bytes())
    assert DocReader().read(renamed).text == "Nội dung"
    sheet = tmp_path / "bang-tinh.doc"
    sheet.write_bytes(OLE_MAGIC + "Workbook".encode("utf-16-le"))
    with pytest.raises(
        IngestError, match=r"^bang-tinh\.doc: không phải tệp Word 97-2003 \(có thể là tệp Excel"
    ):
        DocReader().read(sheet)


def test_doc_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    legacy = tmp_path / "ke-hoach.doc"
    legacy.write_bytes(OLE_MAGIC + "WordDocument".encode("utf-16-le"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(IngestError) as error:
        DocReader().read(legacy)
    assert str(error.value) == (
        "ke-hoach.doc: cần LibreOffice để đọc tệp Word 97-2003 (.doc); hãy cài: sudo apt-get install "
        "--no-install-recommends libreoffice-writer-nogui "
        "(hoặc mở tệp bằng Word, lưu thành .docx rồi gửi lại)."
    )
