"""Every text the engine and the ``cchc`` command show a person: Vietnamese, one line each.

Templates use ``str.format`` fields. Logs stay in English and are not here; the bot's own texts are in
``bot/texts.py``.
"""

from __future__ import annotations

# -- answers ----------------------------------------------------------------------------------------
QUOTED_FROM = "Trích dẫn từ {where}:"
QUOTED_FROM_MANY = "{count} văn bản"
NOT_COVERED = "Các văn bản đã nạp không đề cập trực tiếp đến nội dung này."
NOT_COVERED_CLOSEST = " Các mục có nội dung gần nhất để tham khảo:"
UNLOADED = "Toàn văn {names} chưa được nạp vào hệ thống nên chưa thể trích dẫn nội dung."
UNLOADED_CITING = " Dưới đây là các đoạn trong văn bản đã nạp có nhắc đến văn bản này:"
NOT_IN_DOCUMENT = "{citation} không có nội dung này."
NOT_IN_DOCUMENT_SECTIONS = " Các mục của văn bản:"
NO_SUCH_NUMBER = "Hệ thống chưa có văn bản số {numbers}; anh/chị vui lòng kiểm tra lại số hiệu."
CATALOGUE = "Hệ thống có {count} văn bản đã nạp toàn văn:"
NO_DOCUMENT_OF = "Hệ thống chưa có văn bản nào của {place}."
NO_FULL_TEXT_OF = (
    "Hệ thống chưa có toàn văn văn bản nào của {place}; chỉ có thông tin (số hiệu, trích yếu) của: {names}."
)
NO_DOCUMENT_MATCHES = "Hệ thống chưa có văn bản nào phù hợp với địa danh và thời gian được hỏi."
CLARIFY = "Có {count} văn bản phù hợp với câu hỏi; anh/chị muốn hỏi về văn bản nào?"
PICK_IN_CHAT = "👉 Anh/chị gõ số thứ tự (ví dụ: 2) hoặc số hiệu văn bản để chọn."
PICK_BY_ASKING = "👉 Anh/chị hỏi lại kèm số hiệu văn bản, ví dụ: “… của kế hoạch 148”."
LISTED = "Có {count} văn bản phù hợp:"
LISTED_NONE = "Không có văn bản nào trong hệ thống phù hợp với câu hỏi."
COMPARED = "Nội dung tương ứng trong {count} văn bản:"
FACT = "{label}: {value}"
FACT_MISSING = "{citation} không ghi {label}."
TOO_VAGUE = (
    "Câu hỏi chưa nêu nội dung cần tra cứu; anh/chị hãy hỏi cụ thể hơn, ví dụ: “Mục đích của kế hoạch là gì?”"
)
OTHER_DOCUMENTS = "Văn bản khác"
TASKS_FOUND = "Có {count} nhiệm vụ trong {documents} văn bản:"
NO_TASK_DUE = "Không có nhiệm vụ nào có hạn trong khoảng thời gian này."
MORE_ITEMS = "Phần này còn {count} mục nữa."

