"""What the bot says: every fixed Vietnamese text in one place (Telegram HTML, already escaped)."""

from __future__ import annotations

EXAMPLE = "{section} của {document} là gì?"  # /start: one per real section of a loaded document
EXAMPLE_TASKS = "Nhiệm vụ của {unit} là gì?"
EXAMPLE_DOCUMENT = "văn bản"  # a document whose kind is not known

GREETING = (
    "Xin chào{name}! Tôi là <b>trợ lý tra cứu văn bản cải cách hành chính</b>.\n"
    "Tôi trả lời bằng cách <b>trích nguyên văn</b> các đoạn văn bản liên quan, kèm số hiệu, ngày ban hành "
    "và mục trích dẫn. Anh/chị có thể gõ có dấu hoặc không dấu."
)
LOADED_HEADER = "<b>Văn bản đã nạp toàn văn:</b>"
NOTHING_LOADED = "<i>Chưa có văn bản nào được nạp toàn văn.</i>"
TRY_EXAMPLES = "Anh/chị hãy thử một câu hỏi mẫu bên dưới, hoặc gõ câu hỏi của mình."
START_FOOTER = (
    "/gioithieu: xem kế hoạch từng phần · /tailieu: danh sách văn bản · /nhiemvu: nhiệm vụ của một đơn vị · "
    "/help: hướng dẫn"
)

HELP = (
    "<b>Cách dùng</b>\n"
    "• Trong trò chuyện riêng: gõ câu hỏi bất kỳ, có dấu hoặc không dấu.\n"
    "• Trong nhóm: dùng <code>/hoi câu hỏi</code>, nhắc tên tôi ({mention}) hoặc trả lời tin nhắn của tôi.\n"
    "• Câu trả lời là các đoạn <b>trích nguyên văn</b> kèm nguồn. Nút <b>📄 Toàn văn</b> mở cả mục, "
    "<b>➕ Thêm kết quả</b> cho thêm đoạn trích, 👍 / 👎 giúp cải thiện trợ lý.\n"
    "• Có thể hỏi tiếp như khi trò chuyện: “còn yêu cầu thì sao?”, “cái thứ 2”; "
    "gõ /moi để bắt đầu chủ đề mới. "
    "Khi nhiều văn bản cùng phù hợp, tôi hỏi lại anh/chị muốn hỏi văn bản nào.\n"
    "• Nếu văn bản không đề cập đến nội dung được hỏi, tôi sẽ nói rõ và gợi ý các mục có nội dung gần nhất.\n"
    "• Có thể gõ lệnh không kèm dấu “/”, ví dụ <code>tailieu</code> hoặc <code>nhiemvu Sở Nội vụ</code>."
)
HELP_COMMANDS = "<b>Lệnh</b>"
HELP_UPLOAD = "• Quản trị viên: gửi tệp {formats} vào trò chuyện riêng để nạp văn bản mới."

NOT_ALLOWED = (
    "Xin lỗi, trợ lý này chỉ phục vụ các cán bộ và đơn vị đã được cấp quyền. "
    "Anh/chị vui lòng liên hệ quản trị viên nếu cần sử dụng."
)
ADMIN_ONLY = "Xin lỗi, chức năng này chỉ dành cho quản trị viên."
RATE_LIMITED = (
    "Anh/chị đang hỏi hơi nhanh 🙂 Mỗi người được hỏi tối đa {limit} câu mỗi phút. "
    "Anh/chị vui lòng thử lại sau khoảng {wait} giây."
)
ASK_USAGE = "Anh/chị hãy gõ câu hỏi sau lệnh, ví dụ: <code>/hoi Mục đích của kế hoạch là gì?</code>"
ENGINE_REFUSED = "⚠️ {reason}"
ERROR = "⚠️ Xin lỗi, đã có lỗi xảy ra khi xử lý yêu cầu. Anh/chị vui lòng thử lại sau ít phút."
EXPIRED = "Nút này đã hết hạn, anh/chị vui lòng đặt lại câu hỏi."
NO_MORE = "Không còn đoạn trích nào khác phù hợp."
THANKS = {
    1: "Cảm ơn anh/chị! Đánh giá 👍 đã được ghi nhận.",
    -1: "Cảm ơn anh/chị! Góp ý 👎 đã được ghi nhận.",
}
FEEDBACK_NOT_SAVED = "Xin lỗi, hiện chưa lưu được góp ý; anh/chị vui lòng thử lại sau."

