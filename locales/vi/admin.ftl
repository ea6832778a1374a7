# Quản trị (người dùng, cơ quan, tổ chức), nhập góp ý từ tệp, công văn góp ý.

## Điều hướng trong trang quản trị
adm-nav-label = Quản trị
adm-nav-users = Người dùng
adm-nav-organisations = Cơ quan, tổ chức
adm-nav-personal-data = Dữ liệu cá nhân
adm-none = (không)
adm-save = Lưu

## Người dùng
adm-users-title = Người dùng
adm-users-heading = Người dùng và vai trò
adm-users-add = Thêm người dùng
adm-users-login = Tên đăng nhập
adm-users-name = Họ và tên
adm-users-password = Mật khẩu (ít nhất { $min } ký tự)
adm-users-organisation = Cơ quan, tổ chức
adm-users-roles = Vai trò
adm-users-create = Tạo người dùng
adm-users-col-user = Người dùng
adm-users-col-roles = Vai trò
adm-users-col-grant = Cấp / thu hồi vai trò
adm-users-col-organisation = Cơ quan
adm-users-role = Vai trò
adm-users-grant = Cấp
adm-users-revoke = Thu hồi
adm-users-organisation-of = Cơ quan của { $name }
adm-users-bad-login = Tên đăng nhập gồm chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.
adm-users-no-name = Cần nhập họ và tên.
adm-users-duplicate-login = Tên đăng nhập { $name } đã tồn tại.
adm-users-no-such-organisation = Cơ quan không tồn tại.
adm-users-representative-needs-organisation = Đại diện cơ quan, tổ chức phải gắn với một cơ quan, tổ chức.
adm-users-bad-role = Vai trò không hợp lệ.
adm-users-bad-action = Thao tác không hợp lệ.
adm-users-self-revoke = Không thể tự thu hồi quyền quản trị của chính mình.

## Cơ quan, tổ chức
adm-orgs-title = Cơ quan, tổ chức
adm-orgs-heading = Cơ quan, tổ chức ({ $count })
adm-orgs-add = Thêm cơ quan, tổ chức
adm-orgs-name = Tên
adm-orgs-code = Mã (chữ không dấu, số, gạch ngang)
adm-orgs-kind = Loại
adm-orgs-parent = Trực thuộc
adm-orgs-add-button = Thêm
adm-orgs-col-name = Tên
adm-orgs-col-code = Mã
adm-orgs-col-kind = Loại
adm-orgs-col-edit = Sửa
adm-orgs-edit = Sửa
adm-orgs-parent-id = Mã cơ quan cấp trên (0: không có)
adm-orgs-bad-parent = Cơ quan cấp trên không hợp lệ.
adm-orgs-no-such-parent = Cơ quan cấp trên không tồn tại.
adm-orgs-bad-kind = Loại cơ quan không hợp lệ.
adm-orgs-bad-name = Tên cơ quan phải có từ 1 đến { $max } ký tự.
adm-orgs-bad-code = Mã cơ quan gồm chữ cái không dấu, chữ số và dấu gạch ngang (tối đa { $max } ký tự).
adm-orgs-duplicate-code = Mã { $code } đã được dùng.
adm-orgs-cycle = Không thể đặt một cơ quan làm cấp trên của chính nó hoặc của cấp trên nó.

## Chọn dự thảo (nhập từ tệp, công văn)
adm-consultation = Đợt lấy ý kiến:
adm-version = Dự thảo được góp ý
adm-version-choice = { $title } (dự thảo lần { $count })
adm-version-not-in-consultation = Dự thảo không thuộc đợt lấy ý kiến này.

