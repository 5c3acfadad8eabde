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
