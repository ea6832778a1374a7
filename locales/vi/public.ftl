# Trang công khai: hồ sơ, đọc và góp ý dự thảo, biên nhận, kết quả tiếp thu, giải trình;
# tài khoản; trình hồ sơ; dữ liệu cá nhân. Mỗi khóa phải có ở locales/en/public.ftl.

pub-crumbs = Vị trí
pub-crumbs-dossier = Hồ sơ
pub-whole-draft = Toàn bộ dự thảo
pub-comments-count = { $count } góp ý
pub-views-count = { $count } lượt xem
pub-keywords = Từ khóa:

## Hồ sơ

pub-dossier-drafting-org = Cơ quan chủ trì soạn thảo:
pub-dossier-approving-body = Cấp có thẩm quyền quyết định:
pub-dossier-result = Kết quả:
pub-dossier-submitted-to = hồ sơ đã được trình
pub-dossier-submitted-on = ngày { $date }. Kết quả tiếp thu, giải trình ý kiến góp ý của từng đợt được công bố dưới đây.
pub-dossier-drafts = Các dự thảo trong hồ sơ
pub-dossier-col-kind = Loại
pub-dossier-col-title = Tên dự thảo
pub-dossier-col-views = Lượt xem
pub-dossier-col-comments = Góp ý
pub-dossier-unpublished = chưa công bố
pub-dossier-rounds = Các đợt lấy ý kiến
pub-dossier-no-rounds = Chưa có đợt lấy ý kiến nào.
pub-dossier-round-period = từ { $min } đến hết { $max }
pub-dossier-round-open = đang mở
pub-dossier-round-closed = đã đóng
pub-dossier-send-letter = Gửi công văn góp ý
pub-dossier-answers = Kết quả tiếp thu, giải trình

## Đọc dự thảo

pub-draft-version = Dự thảo lần { $count }
pub-draft-published = công bố { $date }
pub-draft-open-until = nhận góp ý đến hết { $date }
pub-draft-days-left = còn { $days } ngày
pub-draft-ended = đã kết thúc ngày { $date }.
pub-draft-not-open = Dự thảo hiện không trong thời gian lấy ý kiến.
pub-draft-invited-only = Đợt lấy ý kiến này chỉ dành cho cơ quan, tổ chức được mời. Vui lòng đăng nhập bằng tài khoản đại diện.
pub-draft-own-list = Danh sách của cơ quan, địa phương bạn để rà soát: xem và gửi
pub-draft-whole-summary = Góp ý chung cho toàn bộ dự thảo ({ $count })
pub-draft-whole-count = Góp ý chung cho toàn bộ dự thảo: { $count }
pub-draft-comment-count-title = Số góp ý
pub-draft-agree = Đồng ý
pub-draft-disagree = Không đồng ý
pub-draft-comment = Góp ý

## Biểu mẫu góp ý

pub-form-body = Nội dung góp ý
pub-form-required = (bắt buộc)
pub-form-quote = Trích đoạn văn bản được góp ý (không bắt buộc)
pub-form-name = Họ và tên (không bắt buộc)
pub-form-email = Thư điện tử (không bắt buộc)
pub-form-name-public = Cho phép công khai họ tên của tôi trong báo cáo tổng hợp công bố trên cổng thông tin
pub-form-name-note = Nếu không chọn, họ tên chỉ được dùng trong hồ sơ của cơ quan chủ trì; thư điện tử không bao giờ được công khai.
pub-form-as-org = Góp ý được ghi nhận là ý kiến của
pub-form-send = Gửi góp ý
pub-form-challenge-working = Đang xác minh trình duyệt trước khi gửi góp ý…
pub-form-challenge-done = Đã xác minh, đang gửi góp ý…
pub-form-challenge-failed = Không xác minh được trình duyệt; góp ý sẽ được gửi để máy chủ xử lý.

## Gửi góp ý, đánh dấu đồng ý