## Nhập góp ý từ tệp
adm-import-title = Nhập góp ý từ tệp
adm-import-heading = Nhập góp ý từ tệp CSV hoặc XLSX
adm-import-templates = Tải tệp mẫu:
adm-import-required = Cột bắt buộc:
adm-import-provision-before = Cột
adm-import-provision-middle = ghi như
adm-import-provision-after = ; để trống nếu góp ý chung.
adm-import-file = Tệp (CSV hoặc XLSX)
adm-import-on-errors = Khi có dòng lỗi
adm-import-mode-all = Không nhập gì cả (sửa tệp rồi nhập lại)
adm-import-mode-skip = Bỏ qua các dòng lỗi, nhập các dòng đúng
adm-import-button = Nhập góp ý
adm-import-no-version = Chọn dự thảo được góp ý.
adm-import-empty = Chưa chọn tệp CSV hoặc XLSX.
adm-import-refused-file = Không nhập được tệp { $name }: { $value }

## Kết quả nhập
adm-result-title = Kết quả nhập góp ý
adm-result-refused = Tệp có { $count } lỗi nên chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại, hoặc chọn “Bỏ qua các dòng lỗi”.
adm-result-stored = Đã nhập { $count } góp ý
adm-result-skipped = ; bỏ qua { $count } lỗi ở các dòng dưới đây
adm-result-total-rows = Số dòng dữ liệu trong tệp: { $count }
adm-result-col-row = Dòng
adm-result-col-column = Cột
adm-result-col-error = Lỗi
adm-result-receipts = Mã biên nhận

## Công văn góp ý
adm-letter-title = Nhập công văn góp ý
adm-letter-own = Công văn của
adm-letter-organisation = Cơ quan, tổ chức gửi công văn
adm-letter-file = Tệp công văn (DOCX hoặc văn bản)
adm-letter-paste = hoặc dán nội dung công văn
adm-letter-split = Tách ý kiến và đề xuất điều khoản
adm-letter-no-organisation = Chọn cơ quan, tổ chức gửi công văn.
adm-letter-no-such-organisation = Cơ quan, tổ chức không tồn tại.
adm-letter-no-version = Chọn dự thảo mà công văn góp ý.
adm-letter-unreadable = Không đọc được công văn: { $value }
adm-letter-empty = Chưa có nội dung công văn: hãy chọn tệp hoặc dán nội dung.
adm-letter-pdf = Tệp PDF không tách được thành ý kiến: hãy gửi bản DOCX hoặc tệp văn bản (.txt) của công văn, hoặc dán nội dung công văn.
adm-letter-old-office = Đây là tệp Word 97–2003 (.doc) hoặc tệp Office định dạng cũ: hãy mở bằng Word, lưu thành .docx rồi tải lên.
adm-letter-binary = Tệp không phải là văn bản (có dữ liệu nhị phân): hãy gửi tệp DOCX hoặc tệp văn bản (.txt), hoặc dán nội dung công văn.
adm-letter-too-many-units = Công văn tách ra { $count } ý kiến, vượt giới hạn { $max } ý kiến cho một lần nhập: hãy chia công văn thành nhiều phần.

## Kiểm tra công văn
adm-preview-title = Kiểm tra công văn
adm-preview-heading = Kiểm tra các ý kiến tách từ công văn
adm-preview-unit = Ý kiến { $count }
adm-preview-include = Ghi nhận ý kiến này
adm-preview-text = Nội dung
adm-preview-provision = Điều khoản được góp ý
adm-preview-general = Góp ý chung cho toàn bộ dự thảo
adm-preview-cited = Trích dẫn nhận ra:
adm-preview-unresolved = Không có trong dự thảo:
adm-preview-external = Dẫn văn bản khác (không gắn vào dự thảo):
adm-preview-confirm = Ghi nhận các ý kiến đã chọn
adm-preview-no-units = Không tách được ý kiến nào từ công văn.