# -- questions the engine refuses ------------------------------------------------------------------
EMPTY_QUESTION = "Anh/chị chưa nhập câu hỏi."
QUESTION_TOO_LONG = (
    "Câu hỏi dài {length} ký tự, vượt giới hạn {limit} ký tự; anh/chị vui lòng rút gọn "
    "(hệ thống không tự cắt bớt để tránh hiểu sai ý)."
)
NO_PASSAGE = "Không tìm thấy đoạn {passage_id} (có thể văn bản đã được gỡ); anh/chị vui lòng hỏi lại."
NO_DOCUMENT = "Không có văn bản “{wanted}” trong kho; xem danh sách bằng lệnh cchc corpus list."
AMBIGUOUS_DOCUMENT = (
    "“{wanted}” ứng với nhiều văn bản ({ids}); hãy ghi rõ mã văn bản (xem bằng lệnh cchc corpus list)."
)
DATABASE_UNREACHABLE = (
    "Không kết nối được cơ sở dữ liệu {where} ({reason}); hãy kiểm tra CCHC_DATABASE_URL hoặc --database "
    "(dạng postgresql://người-dùng:mật-khẩu@máy:5432/tên-csdl) và máy chủ PostgreSQL (make pg-up)."
)
DATABASE_READ_FAILED = "Cơ sở dữ liệu {where} báo lỗi khi đọc ({reason}); hãy thử lại sau."
DATABASE_WRITE_FAILED = (
    "Cơ sở dữ liệu {where} báo lỗi khi ghi ({reason}); chỉ mục trong cơ sở dữ liệu vẫn như cũ, hãy thử lại."
)
DATABASE_READ_ONLY = (
    "Cơ sở dữ liệu {where} là bản sao chỉ đọc nên không ghi được; chỉ mục và kho văn bản vẫn như cũ, "
    "hãy nạp văn bản và chạy cchc build qua máy chủ chính."
)
DATABASE_SCHEMA = (
    "Cơ sở dữ liệu {where} chứa chỉ mục của một phiên bản khác ({reason}); hãy dùng một cơ sở dữ liệu mới."
)
DATABASE_OTHER_INDEX = (
    "Chỉ mục trong cơ sở dữ liệu {where} được tạo bằng {what} khác; hãy chạy cchc build để tạo lại."
)
IDENTITY_NAMES = {"model": "mô hình nhúng", "code": "phiên bản mã nguồn"}
NO_CORPUS_DIR = (
    "Không có thư mục kho văn bản {path}; hãy kiểm tra --corpus (thư mục mới chỉ được tạo khi nạp tệp "
    "bằng cchc corpus add)."
)
NO_CORPUS_FOLDER = (
    "{path}: không tìm thấy thư mục kho văn bản nên chưa cập nhật cơ sở dữ liệu {where}; "
    "hãy kiểm tra tùy chọn --corpus."
)
INDEXING = "Đang lập chỉ mục kho văn bản {corpus} ({why})…"
INDEXED = "Đã lập chỉ mục {passages} đoạn ({embedded} đoạn mới)."
DATABASE_WRITTEN = (
    "Cơ sở dữ liệu {where}: đã ghi {written} văn bản, thay hoặc gỡ {removed} văn bản ({embedded} đoạn mới)."
)
STALE_NO_INDEX = "chưa có chỉ mục"
STALE_MANIFEST = "tệp mô tả chỉ mục bị hỏng"
STALE_FORMAT = "định dạng chỉ mục đã thay đổi"
STALE_CHANGED = {  # by the key of the index's identity that changed
    "model": "mô hình nhúng đã thay đổi",
    "corpus_fingerprint": "kho văn bản đã thay đổi",
    "code_fingerprint": "phiên bản mã nguồn đã thay đổi",
}
STALE_DAMAGED = "tệp {name} của chỉ mục bị thiếu hoặc hỏng"
STALE_UNREADABLE = "không đọc được chỉ mục ({reason})"
BAD_BACKEND = "CCHC_BACKEND=“{backend}” không hợp lệ; hãy chọn {choices} (bỏ trống để dùng onnx)."
MODEL_NOT_FOUND = (
    "Không tìm thấy mô hình nhúng “{model}”; hãy ghi thư mục chứa mô hình vào --model hoặc CCHC_MODEL "
    "(bỏ trống để dùng mô hình mặc định)."
)
MODEL_INCOMPLETE = (
    "Thư mục mô hình nhúng {model} thiếu tệp {missing}; hãy chọn thư mục chứa đủ mô hình "
    "sentence-transformers (--model hoặc CCHC_MODEL)."
)
MODEL_UNUSABLE = "Không nạp được mô hình nhúng “{model}” ({reason}); hãy kiểm tra --model hoặc CCHC_MODEL."
MODEL_FILES_MISSING = "không có mô hình này hoặc thiếu tệp của mô hình"
DATA_DIR_UNUSABLE = (
    "Không dùng được thư mục dữ liệu {path} ({reason}); hãy đặt CCHC_DATA_DIR là một thư mục ghi được."
)
OS_ERROR = "{path}: không đọc hoặc ghi được ({reason}); hãy kiểm tra đường dẫn và quyền truy cập."
OS_ERROR_NO_PATH = "Không đọc hoặc ghi được tệp ({reason}); hãy kiểm tra đường dẫn và quyền truy cập."
NOT_A_CORPUS_ENGINE = "Hệ thống không gắn với thư mục kho văn bản nào nên không thể nạp thêm tệp."

