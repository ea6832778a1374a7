# Tiếp thu, giải trình; mẫu trả lời; nhóm góp ý giống nhau; báo cáo tổng hợp; tiến độ và lịch.

## Dùng chung
ans-crumbs-label = Vị trí
ans-crumb-editor = Biên tập
ans-whole-draft = Toàn bộ dự thảo
ans-pager-label = Phân trang
ans-pager-prev = ‹ Trang trước
ans-pager-page = Trang { $value }
ans-pager-next = Trang sau ›
ans-choose = — Chọn —
ans-kind = Hình thức
ans-answer-text = Nội dung tiếp thu, giải trình
ans-text = Nội dung
ans-draft = Dự thảo
ans-col-select = Chọn
ans-col-comments = Số góp ý
ans-representative = Nội dung đại diện
ans-unit-group = Nhóm #{ $code }
ans-unit-comment = Góp ý #{ $code }

## Hàng đợi tiếp thu, giải trình
ans-queue-title = Tiếp thu, giải trình — { $title }
ans-queue-name = Tiếp thu, giải trình
ans-progress-caption = Tiến độ theo dự thảo (mỗi nhóm góp ý giống nhau tính là một)
ans-progress-units = Cần trả lời
ans-progress-answered = Đã trả lời
ans-progress-approved = Đã duyệt
ans-progress-published = Đã công bố
ans-progress-left = Còn lại
ans-queue-publish = Công bố { $count } nội dung đã duyệt
ans-queue-tabs = Hàng đợi
ans-queue-view-unanswered = Chưa trả lời
ans-queue-view-mine = Của tôi (nháp, bị trả lại)
ans-queue-view-review = Chờ duyệt
ans-queue-view-approved = Đã duyệt, chờ công bố
ans-queue-view-published = Đã công bố
ans-queue-link-report = Báo cáo tổng hợp
ans-queue-link-statistics = Thống kê
ans-queue-col-unit = Góp ý / nhóm
ans-queue-col-where = Dự thảo, điều khoản
ans-queue-col-answer = Trả lời
ans-queue-select = Chọn { $name }
ans-queue-lead-remark = Ý kiến của lãnh đạo:
ans-queue-empty = Không có mục nào trong hàng đợi này.
ans-queue-approve = Duyệt các nội dung đã chọn
ans-bulk-legend = Trả lời chung cho các mục đã chọn
ans-bulk-save = Lưu trả lời cho các mục đã chọn

## Trả lời một góp ý hoặc một nhóm
ans-unit-title = Trả lời { $code }
ans-unit-group-heading = Nhóm #{ $code }: { $count } góp ý giống nhau
ans-unit-comment-text = Nội dung góp ý
ans-unit-group-members = Xem các góp ý trong nhóm
ans-unit-see-group = Xem nhóm #{ $code }
ans-unit-inherited = Góp ý này thuộc nhóm #{ $code }, đã có trả lời chung ({ $what }):
ans-unit-state = Trạng thái:
ans-unit-revision = (lần sửa { $count })
ans-unit-unanswered = Chưa trả lời
ans-unit-returned-remark = Ý kiến khi trả lại:
ans-unit-use-template = Dùng mẫu trả lời
ans-unit-fill = Điền mẫu
ans-unit-save = Lưu dự thảo trả lời
ans-review-heading = Duyệt (lãnh đạo Tổ Biên tập)
ans-review-approve = Duyệt nội dung này
ans-review-remark = Ý kiến khi trả lại
ans-review-return = Trả lại để sửa

## Mẫu trả lời
ans-templates-name = Mẫu trả lời
ans-templates-col-title = Tên mẫu
ans-templates-empty = Chưa có mẫu nào.
ans-templates-add = Thêm mẫu
ans-templates-save = Lưu mẫu

