# Giao diện tiếng Việt (ngôn ngữ chính). Mỗi khóa phải có ở en.ftl.

site-name = Duthao
site-tagline = Lấy ý kiến dự thảo văn bản
skip-link = Bỏ qua, đến nội dung chính
nav-main = Điều hướng chính
nav-home = Trang chủ
nav-lookup = Tra cứu góp ý
nav-conferences = Hội nghị
nav-editor = Biên tập
nav-admin = Quản trị
nav-account-title = Tài khoản: đổi mật khẩu, đăng xuất mọi nơi
nav-sign-in = Đăng nhập
nav-sign-out = Đăng xuất
font-size = Cỡ chữ
font-smaller = A− Giảm cỡ chữ
font-normal = A Cỡ chữ mặc định
font-larger = A+ Tăng cỡ chữ
language = Ngôn ngữ
language-switch = English
language-switch-label = Switch to English
footer = Duthao · Hệ thống lấy ý kiến góp ý dự thảo văn bản · Giờ Việt Nam (UTC+7)

home-title = Trang chủ
home-heading = Dự thảo đang lấy ý kiến
home-none-open = Hiện không có đợt lấy ý kiến nào đang mở.
home-drafting-org = Cơ quan chủ trì soạn thảo:
home-round = Đợt lấy ý kiến:
home-deadline = Hạn góp ý:
home-days-left = còn { $days } ngày
home-closes-today = hết hạn hôm nay
home-keywords = Từ khóa:
home-other-dossiers = Các hồ sơ khác
home-lookup-heading = Tra cứu góp ý theo mã biên nhận
home-lookup-label = Mã biên nhận
home-lookup-button = Tra cứu

lookup-title = Tra cứu góp ý
lookup-heading = Tra cứu góp ý theo mã biên nhận
lookup-malformed = Mã biên nhận không đúng dạng (ví dụ: DT-7K3M-9QXA).
lookup-not-found = Không tìm thấy góp ý với mã biên nhận này.

login-title = Đăng nhập
login-name = Tên đăng nhập
login-password = Mật khẩu
login-button = Đăng nhập
login-note = Người dân có thể góp ý mà không cần đăng nhập khi đợt lấy ý kiến cho phép.

error-title = Lỗi { $code }
error-heading = Không thực hiện được yêu cầu
error-home = Về trang chủ
error-not-found = Không tìm thấy trang hoặc dữ liệu được yêu cầu.
error-sign-in-required = Cần đăng nhập để thực hiện thao tác này.
error-forbidden = Tài khoản của bạn không có quyền thực hiện thao tác này.
error-internal = Hệ thống gặp sự cố, vui lòng thử lại sau. Mã tham chiếu: { $code }.

## Query strings
web-query-duplicate = tham số “{ $name }” xuất hiện hơn một lần
web-query-unknown = không có tham số “{ $name }”
web-query-not-utf8 = tham số “{ $name }” không phải văn bản UTF-8
web-query-missing = thiếu trường “{ $name }”
web-query-bad-value = giá trị “{ $value }” không hợp lệ
web-query-not-a-number = một trường cần số nguyên nhận được giá trị khác
web-query-not-boolean = một trường chỉ nhận true hoặc false
web-query-refused = Không đọc được các tham số trên địa chỉ: { $what }.
web-form-malformed = dữ liệu không đúng dạng
web-query-unreadable = địa chỉ không đúng dạng
