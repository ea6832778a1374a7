# Giao diện của Tổ Biên tập: bảng điều khiển, góp ý, phiên bản dự thảo, tìm kiếm,
# kiểm duyệt, thống kê, bảng so sánh. Mỗi khóa phải có ở locales/en/editor.ftl.

## Dùng chung

ed-crumbs = Vị trí
ed-crumb-editor = Biên tập
ed-crumb-comments = Góp ý
ed-crumb-search = Tìm kiếm
ed-crumb-moderation = Kiểm duyệt
ed-crumb-changes = So sánh
ed-pager = Phân trang
ed-pager-prev = ‹ Trang trước
ed-pager-next = Trang sau ›
ed-pager-page = Trang { $value }
ed-pager-page-of = Trang { $value }/{ $max }
ed-pager-page-of-more = Trang { $value }/hơn { $max }
ed-more-than = hơn { $count }
ed-whole-draft = Toàn bộ dự thảo
ed-anonymous = Không nêu tên
ed-filter-draft = Dự thảo
ed-filter-all = Tất cả
ed-filter-organisation = Cơ quan, tổ chức
ed-filter-channel = Kênh
ed-filter-provision = Mã điều khoản
ed-filter-from = Từ ngày
ed-filter-until = Đến ngày
ed-version-number = lần { $value }
ed-draft-number = dự thảo lần { $value }
ed-draft-number-title = Dự thảo lần { $value }

# Cách thay đổi của một điều khoản giữa hai lần dự thảo.
ed-change-unchanged = Giữ nguyên
ed-change-changed = Sửa đổi
ed-change-renumbered = Đánh số lại
ed-change-moved = Chuyển vị trí
ed-change-split = Tách ra
ed-change-inserted = Bổ sung mới
ed-change-merged = Gộp
ed-change-deleted = Bỏ

# Loại điều khoản, khi biên tập viên sửa cây điều khoản.
ed-provision-kind-part = Phần
ed-provision-kind-chapter = Chương
ed-provision-kind-section = Mục
ed-provision-kind-subsection = Tiểu mục
ed-provision-kind-article = Điều
ed-provision-kind-clause = Khoản
ed-provision-kind-point = Điểm
ed-provision-kind-appendix = Phụ lục
ed-provision-kind-roman_section = Mục La Mã (I., II.)

# Loại cơ quan, tổ chức.

## Bảng điều khiển

ed-dashboard-title = Biên tập
ed-dashboard-heading = Tổ Biên tập
ed-dashboard-comments = Danh sách góp ý ({ $count })
ed-dashboard-search = Tìm kiếm góp ý
ed-dashboard-calendar = Lịch tiến độ
ed-dashboard-schedule-warnings = Cảnh báo tiến độ
ed-dashboard-schedule = Tiến độ của hồ sơ
ed-dashboard-conferences = Hội nghị trực tuyến
ed-dashboard-submission = Trình hồ sơ
ed-dashboard-col-draft = Dự thảo
ed-dashboard-col-versions = Phiên bản
ed-dashboard-col-add-version = Thêm phiên bản
ed-dashboard-version = Lần { $value }
ed-dashboard-compare-with = so sánh với lần { $value }
ed-dashboard-published = đã công bố
ed-dashboard-unpublished = chưa công bố
ed-dashboard-warnings = { $count } cảnh báo
ed-dashboard-file = Tệp (DOCX, Markdown, văn bản, Akoma Ntoso XML)
ed-dashboard-upload = Tải lên
ed-dashboard-copy = Tạo lần { $value } để sửa trên trình duyệt
ed-dashboard-add-draft = Thêm dự thảo vào hồ sơ
ed-dashboard-draft-title = Tên dự thảo (để trống: lấy từ văn bản)
ed-dashboard-draft-kind = Loại văn bản
ed-dashboard-upload-and-parse = Tải lên và phân tích
ed-dashboard-rounds = Các đợt lấy ý kiến
ed-dashboard-answers = Tiếp thu, giải trình
ed-dashboard-groups = Nhóm góp ý giống nhau
ed-dashboard-statistics = Thống kê
ed-dashboard-moderation = Kiểm duyệt
ed-dashboard-open = đang mở
ed-dashboard-enter-letter = Nhập công văn góp ý
ed-dashboard-import = Nhập từ tệp CSV/XLSX
ed-dashboard-new-round = Mở đợt lấy ý kiến mới
ed-dashboard-dossier-comments = Góp ý của hồ sơ
ed-dashboard-new-dossier = Tạo hồ sơ dự thảo mới
ed-dashboard-dossier-title = Tên hồ sơ
ed-dashboard-dossier-summary = Tóm tắt
ed-dashboard-approving-body = Cấp có thẩm quyền quyết định
ed-dashboard-keywords = Từ khóa (cách nhau bởi dấu phẩy)
ed-dashboard-create-dossier = Tạo hồ sơ
ed-dossier-title-required = Cần nhập tên hồ sơ.
ed-dossier-no-organisation = Tài khoản của bạn chưa gắn với cơ quan chủ trì soạn thảo; đề nghị quản trị hệ thống cập nhật.

