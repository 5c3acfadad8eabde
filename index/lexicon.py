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
    # not "chức vụ" alone: "lợi dụng chức vụ" is content
    "chuc_vu": (
        "chức vụ gì", "chức vụ nào", "chức danh gì", "chức danh nào", "giữ chức", "chức vụ của người ký",
        "chức vụ người ký", "chức danh của người ký", "chức danh người ký", "với tư cách gì",
    ),
    "trich_yeu": (
        "trích yếu", "về việc gì", "tên đầy đủ", "tiêu đề", "tên văn bản", "tên kế hoạch", "về nội dung gì",
        "nói về gì", "về vấn đề gì", "về lĩnh vực gì",
    ),
    "can_cu": (
        "căn cứ vào văn bản nào", "căn cứ vào đâu", "căn cứ những văn bản nào", "căn cứ văn bản nào",
        "căn cứ pháp lý", "căn cứ nào", "căn cứ vào những văn bản",
    ),
    "cites": (
        "trích dẫn những văn bản nào", "trích dẫn văn bản nào", "dẫn chiếu những văn bản nào",
        "dẫn chiếu văn bản nào", "nhắc đến những văn bản nào", "nhắc đến văn bản nào", "viện dẫn",
        "dẫn chiếu đến", "trích dẫn các văn bản",
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
    "bao nhiêu kế hoạch", "bao nhiêu văn bản", "có những kế hoạch", "mấy kế hoạch", "mấy văn bản",
    "danh sách kế hoạch", "danh sách văn bản", "danh sách các", "tất cả kế hoạch", "tất cả văn bản",
    "tất cả các kế hoạch", "tất cả các văn bản", "liệt kê kế hoạch", "liệt kê văn bản",
)  # fmt: skip
# Words of a list question that ask for the whole catalogue, not a topic ("liệt kê các kế hoạch đã nạp").
CATALOGUE_WORDS = (
    "liệt kê", "danh sách", "đã nạp", "được nạp", "nạp", "kho", "hệ thống", "tất cả", "toàn bộ", "hiện có",
    "đang có", "bao nhiêu", "mấy", "có", "những", "các", "nào", "gồm", "lưu", "đang", "hiện",
)  # fmt: skip
COMPARE_CUES = ("so sánh", "khác nhau", "giống nhau", "khác gì", "điểm chung")
RELATION_CUES = {"implements": ("thực hiện", "triển khai", "cụ thể hóa"), "cites": ("căn cứ", "dẫn chiếu")}

# Administrative units a place name follows ("tỉnh Nghệ An", "xã Phước An").
PLACE_UNITS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
# Provinces and centrally-run cities (the 63 before the 2025 merger, which include the 34 after it), so
# "cac ke hoach cua tinh lam dong", typed without capitals or marks, still names a place.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

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

# -- tasks: who does what by when (index.ingest.tasks, units, deadlines) ------------------------------

# Column role -> words of a task table's header cell naming it, lower case, tried in this order (a cell
# "Thời gian thực hiện" is a deadline before "thực hiện" could make it anything else). A table is a task
# table when its header names a task and a lead column; "Đơn vị tính" (unit of measure) marks a budget
# or statistics table, never a task table.
TASK_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("partners", ("phối hợp",)),
    ("lead", ("chủ trì",)),
    ("deadline", ("thời gian", "thời hạn", "tiến độ", "hoàn thành", "lộ trình", "thời điểm")),
    ("lead", ("đơn vị thực hiện", "cơ quan thực hiện", "đơn vị", "cơ quan", "trách nhiệm")),
    ("output", ("sản phẩm", "kết quả")),
    ("task", ("nhiệm vụ", "nội dung", "công việc", "chỉ tiêu", "giải pháp", "hoạt động", "đề án")),
    ("no", ("stt", "tt", "số tt", "số thứ tự")),
)
NOT_TASK_COLUMNS = ("đơn vị tính",)

# Headings of the sections whose paragraphs assign work to units.
RESPONSIBILITY_HEADINGS = ("tổ chức thực hiện", "trách nhiệm", "phân công")

