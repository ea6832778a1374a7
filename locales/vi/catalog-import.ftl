# Nhập danh mục chức danh, vị trí việc làm và danh sách hiện có của cơ quan, đơn vị từ
# tệp XLSX, CSV hoặc bảng trong tệp DOCX (src/catalog/table.rs).

## Tệp không nhập được
cat-import-empty = Tệp không có dữ liệu.
cat-import-too-large = Tệp quá lớn (hơn { $max } MiB); hãy chia thành nhiều tệp nhỏ hơn.
cat-import-too-many-rows = “{ $name }” có hơn { $max } dòng; hãy chia thành nhiều tệp nhỏ hơn.
cat-import-old-format = Đây là tệp Excel 97–2003 (.xls) hoặc Word 97–2003 (.doc); hãy mở tệp rồi lưu lại dưới dạng .xlsx hoặc .docx.
cat-import-xlsx-password = Tệp Excel được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.
cat-import-xlsx-damaged = Không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng .xlsx.
cat-import-docx-damaged = Không đọc được tệp Word: tệp bị hỏng hoặc không phải định dạng .docx.
cat-import-docx-bomb = Tệp Word bị từ chối: nội dung giải nén ra lớn bất thường so với kích thước tệp.
cat-import-no-table = Tệp Word không có bảng nào; danh mục cần được trình bày dưới dạng bảng.
cat-import-csv = Tệp CSV bị lỗi ở dòng { $row }: { $value }.
cat-import-no-header = Không tìm thấy dòng tiêu đề: trong { $max } dòng đầu của mỗi bảng không có cột nào có tên { $column }. Hãy đặt lại tên cột rồi tải lên lại.
cat-import-no-header-found = Không tìm thấy dòng tiêu đề: trong { $max } dòng đầu của mỗi bảng không có cột nào có tên { $column }. Dòng đầu tiên của tệp có: { $value }. Hãy đặt lại tên cột rồi tải lên lại.
cat-import-duplicate-column = Trường “{ $name }” có ở hai cột: { $column } và { $value }; hãy giữ lại một cột.

## Ghi chú khi nhập
cat-import-note-overlong = “{ $name }”, dòng { $row }, cột { $column }: ô dài hơn { $max } ký tự, phần sau đã bị cắt bỏ.
cat-import-note-uncomputed = “{ $name }”, dòng { $row }, cột { $column }: ô có công thức chưa được tính nên được để trống. Hãy mở tệp bằng Excel rồi lưu lại.
cat-import-note-read-tcvn3 = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã TCVN3 (ABC) và chuyển sang Unicode.
cat-import-note-read-vni = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã VNI-Windows và chuyển sang Unicode.
cat-import-note-read-windows-1252 = Tệp không ở dạng UTF-8: đã được đọc theo bảng mã Windows-1252. Nếu chữ tiếng Việt hiển thị sai, hãy lưu lại tệp dưới dạng “CSV UTF-8”.
cat-import-note-converted-tcvn3 = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã TCVN3 (ABC).
cat-import-note-converted-vni = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã VNI-Windows.
cat-import-note-converted-both = Đã chuyển sang Unicode { $count } đoạn văn bản gõ theo bảng mã TCVN3 (ABC) và { $value } đoạn gõ theo bảng mã VNI-Windows.
cat-import-note-above-header = “{ $name }”: bỏ qua các dòng phía trên dòng tiêu đề (dòng { $row }): { $value }.
cat-import-note-other-tables = Chỉ nhập “{ $name }”; không nhập { $value }.
cat-import-note-new-field = Cột { $column } không phải trường có sẵn của danh mục: đã thêm trường mới “{ $name }”.
cat-import-note-unnamed-column = Cột { $column } có dữ liệu nhưng không có tên cột nên không được nhập.
cat-import-note-level-heading = Dòng { $row } là dòng tiêu đề nhóm: cấp “{ $value }” được áp dụng cho các dòng tiếp theo chưa ghi cấp.
cat-import-note-group-heading = Dòng { $row } là dòng tiêu đề nhóm: nhóm “{ $value }” được áp dụng cho các dòng tiếp theo chưa ghi nhóm.
cat-import-note-empty-name = Dòng { $row }: cột { $column } để trống nên dòng này không được nhập.
cat-import-note-bad-level = Dòng { $row }, cột { $column }: không hiểu cấp “{ $value }” (cấp là Trung ương, Tỉnh hoặc Xã); giữ nguyên như đã ghi.
cat-import-note-duplicate-code = Dòng { $row }: số thứ tự “{ $code }” đã dùng ở dòng { $min }; đã đánh số lại thành “{ $value }”.
cat-import-note-duplicate-name = Dòng { $row }: “{ $name }” trùng với dòng { $min }; vẫn giữ cả hai để Tổ Biên tập quyết định.
cat-import-note-ignored-columns = Các cột sau không được dùng để đối chiếu: { $column }.
cat-import-note-heading-skipped = Bỏ qua dòng { $row } (“{ $value }”): đây là dòng tiêu đề nhóm.
cat-import-note-duplicate-row = Dòng { $row } trùng hoàn toàn với dòng { $min } nên được bỏ qua.
cat-import-note-merged-holders = “{ $name }” được ghi lại với người đảm nhiệm khác (dòng { $value }): đã gộp vào dòng { $row }.
cat-import-note-merged-holders-unit = “{ $name }” ({ $what }) được ghi lại với người đảm nhiệm khác (dòng { $value }): đã gộp vào dòng { $row }.
