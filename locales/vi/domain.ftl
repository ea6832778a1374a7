# Names of coded values (channels, dispositions, roles…): `{prefix}-{code}`, used
# through `Lang::label`. The Vietnamese names are the domain's own (`name_vi`).

channel-web = Cổng thông tin
channel-api = API
channel-letter = Công văn
channel-import = Nhập từ tệp
channel-conference = Hội nghị

disposition-accepted = Tiếp thu
disposition-partly_accepted = Tiếp thu một phần
disposition-explained = Giải trình
disposition-agrees = Thống nhất với dự thảo

answer-state-draft = Dự thảo trả lời
answer-state-returned = Trả lại để sửa
answer-state-approved = Đã duyệt
answer-state-published = Đã công bố

draft-kind-to_trinh = Tờ trình
draft-kind-de_an = Đề án
draft-kind-bao_cao = Báo cáo
draft-kind-quy_dinh = Quy định
draft-kind-nghi_dinh = Nghị định
draft-kind-thong_tu = Thông tư
draft-kind-luat = Luật
draft-kind-ket_luan = Kết luận
draft-kind-other = Văn bản khác

audience-public = Công khai (mọi người)
audience-invited = Chỉ cơ quan, tổ chức được mời
audience-both = Công khai và cơ quan, tổ chức được mời

moderation-visible = Hiển thị
moderation-flagged = Chờ kiểm duyệt
moderation-hidden = Đã ẩn

challenge-off = Không yêu cầu
challenge-surge = Khi lượng góp ý tăng đột biến
challenge-always = Luôn yêu cầu

role-public = Người dân
role-org_representative = Đại diện cơ quan, tổ chức
role-secretary = Thư ký điểm cầu
role-editor = Thành viên Tổ Biên tập
role-lead_editor = Tổ trưởng Tổ Biên tập
role-admin = Quản trị hệ thống

org-kind-central = Cơ quan Trung ương
org-kind-province = Tỉnh, thành phố
org-kind-department = Sở, ban, ngành
org-kind-commune = Xã, phường, đặc khu
org-kind-other = Tổ chức khác
