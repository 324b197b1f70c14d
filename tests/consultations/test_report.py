"""The report on what was accepted and explained: rich text through the one sanitiser, with its
file, approved through the workflow, shown (and its file downloadable) only once the
consultation has closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.consultations.models import ConsultationReport
from tests.consultations.conftest import ConsultationFactory, ReportFactory
from tests.factories import AttachmentFactory, attached, local
from tests.helpers import shown

pytestmark = pytest.mark.django_db

OPENS, CLOSES = local("01/03/2026 08:00"), local("31/03/2026 17:00")


@pytest.fixture
def draft():
    return ConsultationFactory(opens_at=OPENS, closes_at=CLOSES, publish_at=OPENS)


def test_the_report_shows_only_after_closing_with_its_file(client, draft):
    file = AttachmentFactory(name="Báo cáo tiếp thu 31-3.pdf")
    ReportFactory(
        consultation=draft, attachments=attached(file), accepted=3, explained=2,
        body="<p>Tiếp thu ý kiến về <strong>thời hạn</strong>.</p>", publish_at=OPENS,
    )  # fmt: skip
    with time_machine.travel(CLOSES - timedelta(minutes=1), tick=False):
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "Báo cáo tiếp thu, giải trình" not in html
        assert client.get(file.get_absolute_url()).status_code == 404
    with time_machine.travel(CLOSES + timedelta(days=40), tick=False):
        html = client.get(draft.get_absolute_url()).content.decode()
        assert 'id="bao-cao"' in html
        assert "Tiếp thu ý kiến về <strong>thời hạn</strong>." in html
        assert "3 ý kiến được tiếp thu · 2 ý kiến được giải trình" in html
        assert file.get_absolute_url() in html
        assert client.get(file.get_absolute_url()).status_code == 200


def test_a_report_not_yet_approved_is_not_shown_but_previewed(client, draft, reporter):
    ReportFactory(
        consultation=draft, status=ConsultationReport.Status.REVIEW, publish_at=None,
        body="<p>Bản báo cáo đang chờ duyệt.</p>",
    )  # fmt: skip
    with time_machine.travel(CLOSES + timedelta(days=1), tick=False):
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "Bản báo cáo đang chờ duyệt." not in html
        assert "sẽ được đăng tại đây khi hoàn thành" in html
        client.force_login(reporter)
        preview = client.get(f"/xem-truoc/lay-y-kien/{draft.pk}/")
        assert "Bản báo cáo đang chờ duyệt." in preview.content.decode()
        assert preview["X-Robots-Tag"] == "noindex, nofollow"


def test_the_report_body_goes_through_the_one_sanitiser(draft):
    report = ReportFactory(
        consultation=draft,
        body='<p onclick="x()">Tiếp thu</p><script>alert(1)</script><a href="javascript:x">a</a>',
    )
    report.refresh_from_db()
    assert "<script" not in report.body and "onclick" not in report.body
    assert "javascript:" not in report.body_html
    assert "Tiếp thu" in report.body_html


def test_a_report_needs_its_file(draft):
    report = ConsultationReport(consultation=draft, body="<p>Tóm tắt.</p>", attachments=[])
    with pytest.raises(ValidationError) as raised:
        report.full_clean()
    assert "Hãy đính kèm tệp báo cáo tiếp thu, giải trình." in str(raised.value)


def test_an_editor_writes_the_report_and_a_leader_approves_it(client, reporter, leader):
    draft = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    file = AttachmentFactory(name="Báo cáo tiếp thu.pdf")
    client.force_login(reporter)
    form = shown(client.get("/admin/news/consultationreport/add/").context["adminform"].form)
    form.update({
        "consultation": draft.pk, "body": "<p>Đã tiếp thu hai ý kiến.</p>", "accepted": "2",
        "attachments-present": "1", "attachments-key": [file.key], "attachments-label": [""],
        "attachments-order": ["1"], "_submit": "1",
    })  # fmt: skip
    response = client.post("/admin/news/consultationreport/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = ConsultationReport.objects.get()
    assert report.status == ConsultationReport.Status.REVIEW
    assert "Đã tiếp thu hai ý kiến." not in client.get(draft.get_absolute_url()).content.decode()
    # An editor cannot publish it with a forged button.
    data = {**shown(client.get(f"/admin/news/consultationreport/{report.pk}/change/")
                    .context["adminform"].form), "_publish": "1"}  # fmt: skip
    assert (
        client.post(f"/admin/news/consultationreport/{report.pk}/change/", data).status_code == 403
    )

    client.force_login(leader)
    page = client.get(f"/admin/news/consultationreport/{report.pk}/change/")
    data = {**shown(page.context["adminform"].form), "_publish": "1"}
    assert (
        client.post(f"/admin/news/consultationreport/{report.pk}/change/", data).status_code == 302
    )
    client.logout()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Đã tiếp thu hai ý kiến." in html and file.get_absolute_url() in html


def test_a_draft_of_a_consultation_hides_its_report_and_files(client, draft):
    file = AttachmentFactory()
    ReportFactory(consultation=draft, attachments=attached(file))
    draft.status = draft.Status.UNPUBLISHED
    draft.save()
    with time_machine.travel(CLOSES + timedelta(days=1), tick=False):
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(file.get_absolute_url()).status_code == 404