pub-comment-version-not-in-draft = Phiên bản không thuộc dự thảo này.
pub-comment-closed = Dự thảo hiện không trong thời gian lấy ý kiến, không nhận thêm góp ý.
pub-comment-bad-provision = Mã điều khoản không hợp lệ.
pub-agreement-bad = Lựa chọn không hợp lệ.
pub-comment-empty = Nội dung góp ý đang để trống.
pub-comment-too-long = Nội dung góp ý dài { $count } ký tự, vượt giới hạn { $max } ký tự.
pub-comment-quote-too-long = Đoạn trích dẫn dài { $count } ký tự, vượt giới hạn { $max } ký tự.
pub-comment-name-too-long = Họ tên dài quá { $max } ký tự.
pub-comment-email-too-long = Thư điện tử dài quá { $max } ký tự.
pub-comment-email-invalid = Thư điện tử không đúng dạng (ví dụ: ten@example.vn): hãy sửa hoặc để trống.
pub-intake-no-consultation = Không tìm thấy đợt lấy ý kiến.
pub-intake-closed = Đợt lấy ý kiến chưa mở hoặc đã kết thúc, không nhận thêm góp ý.
pub-intake-submitted = Hồ sơ của đợt lấy ý kiến này đã được trình cấp có thẩm quyền, không nhận thêm góp ý.
pub-intake-not-invited = Đợt lấy ý kiến này chỉ dành cho cơ quan, tổ chức được mời; vui lòng đăng nhập bằng tài khoản đại diện của cơ quan, tổ chức.
pub-intake-foreign-provision = Điều khoản được góp ý không thuộc dự thảo của đợt lấy ý kiến này.
pub-intake-foreign-version = Phiên bản dự thảo không thuộc đợt lấy ý kiến này.
pub-intake-version-required = Đợt lấy ý kiến này gồm nhiều dự thảo: hãy nêu điều khoản (provision_id) hoặc phiên bản dự thảo (version_id) được góp ý.
pub-refused-title = Góp ý chưa được gửi
pub-refused-heading = Góp ý chưa được gửi
pub-refused-kept = Nội dung bạn đã nhập được giữ nguyên dưới đây: sửa lại nếu cần rồi gửi lại.
pub-refused-keep-copy = Nội dung bạn đã nhập được giữ dưới đây để bạn sao chép, lưu lại.
pub-refused-on = Góp ý cho
pub-refused-on-whole = Góp ý chung cho toàn bộ dự thảo
pub-refused-back = Quay lại dự thảo
pub-intake-key-invalid = Khóa gửi (Idempotency-Key) phải gồm từ 1 đến { $max } ký tự ASCII nhìn thấy được, không dấu cách.
pub-intake-key-reused = Khóa gửi này đã được dùng cho một góp ý khác trong đợt lấy ý kiến; mỗi góp ý mới cần một khóa mới.
pub-intake-rate-limited = Bạn đã gửi quá nhiều góp ý trong thời gian ngắn. Vui lòng thử lại sau { $count } giây.
pub-challenge-missing = Lượng góp ý đang tăng đột biến: góp ý không đăng nhập cần được trình duyệt xác minh tự động. Vui lòng bật JavaScript rồi gửi lại, hoặc đăng nhập để góp ý.
pub-challenge-invalid = Mã xác minh không hợp lệ. Vui lòng tải lại trang rồi gửi lại góp ý.
pub-challenge-expired = Mã xác minh đã hết hạn. Vui lòng gửi lại góp ý.
pub-challenge-reused = Mã xác minh đã được dùng. Vui lòng gửi lại góp ý.

## Biểu mẫu (mọi trang)

pub-form-too-large = Dữ liệu gửi lên vượt giới hạn cho phép.
pub-form-unreadable = Không đọc được dữ liệu biểu mẫu.
pub-form-invalid-utf8 = Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ; vui lòng nhập lại nội dung.
pub-form-invalid = Dữ liệu biểu mẫu không hợp lệ: { $what }

## Biên nhận

