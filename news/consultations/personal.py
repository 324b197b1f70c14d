"""The commenters' personal data (portal/privacy.py): due for erasure once the consultation
closed more than the retention period ago; one person's comments for an export.

Erasing takes the e-mail, the address hash and the fingerprint from every comment; a comment
published one by one keeps its name and organisation as the person gave them (they are already
public with it), every other comment loses them too. The comments' text stays."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import privacy

from .models import Comment


def expired(cutoff: datetime) -> QuerySet:
    return Comment.objects.filter(consultation__closes_at__lt=cutoff, erased_at__isnull=True)


@transaction.atomic
def erase(queryset: QuerySet) -> int:
    now = timezone.now()
    ids = list(queryset.values_list("pk", flat=True))
    due = Comment.objects.filter(pk__in=ids)
    public = set(due.public_names().values_list("pk", flat=True))
    contact = {"email": "", "address_key": "", "fingerprint": "", "erased_at": now, "updated": now}
    due.filter(pk__in=public).update(**contact)
    due.exclude(pk__in=public).update(name="", organisation="", **contact)
    return len(ids)


def find(email: str, phone: str) -> list[dict]:
    """Everything kept about the person who wrote with ``email`` (comments carry no phone)."""
    comments = Comment.objects.matching_email(email).select_related("consultation")
    return [
        {
            "consultation": c.consultation.title,
            "consultation_url": c.consultation.get_absolute_url(),
            "sent_at": c.created,
            "name": c.name,
            "organisation": c.organisation,
            "email": c.email,
            "reference": c.reference,
            "text": c.text,
            "status": str(c.get_status_display()),
            "consent_at": c.consent_at,
        }
        for c in comments.order_by("created", "pk")
    ]


SOURCE = privacy.Source(
    name="comments",
    label=_("Góp ý dự thảo"),
    kept=_(
        "họ tên, cơ quan hoặc tổ chức (nếu ghi), thư điện tử và nội dung góp ý: để tổng hợp, tiếp "
        "thu, giải trình và liên hệ khi cần làm rõ ý kiến. Thư điện tử không bao giờ công khai; "
        "khi hết thời hạn lưu trữ kể từ ngày kết thúc lấy ý kiến, thư điện tử được xóa, họ tên chỉ "
        "còn ở những ý kiến đã công bố (đúng như người góp ý đã ghi)."
    ),
    expired=expired,
    erase=erase,
    find=find,
    shown=_(
        "họ tên và cơ quan, tổ chức đúng như bạn ghi, cùng ý kiến, khi ý kiến được duyệt trên dự "
        "thảo công bố từng ý kiến (trang góp ý báo trước cách công bố của từng dự thảo); với dự "
        "thảo chỉ công bố số lượng và báo cáo tổng hợp, không hiện gì về bạn."
    ),
)