# -- reading and adding files ----------------------------------------------------------------------
UNSUPPORTED_TYPE = "{name}: định dạng “{suffix}” chưa được hỗ trợ; hãy dùng tệp {allowed}."
NO_SUCH_FILE = "{name}: không tìm thấy tệp; hãy kiểm tra lại đường dẫn."
FOLDER_WITHOUT_FILES = (
    "{name}: thư mục không có tệp nào nạp được; hãy chọn thư mục có tệp {allowed}, hoặc chỉ ra từng tệp."
)
FOLDER_SKIPPED = "Bỏ qua {count} tệp trong thư mục {folder} vì định dạng chưa được hỗ trợ: {names}."
NOT_A_FILE = "{name}: đây không phải là một tệp thông thường; hãy chọn đúng tệp văn bản."
UNREADABLE_FILE = "{name}: không đọc được tệp ({reason}); hãy kiểm tra quyền đọc tệp."
FILE_TOO_LARGE = "{name}: tệp quá lớn ({size:.1f} MB, tối đa {limit} MB); hãy tách thành các tệp nhỏ hơn."
EMPTY_FILE = "{name}: tệp rỗng; hãy kiểm tra lại tệp gốc."
NO_TEXT = "{name}: tệp không có chữ nào đọc được; hãy kiểm tra lại tệp gốc."
NO_PASSAGES = "{name}: không tách được đoạn nào từ nội dung tệp; hãy kiểm tra lại tệp gốc."
GIVEN_TWICE = "{name}: cùng một văn bản ({doc_id}) được đưa vào hai lần; hãy bỏ bớt một tệp."
ALREADY_IN_CORPUS = "{name}: nội dung này đã có trong kho ({doc_id}); không cần nạp lại."
OLD_VERSION = "{name}: nội dung này là bản cũ của {doc_id} (lưu ở {file}); hãy nạp bản mới nhất."
OTHER_ISSUER = (
    "{name}: số hiệu {so_hieu} đã được dùng cho {doc_id} của {co_quan} (khác cơ quan ban hành); "
    "nếu đây đúng là bản mới của văn bản đó, hãy nạp lại với --replaces {doc_id}."
)
SO_HIEU_TAKEN = (
    "{name}: số hiệu {so_hieu} đã được dùng cho văn bản {other} nên không thể thay {doc_id}; "
    "hãy kiểm tra lại tệp hoặc văn bản cần thay."
)
REPLACES_ONE_FILE = "--replaces {wanted}: chỉ thay được bằng một tệp mỗi lần; hãy nạp từng tệp một."
CORPUS_NOT_CREATED = (
    "{path}: không tạo được thư mục kho văn bản ({reason}); hãy chọn thư mục khác bằng --corpus."
)
CORPUS_NOT_WRITTEN = (
    "{path}: không ghi được vào kho văn bản ({reason}); kho vẫn như cũ, hãy kiểm tra quyền ghi và "
    "dung lượng đĩa."
)
ID_TAKEN = "{name}: đã có văn bản mang mã {doc_id}; hãy đổi tên tệp hoặc gỡ văn bản cũ."
OS_REASONS = {  # why a file operation failed, by errno name
    "EACCES": "không có quyền",
    "EPERM": "không có quyền",
    "EROFS": "ổ đĩa chỉ cho phép đọc",
    "ENOSPC": "hết dung lượng đĩa",
    "EDQUOT": "hết hạn mức dung lượng",
    "EEXIST": "đã có một tệp cùng tên",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "ENOENT": "không tìm thấy tệp hoặc thư mục",
    "EISDIR": "đây là thư mục, không phải tệp",
    "ENAMETOOLONG": "đường dẫn quá dài",
    "ELOOP": "đường dẫn có liên kết vòng",
    "EBUSY": "tệp đang được dùng",
    "EIO": "lỗi đọc ghi trên đĩa",
    "ENODEV": "không có thiết bị",
    "ENXIO": "không có thiết bị",
}
REGISTRY_UNREADABLE = "{path}: không đọc được tệp danh mục văn bản ({reason}); hãy kiểm tra quyền đọc tệp."
REGISTRY_INVALID = "{path}: tệp danh mục văn bản không hợp lệ ({reason}); hãy sửa lại tệp."
REGISTRY_BAD_ENTRY = "{path}: mục văn bản {doc_id} có khóa không hợp lệ {keys}; hãy sửa lại tệp."
REGISTRY_BAD_DATE = (
    "{path}: mục văn bản {doc_id}: {field} “{value}” không phải ngày hợp lệ; hãy ghi dạng YYYY-MM-DD "
    "(2024-03-19) hoặc ngày/tháng/năm (19/3/2024)."
)
REGISTRY_DATE_FIELDS = {"ngay_ban_hanh": "ngày ban hành", "added": "ngày nạp", "replaced": "ngày được thay"}
REGISTRY_BAD_VALUE = (
    "{path}: mục văn bản {doc_id}: {key} = {value!r} không hợp lệ ({expected}); hãy sửa lại tệp."
)
REGISTRY_EXPECTED_TEXT = "cần một chuỗi trong ngoặc kép"
REGISTRY_EXPECTED_LIST = 'cần một danh sách mã văn bản, như ["76-NQ-CP-2021"]'
REGISTRY_EXPECTED_STATUS = 'cần "full_text" hoặc "metadata_only"'
REGISTRY_FILE_MISSING = (
    "{path}: mục văn bản {doc_id} ghi tệp “{file}” nhưng thư mục kho văn bản không có tệp này; hãy đặt lại "
    "tệp, sửa mục này hoặc gỡ văn bản bằng cchc corpus remove {doc_id}."
)