pub-receipt-title = Biên nhận { $code }
pub-receipt-sent = Góp ý của bạn đã được ghi nhận. Vui lòng giữ mã biên nhận để tra cứu.
pub-receipt-heading = Biên nhận góp ý
pub-receipt-code = Mã biên nhận:
pub-receipt-received = Thời gian nhận
pub-receipt-draft = Dự thảo
pub-receipt-on = Góp ý cho
pub-receipt-author = Người góp ý
pub-receipt-anonymous = Không nêu tên
pub-receipt-name-public = Họ tên được công khai trong báo cáo tổng hợp công bố.
pub-receipt-name-private = Họ tên không được công khai.
pub-receipt-channel = Kênh
pub-receipt-quote = Trích đoạn
pub-receipt-body = Nội dung
pub-receipt-moderation = Kiểm duyệt
pub-receipt-hidden = Góp ý này đã bị ẩn khỏi trang công khai và không được tổng hợp
pub-receipt-hidden-reason = lý do:
pub-receipt-hidden-kept = Nội dung vẫn được lưu đầy đủ trong hồ sơ.
pub-receipt-proof = Kiểm chứng
pub-receipt-logged = Góp ý này được ghi vào nhật ký kiểm toán của hệ thống ở
pub-receipt-event = sự kiện số { $count }
pub-receipt-logged-matches = ({ $date }); nội dung đang lưu khớp đúng với dấu vân tay đã ghi.
pub-receipt-mismatch = Nội dung đang lưu KHÔNG khớp với dấu vân tay đã ghi ở sự kiện số { $count } của nhật ký kiểm toán. Hãy báo cho cơ quan chủ trì kèm mã biên nhận này.
pub-receipt-digest = Dấu vân tay của góp ý (SHA-256):
pub-receipt-event-hash = Mã băm của sự kiện:
pub-receipt-chain = Mỗi sự kiện của nhật ký mang mã băm của sự kiện trước nó: không ai có thể xoá hay sửa góp ý đã ghi mà không làm đứt chuỗi (kiểm tra bằng lệnh
pub-receipt-before-audit = Góp ý này được nhận trước khi nhật ký kiểm toán ghi từng góp ý.
pub-receipt-print = Dùng chức năng In của trình duyệt (Ctrl+P) để in biên nhận này.

## Kết quả tiếp thu, giải trình (phần báo cáo giữ nguyên tiếng Việt)

pub-synthesis-title = BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý
pub-synthesis-crumb = Kết quả tiếp thu, giải trình
pub-synthesis-draft = Dự thảo
pub-synthesis-show = Xem

## Tài khoản

pub-account-title = Tài khoản
pub-account-heading = Tài khoản của
pub-account-login = Tên đăng nhập:
pub-account-change = Đổi mật khẩu
pub-account-changed = Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.
pub-account-current = Mật khẩu hiện tại
pub-account-new = Mật khẩu mới
pub-account-rules = Ít nhất 10 ký tự, có thể gồm chữ có dấu và dấu cách (một câu ngắn dễ nhớ là tốt); không chứa tên đăng nhập hoặc họ tên; không phải mật khẩu phổ biến.
pub-account-confirm = Nhập lại mật khẩu mới
pub-account-change-button = Đổi mật khẩu
pub-account-change-note = Đổi mật khẩu sẽ kết thúc mọi phiên đăng nhập khác của tài khoản, trên mọi thiết bị.
pub-account-everywhere = Đăng xuất mọi nơi
pub-account-everywhere-note = Nếu nghi ngờ người khác đang dùng tài khoản (máy công cộng, máy bị mất), hãy kết thúc mọi phiên đăng nhập của tài khoản trên mọi thiết bị, kể cả phiên này.
pub-account-everywhere-button = Đăng xuất mọi nơi
pub-account-locked = Đã nhập sai mật khẩu nhiều lần. Hãy thử lại sau { $date }.
pub-account-wrong-current = Mật khẩu hiện tại không đúng.
pub-account-mismatch = Hai lần nhập mật khẩu mới không khớp nhau.
pub-account-same = Mật khẩu mới phải khác mật khẩu hiện tại.
pub-password-too-short = Mật khẩu phải có ít nhất { $min } ký tự.
pub-password-too-long = Mật khẩu dài quá { $max } ký tự.
pub-password-personal = Mật khẩu không được chứa tên đăng nhập hoặc họ tên.
pub-password-common = Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác (một câu ngắn dễ nhớ là tốt).
pub-password-repetitive = Mật khẩu chỉ lặp lại một vài ký tự; hãy dùng nhiều ký tự khác nhau hơn.

## Đăng nhập

pub-login-failed = Tên đăng nhập hoặc mật khẩu không đúng.
pub-login-locked = Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Hãy thử lại sau { $date }.
pub-login-blocked = Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau { $date }.

## Trình hồ sơ

pub-submission-editor = Biên tập
pub-submission-schedule = Tiến độ
pub-submission-crumb = Trình hồ sơ
pub-submission-heading = Trình hồ sơ:
pub-submission-approving-body = Cấp có thẩm quyền:
pub-submission-done = Hồ sơ đã được trình lúc { $date }. Hồ sơ chỉ còn để xem, không sửa được.
pub-submission-download = Tải bộ hồ sơ đã trình (ZIP)
pub-submission-no-package = Hồ sơ này chưa được trình nên chưa có bộ hồ sơ để tải. Bộ hồ sơ được lập khi trình, tại trang “Trình hồ sơ” (/editor/dossiers/{ $dossier }/submission).
pub-submission-manifest = Danh mục tài liệu (manifest.json)
pub-submission-col-file = Tệp
pub-submission-col-document = Tài liệu
pub-submission-col-bytes = Dung lượng (byte)
pub-submission-not-ready = Chưa đủ điều kiện trình
pub-submission-approve-first = Mọi ý kiến phải có câu trả lời được Tổ trưởng duyệt trước khi lập hồ sơ trình.
pub-submission-ready = Đủ điều kiện trình. Bộ hồ sơ gồm: phiên bản cuối cùng của từng dự thảo (DOCX), bảng so sánh các lần dự thảo, bản tổng hợp, tiếp thu, giải trình của từng đợt lấy ý kiến, tờ trình và danh mục tài liệu kèm mã SHA-256. Sau khi trình, hồ sơ chỉ còn để xem.
pub-submission-submit = Lập bộ hồ sơ và trình
pub-submission-ends-rounds = Trình hồ sơ sẽ kết thúc ngay các đợt lấy ý kiến sau; góp ý gửi sau khi trình không được nhận:
pub-submission-round-until = đang nhận góp ý đến { $date }
pub-submission-round-not-open = chưa mở, dự kiến mở ngày { $date }
pub-submission-comments-arrived = Có góp ý mới đến trong khi lập hồ sơ: hồ sơ chưa được trình. Hãy trả lời các góp ý mới rồi trình lại.
pub-submission-lead-only = Chỉ Tổ trưởng Tổ Biên tập lập và trình hồ sơ.
pub-submission-read-only = Hồ sơ đã được trình ngày { $date }: không thay đổi được nữa.
pub-submission-raced = Hồ sơ vừa được trình bởi người khác.
pub-submission-missing = Chưa lập được hồ sơ trình: { $what }

## Dữ liệu cá nhân

pub-privacy-title = Dữ liệu cá nhân
pub-privacy-admin = Quản trị
pub-privacy-users = Người dùng
pub-privacy-organisations = Cơ quan, tổ chức
pub-privacy-heading = Dữ liệu cá nhân của người góp ý
pub-privacy-intro = Tìm theo thư điện tử người góp ý đã để lại, hoặc theo tên đăng nhập của tài khoản đã góp ý. Có thể tải về toàn bộ dữ liệu cá nhân của người đó, hoặc xoá họ tên và thư điện tử khỏi các góp ý: nội dung góp ý vẫn được giữ nguyên trong hồ sơ.
pub-privacy-person = Thư điện tử hoặc tên đăng nhập
pub-privacy-find = Tìm
pub-privacy-erased = Đã xoá họ tên và thư điện tử khỏi { $count } góp ý. Nội dung góp ý vẫn được giữ.
pub-privacy-none = Không có góp ý nào còn mang dữ liệu cá nhân của
pub-privacy-found = { $count } góp ý mang dữ liệu cá nhân của
pub-privacy-col-receipt = Biên nhận
pub-privacy-col-time = Thời gian
pub-privacy-col-name = Họ tên
pub-privacy-col-email = Thư điện tử
pub-privacy-col-place = Dự thảo, điều khoản
pub-privacy-col-text = Nội dung
pub-privacy-export = Tải về dữ liệu cá nhân (JSON)
pub-privacy-confirm = Tôi xác nhận xoá họ tên và thư điện tử của người này khỏi { $count } góp ý (không thể hoàn tác; nội dung góp ý được giữ).
pub-privacy-erase = Xoá dữ liệu cá nhân
pub-privacy-unknown = Không có tài khoản đăng nhập “{ $name }”.
pub-privacy-missing = Hãy nhập thư điện tử hoặc tên đăng nhập của người cần tìm.
pub-privacy-not-confirmed = Hãy đánh dấu ô xác nhận trước khi xoá.

pub-missing-no-draft = hồ sơ chưa có dự thảo nào
pub-missing-no-version = dự thảo “{ $title }” chưa có phiên bản nào
pub-missing-not-approved = đợt “{ $name }”, dự thảo “{ $title }”:{" "}
pub-missing-draft = dự thảo
pub-missing-has-no-version = chưa có phiên bản nào
pub-missing-round = đợt
pub-missing-unanswered = { $count } chưa trả lời
pub-missing-unapproved = { $count } chưa được duyệt