UPLOAD_NOT_ADMIN = (
    "Cảm ơn anh/chị đã gửi tệp! Tuy nhiên chỉ quản trị viên mới có thể nạp văn bản vào hệ thống."
)
UPLOAD_BAD_TYPE = "Định dạng “{suffix}” chưa được hỗ trợ; anh/chị vui lòng gửi tệp {allowed}."
UPLOAD_TOO_BIG = "Tệp có dung lượng {size:.1f} MB, vượt giới hạn {limit} MB."
UPLOADING = "⏳ Đang nạp <b>{name}</b>…"
UPLOADED = (
    "✅ Đã nạp <b>{citation}</b>: {passages} đoạn ({how}). Chỉ mục đã được cập nhật ({embedded} đoạn mới)."
)
UPLOADED_NEW = "văn bản mới"
UPLOADED_REPLACED = "toàn văn của văn bản đã đăng ký"
UPLOAD_FAILED = "❌ Không nạp được <b>{name}</b>: {reason}\nChỉ mục và kho văn bản không thay đổi."

STATS_UNAVAILABLE = "⚠️ Chưa đọc được thống kê lúc này (cơ sở dữ liệu bận hoặc lỗi)."

# -- conversation and answers (issue 11) ---------------------------------------------------------------
NEW_TOPIC = "🆕 Đã bắt đầu chủ đề mới: câu hỏi tiếp theo của anh/chị sẽ không nối với các câu trước."
OTHER_DOCUMENTS = "Văn bản khác"
DOCUMENT_START = "Phần đầu văn bản"
NOT_COVERED_NEXT = (
    "👉 Anh/chị có thể diễn đạt lại câu hỏi cụ thể hơn, hoặc xem danh sách văn bản đã nạp bằng /tailieu."
)
NOT_COVERED_HANDOFF = (
    " Nếu vẫn cần câu trả lời, anh/chị bấm “🙋 Hỏi cán bộ phụ trách” để chuyển câu hỏi đến cán bộ."
)
TOUR_PARTS = "<b>Các phần chính:</b>"

# -- hand-off to an officer ---------------------------------------------------------------------------
HANDOFF_BUTTON = "🙋 Hỏi cán bộ phụ trách"
HANDOFF_REQUEST = (
    "🙋 <b>Câu hỏi cần cán bộ phụ trách trả lời</b> (mã #{reference})\n"
    "Người hỏi: {name}\nCâu hỏi: <i>{question}</i>"
)
HANDOFF_CLOSEST = "Các đoạn có nội dung gần nhất mà trợ lý tìm được:"
HANDOFF_HOW = (
    "<i>Anh/chị phản hồi ngay trên tin nhắn này (bấm “Trả lời”); ghi mã đoạn văn bản trong ngoặc vuông, "
    "ví dụ [148-KH-UBND-2023/1], để kèm trích dẫn nguyên văn.</i>"
)
HANDOFF_SENT = (
    "📨 Đã chuyển câu hỏi đến cán bộ phụ trách (mã #{reference}); câu trả lời sẽ được gửi lại tại đây."
)
HANDOFF_ALREADY = "Câu hỏi này đã được chuyển đến cán bộ phụ trách; anh/chị vui lòng chờ trả lời."
HANDOFF_FAILED = "Xin lỗi, chưa chuyển được câu hỏi đến cán bộ phụ trách; anh/chị vui lòng thử lại sau."
REVIEWED = "✅ <b>Trả lời của cán bộ phụ trách</b> (mã #{reference})\n❓ <i>{question}</i>"
REVIEW_DELIVERED = "✅ Đã gửi câu trả lời cho {name} (mã #{reference})."
REVIEW_NOT_DELIVERED = "⚠️ Đã lưu câu trả lời (mã #{reference}) nhưng chưa gửi được cho người hỏi: {reason}."
REVIEW_UNKNOWN_PASSAGES = " Không tìm thấy đoạn {ids} trong hệ thống nên không đưa vào trích dẫn."

