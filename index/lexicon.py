"""The vocabulary of Vietnamese administrative documents and of the questions asked about them, as data.

Everything a rule elsewhere matches words against lives here: abbreviations, document types and the
codes of số hiệu, section intents, question words and agency cues. Changing an entry that shapes
tokens (``ABBREVIATIONS``) changes the index fingerprint (see ``index.retrieval.store``).
"""

from __future__ import annotations

# -- abbreviations officials type -------------------------------------------------------------------

ABBREVIATIONS: dict[str, str] = {
    "cchc": "cải cách hành chính",
    "tthc": "thủ tục hành chính",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "hdnd": "hội đồng nhân dân",
    "cntt": "công nghệ thông tin",
    "cqđt": "chính quyền điện tử",
    "cqdt": "chính quyền điện tử",
    "cqs": "chính quyền số",
    "cbccvc": "cán bộ công chức viên chức",
    "cbcc": "cán bộ công chức",
    "ccvc": "công chức viên chức",
    "bcđ": "ban chỉ đạo",
    "bcd": "ban chỉ đạo",
    "kt-xh": "kinh tế xã hội",
    "ktxh": "kinh tế xã hội",
    "mttq": "mặt trận tổ quốc",
    "tw": "trung ương",
    "tp": "thành phố",
    "ttg": "thủ tướng",
    "nq": "nghị quyết",
    "ct": "chỉ thị",
    "kh": "kế hoạch",
    "qđ": "quyết định",
    "qd": "quyết định",
    "tt": "thông tư",
    "nđ": "nghị định",
    "nd": "nghị định",
    "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến",
    "bpmc": "bộ phận một cửa",
    "ptbv": "phát triển bền vững",
    "cđs": "chuyển đổi số",
    "cds": "chuyển đổi số",
    "gdđt": "giáo dục và đào tạo",
    "gddt": "giáo dục và đào tạo",
    "gd&đt": "giáo dục và đào tạo",
    "gd&dt": "giáo dục và đào tạo",
    "khcn": "khoa học và công nghệ",
    "kh&cn": "khoa học và công nghệ",
    "khđt": "kế hoạch và đầu tư",
    "khdt": "kế hoạch và đầu tư",
    "kh&đt": "kế hoạch và đầu tư",
    "kh&dt": "kế hoạch và đầu tư",
    "tnmt": "tài nguyên và môi trường",
    "tn&mt": "tài nguyên và môi trường",
    "lđtbxh": "lao động thương binh và xã hội",
    "ldtbxh": "lao động thương binh và xã hội",
    "vhttdl": "văn hóa thể thao và du lịch",
    "gtvt": "giao thông vận tải",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "tttt": "thông tin và truyền thông",
    "tt&tt": "thông tin và truyền thông",
}

# -- document types and the codes of their số hiệu (Nghị định 30/2020/NĐ-CP, Phụ lục III) -------------

DOCUMENT_TYPES = (
    "Kế hoạch", "Quyết định", "Nghị quyết", "Nghị định", "Chỉ thị", "Thông tư", "Thông tư liên tịch",
    "Chương trình", "Thông báo", "Báo cáo", "Hướng dẫn", "Tờ trình", "Công văn", "Công điện", "Đề án",
    "Phương án", "Quy chế", "Quy định", "Luật", "Pháp lệnh", "Kết luận", "Chiến lược", "Quy hoạch",
)  # fmt: skip

TYPE_CODES = {
    "KH": "Kế hoạch", "NQ": "Nghị quyết", "NĐ": "Nghị định", "CT": "Chỉ thị", "QĐ": "Quyết định",
    "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "CTr": "Chương trình", "TB": "Thông báo",
    "BC": "Báo cáo", "HD": "Hướng dẫn", "TTr": "Tờ trình", "CĐ": "Công điện", "ĐA": "Đề án",
    "PA": "Phương án", "QC": "Quy chế", "KL": "Kết luận",
}  # fmt: skip

# -- what a question asks for ------------------------------------------------------------------------

# Intent -> (question cues, heading words of the sections that answer it), both accent-folded.
INTENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "purpose": (("muc dich", "de lam gi", "nham"), ("muc dich",)),
    "goal": (("muc tieu", "chi tieu"), ("muc tieu", "chi tieu")),
    "requirement": (("yeu cau", "doi hoi"), ("yeu cau",)),
    "task": (("nhiem vu", "giai phap", "noi dung", "phai lam gi"), ("nhiem vu", "giai phap", "noi dung")),
    "responsibility": (
        ("trach nhiem", "phan cong", "ai ", "don vi nao", "co quan nao", "to chuc thuc hien"),
        ("to chuc thuc hien", "trach nhiem", "phan cong"),
    ),
    "deadline": (
        ("thoi han", "khi nao", "bao gio", "tien do", "thoi gian", "han chot"),
        ("thoi gian", "tien do", "thoi han", "lo trinh"),
    ),
    "legal_basis": (("can cu", "co so phap ly", "dua tren", "van ban nao"), ("can cu", "co so")),
}