## Lỗi khi trả lời
ans-err-kind = Chọn hình thức: Tiếp thu, Tiếp thu một phần, Giải trình hoặc Thống nhất với dự thảo.
ans-err-bad-unit = “{ $value }” không phải góp ý hay nhóm.
ans-err-nothing-to-answer = Chưa chọn góp ý hoặc nhóm nào để trả lời.
ans-err-nothing-to-approve = Chưa chọn nội dung nào để duyệt.
ans-err-revision-of = Thiếu phiên bản đã xem của { $code }.
ans-err-revision = Thiếu phiên bản đã xem.
ans-err-decision = Chọn Duyệt hoặc Trả lại.
ans-err-partly-approved = Đã duyệt { $count } nội dung. Chưa duyệt { $value }: { $what } (đã được sửa sau khi xem hoặc không còn chờ duyệt); vui lòng xem lại.
ans-err-template-title = Đặt tên cho mẫu trả lời.
ans-err-template-title-long = Tên mẫu trả lời dài quá { $max } ký tự.
ans-err-template-exists = Đã có mẫu trả lời tên “{ $name }”: hãy đặt tên khác.
ans-err-answer-empty = Nội dung tiếp thu, giải trình không được để trống.
ans-err-answer-too-long = Nội dung tiếp thu, giải trình dài quá { $max } ký tự ({ $count } ký tự).
ans-err-answer-none = chưa có nội dung trả lời để duyệt
ans-err-answer-published = nội dung trả lời đã được công bố, không sửa được nữa
ans-err-answer-changed = nội dung trả lời đã được sửa sau khi anh/chị xem; vui lòng xem lại trước khi duyệt hoặc trả lại
ans-err-answer-edited-meanwhile = nội dung trả lời đã thay đổi (được sửa, duyệt hoặc trả lại) sau khi anh/chị mở trang; hãy xem bản mới rồi sửa tiếp
ans-err-answer-remark = hãy ghi ý kiến khi trả lại để biên tập viên biết cần sửa gì
ans-err-answer-not-awaiting = nội dung trả lời này không ở trạng thái chờ duyệt
ans-err-answer-in-group = góp ý này thuộc một nhóm: hãy trả lời cho cả nhóm, hoặc tách góp ý khỏi nhóm trước
ans-err-answer-other-consultation = góp ý hoặc nhóm không thuộc đợt lấy ý kiến này
ans-err-bad-action = Thao tác không hợp lệ.

## Nhóm góp ý
ans-groups-title = Nhóm góp ý trùng lặp — { $title }
ans-groups-name = Nhóm góp ý
ans-groups-heading = Nhóm góp ý giống nhau
ans-groups-summary = { $count } nhóm gồm { $value } góp ý giống hoặc gần giống nhau (kể cả thư vận động theo mẫu). Mỗi nhóm được tiếp thu, giải trình một lần; góp ý mới tự động vào nhóm khi được tiếp nhận.
ans-groups-regroup = Nhóm lại toàn bộ
ans-groups-regroup-note = Tính lại các nhóm tự động; các ý kiến biên tập viên đã chuyển, tách hoặc gộp được giữ nguyên.
ans-groups-col-group = Nhóm
ans-groups-col-provision = Điều khoản
ans-groups-empty = Chưa có nhóm nào: chưa có góp ý nào giống nhau.
ans-regroup-running = Đang nhóm lại toàn bộ góp ý của đợt này…
ans-regroup-done = Đã nhóm lại lúc { $date }: { $count } nhóm.
ans-regroup-failed = Nhóm lại không thành công: { $what }
ans-regroup-busy = Việc nhóm lại đợt này đang chạy; vui lòng chờ.

## Một nhóm
ans-group-title = Nhóm góp ý #{ $code }
ans-group-heading = Nhóm #{ $code }: { $count } góp ý
ans-group-members = Các góp ý trong nhóm
# Có thẻ HTML: <ins> đánh dấu phần thêm, <del> phần bỏ đi.
ans-group-diff-note = Phần <ins>gạch chân</ins> có thêm so với nội dung đại diện, phần <del>gạch ngang</del> bị bỏ đi.
ans-group-shown = Hiển thị { $count } trong số { $value } góp ý.
ans-group-col-comment = Góp ý
ans-group-col-author = Người, cơ quan góp ý
ans-group-col-diff = Khác biệt so với nội dung đại diện
ans-group-select = Chọn góp ý #{ $code }
ans-group-badge-representative = đại diện
ans-group-same = Giống hệt nội dung đại diện
ans-group-edit = Chỉnh sửa nhóm
ans-group-split = Tách các góp ý đã chọn khỏi nhóm
ans-group-move-label = Chuyển các góp ý đã chọn sang nhóm số
ans-group-move = Chuyển
ans-group-merge-label = Gộp các nhóm sau vào nhóm này (số hiệu, cách nhau bởi dấu phẩy)
ans-group-merge = Gộp nhóm
ans-err-bad-id = “{ $value }” không phải là số hiệu của nhóm hoặc ý kiến.
ans-err-move-target = Nhập đúng một số hiệu nhóm để chuyển ý kiến sang.
ans-err-merge-target = Nhập số hiệu các nhóm cần gộp vào nhóm này.
ans-err-group-none = không có nhóm #{ $code }
ans-err-group-no-comment = không có ý kiến #{ $code }
ans-err-group-nothing-to-merge = chọn ít nhất một nhóm khác để gộp vào nhóm này
ans-err-group-other-consultation = các ý kiến và nhóm phải thuộc cùng một đợt lấy ý kiến
ans-err-group-nothing-selected = chưa chọn ý kiến nào
ans-err-group-other-draft = mỗi nhóm chỉ gồm góp ý về cùng một dự thảo (mỗi nhóm là một dòng trong báo cáo của dự thảo đó)
ans-err-group-both-answered = nhóm #{ $code } và nhóm này đều đã có nội dung trả lời; gộp sẽ làm mất một nội dung, hãy thống nhất trả lời trước