# -- what may need a look in a file being added (one line each) ---------------------------------
WARN_NUMBER_MISSING = (
    "Dòng “{line}” không ghi số văn bản nên văn bản không có số hiệu; nếu đây là dự thảo, hãy nạp bản đã "
    "ban hành."
)
WARN_NUMBER_FROM_TEXT = (
    "Dòng “{line}” không ghi số văn bản; số hiệu {so_hieu} được lấy từ nội dung văn bản, hãy kiểm tra lại."
)
WARN_UNNUMBERED = (
    "{count} dòng viết hoa trông như đề mục nhưng không có số thứ tự ({examples}); nội dung dưới các dòng "
    "này được xếp vào mục đứng trước — hãy kiểm tra số thứ tự trong tệp gốc."
)
WARN_NUMBER_GAP = (
    "Đề mục nhảy số ({gaps}): có thể số thứ tự bị mất khi chuyển định dạng — hãy kiểm tra tệp gốc."
)
WARN_GAP_ITEM = "“{before}” rồi “{after}”"
WARN_NOT_ADMINISTRATIVE = (
    "Tệp không giống văn bản hành chính (không thấy số hiệu, ngày ban hành, cơ quan ban hành, loại văn bản "
    "hay đề mục nào); hãy kiểm tra xem đã chọn đúng tệp chưa."
)

