"""Consultation windows with a moved clock: the lists, the draft's page and its link to the
form, the form refusing comments outside the window (nothing kept), cached pages that never
outlive an opening or a closing, closed consultations still readable."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from news.consultations import hooks
from news.consultations.models import Comment, Phase
from portal.models import Submission
from tests.consultations.conftest import ConsultationFactory, comment_data
from tests.factories import local

pytestmark = pytest.mark.django_db

OPENS, CLOSES = local("01/03/2026 08:00"), local("31/03/2026 17:00")


@pytest.fixture
def draft():
    return ConsultationFactory(
        title="Dự thảo Quy định mở dữ liệu", opens_at=OPENS, closes_at=CLOSES,
        publish_at=OPENS - timedelta(days=7),
    )  # fmt: skip


def sections(client):
    response = client.get("/lay-y-kien/")
    assert response.status_code == 200
    context = response.context
    return (
        [c.title for c in context["open_now"]],
        [c.title for c in context["upcoming"]],
        [c.title for c in context["closed"]],
    )


def test_a_draft_moves_from_upcoming_to_open_to_closed_on_the_minute(client, draft):
    with time_machine.travel(OPENS - timedelta(minutes=1), tick=False):
        assert sections(client) == ([], [draft.title], [])
        assert draft.phase() == Phase.UPCOMING
    with time_machine.travel(OPENS, tick=False):
        assert sections(client) == ([draft.title], [], [])
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        assert sections(client) == ([draft.title], [], [])
    with time_machine.travel(CLOSES, tick=False):
        assert sections(client) == ([], [], [draft.title])
        assert draft.phase() == Phase.CLOSED


def test_the_page_links_to_the_form_only_while_open_and_has_no_form_itself(client, draft):
    form_url = draft.get_comment_url()
    with time_machine.travel(OPENS - timedelta(hours=1), tick=False):
        html = client.get(draft.get_absolute_url()).content.decode()
        assert form_url not in html and "bắt đầu nhận góp ý lúc 08:00 01/03/2026" in html
    with time_machine.travel(OPENS + timedelta(days=1), tick=False):
        html = client.get(draft.get_absolute_url()).content.decode()
        assert f'href="{form_url}"' in html
        assert "<form" not in html.split('role="search"', 1)[1]  # only the header's search
        assert "csrfmiddlewaretoken" not in html
    with time_machine.travel(CLOSES + timedelta(days=30), tick=False):
        response = client.get(draft.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200  # closed drafts stay readable
        assert form_url not in html and "đã kết thúc lúc 17:00 31/03/2026" in html


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (OPENS - timedelta(seconds=1), "chưa bắt đầu nhận góp ý"),
        (CLOSES, "Đợt lấy ý kiến đã kết thúc lúc 17:00 31/03/2026"),
    ],
)
def test_a_comment_outside_the_window_is_refused_with_a_message_and_nothing_kept(
    client, draft, moment, message
):
    with time_machine.travel(moment, tick=False):
        assert message in client.get(draft.get_comment_url()).content.decode()
        data = comment_data(text="Ý kiến gửi muộn <b>không</b> được nhận.")
        response = client.post(draft.get_comment_url(), data)
    assert response.status_code == 403
    html = response.content.decode()
    assert message in html
    assert 'name="email"' not in html  # no form to fill again
    assert Comment.objects.count() == 0 and Submission.objects.count() == 0


def test_a_late_comment_is_shown_back_as_text_so_that_it_is_not_lost(client, draft):
    with time_machine.travel(CLOSES + timedelta(minutes=5), tick=False):
        data = comment_data(text="Đề nghị sửa <script>alert(1)</script> điều 2.")
        html = client.post(draft.get_comment_url(), data).content.decode()
    assert "Đề nghị sửa &lt;script&gt;alert(1)&lt;/script&gt; điều 2." in html
    assert "<script>alert(1)" not in html


def test_the_form_takes_comments_from_the_first_to_the_last_second(client, draft):
    for moment in (OPENS, CLOSES - timedelta(seconds=1)):
        with time_machine.travel(moment, tick=False):
            text = f"Ý kiến gửi lúc {moment:%H:%M:%S}, đề nghị giữ nguyên điều 1."
            response = client.post(draft.get_comment_url(), comment_data(text=text))
            assert response.status_code == 302, response.content.decode()
    assert Comment.objects.count() == 2


def test_next_change_is_the_next_opening_or_closing(draft):
    assert hooks.next_change(OPENS - timedelta(days=1)) == OPENS
    assert hooks.next_change(OPENS) == CLOSES
    assert hooks.next_change(CLOSES) is None


def test_a_draft_not_published_announces_no_moment_and_is_nowhere(client, draft):
    draft.status = draft.Status.DRAFT
    draft.save()
    assert hooks.next_change(OPENS - timedelta(days=1)) is None
    with time_machine.travel(OPENS + timedelta(days=1), tick=False):
        assert sections(client) == ([], [], [])
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(draft.get_comment_url()).status_code == 404
        assert client.post(draft.get_comment_url(), comment_data()).status_code == 404
    assert Comment.objects.count() == 0


def test_cached_pages_do_not_outlive_the_opening_or_the_closing(client, draft, page_cache):
    form_url = draft.get_comment_url()
    with time_machine.travel(OPENS - timedelta(minutes=2), tick=False):
        first = client.get(draft.get_absolute_url())
        assert first["X-Page-Cache"] == "miss" and form_url not in first.content.decode()
        assert client.get(draft.get_absolute_url())["X-Page-Cache"] == "hit"
        assert "Sắp lấy ý kiến" in client.get("/lay-y-kien/").content.decode()
    with time_machine.travel(OPENS + timedelta(seconds=1), tick=False):
        response = client.get(draft.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"  # the cached copy expired at the opening
        assert form_url in response.content.decode()
        listing = client.get("/lay-y-kien/")
        assert [c.title for c in listing.context["open_now"]] == [draft.title]
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        response = client.get(draft.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        assert form_url not in response.content.decode()


def test_the_comment_pages_are_never_cached(client, draft, page_cache):
    with time_machine.travel(OPENS + timedelta(days=1), tick=False):
        response = client.get(draft.get_comment_url())
        assert "X-Page-Cache" not in response
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_now_relative_windows():
    """The queryset's phases agree with the model's."""
    now = timezone.now()
    upcoming = ConsultationFactory(opens_at=now + timedelta(days=1))
    open_now = ConsultationFactory(opens_at=now - timedelta(days=1))
    closed = ConsultationFactory(
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    from news.consultations.models import Consultation

    assert list(Consultation.objects.upcoming()) == [upcoming]
    assert list(Consultation.objects.open_now()) == [open_now]
    assert list(Consultation.objects.closed()) == [closed]
    assert [c.phase() for c in (upcoming, open_now, closed)] == ["upcoming", "open", "closed"]


def test_a_closing_at_midnight_reads_as_the_end_of_the_day_before(client):
    closes = timezone.make_aware(datetime(2026, 12, 28, 0, 0))
    draft = ConsultationFactory(opens_at=closes - timedelta(days=20), closes_at=closes)
    with time_machine.travel(closes - timedelta(days=2)):
        for url in (draft.get_absolute_url(), draft.get_comment_url(), "/lay-y-kien/"):
            html = client.get(url).content.decode()
            assert "24:00 ngày 27/12/2026" in html, url
            assert "00:00 28/12/2026" not in html and "00:00, 28/12/2026" not in html
    with time_machine.travel(closes + timedelta(days=1)):
        assert (
            "đã kết thúc lúc 24:00 ngày 27/12/2026"
            in client.get(draft.get_absolute_url()).content.decode()
        )