# The first words of a unit's name (lower case, modern tone marks), longest first where they overlap.
# "các"/"những" may precede any of them ("các sở, ban, ngành").
UNIT_HEADS = (
    "ủy ban nhân dân", "ủy ban mặt trận", "ủy ban", "ubnd", "hđnd", "ubmttq", "mttq", "hội đồng nhân dân",
    "hội đồng", "văn phòng", "vp", "sở", "ban chỉ huy", "ban chỉ đạo", "ban quản lý", "ban", "bộ chỉ huy",
    "bộ chqs", "bchqs", "bộ", "công an", "trung tâm", "phòng", "đài", "báo", "tỉnh đoàn", "đoàn thanh niên",
    "đoàn thể", "đoàn", "liên đoàn", "hiệp hội", "hội", "ngân hàng", "thuế", "kho bạc", "bảo hiểm xã hội",
    "chi cục", "cục", "trường", "viện", "cơ quan", "đơn vị", "địa phương", "tổ chức", "doanh nghiệp",
    "nhà mạng", "mặt trận", "thanh tra", "điện lực", "tổng công ty", "công ty", "chủ đầu tư", "lực lượng",
    "bưu điện", "tòa án", "viện kiểm sát", "công chức",
)  # fmt: skip
UNIT_PLURALS = ("các", "những")
# Generic nouns that continue a collective unit after a comma ("Các sở, ban, ngành", "Cơ quan, địa
# phương liên quan") instead of naming a new one.
UNIT_GENERIC = ("sở", "ban", "ngành", "đơn vị", "địa phương", "cơ quan", "đoàn thể", "phòng", "hội")
# "X và Y" is one unit when X is the office of these bodies ("Văn phòng HĐND và UBND phường").
UNIT_JOINT_OFFICES = ("hđnd", "ubnd", "hội đồng nhân dân", "ủy ban nhân dân", "đoàn đbqh", "tỉnh ủy")

# What ends a unit's name in a sentence: the verb or preposition that follows it (lower case only:
# "Phát triển" inside "Sở Nông nghiệp và Phát triển nông thôn" is part of the name).
UNIT_STOPS = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "xây dựng", "tổ chức", "triển khai",
    "theo dõi", "đôn đốc", "hướng dẫn", "tham mưu", "rà soát", "kiểm tra", "thực hiện", "nâng cấp",
    "bố trí", "thẩm định", "tổng hợp", "báo cáo", "chỉ đạo", "ban hành", "trình", "đề xuất", "tiếp nhận",
    "giải quyết", "tuyên truyền", "vận động", "mở", "cập nhật", "niêm yết", "công khai", "giám sát",
    "hỗ trợ", "đánh giá", "tự đánh giá", "hoàn thành", "nghiên cứu", "tăng cường", "bảo đảm", "đảm bảo",
    "quản lý", "cung cấp", "phát động", "tiếp tục", "khẩn trương", "chủ động", "tích cực", "thường xuyên",
    "kịp thời", "lập", "phân tích", "sử dụng", "kết nối", "chia sẻ", "số hóa", "đẩy mạnh", "phổ biến",
    "phát huy", "phân công", "căn cứ", "sản xuất", "lựa chọn", "gửi", "cử", "điều tra", "vận hành",
    "duy trì", "phát triển", "nâng cao", "tạo điều kiện", "xử lý", "đề nghị", "huy động", "sắp xếp",
    "tập huấn", "bồi dưỡng", "đào tạo", "kiện toàn", "thành lập", "ứng dụng", "đầu tư", "thúc đẩy",
    "tiến hành", "phát sóng", "làm", "xác định", "hướng", "tự", "để", "nhằm", "trong", "tới", "về", "tại",
    "theo", "bằng", "khi", "trước", "đến", "từ", "là", "được", "phải", "cần", "sẽ", "đã", "nắm", "chuẩn bị",
    "tham gia", "do", "ở", "giao",
)  # fmt: skip
# What also ends a unit's name in a question ("Trung tâm … có thời hạn thế nào?", "SNV chủ trì những …").
QUESTION_UNIT_STOPS = ("có", "những", "gì", "nào", "ai", "việc", "nhiệm vụ", "chỉ tiêu", "kế hoạch", "kh",
                       "hạn", "thời hạn", "khi", "chỉ", "của")  # fmt: skip