# -- tasks, deadlines, reminders, change notices (issues 10 and 11) -----------------------------------
ARGUMENT_TOO_LONG = (
    "Nội dung sau lệnh dài quá {limit} ký tự; anh/chị vui lòng ghi ngắn gọn, ví dụ “Sở Nội vụ”, “quý này”."
)
TASKS_USAGE = "Anh/chị hãy ghi tên đơn vị sau lệnh, ví dụ: <code>/nhiemvu Sở Nội vụ</code>."
NO_TASKS_OF_UNIT = (
    "Không tìm thấy nhiệm vụ nào của “{unit}” trong các văn bản đã nạp; anh/chị thử tên khác của đơn vị "
    "(ví dụ “Sở Nội vụ” hoặc “SNV”) hoặc xem /tailieu."
)
TASKS_OF_UNIT = "Nhiệm vụ của {unit}"
DEADLINES_AHEAD = "Hạn chót sắp tới (từ {today})"
DEADLINES_IN = "Nhiệm vụ có hạn trong “{period}” ({first} – {last})"
NO_DEADLINES_AHEAD = "Không có nhiệm vụ nào có hạn từ hôm nay ({today}) trở đi trong các văn bản đã nạp."
NO_DEADLINES_IN = "Không có nhiệm vụ nào có hạn trong “{period}” ({first} – {last}) trong các văn bản đã nạp."
BAD_PERIOD = (
    "Tôi chưa hiểu khoảng thời gian “{text}”; anh/chị thử ví dụ <code>/hanchot quý này</code>, "
    "<code>/hanchot tháng 6/2026</code> hoặc <code>/hanchot quý III/2026</code>."
)
TASK_PAGE = "📋 <b>{title}</b>\n{count} nhiệm vụ · trang {page}/{pages}"
PAGE_PREVIOUS = "« Trước"
PAGE_NEXT = "Sau »"
FOLLOWED_UNIT = (
    "🔔 Đã đăng ký nhắc hạn nhiệm vụ của “{unit}” cho cuộc trò chuyện này ({count} nhiệm vụ có thời hạn), "
    "nhắc trước hạn {days} ngày, kèm thông báo khi văn bản được bổ sung hoặc sửa đổi. "
    "Hủy bằng <code>/huytheodoi {unit}</code>."
)
FOLLOWED_UNIT_UNKNOWN = (
    " Hiện chưa có nhiệm vụ nào của đơn vị này trong các văn bản đã nạp; anh/chị kiểm tra lại tên đơn vị "
    "(ví dụ “Sở Nội vụ” hoặc “SNV”)."
)
FOLLOWED_CHANGES = (
    "🔔 Đã đăng ký nhận thông báo khi văn bản được bổ sung hoặc sửa đổi. Để được nhắc hạn nhiệm vụ, "
    "anh/chị gõ <code>/theodoi tên đơn vị</code>, ví dụ <code>/theodoi Sở Nội vụ</code>."
)
ALREADY_FOLLOWED = "Cuộc trò chuyện này đã theo dõi “{unit}” rồi."
ALREADY_FOLLOWED_CHANGES = "Cuộc trò chuyện này đã đăng ký nhận thông báo thay đổi văn bản rồi."
CHANGES_ONLY = "thông báo thay đổi văn bản"
UNFOLLOWED = "🔕 Đã hủy theo dõi “{unit}”."
UNFOLLOWED_ALL = "🔕 Đã hủy toàn bộ theo dõi của cuộc trò chuyện này ({count} mục)."
NOT_FOLLOWED = "Cuộc trò chuyện này chưa theo dõi “{unit}”; đang theo dõi: {following}."
NOTHING_FOLLOWED = "Cuộc trò chuyện này chưa theo dõi gì; đăng ký bằng <code>/theodoi Sở Nội vụ</code>."
FOLLOW_NOT_SAVED = (
    "⚠️ Chưa lưu được thay đổi lúc này (cơ sở dữ liệu bận); anh/chị vui lòng thử lại sau ít phút."
)
REMINDER = "⏰ <b>Nhắc hạn nhiệm vụ</b> ({units})"
REMINDER_LEFT = "<b>Còn {days} ngày</b> (hạn {date})"
REMINDER_TODAY = "<b>Hạn chót hôm nay</b> ({date})"
NOTICE_NEW = "📢 <b>Văn bản mới được nạp:</b> {citation}"
NOTICE_FULL_TEXT = "📢 <b>Đã nạp toàn văn:</b> {citation}"
NOTICE_VERSION = "📢 <b>{citation}</b> có bản mới; {count} mục thay đổi:"
NOTICE_SAME_SECTIONS = "📢 <b>{citation}</b> có bản mới; nội dung các mục không thay đổi."
NOTICE_SIZE = "{passages} đoạn văn bản, {tasks} nhiệm vụ."
NOTICE_CHANGE = {"added": "➕ Thêm {path}", "removed": "➖ Bỏ {path}", "changed": "✏️ Sửa {path}"}
NOTICE_MORE = "… và {count} thay đổi khác."
NOTICE_TASKS_ADDED = "<b>Nhiệm vụ mới ({count}):</b>"
NOTICE_TASKS_REMOVED = "<b>Nhiệm vụ không còn trong bản mới ({count}):</b>"
NOTICE_DEADLINES = "<b>Thời hạn thay đổi ({count}):</b>"
NOTICE_DEADLINE = "• {task}: {old} → {new}"
NOTICE_FOOTER = "<i>Anh/chị có thể hỏi về văn bản này như thường lệ; hủy nhận thông báo bằng /huytheodoi.</i>"
NO_DEADLINE = "không ghi"

