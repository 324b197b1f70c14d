"""Factories and people for the consultations' tests."""

from __future__ import annotations

from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from news.consultations.models import Comment, Consultation, ConsultationReport
from portal import roles
from tests.factories import AttachmentFactory, attached
from tests.helpers import human, person


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A published consultation, open from a day ago for two weeks unless told."""

    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Dự thảo Kế hoạch chuyển đổi số dịch vụ công số {n + 1}")
    summary = "Dự thảo kế hoạch đưa các thủ tục của Sở lên môi trường số, cần ý kiến người dân."
    drafting_unit = "Phòng Công nghệ thông tin"
    contact = "Phòng Công nghệ thông tin, điện thoại 0220 3850 000"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda c: c.opens_at + timedelta(days=15))
    status = Consultation.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.Sequence(lambda n: f"nguoi{n}@example.com")
    text = factory.Sequence(lambda n: f"Đề nghị làm rõ điều {n} của dự thảo.")
    status = Comment.Status.APPROVED
    consent_at = factory.LazyFunction(timezone.now)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationReport

    consultation = factory.SubFactory(ConsultationFactory)
    body = "<p>Đã tiếp thu ý kiến về thời hạn; giải trình ý kiến về kinh phí.</p>"
    attachments = factory.LazyFunction(
        lambda: attached(AttachmentFactory(name="Báo cáo tiếp thu.pdf"))
    )
    status = ConsultationReport.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


def comment_data(**changes) -> dict:
    """A person's valid comment, as the form posts it."""
    data = {
        "name": "Trần Thị Bình",
        "organisation": "Hợp tác xã Thanh Hà",
        "email": "binh.tran@example.com",
        "reference": "Điều 3, khoản 2",
        "text": "Đề nghị bổ sung hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi.",
        "consent": "on",
    }
    data.update(changes)
    return human(data)


@pytest.fixture
def reporter():
    return person("bientap", roles.EDITOR)


@pytest.fixture
def leader():
    return person("lanhdao", roles.APPROVER)