# Syllables and phrases that shape a question without naming its subject.
QUESTION_WORDS = frozenset(
    " ".join(
        (
            "là gì những các của cho và được nào ai bao nhiêu có không thế hãy biết về trong theo như thì",
            "mà với này đó ở tại hỏi vậy sao nêu cần phải làm nói nhắc gồm đâu khi lúc mấy nhằm để",
            "ra sẽ đã đang vào tên",
        )
    ).split()
)
QUESTION_PHRASES = (
    "đề cập", "quy định", "hướng tới", "yếu tố", "nội dung", "vấn đề", "cụ thể", "đầy đủ", "như thế nào",
)  # fmt: skip

# Words naming a body that is given tasks. "sở", "bộ" count only with accents: typed without them,
# "so", "bo" are too ambiguous ("số", "bỏ").
AGENCY_CUES = ("ủy ban", "ubnd", "công an", "cơ quan", "đơn vị", "ban chỉ đạo")
AGENCY_CUES_ACCENTED_ONLY = ("sở ", "bộ ")

# -- questions about the documents themselves --------------------------------------------------------

# Field of the registry -> phrases asking for it (accented; matched folded when typed without accents).
DOCUMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "so_hieu": ("số hiệu", "số mấy", "số bao nhiêu", "ký hiệu", "mang số"),
    "ngay_ban_hanh": (
        "ban hành ngày", "ký ngày", "ngày ban hành", "ngày ký", "ban hành khi nào", "ký khi nào",
        "ban hành lúc nào", "ký lúc nào", "ban hành vào ngày", "ký vào ngày", "ban hành năm nào",
    ),
    "co_quan": (
        "cơ quan nào ban hành", "ai ban hành", "do ai ban hành", "đơn vị nào ban hành", "cơ quan ban hành",
        "ban hành bởi", "do cơ quan nào", "của cơ quan nào", "ai ra",
    ),
    "nguoi_ky": ("ai ký", "người ký", "ký bởi", "do ai ký", "ai đã ký", "ai là người ký"),
    "chuc_vu": ("chức vụ", "chức danh", "giữ chức"),
    "trich_yeu": (
        "trích yếu", "về việc gì", "tên đầy đủ", "tiêu đề", "tên văn bản", "tên kế hoạch", "về nội dung gì",
        "nói về gì", "về vấn đề gì", "về lĩnh vực gì",
    ),
    "can_cu": (
        "căn cứ vào văn bản nào", "căn cứ vào đâu", "căn cứ những văn bản nào", "căn cứ văn bản nào",
        "căn cứ pháp lý", "căn cứ nào", "căn cứ vào những văn bản",
    ),
    "implements": (
        "thực hiện văn bản nào", "thực hiện quyết định nào", "thực hiện nghị quyết nào",
        "thực hiện chỉ thị nào", "triển khai văn bản nào", "cụ thể hóa văn bản nào",
        "thực hiện chương trình nào",
    ),
}  # fmt: skip

# Words that name a kind of document in a question, and how questions refer back to one.
DOCUMENT_WORDS = ("kế hoạch", "văn bản", "quyết định", "nghị quyết", "chỉ thị", "chương trình", "công văn")
THIS_DOCUMENT = ("kế hoạch này", "văn bản này", "quyết định này", "kế hoạch trên", "văn bản trên")

# Asking for a list of documents, or a comparison between named ones.
LIST_CUES = (
    "kế hoạch nào", "văn bản nào", "những kế hoạch", "các kế hoạch", "những văn bản", "các văn bản",
    "liệt kê", "bao nhiêu kế hoạch", "bao nhiêu văn bản", "có những kế hoạch",
)  # fmt: skip
COMPARE_CUES = ("so sánh", "khác nhau", "giống nhau", "khác gì", "điểm chung")
RELATION_CUES = {"implements": ("thực hiện", "triển khai", "cụ thể hóa"), "cites": ("căn cứ", "dẫn chiếu")}

# Administrative units a place name follows ("tỉnh Nghệ An", "xã Phước An").
PLACE_UNITS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")

# Title phrases that name no particular document ("Kế hoạch thực hiện … trên địa bàn tỉnh … giai đoạn …"),
# and the function words that make a title's word pair name nothing ("của tỉnh", "năm 2026").
GENERIC_TITLE_PHRASES = frozenset({
    "kế hoạch", "thực hiện", "triển khai", "trên địa", "địa bàn", "giai đoạn", "thành phố", "ban hành",
    "chính phủ", "thủ tướng", "ủy ban", "ban nhân", "nhân dân", "quyết định", "nghị quyết", "chỉ thị",
    "chương trình", "tăng cường", "đẩy mạnh", "nâng cao", "phát triển",
})  # fmt: skip
TITLE_FUNCTION_WORDS = frozenset({
    "của", "về", "việc", "và", "các", "cho", "đến", "tại", "trong", "với", "theo", "năm", "ngày",
    "tháng", "một", "tỉnh", "huyện", "xã", "phường", "trên", "những", "đối", "khi", "sau", "lần", "thứ",
})  # fmt: skip