# In a table cell that is a sentence ("Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành thực hiện …")
# only these verbs end a unit's name: a cell is otherwise a name as written.
CELL_ROLE_STOPS = ("chủ trì", "phối hợp", "thực hiện", "thúc đẩy", "theo dõi", "hướng dẫn", "tổng hợp")
# Words between a unit and its role that say nothing about the role ("có trách nhiệm thường xuyên phối
# hợp cùng …").
ROLE_FILLERS = (
    "có trách nhiệm", "chịu trách nhiệm", "thường xuyên", "chủ động", "tích cực", "tiếp tục", "khẩn trương",
    "chặt chẽ", "tham gia",
)  # fmt: skip
# Sentences that close the "Tổ chức thực hiện" section without assigning anything: they open with these
# words, or contain the second list anywhere.
NOT_TASK_OPENINGS = ("trong quá trình", "trên đây là", "yêu cầu các", "kế hoạch này thay thế", "nơi nhận")
NOT_TASK_PHRASES = ("nếu có khó khăn", "nếu có vướng mắc", "nếu có phát sinh")
# Words that do not end the scan for a unit's role ("… tới việc thực hiện Kế hoạch này có trách nhiệm
# phối hợp cùng …"): prepositions, and "việc" before the verb it turns into a noun.
ROLE_SCAN_SKIPS = ("tới", "đến", "về", "trong", "tại", "theo", "từ", "bằng", "trước", "việc")
ROLE_SCAN_ENDS = ("để", "nhằm")

# Words after a generic noun that qualify the whole collective ("Các phòng chuyên môn, đơn vị thuộc UBND
# phường", "Cơ quan, địa phương liên quan"): the noun continues the list instead of naming a new unit.
UNIT_QUALIFIERS = ("liên quan", "có liên quan", "thuộc", "trực thuộc", "cấp", "các cấp", "chức năng",
                   "tỉnh", "huyện", "xã", "phường", "thành phố", "trên địa bàn")  # fmt: skip
# Administrative levels: "UBND các xã, phường" covers "UBND xã Phước An".
# Full names a question shortens; a unit's key uses the short form.
UNIT_FULL_NAMES = {
    "đoàn thanh niên cộng sản hồ chí minh": "đoàn thanh niên",
    "mặt trận tổ quốc việt nam": "mặt trận tổ quốc",
}
UNIT_LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
# Words that open a unit's name only when a name follows ("Bộ Nội vụ", not "bộ tiêu chí"; "Ban Chỉ
# huy", not "ban hành"); and phrases starting with a head word that never name a unit.
UNIT_HEADS_NEEDING_NAME = ("công chức", "bộ", "ban", "phòng", "hội", "báo", "đài", "trường", "đoàn", "viện",
                           "cục")  # fmt: skip
NOT_UNITS = ("phòng thủ", "phòng, chống", "phòng chống", "phòng ngừa", "hội nghị", "hội thảo", "hội thi",
             "báo cáo", "ban hành", "bộ tiêu chí", "bộ phận", "bộ dữ liệu", "bộ máy", "bộ thủ tục",
             "đơn vị tính", "cơ quan nhà nước", "trường hợp")  # fmt: skip
# The departments (sở) of a province, for accent-free questions ("so noi vu": "so" alone may be "số").
DEPARTMENTS = (
    "nội vụ", "tài chính", "tư pháp", "y tế", "xây dựng", "công thương", "khoa học và công nghệ",
    "giáo dục và đào tạo", "văn hóa, thể thao và du lịch", "nông nghiệp và môi trường", "ngoại vụ",
    "nông nghiệp và phát triển nông thôn", "tài nguyên và môi trường", "thông tin và truyền thông",
    "kế hoạch và đầu tư", "lao động - thương binh và xã hội", "giao thông vận tải", "dân tộc và tôn giáo",
)  # fmt: skip