## Tải lên dự thảo

ed-upload-too-large = Tệp tải lên vượt giới hạn { $max } MB.
ed-upload-broken = Dữ liệu tải lên bị cắt ngang hoặc không phải biểu mẫu tải tệp: hãy chọn lại tệp và gửi lại.
ed-upload-bad-kind = Loại dự thảo không hợp lệ.
ed-upload-bad-base = Phiên bản được sửa (trường “base”) phải là một số phiên bản.
ed-upload-unknown-base = Không lưu phiên bản mới: dự thảo không có phiên bản { $value } (phiên bản mới nhất là { $max }).
ed-upload-superseded = Không lưu phiên bản mới: phiên bản { $max } đã được tải lên trong khi anh/chị sửa phiên bản { $value }; hãy xem phiên bản { $max } rồi tải lại nếu vẫn cần.
ed-upload-failed = Không nhập được dự thảo: { $what }
ed-upload-empty = Tệp rỗng.
ed-upload-not-zip = Tệp không phải là DOCX hợp lệ (không phải tệp zip)
ed-upload-not-docx = Tệp zip không phải là tài liệu DOCX (không có word/document.xml)
ed-upload-corrupt-zip = Tệp DOCX bị hỏng, không đọc được nội dung ({ $what })
ed-upload-zip-bomb = Tệp DOCX bị từ chối: mục “{ $name }” giải nén ra { $value } byte từ { $count } byte, vượt giới hạn an toàn (nghi là zip bomb)
ed-upload-file-too-large = Tệp quá lớn ({ $value } byte, giới hạn { $max } byte)
ed-upload-malformed-xml = Nội dung DOCX không phải XML hợp lệ (vị trí byte { $value }): { $what }
ed-upload-invalid-utf8 = Tệp không phải văn bản UTF-8 hợp lệ (lỗi ở byte thứ { $value }, tính từ 0); hãy lưu lại tệp với mã hóa UTF-8
ed-upload-no-structure = Không nhận ra cấu trúc văn bản: không thấy Phần, Chương, Điều, khoản, mục I., 1. hay Phụ lục nào
ed-upload-akoma-ntoso = { $what }

## Phiên bản dự thảo và cây điều khoản

