# Hội nghị trực tuyến: danh sách, chuẩn bị, trang điều hành, trang điểm cầu, trang theo dõi.
# Mỗi khóa phải có ở en/conference.ftl. Biên bản hội nghị (DOCX) không dùng tệp này.

conf-crumbs = Vị trí
conf-state-scheduled = Chưa bắt đầu
conf-state-open = Đang họp
conf-state-closed = Đã kết thúc
conf-chair-link = Điều hành hội nghị
conf-secretary-of = Thư ký:
conf-central-point = Điểm cầu Trung ương:

## Danh sách hội nghị

conf-list-title = Hội nghị trực tuyến
conf-list-none = Chưa có hội nghị nào.
conf-list-col-conference = Hội nghị
conf-list-col-when = Thời gian
conf-list-col-state = Tình trạng
conf-list-col-yours = Trang của bạn

## Hội nghị của một hồ sơ; biểu mẫu chuẩn bị

conf-dossier-title = Hội nghị: { $title }
conf-dossier-heading = Hội nghị trực tuyến:
conf-dossier-none = Hồ sơ chưa có hội nghị nào.
conf-dossier-chair-link = điều hành
conf-dossier-create = Tạo hội nghị
conf-dossier-needs-consultation = Cần có đợt lấy ý kiến trước: ý kiến phát biểu tại hội nghị được ghi vào một đợt lấy ý kiến.
conf-dossier-video-url = Đường dẫn phòng họp trực tuyến (Jitsi, BigBlueButton, Zoom…)
conf-dossier-agenda = Chương trình (các dự thảo, theo thứ tự)
conf-form-title = Tên hội nghị
conf-form-date = Ngày
conf-form-time = Giờ bắt đầu
conf-form-place = Địa điểm (điểm cầu Trung ương)
conf-form-chairs = Chủ trì (mỗi người một dòng)
conf-form-consultation = Ghi ý kiến vào đợt lấy ý kiến

## Chuẩn bị hội nghị

conf-setup-title = Chuẩn bị: { $title }
conf-setup-crumb = Chuẩn bị
conf-setup-heading = Chuẩn bị hội nghị:
conf-setup-watch-link = Theo dõi trực tiếp
conf-setup-general = Thông tin chung
conf-setup-video-url = Đường dẫn phòng họp trực tuyến
conf-setup-agenda = Chương trình (các dự thảo)
conf-setup-save = Lưu thông tin
conf-setup-points = Điểm cầu
conf-setup-expected = Đại biểu triệu tập:
conf-setup-present = có mặt:
conf-setup-secretary = thư ký:
conf-setup-unassigned = chưa phân công
conf-setup-delegate-list = Danh sách đại biểu
conf-setup-location = Địa điểm
conf-setup-point-secretary = Thư ký điểm cầu
conf-setup-no-secretary = — chưa phân công —
conf-setup-more-delegates = Thêm đại biểu (mỗi người một dòng: Họ và tên | Chức vụ)
conf-setup-save-point = Lưu điểm cầu
conf-setup-add-point = Thêm điểm cầu
conf-setup-organisation = Cơ quan, đơn vị
conf-setup-central = Điểm cầu Trung ương
conf-setup-delegates = Đại biểu triệu tập (mỗi người một dòng: Họ và tên | Chức vụ)

## Trang trực tiếp: điều hành, điểm cầu, theo dõi

conf-live-crumb-chair = Điều hành
conf-live-crumb-point = Điểm cầu
conf-live-crumb-watch = Theo dõi
conf-live-state = Tình trạng:
conf-live-starts = Bắt đầu:
conf-live-chairs = Chủ trì:
conf-live-agenda = Chương trình:
conf-live-join-video = Vào phòng họp trực tuyến
conf-live-status-initial = Trang này cập nhật khi có thay đổi; nếu không, hãy tải lại trang.
conf-live-status-live = Đang cập nhật trực tiếp.
conf-live-status-lost = Mất kết nối cập nhật; đang thử kết nối lại…
conf-live-status-failed = Không cập nhật được trang; hãy tải lại.
conf-live-status-state = Hội nghị đã chuyển sang “{ $value }”. Tải lại trang để có các thao tác mới.
conf-live-watch-link = Trang theo dõi
conf-live-console = Điều hành
conf-live-open = Khai mạc hội nghị
conf-live-close = Bế mạc hội nghị
conf-live-minutes = Tải biên bản hội nghị (DOCX)
conf-live-floor-heading = Đang phát biểu
conf-live-since = từ
conf-live-finish = Kết thúc lượt phát biểu
conf-live-floor-empty = Chưa có ai được mời phát biểu.
conf-live-queue-heading = Đăng ký phát biểu
conf-live-requested-at = đăng ký lúc
conf-live-grant = Mời phát biểu
conf-live-move-up = Đưa lên trước:
conf-live-move-down = Đưa xuống sau:
conf-live-cancel = Hủy
conf-live-withdraw = Rút đăng ký
conf-live-queue-empty = Chưa có điểm cầu nào đăng ký.
conf-live-attendance-heading = Điểm danh tại điểm cầu
conf-live-attendance-present = có mặt
conf-live-no-delegates = Chưa có danh sách đại biểu.
conf-live-col-delegate = Đại biểu
conf-live-col-position = Chức vụ
conf-live-col-present = Có mặt
conf-live-present = Có mặt
conf-live-absent = Chưa đến
conf-live-uncheck = Bỏ điểm danh
conf-live-check-in = Điểm danh:
conf-live-request-heading = Đăng ký phát biểu
conf-live-request-speaker = Người phát biểu (họ tên, chức vụ)
conf-live-target = Về nội dung
conf-live-target-general = — chung —
conf-live-whole-draft = Toàn bộ: { $title }
conf-live-request-button = Đăng ký phát biểu
conf-live-record-heading = Ghi ý kiến phát biểu
conf-live-record-note = Mỗi ý kiến về một điều khoản ghi thành một mục; ý kiến được đưa vào tổng hợp như mọi góp ý khác (kênh “Hội nghị”).
conf-live-record-speaker = Người phát biểu
conf-live-record-text = Nội dung ý kiến
conf-live-record-button = Ghi vào biên bản
conf-live-points-heading = Điểm danh các điểm cầu
conf-live-col-point = Điểm cầu
conf-live-col-expected = Triệu tập
conf-live-total = Tổng cộng ({ $count } điểm cầu)
conf-live-conclusions-heading = Kết luận của chủ trì
conf-live-conclusions-label = Nội dung kết luận (đưa vào biên bản)
conf-live-conclusions-save = Lưu kết luận
conf-live-opinions-heading = Ý kiến phát biểu