# -- the cchc command ------------------------------------------------------------------------------
CLI_DESCRIPTION = "Trợ lý tra cứu văn bản cải cách hành chính: trích dẫn nguyên văn, có nguồn."
CHAT_WELCOME = (
    "Anh/chị hãy đặt câu hỏi về các văn bản cải cách hành chính; có thể hỏi tiếp (“còn yêu cầu thì sao?”, "
    "“cái thứ 2”). "
    "Gõ /moi để bắt đầu chủ đề mới; gõ thoát (hoặc Ctrl-D) để kết thúc."
)
CHAT_NEW_TOPIC = "Đã bắt đầu chủ đề mới."
MORE_NOT_SHOWN = "… còn {count} mục nữa chưa hiển thị."
BUILT = "Đã lập chỉ mục {passages} đoạn của {documents} văn bản trong {seconds:.1f} giây ({where})."
ADDED = "Đã nạp {doc_id}: {citation} — {passages} đoạn ({how})."
ADDED_NEW = "văn bản mới"
ADDED_REPLACED = "toàn văn của văn bản đã đăng ký"
ADDED_VERSION = "bản mới; bản trước lưu ở {file}"
DRY_RUN = "Thử nạp {name} (chưa thay đổi gì trong kho):"
DRY_RUN_VERSION = "bản mới của văn bản đã nạp; bản hiện tại sẽ lưu ở {file}"
FIELD_ID = "Mã văn bản"
FIELD_SO_HIEU = "Số hiệu"
FIELD_LOAI = "Loại văn bản"
FIELD_NGAY = "Ngày ban hành"
FIELD_CO_QUAN = "Cơ quan ban hành"
FIELD_TRICH_YEU = "Trích yếu"
FIELD_NGUOI_KY = "Người ký"
FIELD_PASSAGES = "Số đoạn"
FIELD_UNKNOWN = "(không rõ)"
CHANGES = "  Thay đổi so với bản trước ({count}):"
CHANGE_LINES = {"added": "    + thêm {path}", "removed": "    − bỏ {path}", "changed": "    ~ sửa {path}"}
CHANGE_RENAMED = " (trước là {old_path})"
MORE_CHANGES = "    … và {count} thay đổi khác"
NO_CHANGES = "  Không có mục nào thay đổi nội dung so với bản trước."
WOULD_REGISTER = "  Sẽ đăng ký văn bản được trích dẫn (chỉ siêu dữ liệu): {citation}"
REGISTERED_COUNT = (
    "  Đã đăng ký thêm {count} văn bản được trích dẫn (chỉ siêu dữ liệu); xem bằng cchc corpus list."
)
UNREGISTERED = "  Đã bỏ khỏi danh mục (không còn văn bản nào trích dẫn): {ids}"
NOTE = "  Ghi chú: {text}"
WARNING = "  Cảnh báo: {text}"
REMOVED = "Đã gỡ {doc_id}."
REMOVED_KEPT = "Đã gỡ toàn văn {doc_id} (giữ thông tin trong danh mục)."
STATUS_FULL_TEXT = "toàn văn"
STATUS_METADATA_ONLY = "chỉ siêu dữ liệu"
STATUS_FILE_MISSING = "thiếu tệp"  # loaded, but its file is not in the folder
CITES = "trích dẫn"
IMPLEMENTS = "thực hiện"
VERSIONS = "bản trước"
LEAD_SECTION = "Mục {path}"
LEAD_TITLE = "Phần đầu văn bản"
MOST_RELEVANT = "Câu liên quan nhất"
ERROR_PREFIX = "cchc: "
XLSX_NEEDS_FILE = "Định dạng xlsx cần ghi ra tệp; hãy thêm -o nhiem-vu.xlsx."
NO_TASKS_LISTED = "Không có nhiệm vụ nào phù hợp với điều kiện lọc."
TASKS_WRITTEN = "Đã ghi {count} nhiệm vụ vào {path}."
BAD_PERIOD = "Chưa hiểu khoảng thời gian “{text}”; hãy ghi như “quý III/2026”, “tháng 6/2026”, “năm nay”."
NO_SECTION = "{citation} không có mục “{section}”; hãy ghi mục như trong câu trả lời, ví dụ 2.a hoặc II.1."
BAD_DATE = "Chưa hiểu ngày “{text}”; hãy ghi như 30/6/2026 hoặc 2026-06-30."
INTERRUPTED = "Đã dừng."

