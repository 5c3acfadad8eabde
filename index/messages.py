"""Every text the engine and the ``cchc`` command show a person: Vietnamese, one line each.

Templates use ``str.format`` fields. Logs stay in English and are not here; the bot's own texts are in
``bot/texts.py``.
"""

from __future__ import annotations

# -- answers ----------------------------------------------------------------------------------------
QUOTED_FROM = "Trích dẫn từ {where}:"
QUOTED_FROM_MANY = "{count} văn bản"
NOT_COVERED = "Các văn bản đã nạp không đề cập trực tiếp đến nội dung này."
NOT_COVERED_CLOSEST = " Các mục gần nhất có thể tham khảo:"
UNLOADED = "Toàn văn {names} chưa được nạp vào hệ thống, nên không thể trích nội dung của văn bản này."
UNLOADED_CITING = " Dưới đây là nơi các văn bản đã nạp nhắc đến nó:"
NOT_IN_DOCUMENT = "{citation} không có nội dung này."
NOT_IN_DOCUMENT_SECTIONS = " Các phần của văn bản:"
NO_SUCH_NUMBER = "Trong kho chưa có văn bản số {numbers}; anh/chị hãy kiểm tra lại số hiệu."
NO_DOCUMENT_OF = "Trong kho chưa có văn bản nào của {place}."
NO_DOCUMENT_MATCHES = "Trong kho không có văn bản nào khớp với địa danh và thời gian được hỏi."
CLARIFY = "Câu hỏi này hợp với {count} văn bản; anh/chị muốn hỏi văn bản nào?"
LISTED = "Có {count} văn bản phù hợp:"
LISTED_NONE = "Không có văn bản nào trong kho phù hợp với câu hỏi."
COMPARED = "Nội dung tương ứng trong {count} văn bản:"
FACT = "{label}: {value}"
FACT_MISSING = "{citation} không ghi {label}."
TOO_VAGUE = (
    "Câu hỏi chưa nêu nội dung cần tra cứu; anh/chị hãy hỏi cụ thể hơn, ví dụ: “Mục đích của kế hoạch là gì?”"
)
OTHER_DOCUMENTS = "Văn bản khác"
TASKS_FOUND = "{count} nhiệm vụ trong {documents} văn bản:"
NO_TASK_DUE = "Không có nhiệm vụ nào có hạn trong khoảng thời gian này."
MORE_ITEMS = "Phần này còn {count} mục nữa."

# -- questions the engine refuses ------------------------------------------------------------------
EMPTY_QUESTION = "Câu hỏi trống: hãy nhập một câu hỏi."
QUESTION_TOO_LONG = (
    "Câu hỏi quá dài: {length} ký tự, vượt quá giới hạn {limit} ký tự; hãy rút gọn câu hỏi "
    "(câu hỏi không được tự cắt bớt để tránh hiểu sai ý)."
)
NO_PASSAGE = "Không có đoạn văn bản {passage_id} (có thể văn bản đã bị gỡ): hãy hỏi lại."
NO_DOCUMENT = "Không có văn bản “{wanted}” trong kho: xem danh sách bằng lệnh cchc corpus list."
AMBIGUOUS_DOCUMENT = (
    "“{wanted}” ứng với nhiều văn bản ({ids}): hãy ghi mã văn bản; xem danh sách bằng lệnh cchc corpus list."
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
    "Chỉ mục trong cơ sở dữ liệu {where} được dựng bằng {what} khác; hãy chạy cchc build để dựng lại."
)
IDENTITY_NAMES = {"model": "mô hình nhúng", "code": "phiên bản mã nguồn"}
NO_CORPUS_FOLDER = (
    "{path}: không có thư mục kho văn bản này nên cơ sở dữ liệu {where} không được cập nhật; "
    "hãy kiểm tra --corpus."
)
NOT_A_CORPUS_ENGINE = "Bộ máy trả lời này không gắn với thư mục văn bản nào nên không thể nạp thêm tệp."

# -- reading and adding files ----------------------------------------------------------------------
UNSUPPORTED_TYPE = "{name}: định dạng “{suffix}” chưa được hỗ trợ; hãy dùng tệp {allowed}."
NO_SUCH_FILE = "{name}: không tìm thấy tệp; hãy kiểm tra lại đường dẫn."
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
    "{name}: số hiệu {so_hieu} đã thuộc {doc_id} của {co_quan}, khác cơ quan ban hành; nếu đây đúng là "
    "bản mới của văn bản đó, hãy nạp lại với --replaces {doc_id}."
)
SO_HIEU_TAKEN = (
    "{name}: số hiệu {so_hieu} đã thuộc văn bản {other} nên không thể thay {doc_id}; hãy kiểm tra lại tệp "
    "hoặc văn bản cần thay."
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
    "EROFS": "ổ đĩa chỉ cho đọc",
    "ENOSPC": "hết dung lượng đĩa",
    "EDQUOT": "hết hạn mức dung lượng",
    "EEXIST": "đã có một tệp cùng tên",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "ENOENT": "không có thư mục này",
}
REGISTRY_UNREADABLE = "{path}: không đọc được tệp danh mục văn bản ({reason}); hãy kiểm tra quyền đọc tệp."
REGISTRY_INVALID = "{path}: tệp danh mục văn bản không hợp lệ ({reason}); hãy sửa lại tệp."
REGISTRY_BAD_ENTRY = "{path}: mục văn bản {doc_id} có khóa không hợp lệ {keys}; hãy sửa lại tệp."
REGISTRY_FILE_MISSING = "{doc_id}: không thấy tệp {path} ghi trong danh mục; hãy đặt lại tệp hoặc gỡ văn bản."

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
    "hay đề mục nào); hãy kiểm tra đã chọn đúng tệp."
)