# -- settings (cchc bot refuses to start, one line) ---------------------------------------------------
NO_TOKEN = (
    "Chưa đặt biến môi trường TELEGRAM_BOT_TOKEN; hãy tạo bot qua @BotFather rồi gán mã token vào biến này."
)
BAD_WEBHOOK_URL = "webhook_url phải là địa chỉ http(s), không phải “{url}”; hãy sửa cấu hình."
SETTING_NOT_POSITIVE = "Thiết lập {name} phải là số dương, không phải {value}; hãy sửa cấu hình."
SETTING_INVALID = "Thiết lập {name} có giá trị không hợp lệ “{value}”; hãy sửa cấu hình."
CONFIG_UNREADABLE = "{path}: không đọc được tệp cấu hình bot ({reason}); hãy kiểm tra đường dẫn và quyền đọc."
CONFIG_NOT_TOML = "{path}: tệp cấu hình không đúng định dạng TOML ({reason}); hãy sửa lại tệp."
CONFIG_UNKNOWN = "{path}: có thiết lập không được hỗ trợ: {unknown} (các thiết lập hợp lệ: {known})."

# -- ``cchc bot``: its help, and why it could not start (one line each) -----------------------------
CLI_HELP = {
    "bot": "chạy bot Telegram",
    "bot.description": "Chạy bot Telegram trả lời câu hỏi về các văn bản đã nạp. Mã bot lấy từ "
    "TELEGRAM_BOT_TOKEN hoặc tệp cấu hình; chạy cho đến khi nhấn Ctrl-C.",
    "config": "tệp TOML cấu hình bot (mặc định: $CCHC_BOT_CONFIG); biến môi trường được ưu tiên hơn tệp",
    "log_level": "mức ghi nhật ký: DEBUG, INFO, WARNING… (mặc định INFO)",
}
TELEGRAM_UNREACHABLE = (
    "Không kết nối được tới Telegram ({host}): {reason}; hãy kiểm tra mạng, tường lửa hoặc TELEGRAM_API_BASE."
)
TELEGRAM_NO_CONNECTION = "không mở được kết nối"
TELEGRAM_TIMED_OUT = "quá thời gian chờ phản hồi"
TELEGRAM_TOKEN_REFUSED = (
    "Telegram ({host}) không chấp nhận mã bot; hãy kiểm tra TELEGRAM_BOT_TOKEN (mã do @BotFather cấp)."
)
TELEGRAM_REFUSED = "Telegram ({host}) từ chối khởi động bot ({reason}); hãy kiểm tra cấu hình bot."
