"""The training-event registry: rules, pages, statistics, export and import."""

import csv
import io
import json
import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from news.events import spreadsheet as registry
from news.models import (
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Programme,
    TrainingEvent,
)
from portal.models import SiteProfile
from tests.factories import ArticleFactory, EventFactory, PhotoFactory, figure, local

pytestmark = pytest.mark.django_db


def registry_event(**fields):
    """An event of the registry's own story: 28/09/2017 unless told otherwise."""
    return EventFactory(**{"title": "Tập huấn thử", "start": "28/09/2017 08:00", **fields})


@pytest.fixture
def programmes():
    poverty = Programme.objects.create(
        short_name="Giảm nghèo bền vững", name="CTMTQG giảm nghèo bền vững", period="2016–2020"
    )
    rural = Programme.objects.create(short_name="Nông thôn mới", name="CTMTQG nông thôn mới")
    return poverty, rural


# Rules


def test_end_before_start_is_refused():
    event = TrainingEvent(
        title="x", start=local("28/09/2017 08:00"), end=local("27/09/2017 08:00"), place="p"
    )
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert "kết thúc phải sau" in str(info.value.message_dict["end"])


def test_negative_count_is_refused():
    event = TrainingEvent(
        title="x",
        start=local("28/09/2017 08:00"),
        end=local("28/09/2017 09:00"),
        place="p",
        participants_total=-1,
    )
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert "participants_total" in info.value.message_dict


