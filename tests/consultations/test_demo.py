"""The demo's consultations: one open on the day it is loaded, one closed with its report and
PDF; loaded by load_demo, idempotent, no account created."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.consultations.models import Comment, Consultation, ConsultationReport
from news.demo.consultations import load_consultations
from portal.models import Attachment

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_draft_and_a_closed_one_with_its_report(client):
    created = load_consultations()
    assert created > 0
    open_now = Consultation.objects.published().open_now().get()
    closed = Consultation.objects.published().closed().get()
    report = ConsultationReport.objects.published().get()
    assert report.consultation == closed
    assert Attachment.objects.filter(kind="pdf").count() == 3
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Báo cáo tiếp thu, giải trình" in page
    file = report.listed_files()[0].attachment
    assert "Số ý kiến tiếp thu: 1" in file.text  # the PDF's own words
    assert client.get(file.get_absolute_url()).status_code == 200
    assert client.get(open_now.get_comment_url()).status_code == 200
    counts = (Consultation.objects.count(), Comment.objects.count(), Attachment.objects.count())
    assert load_consultations() == 0
    assert counts == (
        Consultation.objects.count(),
        Comment.objects.count(),
        Attachment.objects.count(),
    )


def test_load_demo_loads_them_and_creates_no_account():
    call_command("load_demo", verbosity=0)
    assert Consultation.objects.count() == 2
    assert get_user_model().objects.count() == 0
