"""How Hỏi đáp plugs into the site layer: menu, search, feed, sitemap, caches, the admin's work
lists and the personal data it keeps."""

from __future__ import annotations

from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import pagecache, privacy, registry, search
from portal.dates import short_date
from portal.registry import MenuItem, Panel, Task

from .models import ANSWERED, Question, Status, Topic
from .sitemaps import QuestionSitemap


def menu() -> list[MenuItem]:
    return [MenuItem(_("Hỏi đáp"), reverse("news:questions"), 400)]


def latest_question_change():
    return Question.objects.published().aggregate(latest=Max("updated"))["latest"]


def _search(words):
    return search.matching(
        Question.objects.published().select_related("topic"), words,
        newest=("-answered_at", "-pk"),
    )  # fmt: skip


def _hit(question, words) -> search.Hit:
    return search.Hit(
        url=question.get_absolute_url(),
        title=search.highlight(question.title, words),
        snippet=search.snippet([question.question], words),
        meta=_("%(topic)s, trả lời ngày %(date)s")
        % {"topic": question.topic.name, "date": short_date(question.answered_at)},
    )


def _public_change(sender, instance, **kwargs):
    """A question changes cached pages only when it is, or was, public: the questions that
    arrive (a flood of them, too) leave the page cache alone."""
    if kwargs.get("raw"):
        return
    if instance.is_public or instance.loaded_status == Status.PUBLISHED:
        pagecache.bump_content_version()


def _panels(request) -> list[Panel]:
    user = request.user
    if not user.has_perm("news.view_question"):
        return []
    changelist = reverse("admin:news_question_changelist")
    records = Question.objects.open().select_related("topic")

    def tasks(rows, note):
        return [
            Task(f"{q.code}: {q.title}", reverse("admin:news_question_change", args=[q.pk]),
                 note(q))
            for q in rows[:20]
        ]  # fmt: skip

    def due(q):
        late = _("quá hạn") if q.due_on < timezone.localdate() else _("hạn")
        return f"{late} {q.due_on:%d/%m/%Y}"

    panels = [
        Panel(
            _("Câu hỏi giao cho tôi"),
            tasks(records.filter(assignee=user).order_by("due_on"), due),
            f"{changelist}?cua_toi=1",
        ),
        Panel(
            _("Câu hỏi mới, chưa giao"),
            tasks(records.filter(status=Status.RECEIVED).order_by("due_on"), due),
            f"{changelist}?status__exact={Status.RECEIVED}",
        ),
        Panel(
            _("Câu hỏi quá hạn"),
            tasks(records.overdue().order_by("due_on"), due),
            f"{changelist}?han=qua_han",
        ),
    ]
    if user.has_perm("news.approve_answer"):
        drafted = records.filter(status=Status.DRAFTED).select_related("answered_by")
        panels.insert(
            0,
            Panel(
                _("Câu trả lời chờ tôi duyệt"),
                tasks(drafted.order_by("due_on"), due),
                f"{changelist}?status__exact={Status.DRAFTED}",
            ),
        )
    return panels


# Personal data (portal/privacy.py)


def _expired(cutoff):
    settled = Question.objects.exclude(status__in=[Status.RECEIVED, Status.ASSIGNED,
                                                   Status.DRAFTED])  # fmt: skip
    return settled.filter(settled_at__lt=cutoff, erased_at__isnull=True)


def _erase(questions) -> int:
    count = 0
    for question in questions.iterator():
        question.erase_contact()
        count += 1
    return count


def _find(email: str, phone: str) -> list[dict]:
    rows = Question.objects.matching_contact(email, phone).select_related("topic")
    return [
        {
            "code": q.code, "received": q.created, "name": q.asker_name, "email": q.email,
            "phone": q.phone, "address": q.address, "topic": q.topic.name, "title": q.title,
            "question": q.question, "status": q.get_status_display(),
            "name_shown": q.get_name_shown_display(),
            "answered": q.answered_at if q.status in ANSWERED else None,
        }
        for q in rows
    ]  # fmt: skip


def register() -> None:
    registry.watch(Topic)
    uid = "news-questions-public"
    post_save.connect(_public_change, sender=Question, weak=False, dispatch_uid=uid)
    post_delete.connect(_public_change, sender=Question, weak=False, dispatch_uid=uid)
    registry.add_menu(menu)
    registry.add_feed(gettext_lazy("Hỏi đáp"), "news:question_feed", order=40)
    registry.add_dashboard(_panels)
    registry.add_section("news:questions", latest_question_change, order=40)
    registry.add_sitemap("questions", QuestionSitemap)
    search.register(
        search.Provider("hoi-dap", gettext_lazy("Hỏi đáp"), _search, _hit, order=30, model=Question)
    )
    privacy.register(
        privacy.Source(
            name="questions",
            label=gettext_lazy("Câu hỏi gửi qua mục Hỏi đáp"),
            kept=gettext_lazy(
                "họ tên, thư điện tử và/hoặc số điện thoại, địa chỉ (nếu bạn ghi), lĩnh vực, "
                "câu hỏi và thời điểm bạn đồng ý; dùng để gửi mã tra cứu, trả lời và để bạn "
                "tra cứu tình trạng xử lý."
            ),
            expired=_expired,
            erase=_erase,
            find=_find,
            shown=gettext_lazy(
                "chỉ họ tên, theo cách bạn chọn khi đặt câu hỏi (đầy đủ, chữ cái đầu hoặc ẩn "
                "danh), cùng câu hỏi và câu trả lời khi câu trả lời được đăng công khai; câu trả "
                "lời gửi riêng không hiện trên cổng."
            ),
        )
    )