ed-version-file = Tệp:
ed-version-provisions = { $count } điều khoản
ed-version-read-only = (không sửa được)
ed-version-compare = So sánh với dự thảo lần { $value }
ed-version-akoma-ntoso = Tải về dạng Akoma Ntoso (XML)
ed-version-publish = Công bố phiên bản này
ed-version-public-page = Xem trang công khai
ed-version-general-warnings = Cảnh báo chung
ed-version-line = Dòng { $value }
ed-version-tree = Cây điều khoản
ed-version-col-line = Dòng
ed-version-col-provision = Điều khoản
ed-version-col-text = Nội dung
ed-version-col-correct = Sửa loại, cấp
ed-version-edit = Sửa nội dung, thêm, xóa
ed-version-heading = Tên (tiêu đề)
ed-version-save-text = Lưu nội dung
ed-version-insert = Thêm điều khoản mới
ed-version-placement = Vị trí
ed-version-place-after = ngay sau { $name }, cùng cấp
ed-version-place-child = bên trong { $name }, đầu tiên
ed-version-kind = Loại
# Hiển thị như HTML (không có tham số).
ed-version-new-label = Nhãn (ví dụ Điều 5a)
ed-version-new-heading = Tên điều khoản mới
ed-version-new-text = Nội dung điều khoản mới
ed-version-add = Thêm
ed-version-delete = Xóa
ed-version-delete-within = và các phần bên trong
ed-version-label = Nhãn
ed-version-level = Cấp
ed-version-level-keep = giữ cấp
ed-version-level-out = lên một cấp
ed-version-level-in = xuống một cấp
ed-version-save = Lưu
# Loại cảnh báo của bộ phân tích văn bản (chỉ hiện ở giao diện tiếng Anh, trước
# thông báo gốc bằng tiếng Việt).
ed-warning-gap = Thiếu số thứ tự
ed-warning-duplicate_number = Số thứ tự lặp lại
ed-warning-out_of_order = Số thứ tự không theo trình tự
ed-warning-suspicious_marker = Ký hiệu đánh số nghi bị lỗi
ed-warning-unplaced_line = Dòng không thuộc điều khoản nào
ed-warning-junk_line = Dòng ký tự lạ đã bỏ
ed-warning-duplicate_heading = Dòng tiêu đề lặp lại đã bỏ
ed-warning-empty_document = Không tìm thấy cấu trúc văn bản
ed-warning-other = Cảnh báo
ed-provision-bad-kind = Loại điều khoản không hợp lệ.
ed-provision-bad-label = Nhãn điều khoản phải có từ 1 đến 100 ký tự.
ed-provision-bad-level = Lựa chọn cấp không hợp lệ.
ed-provision-cannot-correct = Không sửa được: phiên bản đã công bố, hoặc không thể chuyển điều khoản sang cấp đã chọn.
ed-version-already-published = Phiên bản này đã được công bố.
ed-provision-published = Phiên bản đã công bố: không sửa được. Hãy tạo phiên bản mới.
ed-provision-text-too-long = Nội dung điều khoản dài quá 100.000 ký tự.
ed-provision-heading-too-long = Tên điều khoản dài quá { $max } ký tự.
ed-provision-cannot-edit = Không sửa được điều khoản này.
ed-provision-edited-meanwhile = Chưa lưu: điều khoản này đã được sửa sau khi anh/chị mở trang. Hãy tải lại trang, xem nội dung mới rồi sửa tiếp.
ed-provision-choose-kind = Chọn loại điều khoản trong danh sách.
ed-provision-label-required = Nhập nhãn điều khoản (ví dụ “Điều 5a”), tối đa 60 ký tự.
ed-provision-cannot-insert = Không thêm được điều khoản ở vị trí này.
ed-provision-cannot-delete = Không xóa được điều khoản này.
ed-provision-empty = Điều khoản phải có tên hoặc nội dung. Muốn bỏ điều khoản này, hãy dùng nút “Xóa” (nút này xóa cả các phần bên trong).

## Mở đợt lấy ý kiến

ed-new-title = Mở đợt lấy ý kiến
ed-new-name = Tên đợt lấy ý kiến
ed-new-opens = Bắt đầu từ ngày
ed-new-closes = Kết thúc vào hết ngày
ed-new-audience = Đối tượng
ed-new-audience-public = Công khai (mọi người)
ed-new-audience-invited = Chỉ cơ quan, tổ chức được mời
ed-new-audience-both = Cả hai
ed-new-drafts = Dự thảo được lấy ý kiến
ed-new-draft-number = dự thảo lần { $value }
ed-new-no-published = Chưa có phiên bản nào được công bố.
ed-new-invitations = Cơ quan, tổ chức được mời và hạn trả lời
ed-new-col-invite = Mời
ed-new-col-organisation = Cơ quan, tổ chức
ed-new-col-due = Hạn trả lời
ed-new-due-for = Hạn trả lời của
ed-new-title-required = Cần nhập tên đợt lấy ý kiến.
ed-new-bad-date = Ngày không hợp lệ (định dạng năm-tháng-ngày).
ed-new-bad-window = Ngày kết thúc phải sau ngày bắt đầu.
ed-new-bad-audience = Chọn đối tượng lấy ý kiến.
ed-new-bad-version = Phiên bản không hợp lệ.
ed-new-foreign-version = Chỉ chọn phiên bản đã công bố của hồ sơ này.
ed-new-no-version = Chọn ít nhất một dự thảo để lấy ý kiến.
ed-new-bad-organisation = Cơ quan không hợp lệ.
ed-new-unknown-organisation = Cơ quan không tồn tại.
ed-new-no-invitation = Đợt chỉ dành cho cơ quan được mời: chọn ít nhất một cơ quan, tổ chức.