## Thông báo lỗi

conf-error-title = Cần tên hội nghị (tối đa 300 ký tự).
conf-error-date = Ngày “{ $value }” không hợp lệ (cần dạng năm-tháng-ngày).
conf-error-time = Giờ “{ $value }” không hợp lệ (cần dạng giờ:phút).
conf-error-consultation = Chọn đợt lấy ý kiến của hồ sơ này.
conf-error-agenda = Chương trình chỉ gồm các dự thảo của hồ sơ này.
conf-error-empty-agenda = Chọn ít nhất một dự thảo đưa ra hội nghị.
conf-error-chairs-or-place-too-long = Thành phần chủ trì hoặc địa điểm dài quá mức cho phép.
conf-error-delegate-without-name = Dòng { $row } của danh sách đại biểu: họ tên trống.
conf-error-delegate-too-long = Dòng { $row } của danh sách đại biểu dài quá { $max } ký tự.
conf-error-too-many-delegates = Danh sách đại biểu có hơn { $max } người.
conf-error-video-url = Đường dẫn phòng họp trực tuyến phải bắt đầu bằng https:// hoặc http://.
conf-error-secretary = Chọn thư ký trong danh sách.
conf-error-not-secretary = Người được chọn chưa được cấp vai trò thư ký điểm cầu.
conf-error-organisation = Chọn cơ quan, đơn vị của điểm cầu trong danh sách.
conf-error-location-too-long = Địa điểm dài quá 500 ký tự.
conf-error-point-exists = Cơ quan này đã có điểm cầu trong hội nghị, hoặc hội nghị đã có điểm cầu Trung ương.
conf-error-action = Thao tác không hợp lệ.
conf-error-state = Hội nghị đang ở trạng thái “{ $value }”: không thực hiện được thao tác này.
conf-error-conclusions-too-long = Kết luận dài quá { $max } ký tự.
conf-error-request-changed = Lượt đăng ký phát biểu này đã thay đổi; tải lại trang để xem hàng chờ mới.
conf-error-floor-taken = { $name } ({ $value }) đang phát biểu. Kết thúc lượt phát biểu đó trước khi mời điểm cầu khác.
conf-error-not-open = Hội nghị chưa bắt đầu hoặc đã kết thúc.
conf-error-delegate = Đại biểu không thuộc điểm cầu này.
conf-error-closed = Hội nghị đã kết thúc.
conf-error-record-not-open = Hội nghị chưa bắt đầu hoặc đã kết thúc: không ghi thêm ý kiến.
conf-error-not-on-agenda = Chọn dự thảo hoặc điều khoản trong chương trình hội nghị.
conf-error-not-consulted = Dự thảo này không thuộc đợt lấy ý kiến của hội nghị.
conf-error-speaker = Cần ghi họ tên, chức vụ người phát biểu (tối đa { $max } ký tự).
conf-error-foreign-request = Lượt phát biểu được chọn không thuộc điểm cầu này.
conf-error-text-empty = Nội dung góp ý đang để trống.
conf-error-text-too-long = Nội dung góp ý dài { $count } ký tự, vượt giới hạn { $max } ký tự.
conf-error-quote-too-long = Đoạn trích dẫn dài { $count } ký tự, vượt giới hạn { $max } ký tự.
conf-error-name-too-long = Họ tên dài quá { $max } ký tự.
conf-error-email-too-long = Thư điện tử dài quá { $max } ký tự.
conf-error-email-invalid = Thư điện tử không đúng dạng (ví dụ: ten@example.vn): hãy sửa hoặc để trống.
