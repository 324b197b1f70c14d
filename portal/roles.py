"""The department's three roles as Django groups, created (or completed) on every migrate.

Permissions are only ever added, so an administrator's later changes to a group are kept.
Accounts are never created here: people are added to these groups in the admin.
"""

from django.contrib.auth.models import Group, Permission

EDITOR = "Biên tập viên"
APPROVER = "Lãnh đạo duyệt tin"
ADMINISTRATOR = "Quản trị cổng"
# Roles that must log in with a second factor (portal/staff.py); superusers must too.
SECOND_FACTOR_ROLES = (APPROVER, ADMINISTRATOR)

_EDITOR = [
    "news.add_article", "news.change_article", "news.view_article",
    "portal.add_photo", "portal.change_photo", "portal.view_photo", "portal.upload_photo",
    "portal.add_attachment", "portal.view_attachment",
    "news.view_category", "news.view_trainingevent", "news.view_programme",
    "news.add_document", "news.change_document", "news.view_document",
    "news.add_procedure", "news.change_procedure", "news.view_procedure",
    "news.view_documenttype", "news.view_issuer", "news.view_field",
    "news.add_signer", "news.view_signer",
    "news.add_documentrelation", "news.change_documentrelation",
    "news.delete_documentrelation", "news.view_documentrelation",
    # Questions: take, assign, draft answers, close spam; not approve, not see contacts.
    "news.view_question", "news.change_question", "news.view_topic",
    # Consultations: prepare drafts for comment, read the comments, write the report.
    "news.add_consultation", "news.change_consultation", "news.view_consultation",
    "news.view_comment",
    "news.add_consultationreport", "news.change_consultationreport",
    "news.view_consultationreport",
    # Schedules: prepare weeks (drafts), copy last week, change items until published.
    "news.add_scheduleweek", "news.change_scheduleweek", "news.view_scheduleweek",
    "news.add_scheduleitem", "news.change_scheduleitem", "news.delete_scheduleitem",
    "news.view_scheduleitem",
    # Organisation: editors read units, positions and officials (to link and check them);
    # only administrators change them (they are the agency's official record).
    "news.view_unit", "news.view_position", "news.view_official",
]  # fmt: skip
_APPROVER = [
    *_EDITOR, "news.publish_article", "news.delete_article", "portal.publish_photo",
    "news.publish_document", "news.delete_document",
    "news.publish_procedure", "news.delete_procedure",
    "news.approve_answer", "news.view_contact",
    "news.publish_consultation", "news.delete_consultation", "news.delete_consultationreport",
    "news.change_comment", "news.moderate_comment", "news.view_commenter",
    "news.publish_schedule", "news.delete_scheduleweek",
    # Thống kê truy cập: the visit report (views by day, category, article) and its export.
    "portal.view_sitevisitday",
]  # fmt: skip
_ADMIN_MODELS = [
    ("news", "category"), ("news", "programme"), ("news", "trainingevent"),
    ("news", "eventspeaker"), ("news", "eventtopic"), ("news", "participantgroup"),
    ("portal", "siteprofile"), ("portal", "servicelink"), ("portal", "unitportal"),
    ("portal", "banner"), ("portal", "page"),
    ("news", "documenttype"), ("news", "issuer"), ("news", "field"), ("news", "signer"),
    ("news", "topic"),
    ("news", "unit"), ("news", "position"), ("news", "official"),
]  # fmt: skip
_ADMINISTRATOR = [
    *_APPROVER,
    "portal.delete_photo", "portal.delete_attachment",
    "news.delete_question", "news.delete_comment",
    *[f"{app}.{action}_{model}" for app, model in _ADMIN_MODELS
      for action in ("add", "change", "delete", "view")],
    "auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group",
    "admin.view_logentry",
    # The staff login log (portal/staff.py): administrators only.
    "portal.view_staffloginevent",
]  # fmt: skip

ROLES = {EDITOR: _EDITOR, APPROVER: _APPROVER, ADMINISTRATOR: _ADMINISTRATOR}


def ensure_roles(**kwargs) -> None:
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = set()
        for code in codes:
            app_label, codename = code.split(".")
            wanted.add((app_label, codename))
        permissions = Permission.objects.filter(
            content_type__app_label__in={a for a, _c in wanted},
            codename__in={c for _a, c in wanted},
        ).select_related("content_type")
        group.permissions.add(
            *[p for p in permissions if (p.content_type.app_label, p.codename) in wanted]
        )