def test_organiser_defaults_to_the_site_profile_and_slug_keeps_d():
    SiteProfile.objects.update(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Mẫu")
    event = registry_event(title="Đào tạo đội ngũ Đài Truyền thanh")
    assert event.organiser == "Sở Văn hóa, Thể thao và Du lịch tỉnh Mẫu"
    assert event.slug == "dao-tao-doi-ngu-dai-truyen-thanh"
    twin = registry_event(title="Đào tạo đội ngũ Đài Truyền thanh", start="01/10/2017 08:00")
    assert twin.slug == "dao-tao-doi-ngu-dai-truyen-thanh-2"


def test_description_is_sanitised():
    event = registry_event(body='<p onclick="x()">Mô tả</p><script>alert(1)</script>')
    assert event.body == "<p>Mô tả</p>" and "script" not in event.body_html


def test_admin_refuses_group_counts_above_total(admin_client, programmes):
    data = {
        "title": "Lớp A",
        "slug": "",
        "start_0": "28/09/2017",
        "start_1": "08:00",
        "end_0": "28/09/2017",
        "end_1": "16:00",
        "place": "Hội trường",
        "organiser": "",
        "programmes": [programmes[0].pk],
        "status": "held",
        "participants_total": "100",
        "is_public": "on",
        "body": "",
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-order": "0",
        "speakers-0-name": "Nguyễn Ngọc Hải",
        "speakers-0-position": "Phó Vụ trưởng",
        "speakers-0-organisation": "Bộ TT&TT",
        "speakers-0-role": "presented",
        "topics-TOTAL_FORMS": "1",
        "topics-INITIAL_FORMS": "0",
        "topics-0-order": "0",
        "topics-0-title": "Quản lý tài chính",
        "groups-TOTAL_FORMS": "2",
        "groups-INITIAL_FORMS": "0",
        "groups-0-order": "0",
        "groups-0-name": "Cán bộ xã",
        "groups-0-count": "80",
        "groups-1-order": "1",
        "groups-1-name": "Phóng viên",
        "groups-1-count": "30",
    }
    response = admin_client.post("/admin/news/trainingevent/add/", data)
    assert response.status_code == 200
    assert "vượt quá tổng số học viên" in response.content.decode()
    assert not TrainingEvent.objects.exists()
    data["groups-1-count"] = "20"
    response = admin_client.post("/admin/news/trainingevent/add/", data)
    assert response.status_code == 302
    event = TrainingEvent.objects.get()
    assert event.groups.count() == 2 and event.speakers.get().name == "Nguyễn Ngọc Hải"


# Pages


def test_list_shows_upcoming_first_then_past(client):
    now = timezone.now()
    past = registry_event(title="Lớp đã qua")
    soon = TrainingEvent.objects.create(
        title="Lớp sắp tới",
        start=now + timezone.timedelta(days=5),
        end=now + timezone.timedelta(days=5, hours=8),
        place="p",
        status=TrainingEvent.Status.PLANNED,
    )
    hidden = registry_event(title="Lớp không công khai", is_public=False)
    html = client.get("/tap-huan/").content.decode()
    assert html.index("Lớp sắp tới") < html.index("Lớp đã qua")
    assert hidden.title not in html
    assert soon.get_absolute_url() in html and past.get_absolute_url() in html
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_filters_by_year_and_programme(client, programmes):
    poverty, rural = programmes
    registry_event(title="Lớp giảm nghèo 2017", programmes=[poverty])
    registry_event(title="Lớp nông thôn 2018", start="05/05/2018 08:00", programmes=[rural])
    html = client.get("/tap-huan/", {"nam": "2018"}).content.decode()
    assert "Lớp nông thôn 2018" in html and "Lớp giảm nghèo 2017" not in html
    html = client.get("/tap-huan/", {"chuong_trinh": poverty.pk}).content.decode()
    assert "Lớp giảm nghèo 2017" in html and "Lớp nông thôn 2018" not in html


@pytest.mark.parametrize(
    "params", [{"nam": "abc"}, {"nam": "1900"}, {"chuong_trinh": "999"}, {"page": "x"}]
)
def test_bad_filters_never_error(client, params):
    registry_event()
    response = client.get("/tap-huan/", params)
    assert response.status_code == 200
    assert "Tập huấn thử" in response.content.decode()


def test_detail_page_and_links_both_ways(client, programmes):
    event = registry_event(
        title="Tập huấn truyền thông và giảm nghèo về thông tin",
        participants_total=630,
        programmes=list(programmes),
    )
    EventSpeaker.objects.create(event=event, name="Nguyễn Cao Thắng", role="opened")
    EventSpeaker.objects.create(event=event, name="Nguyễn Ngọc Hải", role="presented", order=1)
    EventTopic.objects.create(event=event, title="Tiêu chí nông thôn mới")
    ParticipantGroup.objects.create(event=event, name="Đài Truyền thanh cấp xã", count=200)
    article = ArticleFactory(title="Bài về lớp tập huấn", body=figure(PhotoFactory()), event=event)
    html = client.get(event.get_absolute_url()).content.decode()
    for text in [
        "Thứ năm, 28/09/2017 08:00", "Nguyễn Cao Thắng", "phát biểu khai mạc",
        "Tiêu chí nông thôn mới", "Đài Truyền thanh cấp xã", "630",
        "CTMTQG giảm nghèo bền vững", article.get_absolute_url(),
    ]:  # fmt: skip
        assert text in html, text
    assert "Bài về lớp tập huấn" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["startDate"].startswith("2017-09-28T08:00:00+07:00")
    assert data["performer"] == [{"@type": "Person", "name": "Nguyễn Ngọc Hải"}]
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in article_html and 'class="event-box"' in article_html


def test_jsonld_cannot_break_out_of_its_script(client):
    event = registry_event(title="</script><script>alert(1)</script>")
    html = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block and "\\u003C/script\\u003E" in block


def test_statistics_match_a_hand_computed_fixture(client, programmes):
    poverty, rural = programmes
    registry_event(
        title="A", start="10/03/2017 08:00", participants_total=100, programmes=[poverty]
    )
    registry_event(
        title="B", start="28/09/2017 08:00", participants_total=630, programmes=[poverty, rural]
    )
    registry_event(title="C", start="05/05/2018 08:00", participants_total=50, programmes=[rural])
    registry_event(title="D", start="06/06/2018 08:00", participants_total=999, status="cancelled")
    registry_event(title="E", start="07/07/2018 08:00", participants_total=777, status="planned")
    registry_event(title="F", start="08/08/2018 08:00", participants_total=5, is_public=False)
    response = client.get("/tap-huan/thong-ke/")
    by_year = {
        row["year"]: (row["events"], row["participants"]) for row in response.context["by_year"]
    }
    assert by_year == {2017: (2, 730), 2018: (1, 50)}
    by_programme = {
        row["short_name"]: (row["event_count"], row["participants"])
        for row in response.context["by_programme"]
    }
    assert by_programme == {"Giảm nghèo bền vững": (2, 730), "Nông thôn mới": (2, 680)}
    assert response.context["totals"] == {"events": 3, "participants": 780}
    html = response.content.decode()
    assert html.count("<svg") == 2 and "<rect" in html and 'role="img"' in html
    assert '<td class="num">730</td>' in html
    assert "<script" not in html.split("</head>")[1]


def test_year_boundary_uses_local_time(client):
    # 31/12/2017 23:30 in Hà Nội is still 2017, although it is 16:30 UTC.
    registry_event(
        title="Cuối năm", start="31/12/2017 23:30", end="31/12/2017 23:45", participants_total=10
    )
    response = client.get("/tap-huan/thong-ke/")
    assert [row["year"] for row in response.context["by_year"]] == [2017]


# Export and import


@pytest.fixture
def registry_events(programmes):
    poverty, rural = programmes
    event = registry_event(
        title="Tập huấn giảm nghèo về thông tin",
        participants_total=630,
        programmes=[poverty, rural],
        body="<p>Mô tả; có dấu chấm phẩy</p>",
    )
    EventSpeaker.objects.create(
        event=event, name="Nguyễn Ngọc Hải", position="Phó Vụ trưởng", organisation="Bộ TT&TT",
        role="presented",
    )  # fmt: skip
    EventTopic.objects.create(event=event, title="Tiêu chí; nông thôn mới")
    ParticipantGroup.objects.create(event=event, name="Cán bộ xã", count=300)
    ParticipantGroup.objects.create(event=event, name="Phóng viên", order=1)
    other = registry_event(title="Lớp 2018", start="05/05/2018 08:00", participants_total=50)
    return event, other


def test_xlsx_export_reads_back_with_vietnamese_headers(admin_client, registry_events):
    response = admin_client.get("/admin/news/trainingevent/xuat/xlsx/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == registry.HEADERS
    assert len(rows) == 3
    row = dict(zip(registry.HEADERS, rows[1], strict=True))
    assert row["Tên lớp tập huấn"] == "Tập huấn giảm nghèo về thông tin"
    assert row["Bắt đầu"] == datetime(2017, 9, 28, 8, 0)  # a real date cell, local time
    assert sheet["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.title == "Tập huấn"
    assert row["Mô tả"] == "Mô tả; có dấu chấm phẩy"  # plain text, not HTML
    assert row["Chương trình"] == "Giảm nghèo bền vững; Nông thôn mới"
    assert row["Tình trạng"] == "Đã tổ chức"
    assert row["Tổng số học viên"] == 630
    assert row["Nhóm học viên"] == "Cán bộ xã: 300; Phóng viên"
    assert (
        row["Báo cáo viên, đại biểu"] == "Nguyễn Ngọc Hải | Phó Vụ trưởng | Bộ TT&TT | Báo cáo viên"
    )
    assert row["Nội dung"] == "Tiêu chí, nông thôn mới"


def test_export_follows_the_admin_filters(admin_client, registry_events):
    response = admin_client.get("/admin/news/trainingevent/xuat/csv/", {"nam": "2018"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == registry.HEADERS
    assert [r[0] for r in rows[1:]] == ["Lớp 2018"]


def test_export_needs_staff(client, registry_events):
    assert client.get("/admin/news/trainingevent/xuat/xlsx/").status_code == 302


def test_round_trip_updates_instead_of_duplicating(admin_client, registry_events):
    exported = admin_client.get("/admin/news/trainingevent/xuat/xlsx/").content
    before = TrainingEvent.objects.count()
    response = admin_client.post(
        "/admin/news/trainingevent/nhap/",
        {"file": SimpleUploadedFile("so.xlsx", exported)},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert TrainingEvent.objects.count() == before
    event = TrainingEvent.objects.get(title="Tập huấn giảm nghèo về thông tin")
    assert event.groups.count() == 2 and event.speakers.get().organisation == "Bộ TT&TT"
    assert event.programmes.count() == 2
    assert event.body == "<p>Mô tả; có dấu chấm phẩy</p>"
    assert timezone.localtime(event.start).hour == 8


def csv_file(rows, header=registry.HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("so.csv", buffer.getvalue().encode("utf-8"))


GOOD_ROW = [
    "Tập huấn kỹ năng số 2019", "", "10/04/2019 08:00", "10/04/2019 16:00", "Hội trường",
    "", "Nông thôn mới", "Đã tổ chức", "120", "Cán bộ xã: 100; Thanh niên: 20",
    "Trần Văn A | Chuyên viên | Sở TT&TT | Báo cáo viên", "Dịch vụ công; An toàn thông tin", "",
]  # fmt: skip


def test_csv_import_creates_events(admin_client, programmes):
    response = admin_client.post("/admin/news/trainingevent/nhap/", {"file": csv_file([GOOD_ROW])})
    assert response.status_code == 302
    event = TrainingEvent.objects.get()
    assert event.slug == "tap-huan-ky-nang-so-2019"
    assert [g.count for g in event.groups.all()] == [100, 20]
    assert [t.title for t in event.topics.all()] == ["Dịch vụ công", "An toàn thông tin"]
    assert event.programmes.get().short_name == "Nông thôn mới"


def test_import_is_all_or_nothing_and_names_rows(admin_client, programmes):
    bad_dates = GOOD_ROW.copy()
    bad_dates[0], bad_dates[2], bad_dates[3] = (
        "Lớp ngày sai",
        "10/04/2019 08:00",
        "09/04/2019 08:00",
    )
    unknown = GOOD_ROW.copy()
    unknown[0], unknown[6] = "Lớp chương trình lạ", "Chương trình không có"
    too_many = GOOD_ROW.copy()
    too_many[0], too_many[8] = "Lớp quá đông", "50"
    negative = GOOD_ROW.copy()
    negative[0], negative[8] = "Lớp số âm", "-5"
    response = admin_client.post(
        "/admin/news/trainingevent/nhap/",
        {"file": csv_file([GOOD_ROW, bad_dates, unknown, too_many, negative])},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert not TrainingEvent.objects.exists()
    assert "Chưa nhập gì: 4 dòng có lỗi" in html
    assert "Kết thúc: Thời điểm kết thúc phải sau thời điểm bắt đầu" in html  # the model's rule
    assert "“Chương trình không có” không có trong danh mục" in html
    assert "vượt quá tổng số học viên" in html
    assert "phải là số nguyên từ 0 đến" in html
    for row_number in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>"):
        assert row_number in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("so.txt", b"hello", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("so.csv", "Tên lớp tập huấn\nA\n".encode(), "Thiếu cột"),
        ("so.csv", "Tên;Bắt đầu".encode("utf-16"), "UTF-8"),
        ("so.xlsx", b"PK\x03\x04broken", "Không đọc được tệp XLSX"),
        ("so.csv", b"", "rỗng"),
    ],
)
def test_unreadable_files_get_a_clear_message(admin_client, name, data, message):
    response = admin_client.post(
        "/admin/news/trainingevent/nhap/", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_import_matches_same_date_and_title(admin_client, programmes):
    existing = registry_event(title="Tập huấn kỹ năng số 2019", start="10/04/2019 08:00")
    admin_client.post("/admin/news/trainingevent/nhap/", {"file": csv_file([GOOD_ROW])})
    assert TrainingEvent.objects.count() == 1
    existing.refresh_from_db()
    assert existing.participants_total == 120


def test_xlsx_import_with_real_dates(admin_client, programmes):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(registry.HEADERS)
    row = GOOD_ROW.copy()
    row[2], row[3], row[8] = datetime(2019, 4, 10, 8, 0), datetime(2019, 4, 10, 16, 0), 120
    sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = admin_client.post(
        "/admin/news/trainingevent/nhap/",
        {"file": SimpleUploadedFile("so.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert timezone.localtime(TrainingEvent.objects.get().start).hour == 8


def test_description_text_keeps_every_block_and_untouched_cells_keep_formatting(
    admin_client, programmes
):
    body = (
        "<p>Mở đầu</p><table><tr><td>Sáng: khai mạc</td><td>Chiều: thảo luận</td></tr></table>"
        "<blockquote>Trích dẫn</blockquote><ol><li>Một</li><li>Hai</li></ol>"
    )
    text = registry.description_text(body)
    assert text.split("\n") == [
        "Mở đầu", "Sáng: khai mạc | Chiều: thảo luận", "Trích dẫn", "Một", "Hai",
    ]  # fmt: skip
    event = registry_event(title="Lớp có mô tả dài", body=body, participants_total=10)
    exported = admin_client.get("/admin/news/trainingevent/xuat/xlsx/").content
    admin_client.post(
        "/admin/news/trainingevent/nhap/", {"file": SimpleUploadedFile("so.xlsx", exported)}
    )
    event.refresh_from_db()
    assert "<table>" in event.body and "<blockquote>" in event.body  # formatting kept
