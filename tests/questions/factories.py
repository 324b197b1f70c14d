"""Questions as the ask form stores them, in any state of handling."""

import factory
from django.utils import timezone

from news.questions.models import Question, Status, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực hỏi đáp {n}")


def question(*, status=Status.RECEIVED, answer="", **values) -> Question:
    """A received question (``Question.receive``), then moved to ``status`` with ``answer``."""
    values.setdefault("asker_name", "Nguyễn Văn An")
    values.setdefault("email", "an.nguyen@example.com")
    values.setdefault("phone", "0912345678")
    values.setdefault("title", "Hỗ trợ phương tiện nghe xem cho hộ nghèo")
    values.setdefault("question", "Gia đình tôi là hộ nghèo, làm thế nào để được hỗ trợ ti vi?")
    if "topic" not in values:
        values["topic"] = TopicFactory(name="Thông tin cơ sở")
    q = Question.receive(**values)
    if answer:
        q.body = f"<p>{answer}</p>"
    if status != Status.RECEIVED:
        q.status = status
        if status in (Status.PUBLISHED, Status.ANSWERED):
            q.answered_at = q.settled_at = timezone.now()
        if status == Status.CLOSED:
            q.settled_at = timezone.now()
    q.save()
    return q