# -- the cchc command ------------------------------------------------------------------------------
CLI_DESCRIPTION = "Trợ lý tra cứu văn bản cải cách hành chính: trích dẫn nguyên văn, có nguồn."
CHAT_WELCOME = (
    "Hỏi về các văn bản cải cách hành chính; hỏi tiếp được (“còn yêu cầu thì sao?”, “cái thứ 2”). "
    "Gõ /moi để bắt đầu chủ đề mới, Ctrl-D để thoát."
)
CHAT_NEW_TOPIC = "Đã bắt đầu chủ đề mới."
MORE_NOT_SHOWN = "… còn {count} mục nữa chưa hiển thị."
BUILT = "Đã sẵn sàng {passages} đoạn từ {documents} văn bản trong {seconds:.1f} giây ({where})."
ADDED = "Đã nạp {doc_id}: {citation} — {passages} đoạn ({how})."
ADDED_NEW = "văn bản mới"
ADDED_REPLACED = "toàn văn của văn bản đã đăng ký"
ADDED_VERSION = "bản mới; bản trước lưu ở {file}"
DRY_RUN = "Thử nạp {name} (chưa thay đổi gì trong kho):"
DRY_RUN_VERSION = "bản mới của văn bản đã nạp; bản hiện tại sẽ lưu ở {file}"
FIELD_ID = "Mã văn bản"
FIELD_SO_HIEU = "Số hiệu"
FIELD_LOAI = "Loại"
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
CITES = "trích dẫn"
IMPLEMENTS = "thực hiện"
VERSIONS = "bản trước"
LEAD_SECTION = "Mục {path}"
LEAD_TITLE = "Phần đầu văn bản"
MOST_RELEVANT = "Câu liên quan nhất"
ERROR_PREFIX = "cchc: "
XLSX_NEEDS_FILE = "Định dạng xlsx cần tệp ghi ra: thêm -o ten-tep.xlsx."
NO_TASKS_LISTED = "Không có nhiệm vụ nào khớp bộ lọc."
TASKS_WRITTEN = "Đã ghi {count} nhiệm vụ vào {path}."
BAD_PERIOD = "Không hiểu khoảng thời gian “{text}”: ví dụ “quý III/2026”, “tháng 6/2026”, “năm nay”."
NO_SECTION = "{citation} không có mục “{section}”: mục ghi như trong câu trả lời, ví dụ 2.a hoặc II.1."
BAD_DATE = "Không hiểu ngày “{text}”: ví dụ 30/6/2026 hoặc 2026-06-30."
INTERRUPTED = "Đã dừng."

# -- conversation (issue 11) ---------------------------------------------------------------------------
SMALL_TALK = {
    "greeting": "Xin chào anh/chị! Anh/chị cứ hỏi về mục đích, yêu cầu, nhiệm vụ hay thời hạn trong các "
    "văn bản đã nạp; tôi trả lời bằng trích dẫn nguyên văn, có số hiệu và mục để đối chiếu.",
    "thanks": "Dạ, không có gì ạ. Anh/chị cần tra cứu thêm cứ hỏi tiếp.",
    "goodbye": "Chào anh/chị, hẹn gặp lại!",
    "help": "Anh/chị gõ câu hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ “Mục đích của kế "
    "hoạch là gì?”. Hỏi tiếp được: “còn yêu cầu thì sao?”, “trong kế hoạch 982 thì sao?”, “cái thứ 2”.",
    "identity": "Tôi là trợ lý tra cứu văn bản cải cách hành chính: tôi trả lời bằng cách trích nguyên văn "
    "các văn bản đã nạp, kèm số hiệu và mục để anh/chị kiểm tra lại.",
}
NTH_QUOTE = "Trích dẫn {number} của câu trả lời trước, đầy đủ ({citation}):"
NO_SUCH_QUOTE = "Câu trả lời trước chỉ có {count} trích dẫn, không có trích dẫn thứ {number}."
QUOTE_GONE = "Trích dẫn này không còn trong kho (văn bản vừa được cập nhật): anh/chị hỏi lại giúp nhé."