## Danh sách góp ý

ed-comments-title = Góp ý đã nhận
ed-comments-filter = Lọc
ed-comments-col-time = Thời gian
ed-comments-col-where = Dự thảo / điều khoản
ed-comments-col-who = Người, cơ quan góp ý
ed-comments-col-channel = Kênh
ed-comments-col-text = Nội dung
ed-comments-none = Không có góp ý nào khớp bộ lọc.

## Một góp ý

ed-comment-title = Góp ý { $code }
ed-comment-received = Thời gian nhận
ed-comment-draft = Dự thảo
ed-comment-on = Góp ý cho
ed-comment-follows = Điều khoản này ở các lần sau
ed-comment-follow-version = Dự thảo lần { $value }
ed-comment-follow-dropped = điều khoản đã bỏ
ed-comment-author = Người góp ý
ed-comment-organisation = Cơ quan, tổ chức
ed-comment-channel = Kênh
ed-comment-quote = Trích đoạn
ed-comment-text = Nội dung
ed-comment-moderation = Kiểm duyệt
ed-comment-moderation-note = Góp ý bị ẩn rời khỏi nhóm góp ý giống nhau, không hiện trên trang công khai và không được tổng hợp; nội dung không bao giờ bị xóa.
ed-comment-moderation-queue = Hàng đợi kiểm duyệt của đợt lấy ý kiến
ed-comment-reason = Lý do (bắt buộc khi ẩn; người góp ý sẽ thấy)
ed-comment-unflag = Bỏ đánh dấu
ed-comment-flag = Đánh dấu cần kiểm duyệt

## Tìm kiếm

ed-search-title = Tìm kiếm góp ý
ed-search-heading = Tìm kiếm góp ý và điều khoản
ed-search-words = Từ cần tìm
ed-search-button = Tìm
# Hiển thị như HTML (không có tham số).
ed-search-help = Gõ có dấu hoặc không dấu đều được (“dieu 5” tìm thấy “Điều 5”). Đặt cụm từ trong ngoặc kép để tìm đúng cụm: "dám nghĩ, dám làm".
ed-search-provisions = Điều khoản
ed-search-comments = Góp ý
ed-search-count = { $count } kết quả, { $value } ms
ed-search-none = Không có góp ý nào khớp.
ed-search-truncated = Câu tìm kiếm dài: chỉ tìm theo { $max } từ đầu tiên.
ed-search-catching-up = Chỉ mục tìm kiếm đang cập nhật: góp ý mới nhất có thể chưa xuất hiện.
ed-search-bad-query-string = Không đọc được các tham số tìm kiếm trên địa chỉ: { $what }.
ed-search-bad-id = Bộ lọc “{ $name }” phải là một số nguyên dương; nhận được “{ $value }”.
ed-search-bad-date = Bộ lọc “{ $name }” phải là ngày dạng NNNN-TT-NN; nhận được “{ $value }”.
ed-search-bad-channel = Kênh “{ $value }” không có; các kênh: { $what }.
ed-search-dates-reversed = Ngày bắt đầu (từ ngày) sau ngày kết thúc (đến ngày): hãy đổi lại hai ngày.
ed-search-limit-too-large = Tham số “limit” tối đa là 100.
ed-search-bad-offset = Tham số “offset” phải là số từ 0 đến 10.000; nhận được “{ $value }”.
ed-search-empty-query = Nhập ít nhất một từ cần tìm (chữ hoặc số).
ed-search-word-too-long = Từ cần tìm dài hơn { $max } ký tự: góp ý không có từ nào dài như vậy.
ed-search-long-words-left-out = Bỏ qua { $count } từ dài hơn { $max } ký tự (góp ý không có từ nào dài như vậy).