# -- the cchc command's arguments: argparse's own texts, and the help of each command -------------
ARG_USAGE = "Cách dùng: "
ARG_POSITIONALS = "tham số"
ARG_OPTIONALS = "tùy chọn"
ARG_COMMANDS = "lệnh"
ARG_HELP = "hiện hướng dẫn này rồi thoát"
ARG_ERROR = "{prog}: lỗi: {message} (xem {prog} --help)"
ARG_ARGUMENT = "tham số {name}: {message}"
ARG_NO_COMMAND = "không có lệnh {value}; hãy chọn một trong: {choices}"
ARG_NO_COMMAND_GIVEN = "chưa chọn lệnh; hãy chọn một trong: {choices}"
ARG_TYPES = {"int": "số nguyên", "float": "số"}  # argparse's name of a type -> what a value must be
ARG_ERRORS = {  # argparse's error messages (index/arguments.py matches the English ones)
    "unrecognized": "không nhận ra tham số: {args}",
    "required": "thiếu tham số bắt buộc: {args}",
    "one_of": "cần một trong các tham số: {args}",
    "choice": "giá trị {value} không hợp lệ; hãy chọn một trong: {choices}",
    "type": "giá trị {value} không hợp lệ, cần một {type}",
    "value": "giá trị {value} không hợp lệ",
    "one_value": "cần một giá trị",
    "at_most_one": "chỉ nhận tối đa một giá trị",
    "at_least_one": "cần ít nhất một giá trị",
    "values": "cần {count} giá trị",
    "not_with": "không dùng chung được với {other}",
    "no_value": "không nhận giá trị {value}",
    "ambiguous": "tùy chọn {option} chưa rõ, có thể là {matches}",
    "unexpected": "tùy chọn {option} không đúng chỗ",
}
CLI_EPILOG = "Xem hướng dẫn của từng lệnh: cchc LỆNH --help (ví dụ cchc ask --help)."
HELP = {  # the help of each command and option, by "command.option"
    "corpus": "thư mục kho văn bản (mặc định: corpus/)",
    "model": "mô hình nhúng: tên mô hình sentence-transformers hoặc thư mục chứa mô hình "
    "(mặc định: $CCHC_MODEL, không đặt thì multilingual-e5-small)",
    "backend": "cách chạy mô hình nhúng: onnx (int8, mặc định) hoặc torch (fp32); đặt được cả bằng "
    "CCHC_BACKEND",
    "database": "đặt chỉ mục trong PostgreSQL + pgvector, dạng postgresql://người-dùng:mật-khẩu@máy:cổng/"
    "tên-csdl (mặc định: $CCHC_DATABASE_URL; không đặt thì chỉ mục lưu trong thư mục dữ liệu)",
    "top_k": "số đoạn trích dẫn tối đa (mặc định 3)",
    "ask": "trả lời một câu hỏi (hoặc từng dòng nhập vào)",
    "ask.description": "Trả lời câu hỏi bằng trích dẫn nguyên văn các văn bản đã nạp, kèm số hiệu và mục "
    "để đối chiếu.",
    "ask.question": "câu hỏi; bỏ trống thì mỗi dòng đọc từ đầu vào chuẩn (stdin) là một câu hỏi",
    "ask.json": "in kết quả dạng JSON (đọc từ stdin: mỗi câu hỏi một dòng)",
    "chat": "hỏi đáp liên tục trên cửa sổ dòng lệnh, có thể hỏi tiếp theo câu trước",
    "chat.description": "Hỏi đáp liên tục: gõ câu hỏi rồi Enter; có thể hỏi tiếp (“còn yêu cầu thì "
    "sao?”). Gõ /moi để bắt đầu chủ đề mới; gõ thoát (hoặc Ctrl-D) để kết thúc.",
    "build": "lập hoặc cập nhật chỉ mục của kho văn bản",
    "corpus_command": "xem, nạp hoặc gỡ văn bản trong kho văn bản",
    "corpus.list": "liệt kê văn bản trong kho: tình trạng (toàn văn / chỉ siêu dữ liệu) và văn bản liên quan",
    "corpus.list.json": "in dạng JSON",
    "corpus.add": "nạp tệp văn bản vào kho (nạp tất cả hoặc không nạp tệp nào)",
    "corpus.add.files": "tệp .txt .md .html .docx .doc .pdf, hoặc thư mục chứa các tệp đó (không tính "
    "thư mục con)",
    "corpus.add.dry_run": "chỉ xem trước những gì sẽ được nạp; không thay đổi gì",
    "corpus.add.replaces": "tệp là bản mới của văn bản này (mã văn bản hoặc số hiệu)",
    "corpus.remove": "gỡ một văn bản khỏi kho",
    "corpus.remove.document": "mã văn bản hoặc số hiệu (“148/KH-UBND”)",
    "corpus.remove.keep_metadata": "giữ thông tin của văn bản (số hiệu, trích yếu…) trong danh mục",
    "tasks": "nhiệm vụ trong các kế hoạch: đơn vị chủ trì, đơn vị phối hợp, thời hạn (xuất bảng theo dõi)",
    "tasks.document": "chỉ lấy nhiệm vụ của văn bản này (mã văn bản hoặc số hiệu)",
    "tasks.unit": "đơn vị, viết kiểu nào cũng được (“SNV”, “Sở Nội vụ”, “so noi vu”)",
    "tasks.role": "vai trò của đơn vị: lead (chủ trì), partner (phối hợp), any (cả hai, mặc định)",
    "tasks.due": "thời hạn nằm trong khoảng thời gian này: “quý III/2026”, “quý này”",
    "tasks.due_before": "thời hạn không muộn hơn ngày này: 30/6/2026 hoặc 2026-06-30",
    "tasks.format": "định dạng xuất: table (bảng, mặc định), json, csv, xlsx",
    "tasks.output": "ghi ra tệp này (bắt buộc với xlsx)",
    "cite": "dòng “Căn cứ …;” của một văn bản hoặc một mục, để dán vào văn bản mới",
    "cite.document": "mã văn bản hoặc số hiệu (“148/KH-UBND”)",
    "cite.section": "một mục, ghi như trong câu trả lời: 2.a, II.1",
}
METAVARS = {  # the placeholders help shows for values
    "command": "LỆNH",
    "action": "THAO_TÁC",
    "corpus": "THƯ_MỤC",
    "model": "MÔ_HÌNH",
    "top_k": "SỐ_ĐOẠN",
    "question": "CÂU_HỎI",
    "files": "TỆP",
    "document": "MÃ_HOẶC_SỐ_HIỆU",
    "unit": "ĐƠN_VỊ",
    "period": "KHOẢNG_THỜI_GIAN",
    "date": "NGÀY",
    "file": "TỆP",
    "section": "MỤC",
}