## Báo cáo tổng hợp
ans-report-title = BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý
ans-report-show = Xem
ans-report-download = Tải về:
ans-report-empty = Chưa có ý kiến góp ý nào cho dự thảo này.
ans-err-format-pdf = Định dạng phải là docx, xlsx, csv hoặc pdf.
ans-err-format = Định dạng phải là docx, xlsx hoặc csv (bản cài đặt này không có PDF: biên dịch với --features pdf).

## Tiến độ
ans-schedule-title = Tiến độ: { $title }
ans-schedule-name = Tiến độ
ans-schedule-heading = Tiến độ:
ans-schedule-note = Giờ Việt Nam. Hạn theo ngày được tính đến 23:59 của ngày đó. Cơ quan trình:
ans-schedule-col-due = Thời hạn
ans-schedule-col-task = Việc
ans-schedule-col-status = Tình trạng
ans-schedule-col-actions = Thao tác
ans-schedule-reopen = Đánh dấu chưa xong
ans-schedule-mark-done = Đánh dấu đã xong
ans-schedule-delete = Xóa
ans-schedule-add = Thêm mốc
ans-schedule-kind = Loại mốc
ans-schedule-milestone-title = Tên mốc (để trống: theo loại)
ans-schedule-date = Ngày
ans-schedule-time = Giờ (để trống: hạn đến hết ngày)
ans-milestone-conference = Hội nghị
ans-milestone-synthesis_due = Hạn tổng hợp ý kiến
ans-milestone-revision_due = Hạn hoàn thiện dự thảo
ans-milestone-submission_due = Hạn trình cấp có thẩm quyền
ans-milestone-other = Mốc khác
ans-event-opens = Mở lấy ý kiến
ans-event-closes = Hết hạn lấy ý kiến (23:59)
ans-status-done = Đã xong
ans-status-overdue-today = Quá hạn (hôm nay)
ans-status-overdue = Quá hạn { $days } ngày
ans-status-due-today = Đến hạn hôm nay
ans-status-days-left = Còn { $days } ngày
ans-err-milestone-kind = Chọn loại mốc trong danh sách.
ans-err-date = Ngày “{ $value }” không hợp lệ (cần dạng năm-tháng-ngày).
ans-err-time = Giờ “{ $value }” không hợp lệ (cần dạng giờ:phút).
ans-err-milestone-title-long = Tên mốc dài quá 300 ký tự.
ans-err-after-submission = Mốc “{ $title }” ({ $date }) sau hạn trình cấp có thẩm quyền ({ $value }): mọi việc phải xong trước hạn trình.
ans-err-submission-before-others = Hạn trình ({ $date }) sớm hơn mốc “{ $title }” ({ $value }) đã có: hãy sửa mốc đó trước.

## Lịch
ans-calendar-title = Lịch tiến độ — { $title }
ans-calendar-name = Lịch
ans-calendar-heading = Lịch tiến độ: { $title }
# $value: số tháng, $name: tên tháng (tiếng Anh), $date: năm.
ans-calendar-month = Tháng { $value } năm { $date }
ans-calendar-previous = ‹ Tháng trước
ans-calendar-this-month = Tháng này
ans-calendar-next = Tháng sau ›
ans-calendar-caption = Các mốc tiến độ và đợt lấy ý kiến trong { $title }
ans-calendar-monday = Thứ Hai
ans-calendar-tuesday = Thứ Ba
ans-calendar-wednesday = Thứ Tư
ans-calendar-thursday = Thứ Năm
ans-calendar-friday = Thứ Sáu
ans-calendar-saturday = Thứ Bảy
ans-calendar-sunday = Chủ Nhật
ans-calendar-feed = Theo dõi lịch này trong Outlook, Google Calendar hoặc Lịch của điện thoại (iCalendar):
ans-calendar-feed-private = Địa chỉ này là riêng của anh/chị, không chia sẻ.
ans-err-month = Tháng “{ $value }” không hợp lệ (cần dạng năm-tháng).