## Kiểm duyệt

ed-moderation-heading = Kiểm duyệt góp ý
ed-moderation-intro = Góp ý bị ẩn không hiện trên trang công khai và không được tổng hợp vào báo cáo, nhưng không bao giờ bị xóa: toàn văn vẫn được lưu trong hồ sơ và người góp ý thấy lý do trên biên nhận.
ed-moderation-queues = Hàng đợi
ed-moderation-tab-flagged = Chờ kiểm duyệt
ed-moderation-tab-hidden = Đã ẩn
ed-moderation-empty = Không có góp ý nào trong mục này.
ed-moderation-reason = Lý do:
ed-moderation-show-reason = Lý do hiển thị lại (không bắt buộc)
ed-moderation-show = Hiển thị lại
ed-moderation-hide-reason = Lý do ẩn (người góp ý sẽ thấy)
ed-moderation-hide = Ẩn góp ý
ed-moderation-keep = Giữ nguyên (bỏ đánh dấu)
ed-moderation-bad-decision = Thao tác kiểm duyệt không hợp lệ.
ed-moderation-reason-too-long = Lý do dài quá { $max } ký tự; vui lòng rút gọn.
ed-moderation-reason-required = Cần nêu lý do ẩn góp ý (người góp ý sẽ thấy lý do này trên biên nhận).
ed-protection-heading = Chống gửi góp ý hàng loạt
ed-protection-intro = Giới hạn tính riêng cho mỗi tài khoản (người đã đăng nhập) và mỗi địa chỉ mạng (người không đăng nhập). Thư góp ý và tệp nhập do biên tập viên ghi nhận không bị giới hạn.
ed-protection-rate = Số góp ý tối đa mỗi phút cho một người gửi (để trống: mặc định của hệ thống, { $value }; 0: không giới hạn)
ed-protection-challenge = Thử thách tự động với góp ý không đăng nhập
ed-protection-surge = Ngưỡng tăng đột biến (góp ý mỗi phút của cả đợt)
ed-protection-bits = Độ khó thử thách ({ $min }–{ $max } bit; mỗi bit tăng gấp đôi thời gian trình duyệt phải tính)
ed-protection-save = Lưu thiết lập
ed-protection-lead-only = Chỉ trưởng Tổ Biên tập thay đổi được thiết lập này.
ed-protection-bad-number = { $name }: cần một số nguyên từ { $min } đến { $max }.
ed-protection-field-rate = Số góp ý mỗi phút
ed-protection-field-surge = Ngưỡng tăng đột biến
ed-protection-field-bits = Độ khó
ed-protection-bad-challenge = Chế độ thử thách không hợp lệ.

## Thống kê

ed-stats-title = Thống kê
ed-stats-heading = Thống kê góp ý
ed-stats-comments = góp ý
ed-stats-heat-heading = Góp ý theo điều khoản
ed-stats-heat-note = Điều khoản càng nhiều góp ý càng được tô đậm.
ed-stats-whole-draft = góp ý chung cho cả dự thảo:
ed-stats-col-provision = Điều khoản
ed-stats-col-count = Số góp ý
ed-stats-no-data = Chưa có số liệu.
ed-stats-table = Bảng số liệu
ed-stats-csv = Tải số liệu (CSV)
ed-stats-chart-organisations = Góp ý theo cơ quan, tổ chức
ed-stats-chart-provinces = Góp ý của cơ quan, tổ chức theo tỉnh, thành phố
ed-stats-chart-channels = Góp ý theo kênh tiếp nhận
ed-stats-chart-days = Góp ý theo ngày
ed-stats-individuals = Cá nhân
ed-stats-other-organisations = { $count } cơ quan, tổ chức khác
ed-stats-progress = Tiến độ tiếp thu, giải trình
ed-stats-col-draft = Dự thảo
ed-stats-col-units = Cần trả lời
ed-stats-col-answered = Đã trả lời
ed-stats-col-approved = Đã duyệt
ed-stats-col-published = Đã công bố
ed-stats-col-left = Còn lại
ed-stats-pending = Cơ quan, tổ chức được mời chưa góp ý
ed-stats-pending-none = Tất cả cơ quan, tổ chức được mời đã góp ý.
ed-stats-col-organisation = Cơ quan, tổ chức
ed-stats-col-due = Hạn góp ý
ed-stats-overdue = quá hạn

