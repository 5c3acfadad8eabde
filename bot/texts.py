"""What the bot says: every fixed Vietnamese text in one place (Telegram HTML, already escaped)."""

from __future__ import annotations

EXAMPLES = [
    "Mục đích của kế hoạch cải cách hành chính năm 2023 là gì?",
    "Yêu cầu của kế hoạch cải cách hành chính là gì?",
    "muc dich cua ke hoach la gi",
    "Cải cách hành chính phải gắn với những gì?",
]

GREETING = (
    "Xin chào{name}! Tôi là <b>trợ lý tra cứu văn bản cải cách hành chính</b>.\n"
    "Tôi trả lời bằng cách <b>trích nguyên văn</b> các đoạn văn bản liên quan, kèm số hiệu, ngày ban hành "
    "và mục trích dẫn. Bạn có thể gõ có dấu hoặc không dấu."
)
LOADED_HEADER = "<b>Văn bản đã nạp toàn văn:</b>"
NOTHING_LOADED = "<i>Chưa có văn bản nào được nạp toàn văn.</i>"
TRY_EXAMPLES = "Hãy thử một câu hỏi mẫu bên dưới, hoặc gõ câu hỏi của bạn."
START_FOOTER = "/gioithieu: xem kế hoạch từng phần · /tailieu: danh sách văn bản · /help: hướng dẫn"

HELP = (
    "<b>Cách dùng</b>\n"
    "• Trong trò chuyện riêng: gõ câu hỏi bất kỳ, có dấu hoặc không dấu.\n"
    "• Trong nhóm: dùng <code>/hoi câu hỏi</code>, nhắc tên tôi ({mention}) hoặc trả lời tin nhắn của tôi.\n"
    "• Câu trả lời là các đoạn <b>trích nguyên văn</b> kèm nguồn. Nút <b>📄 Toàn văn</b> mở cả mục, "
    "<b>➕ Thêm kết quả</b> cho thêm đoạn trích, 👍 / 👎 giúp cải thiện trợ lý.\n"
    "• Nếu văn bản không đề cập đến nội dung được hỏi, tôi sẽ nói rõ và gợi ý các mục gần nhất."
)
HELP_COMMANDS = "<b>Lệnh</b>"
HELP_UPLOAD = "• Quản trị viên: gửi tệp {formats} vào trò chuyện riêng để nạp văn bản mới."

NOT_ALLOWED = (
    "Xin lỗi, trợ lý này chỉ phục vụ các cán bộ và đơn vị đã được cấp quyền. "
    "Vui lòng liên hệ quản trị viên nếu bạn cần sử dụng."
)
ADMIN_ONLY = "Xin lỗi, chức năng này chỉ dành cho quản trị viên."
RATE_LIMITED = (
    "Bạn đang hỏi hơi nhanh 🙂 Mỗi người được hỏi tối đa {limit} câu mỗi phút. "
    "Vui lòng thử lại sau khoảng {wait} giây."
)
ASK_USAGE = "Hãy gõ câu hỏi sau lệnh, ví dụ: <code>/hoi Mục đích của kế hoạch là gì?</code>"
ENGINE_REFUSED = "⚠️ {reason}"
ERROR = "⚠️ Xin lỗi, đã có lỗi xảy ra khi xử lý yêu cầu. Vui lòng thử lại sau ít phút."
EXPIRED = "Nút này đã hết hạn, vui lòng đặt lại câu hỏi."
NO_MORE = "Không còn đoạn trích nào khác phù hợp."
THANKS = {1: "Cảm ơn bạn! 👍 đã được ghi nhận.", -1: "Cảm ơn bạn! Góp ý 👎 đã được ghi nhận."}
FEEDBACK_NOT_SAVED = "Xin lỗi, chưa lưu được góp ý lúc này."

UPLOAD_NOT_ADMIN = "Cảm ơn bạn đã gửi tệp! Tuy nhiên chỉ quản trị viên mới có thể nạp văn bản vào hệ thống."
UPLOAD_BAD_TYPE = "Định dạng “{suffix}” chưa được hỗ trợ. Hãy gửi tệp {allowed}."
UPLOAD_TOO_BIG = "Tệp lớn {size:.1f} MB, vượt giới hạn {limit} MB."
UPLOADING = "⏳ Đang nạp <b>{name}</b>…"
UPLOADED = (
    "✅ Đã nạp <b>{citation}</b>: {passages} đoạn ({how}). "
    "Chỉ mục đã cập nhật; {embedded} đoạn mới được mã hóa."
)
UPLOADED_NEW = "văn bản mới"
UPLOADED_REPLACED = "toàn văn của văn bản đã đăng ký"
UPLOAD_FAILED = "❌ Không nạp được <b>{name}</b>: {reason}\nChỉ mục và kho văn bản không thay đổi."

STATS_UNAVAILABLE = "⚠️ Chưa đọc được thống kê lúc này (cơ sở dữ liệu bận hoặc lỗi)."

# -- settings (cchc bot refuses to start, one line) ---------------------------------------------------
NO_TOKEN = "Chưa đặt TELEGRAM_BOT_TOKEN: hãy tạo bot với @BotFather rồi đặt mã token vào biến môi trường này."
BAD_WEBHOOK_URL = "webhook_url phải là địa chỉ http(s), không phải “{url}”; hãy sửa cấu hình."
SETTING_NOT_POSITIVE = "Thiết lập {name} phải là số dương, không phải {value}; hãy sửa cấu hình."
SETTING_INVALID = "Thiết lập {name} có giá trị không hợp lệ “{value}”; hãy sửa cấu hình."
CONFIG_UNREADABLE = "{path}: không đọc được tệp cấu hình bot ({reason}); hãy kiểm tra đường dẫn và quyền đọc."
CONFIG_NOT_TOML = "{path}: tệp cấu hình không đúng định dạng TOML ({reason}); hãy sửa lại tệp."
CONFIG_UNKNOWN = "{path}: thiết lập không có trong danh sách: {unknown} (các thiết lập hợp lệ: {known})."