# -- conversation (issue 11) ---------------------------------------------------------------------------
SMALL_TALK = {
    "greeting": "Xin chào anh/chị! Anh/chị cứ hỏi về mục đích, yêu cầu, nhiệm vụ hay thời hạn trong các "
    "văn bản đã nạp; tôi trả lời bằng trích dẫn nguyên văn, có số hiệu và mục để đối chiếu.",
    "thanks": "Dạ, không có gì ạ. Anh/chị cần tra cứu thêm cứ hỏi tiếp.",
    "goodbye": "Chào anh/chị, hẹn gặp lại!",
    "help": "Anh/chị gõ câu hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ “Mục đích của kế "
    "hoạch là gì?”. Có thể hỏi tiếp: “còn yêu cầu thì sao?”, “trong kế hoạch 982 thì sao?”, “cái thứ 2”.",
    "identity": "Tôi là trợ lý tra cứu văn bản cải cách hành chính: tôi trả lời bằng cách trích nguyên văn "
    "các văn bản đã nạp, kèm số hiệu và mục để anh/chị đối chiếu.",
}
NTH_QUOTE = "Nội dung đầy đủ của trích dẫn thứ {number} ({citation}):"
NO_SUCH_QUOTE = "Câu trả lời trước chỉ có {count} trích dẫn, không có trích dẫn thứ {number}."
QUOTE_GONE = "Trích dẫn này không còn trong hệ thống do văn bản vừa được cập nhật; anh/chị vui lòng hỏi lại."