## Bảng so sánh hai lần dự thảo

ed-changes-title = So sánh dự thảo lần { $min } và lần { $max }
ed-changes-heading = Bảng so sánh: dự thảo lần { $min } và lần { $max }
ed-changes-summary = { $count } trong số { $max } điều khoản có thay đổi.
# Hiển thị như HTML (không có tham số).
ed-changes-legend = Phần <ins>gạch chân</ins> là nội dung mới, phần <del>gạch ngang</del> là nội dung bỏ đi.
ed-changes-download = Tải về:
ed-changes-only-changed = Chỉ hiện điều khoản có thay đổi
ed-changes-show-all = Hiện cả điều khoản giữ nguyên
ed-changes-unmatched = Chưa ghép được
ed-changes-unmatched-note = Các điều khoản dưới đây không tìm được điều khoản tương ứng ở phiên bản kia. Nếu một điều khoản mới thực ra là điều khoản cũ đã sửa, hãy chọn điều khoản cũ mà nó tiếp nối ở biểu mẫu dưới bảng.
ed-changes-only-in = Chỉ có ở lần { $value } ({ $count })
ed-changes-col-number = STT
ed-changes-col-answers = Giải trình, tiếp thu
ed-changes-by-editor = Tổ Biên tập đã chỉnh
ed-changes-note-split = Tách từ
ed-changes-note-merged = Gộp vào
ed-changes-note-was = Trước đây là
ed-changes-accepted-unchanged = Có ý kiến được “Tiếp thu” nhưng điều khoản không thay đổi: đề nghị Tổ trưởng xem lại.
ed-changes-answer-comments = { $count } ý kiến
ed-changes-comments-on-old = { $count } ý kiến trên điều khoản cũ
ed-changes-unanswered = { $count } chưa trả lời
ed-changes-carried-to = chuyển theo sang
ed-changes-dropped = Ý kiến trên điều khoản đã bỏ: cần quyết định ({ $count })
ed-changes-answered = đã trả lời
ed-changes-not-answered = chưa trả lời
ed-changes-relink = Sửa việc nối điều khoản
ed-changes-relink-note = Nếu một điều khoản của lần { $max } bị nối sai, hãy chọn điều khoản của lần { $min } mà nó kế thừa (hoặc “Mới”). Các điều khoản khác được nối lại theo lựa chọn này; lựa chọn được giữ lại khi dự thảo thay đổi.
ed-changes-relink-new = Điều khoản của lần { $value }
ed-changes-relink-old = Kế thừa điều khoản của lần { $value }
ed-changes-relink-none = (Mới, không kế thừa)
ed-changes-relink-save = Lưu việc nối
ed-changes-first-version = Đây là phiên bản đầu tiên của dự thảo: chưa có gì để so sánh.
ed-changes-missing-new = Thiếu điều khoản của phiên bản mới.
ed-changes-bad-old = “{ $value }” không phải là số hiệu điều khoản.
ed-changes-correction-first = Phiên bản này là phiên bản đầu tiên của dự thảo: không có gì để đối chiếu.
ed-changes-correction-not-in-version = Điều khoản không thuộc phiên bản đang đối chiếu.
ed-changes-bad-format-pdf = Định dạng phải là docx hoặc pdf.
ed-changes-bad-format = Định dạng phải là docx (bản cài đặt này không có PDF: biên dịch với --features pdf).