# Abbreviations in unit names (lower case) -> the words they stand for: anywhere, and after "sở" only.
UNIT_ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc", "bchqs": "bộ chỉ huy quân sự", "chqs": "chỉ huy quân sự",
    "bhxh": "bảo hiểm xã hội", "đbqh": "đại biểu quốc hội", "vp": "văn phòng",
    "snv": "sở nội vụ", "stc": "sở tài chính", "stp": "sở tư pháp", "syt": "sở y tế", "sxd": "sở xây dựng",
    "sct": "sở công thương", "skhcn": "sở khoa học và công nghệ", "sgdđt": "sở giáo dục và đào tạo",
    "stttt": "sở thông tin và truyền thông", "sttt": "sở thông tin và truyền thông",
    "kh&cn": "khoa học và công nghệ", "khcn": "khoa học và công nghệ", "tt&tt": "thông tin và truyền thông",
    "tttt": "thông tin và truyền thông", "vhttdl": "văn hóa thể thao và du lịch",
    "gd&đt": "giáo dục và đào tạo", "gdđt": "giáo dục và đào tạo", "nn&mt": "nông nghiệp và môi trường",
    "nnmt": "nông nghiệp và môi trường", "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "tn&mt": "tài nguyên và môi trường", "tnmt": "tài nguyên và môi trường", "kh&đt": "kế hoạch và đầu tư",
    "khđt": "kế hoạch và đầu tư", "lđtbxh": "lao động thương binh và xã hội", "gtvt": "giao thông vận tải",
    "dt&tg": "dân tộc và tôn giáo",
}  # fmt: skip
DEPARTMENT_ABBREVIATIONS: dict[str, str] = {
    "nv": "nội vụ", "tc": "tài chính", "tp": "tư pháp", "yt": "y tế", "xd": "xây dựng", "ct": "công thương",
}  # fmt: skip

# -- deadlines as written (index.ingest.deadlines) -----------------------------------------------------

DEADLINE_RECURRING = ("hằng năm", "hàng năm", "hằng tháng", "hàng tháng", "hằng quý", "hàng quý",
                      "hằng tuần", "hàng tuần", "định kỳ")  # fmt: skip
DEADLINE_ONGOING = ("thường xuyên", "liên tục")
DEADLINE_SEPARATE_PLAN = ("theo kế hoạch", "theo chỉ đạo", "theo hướng dẫn", "theo lộ trình")
DEADLINE_EVENT = ("sau khi", "khi", "ngay khi", "kể từ khi", "sau")
DEADLINE_VAGUE = ("theo quy định", "kịp thời", "sớm nhất", "khẩn trương", "ngay")
# Bodies whose act starts a task "khi …" ("khi Bộ Y tế có văn bản triển khai"): an event, not a date.
DEADLINE_EVENT_ACTORS = ("bộ", "tổng", "chính phủ", "thủ tướng", "trung ương", "tw", "quốc hội",
                         "cấp có thẩm quyền", "cấp trên", "ủy ban nhân dân tỉnh", "ubnd tỉnh")  # fmt: skip
# "chi thường xuyên" is recurrent spending, not "ongoing".
NOT_ONGOING_BEFORE = ("chi", "nguồn", "kinh phí", "dự toán")

# -- tasks: who leads, who supports, by when -----------------------------------------------------------

TASK_CUES = (
    "chủ trì", "phối hợp", "phải làm gì", "làm gì", "nhiệm vụ", "trách nhiệm", "việc gì", "những việc",
    "giao cho", "phải xong", "hoàn thành", "thời hạn", "hạn chót", "tham gia", "trước ngày nào",
    "có hạn", "hạn trong", "việc nào",
)  # fmt: skip
# not "khi nào", "ngày nào", "thời gian nào" alone ("ngày bầu cử là ngày nào" asks about an event): only
# with the word "hạn" ("hạn công khai dự toán là khi nào?")
TASK_WHEN_CUES = ("khi nào", "ngày nào", "bao giờ", "thời gian nào", "lúc nào")
# Words of a task question that do not describe the task: the document's kind, time words (the period
# is read separately), places' administrative words.
TASK_QUESTION_FILLER = (
    "kế hoạch", "văn bản", "chương trình", "đề án", "năm", "ngày", "tháng", "quý", "trước", "sau",
    "trong", "đầu", "cuối", "thời gian", "nào", "tỉnh", "thành phố", "phường", "xã", "huyện", "các",
    "phải", "cụ thể", "mà", "làm", "có", "hạn", "thực hiện",
)  # fmt: skip
TASK_LEAD_CUES = (
    "chủ trì",
    "do ai",
    "giao cho",
    "ai chịu trách nhiệm",
    "đơn vị nào",
    "cơ quan nào",
    "sở nào",
)
TASK_PARTNER_CUES = ("phối hợp",)
TASK_LIST_CUES = ("những việc", "những nhiệm vụ", "các nhiệm vụ", "các việc", "nhiệm vụ nào", "việc nào",
                  "việc gì", "nhiệm vụ gì")  # fmt: skip