## Đã ghi nhận công văn
adm-done-title = Đã ghi nhận công văn
adm-done-heading = Đã ghi nhận { $count } ý kiến của
adm-done-col-receipt = Mã biên nhận
adm-done-col-comment = Ý kiến
adm-done-bad-form = Biểu mẫu công văn không hợp lệ ({ $what }).
adm-done-bad-organisation = cơ quan
adm-done-bad-version = dự thảo
adm-done-bad-count = số ý kiến
adm-done-bad-provision = điều khoản
adm-done-unit-refused = Ý kiến số { $row } chưa được ghi nhận: { $value } Chưa có ý kiến nào của công văn được ghi nhận: hãy sửa ý kiến đó (hoặc bỏ chọn) rồi gửi lại.
adm-done-nothing-selected = Chưa chọn ý kiến nào để ghi nhận.

## Lỗi và lưu ý khi đọc tệp nhập (src/intake/import.rs). $column: tên cột như trong
## tệp; $value: nội dung một ô; $what, $title, $name: ví dụ cách ghi.
adm-import-empty-cell = { $column } đang để trống.
adm-import-too-long = { $column } dài { $count } ký tự, vượt giới hạn { $max } ký tự.
adm-import-overlong = { $column } dài hơn { $count } ký tự, vượt giới hạn { $max } ký tự.
adm-import-quote-too-long = Đoạn trích dẫn dài { $count } ký tự, vượt giới hạn { $max } ký tự.
adm-import-name-too-long = Họ tên dài quá { $max } ký tự.
adm-import-email-too-long = Thư điện tử dài quá { $max } ký tự.
adm-import-email-invalid = Thư điện tử không đúng dạng (ví dụ: ten@example.vn): hãy sửa hoặc để trống.
adm-import-date-out-of-range = Ô chứa ngày nằm ngoài khoảng Excel hỗ trợ ({ $value }).
adm-import-uncomputed = Ô có công thức chưa được tính (tệp không lưu giá trị của công thức). Hãy mở tệp bằng Excel rồi lưu lại, hoặc thay công thức bằng giá trị.
adm-import-error-value = Ô có giá trị lỗi { $value } (công thức bị lỗi); hãy sửa công thức hoặc ghi giá trị.
adm-import-bad-email = Thư điện tử “{ $value }” không đúng dạng; hãy ghi một địa chỉ, ví dụ ten@coquan.gov.vn.
adm-import-provision-digits = Điều khoản “{ $value }” chỉ có số; hãy ghi rõ, ví dụ “{ $what }”.
adm-import-provision-relative = Điều khoản “{ $value }” thiếu số điều; hãy ghi đầy đủ, ví dụ “{ $what }”.
adm-import-provision-unclear = Không hiểu điều khoản “{ $value }”; hãy ghi một điều khoản như “{ $what }”, “{ $title }” hoặc “{ $name }”, hoặc để trống nếu góp ý chung cho cả dự thảo.
adm-import-date-shape = Ngày góp ý “{ $value }” không đúng dạng; hãy ghi ngày/tháng/năm (ví dụ 15/03/2025) hoặc năm-tháng-ngày (2025-03-15).
adm-import-date-year = Ngày góp ý “{ $value }” có năm { $count } không hợp lệ.
adm-import-date-future = Ngày góp ý { $value } là ngày chưa đến: hãy sửa lại ngày nhận được góp ý.
adm-import-date-month = Ngày góp ý “{ $value }” có tháng { $count } không hợp lệ (tháng từ 1 đến 12).
adm-import-date-day = Ngày góp ý “{ $value }” không có thật: tháng { $date } có { $days } ngày.
adm-import-provision-not-found = “{ $value }” không có trong dự thảo đã chọn
adm-import-organisation-not-found = không có cơ quan, tổ chức có mã hoặc tên “{ $value }”
adm-import-file-empty = Tệp không có dữ liệu.
adm-import-missing-columns = Không tìm thấy cột bắt buộc { $column } trong dòng tiêu đề. Hãy dùng tệp mẫu hoặc đặt lại tên cột cho đúng.
adm-import-missing-columns-found = Không tìm thấy cột bắt buộc { $column } trong dòng tiêu đề. Các cột đang có: { $value }. Hãy dùng tệp mẫu hoặc đặt lại tên cột cho đúng.
adm-import-duplicate-columns = Cột { $column } có nhiều hơn một lần trong dòng tiêu đề; hãy giữ lại một cột.
adm-import-not-xlsx = Không đọc được tệp Excel: { $value }.
adm-import-xlsx-old = đây là tệp Excel 97–2003 (.xls) hoặc tệp có mật khẩu; hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng “Excel Workbook (.xlsx)”
adm-import-xlsx-not-zip = tệp không phải định dạng .xlsx; nếu là tệp CSV, hãy tải lên như tệp CSV
adm-import-xlsx-unreadable = tệp bị hỏng, không đọc được cấu trúc của bảng tính
adm-import-xlsx-password = tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại
adm-import-xlsx-damaged-zip = tệp không phải .xlsx hoặc đã bị hỏng
adm-import-xlsx-not-workbook = tệp nén này không phải bảng tính Excel (có thể là tệp Word .docx hoặc một tệp ZIP khác)
adm-import-xlsx-damaged = tệp .xlsx bị hỏng ({ $value })
adm-import-xlsx-row-order = các dòng trong trang tính không theo thứ tự
adm-import-too-many-rows = Tệp có hơn { $max } dòng góp ý; hãy chia thành nhiều tệp nhỏ hơn.
adm-import-too-large = Tệp có quá nhiều nội dung (hơn { $max } MiB văn bản); hãy chia thành nhiều tệp nhỏ hơn.
adm-import-csv = Tệp CSV bị lỗi ở dòng { $row }: { $value }.
adm-import-not-text = Tệp không phải là tệp CSV (có dữ liệu nhị phân, hoặc là tệp PDF, tệp Word): hãy lưu bảng thành CSV (UTF-8) hoặc XLSX rồi tải lên.
adm-import-unclosed-quote = Dấu ngoặc kép mở ở dòng { $row } của tệp không được đóng, nên mọi dòng sau đó sẽ bị gộp vào một ô: hãy đóng hoặc bỏ dấu ngoặc kép đó rồi tải lại.
adm-import-note-above-header = Bỏ qua dòng { $min } nằm phía trên dòng tiêu đề (dòng { $row }).
adm-import-note-above-header-many = Bỏ qua các dòng { $min }–{ $max } nằm phía trên dòng tiêu đề (dòng { $row }).
adm-import-note-unknown-columns = Các cột sau không được nhập: { $column }.
adm-import-note-sheet = Trang tính đầu tiên không có dữ liệu: đã đọc trang tính “{ $value }”.
adm-import-note-samples = Bỏ qua dòng ví dụ của tệp mẫu (dòng { $row }): nội dung góp ý bắt đầu bằng “{ $value }”.
adm-import-note-read-tcvn3 = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã TCVN3 (ABC) và chuyển sang Unicode.
adm-import-note-read-vni = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã VNI-Windows và chuyển sang Unicode.
adm-import-note-read-windows-1252 = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã Windows-1252. Nếu chữ tiếng Việt hiển thị sai, hãy lưu lại tệp dưới dạng “CSV UTF-8”.
adm-import-note-converted-tcvn3 = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã TCVN3 (ABC).
adm-import-note-converted-vni = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã VNI-Windows.
adm-import-note-converted-both = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã TCVN3 (ABC) và { $value } đoạn văn bản gõ theo bảng mã VNI-Windows.
adm-import-note-pair = { $value } { $what }

## Cảnh báo khi tách công văn (crates/duthao-structure/src/letter.rs)
adm-letter-warning-nothing-found = Không tìm thấy ý kiến cụ thể nào trong công văn
adm-letter-warning-unclear = Dòng { $row }: không rõ “{ $value }” chỉ điều, khoản nào của dự thảo
adm-letter-warning-no-article = Dòng { $row }: “{ $value }” không rõ thuộc điều nào của dự thảo
