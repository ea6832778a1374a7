# Names of coded values (channels, dispositions, roles…): `{prefix}-{code}`, used
# through `Lang::label`.

channel-web = Web portal
channel-api = API
channel-letter = Official letter
channel-import = File import
channel-conference = Conference

disposition-accepted = Accepted
disposition-partly_accepted = Partly accepted
disposition-explained = Explained (not accepted)
disposition-agrees = Agrees with the draft

answer-state-draft = Draft response
answer-state-returned = Returned for revision
answer-state-approved = Approved
answer-state-published = Published

draft-kind-to_trinh = Submission
draft-kind-de_an = Scheme
draft-kind-bao_cao = Report
draft-kind-quy_dinh = Regulation
draft-kind-nghi_dinh = Decree
draft-kind-thong_tu = Circular
draft-kind-luat = Law
draft-kind-ket_luan = Conclusion
draft-kind-other = Other document

audience-public = Public (everyone)
audience-invited = Invited organisations only
audience-both = Public and invited organisations

moderation-visible = Visible
moderation-flagged = Awaiting moderation
moderation-hidden = Hidden

challenge-off = Not required
challenge-surge = When comments surge
challenge-always = Always required

role-public = Citizen
role-org_representative = Organisation representative
role-secretary = Connection point secretary
role-editor = Editorial team member
role-lead_editor = Editorial team lead
role-admin = System administrator

org-kind-central = Central body
org-kind-province = Province or centrally governed city
org-kind-department = Provincial department or agency
org-kind-commune = Commune, ward or special zone
org-kind-other = Other organisation