TASK_PART_CUES = ("chủ trì", "phối hợp", "giao cho")
TASK_WHO_CUES = ("ai chủ trì", "do ai", "giao cho ai", "đơn vị nào", "cơ quan nào", "sở nào", "ai phối hợp")
TASK_NOT_LEAD_CUES = ("không chủ trì", "chỉ phối hợp")
# Kinds of deadline a question may ask for (the normal forms of index.ingest.deadlines).
DEADLINE_KINDS = {
    "ongoing": ("thường xuyên", "liên tục"),
    "recurring": ("hằng năm", "hàng năm", "định kỳ"),
    "separate_plan": ("kế hoạch riêng", "theo chỉ đạo"),
    "other": ("cấp trên", "sau khi có"),
}

# -- conversation: follow-ups and small talk (index.answering.conversation) --------------------------

FOLLOW_UP_OPENERS = ("còn", "thế còn", "vậy còn", "còn về", "thế còn về", "vậy còn về", "thế", "vậy", "và")
FOLLOW_UP_CLOSERS = ("thì sao", "thì thế nào", "thì như thế nào", "thì ra sao", "thế nào", "ra sao", "nữa",
                     "thì sao ạ", "nữa không", "thì sao nhỉ")  # fmt: skip
# "cái thứ 3", "mục thứ hai", "đoạn 2", "trích dẫn số 3": a quote of the last answer
ORDINAL_NOUNS = ("cái", "mục", "đoạn", "ý", "trích dẫn", "câu", "phần", "số")
ORDINAL_WORDS = {"nhất": 1, "một": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
                 "bảy": 7, "tám": 8, "chín": 9, "mười": 10}  # fmt: skip
# A message that is only one of these (and filler words) is small talk, never a search.
SMALL_TALK = {
    "greeting": ("xin chào", "chào", "hello", "hi", "alo", "chào buổi sáng", "good morning"),
    "thanks": ("cảm ơn", "cám ơn", "thanks", "thank you", "tks", "ok cảm ơn", "cảm ơn nhiều"),
    "goodbye": ("tạm biệt", "bye", "hẹn gặp lại"),
    "help": ("help", "giúp", "trợ giúp", "hướng dẫn", "giúp tôi", "giúp với", "hướng dẫn sử dụng", "menu",
             "dùng thế nào", "hỏi thế nào", "bạn làm được gì", "em làm được gì"),
    "identity": ("bạn là ai", "em là ai", "bot là gì", "bạn là gì", "ai đấy", "ai vậy"),
}  # fmt: skip
SMALL_TALK_FILLER = ("bạn", "bot", "em", "anh", "chị", "ạ", "nhé", "nha", "nhá", "ơi", "à", "nhiều", "lắm",
                     "với", "đã", "mình", "tôi", "ok", "vâng", "dạ", "rất")  # fmt: skip

# -- amounts: a question asking "how much" is answered only by a sentence stating one ----------------------

AMOUNT_CUES = ("bao nhiêu", "mấy")
# Phrases that make the amount a sum of money; matched as typed (with diacritics) when the question has
# them, so "Đồng Nai", "tiền mặt", "quốc gia" are not money; unambiguous without them.
MONEY_WORDS = ("bao nhiêu tiền", "tỷ đồng", "triệu đồng", "nghìn đồng", "phụ cấp", "tiền thưởng", "giá",
               "giá cước", "lệ phí", "mức phí", "mức phạt", "phạt tiền", "vốn đầu tư", "kinh phí",
               "ngân sách", "mức hỗ trợ", "mức lương", "tiền lương")  # fmt: skip
SHARE_WORDS = ("%", "phần trăm", "tỷ lệ", "tỷ trọng", "tỷ số")
