"""Documents as citizens use them: found by number in any form and by words without
diacritics, filtered, their validity right today and tomorrow, their relations both ways, their
files; and what staff may not enter."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.documents.models import RelationKind, Validity
from news.models import Document, DocumentRelation, DocumentType
from tests.factories import (
    AttachmentFactory,
    DocumentFactory,
    DocumentTypeFactory,
    FieldFactory,
    IssuerFactory,
    ProcedureFactory,
    attached,
)

pytestmark = pytest.mark.django_db


def numbers(client, **params) -> list[str]:
    """The numbers the register lists for ``params`` (one page), checked against its count."""
    html = client.get("/van-ban/", params).content.decode()
    found = re.findall(r'class="document-number"><a href="[^"]+">[^<]* số ([^<]+)</a>', html)
    count = int(re.search(r'class="result-count" role="status">(\d+) văn bản', html)[1])
    assert count == len(found), (params, count, found)
    return found


@pytest.fixture
def plan():
    return DocumentFactory(
        number="2328/KH-UBND",
        issued_on=date(2017, 8, 9),
        summary="Đầu tư trang thiết bị và nâng cao chất lượng hoạt động của hệ thống Đài "
        "Truyền thanh cấp xã giai đoạn 2017-2020",
        attachments=attached(AttachmentFactory(name="Kế hoạch 2328.pdf", text="")),
    )


# Finding


@pytest.mark.parametrize("query", ["2328/KH-UBND", "2328", "2328/kh-ubnd", "2328 / KH–UBND", "232"])
def test_a_document_is_found_by_its_number_in_any_form(client, plan, query):
    DocumentFactory(number="328/QĐ-UBND", summary="Quyết định khác")
    assert numbers(client, q=query) == ["2328/KH-UBND"]


def test_an_exact_number_comes_before_one_that_only_starts_with_it(client):
    DocumentFactory(number="23/KH-UBND", issued_on=date(2016, 1, 1))
    DocumentFactory(number="2328/KH-UBND", issued_on=date(2017, 8, 9))
    assert numbers(client, q="2328/KH-UBND") == ["2328/KH-UBND"]
    assert numbers(client, q="23/KH-UBND") == ["23/KH-UBND"]
    assert numbers(client, q="23") == ["23/KH-UBND", "2328/KH-UBND"]


def test_words_of_the_summary_without_diacritics(client, plan):
    DocumentFactory(number="5/KH-UBND", summary="Kế hoạch chuyển đổi số")
    assert numbers(client, q="dai truyen thanh cap xa") == ["2328/KH-UBND"]
    assert numbers(client, q="trang thiet bi") == ["2328/KH-UBND"]
    assert numbers(client, q="chuyen doi so") == ["5/KH-UBND"]


def test_words_inside_the_attached_file(client):
    report = AttachmentFactory(text="Phủ sóng phát thanh vùng sâu")
    DocumentFactory(number="7/BC-STTTT", summary="Báo cáo", attachments=attached(report))
    assert numbers(client, q="phu song vung sau") == ["7/BC-STTTT"]


def test_the_search_box_on_any_page_finds_the_plan_with_its_file(client, plan):
    html = client.get("/tim-kiem/", {"q": "2328"}).content.decode()
    assert plan.get_absolute_url() in html
    attachment = plan.listed_files()[0].attachment
    assert f'href="{attachment.get_absolute_url()}" download' in html
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_filters_by_type_issuer_field_year_and_validity(client):
    decision = DocumentTypeFactory(name="Quyết định")
    ministry = IssuerFactory(name="Bộ Thông tin và Truyền thông", short_name="Bộ TT&TT")
    press = FieldFactory(name="Báo chí")
    DocumentFactory(number="1/KH-UBND", issued_on=date(2017, 8, 9))
    other = DocumentFactory(number="2/QĐ-BTTTT", doc_type=decision, issuer=ministry,
                            issued_on=date(2020, 1, 2))  # fmt: skip
    other.fields.add(press, FieldFactory(name="Xuất bản"))  # two fields: counted once
    DocumentFactory(number="3/KH-UBND", issued_on=date(2020, 5, 5), expires_on=date(2021, 1, 1))
    assert numbers(client, loai=decision.pk) == ["2/QĐ-BTTTT"]
    assert numbers(client, co_quan=ministry.pk) == ["2/QĐ-BTTTT"]
    assert numbers(client, linh_vuc=press.pk) == ["2/QĐ-BTTTT"]
    assert numbers(client, nam=2020) == ["3/KH-UBND", "2/QĐ-BTTTT"]
    assert numbers(client, hieu_luc=Validity.ENDED) == ["3/KH-UBND"]
    assert numbers(client, nam=2020, sap_xep=2) == ["2/QĐ-BTTTT", "3/KH-UBND"]


def year_choices(client) -> list[str]:
    html = client.get("/van-ban/").content.decode()
    years = re.search(r'<select name="nam".*?</select>', html, re.S)[0]
    return re.findall(r'<option value="(\d+)"', years)


def test_the_filters_offer_a_new_type_and_year_at_once_and_a_scheduled_one_on_time(client):
    DocumentFactory(issued_on=date(2017, 8, 9))
    assert year_choices(client) == ["2017"]  # the choices are now kept by this worker
    directive = DocumentTypeFactory(name="Chỉ thị")
    DocumentFactory(number="5/CT-UBND", doc_type=directive, issued_on=date(2021, 3, 1))
    html = client.get("/van-ban/").content.decode()
    assert f'<option value="{directive.pk}">Chỉ thị</option>' in html
    assert year_choices(client) == ["2021", "2017"]
    soon = timezone.now() + timedelta(hours=2)
    DocumentFactory(number="6/KH-UBND", issued_on=date(2024, 1, 5), publish_at=soon)
    assert year_choices(client) == ["2021", "2017"]  # not public yet
    with time_machine.travel(soon + timedelta(minutes=1)):
        assert year_choices(client) == ["2024", "2021", "2017"]  # no save: its time came


def test_a_stale_filter_is_left_out_and_the_rest_still_applies(client, plan):
    DocumentFactory(number="15/QĐ-UBND", summary="Quyết định khác")
    response = client.get("/van-ban/", {"q": "2328", "loai": "999999", "nam": "1800"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "bộ lọc không hợp lệ" in html
    assert numbers(client, q="2328", nam="abc") == ["2328/KH-UBND"]


def test_a_long_pasted_summary_still_searches(client, plan):
    summary = "đầu tư trang thiết bị " + "và nâng cao chất lượng hoạt động " * 8
    assert len(summary) > 240
    assert numbers(client, q=summary) == ["2328/KH-UBND"]


def test_control_characters_in_the_address_never_reach_the_page(client, plan):
    html = client.get("/van-ban/?q=23%0028").content.decode()
    assert "\x00" not in html


@pytest.mark.parametrize("query", ["%", "_", "'", "\x00", "a" * 300, "/", "--"])
def test_odd_queries_never_fail(client, plan, query):
    assert client.get("/van-ban/", {"q": query}).status_code == 200


# Validity, from dates and relations, as of today


def validity(document) -> int | None:
    return Document.objects.with_validity().get(pk=document.pk).validity


def test_validity_follows_the_dates_as_the_clock_moves():
    document = DocumentFactory(issued_on=date(2030, 1, 10), effective_on=date(2030, 2, 1),
                               expires_on=date(2031, 1, 1))  # fmt: skip
    with time_machine.travel(date(2030, 1, 20)):
        assert validity(document) == Validity.NOT_YET
    with time_machine.travel(date(2030, 2, 1)):
        assert validity(document) == Validity.IN_FORCE
    with time_machine.travel(date(2031, 1, 1)):
        assert validity(document) == Validity.ENDED


def test_a_replacement_ends_the_old_document_when_it_takes_effect(client):
    old = DocumentFactory(number="10/QĐ-UBND", issued_on=date(2020, 1, 1))
    new = DocumentFactory(number="20/QĐ-UBND", issued_on=date(2030, 3, 1),
                          effective_on=date(2030, 4, 1))  # fmt: skip
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES, target=old)
    with time_machine.travel(date(2030, 3, 15)):
        assert validity(old) == Validity.IN_FORCE
    with time_machine.travel(date(2030, 4, 1)):
        assert validity(old) == Validity.ENDED
        html = client.get(old.get_absolute_url()).content.decode()
        assert "Hết hiệu lực toàn bộ" in html
        assert "Bị thay thế bởi" in html and new.get_absolute_url() in html
        html = client.get(new.get_absolute_url()).content.decode()
        assert "Thay thế" in html and old.get_absolute_url() in html


def test_an_amendment_ends_it_in_part_and_a_guide_changes_nothing():
    old = DocumentFactory(issued_on=date(2020, 1, 1))
    guide = DocumentFactory(issued_on=date(2020, 6, 1))
    DocumentRelation.objects.create(source=guide, kind=RelationKind.GUIDES, target=old)
    assert validity(old) == Validity.IN_FORCE
    amendment = DocumentFactory(issued_on=date(2021, 1, 1))
    DocumentRelation.objects.create(source=amendment, kind=RelationKind.AMENDS, target=old)
    assert validity(old) == Validity.PARTLY_ENDED


def test_a_draft_replacement_changes_nothing_yet():
    old = DocumentFactory(issued_on=date(2020, 1, 1))
    draft = DocumentFactory(issued_on=date(2021, 1, 1), status=Document.Status.DRAFT)
    DocumentRelation.objects.create(source=draft, kind=RelationKind.REPEALS, target=old)
    assert validity(old) == Validity.IN_FORCE


def test_a_type_without_legal_force_shows_no_validity(client):
    letter = DocumentTypeFactory(name="Công văn", has_validity=False)
    document = DocumentFactory(number="55/STTTT-VP", doc_type=letter)
    assert validity(document) is None
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Tình trạng hiệu lực" not in html


# The detail page


def test_the_detail_page_states_what_the_decree_asks(client, plan):
    html = client.get(plan.get_absolute_url()).content.decode()
    for words in ("Kế hoạch số 2328/KH-UBND", "Ủy ban nhân dân tỉnh Hải Dương", "09/08/2017",
                  "Còn hiệu lực", "Đầu tư trang thiết bị", "Kế hoạch 2328", "PDF"):  # fmt: skip
        assert words in html, words
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    data = json.loads(block)
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "2328/KH-UBND"
    assert data["legislationDate"] == "2017-08-09"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"


def test_the_page_and_its_structured_data_list_the_public_relations_both_ways(client):
    document = DocumentFactory(number="30/KH-UBND", issued_on=date(2024, 1, 1))
    amended = DocumentFactory(number="11/KH-UBND", issued_on=date(2020, 1, 1))
    guided = DocumentFactory(number="12/KH-UBND", issued_on=date(2020, 2, 1))
    hidden = DocumentFactory(number="13/KH-UBND", status=Document.Status.DRAFT)
    replacing = DocumentFactory(number="40/KH-UBND", issued_on=date(2025, 1, 1))
    DocumentRelation.objects.create(source=document, kind=RelationKind.AMENDS, target=amended)
    DocumentRelation.objects.create(source=document, kind=RelationKind.GUIDES, target=guided)
    DocumentRelation.objects.create(source=document, kind=RelationKind.REPEALS, target=hidden)
    DocumentRelation.objects.create(source=replacing, kind=RelationKind.AMENDS, target=document)
    html = client.get(document.get_absolute_url()).content.decode()
    shown = [(label, [d.number for d in related]) for label, related in document.relations_shown()]
    assert shown == [("Sửa đổi, bổ sung", ["11/KH-UBND"]), ("Hướng dẫn", ["12/KH-UBND"]),
                     ("Được sửa đổi, bổ sung bởi", ["40/KH-UBND"])]  # fmt: skip
    for related in (amended, guided, replacing):
        assert related.get_absolute_url() in html
    assert "13/KH-UBND" not in html and hidden.get_absolute_url() not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    changes = [change["@id"] for change in json.loads(block)["legislationChanges"]]
    assert changes == [settings.SITE_URL + amended.get_absolute_url()]  # not guides, not drafts


def test_no_draft_document_anywhere_public(client):
    draft = DocumentFactory(number="77/KH-UBND", summary="Bản nháp bí mật",
                            status=Document.Status.DRAFT, publish_at=None,
                            attachments=attached(AttachmentFactory()))  # fmt: skip
    for url in ("/van-ban/", "/tim-kiem/?q=ban+nhap+bi+mat", "/rss/van-ban/",
                "/sitemap-documents.xml", "/van-ban/?q=77"):  # fmt: skip
        assert "77/KH-UBND" not in client.get(url).content.decode(), url
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.listed_files()[0].attachment.get_absolute_url()).status_code == 404
    assert client.get(f"/xem-truoc/van-ban/{draft.pk}/").status_code == 302  # to the login


# What may not be entered


def test_a_duplicate_number_for_the_same_issuer_and_year_is_refused(plan):
    twin = Document(number="2328/kh-ubnd", doc_type=plan.doc_type, issuer=plan.issuer,
                    issued_on=date(2017, 12, 1), summary="Trùng số")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "Đã có văn bản số 2328/kh-ubnd" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()  # the database says so too
    next_year = Document(number="2328/KH-UBND", doc_type=plan.doc_type, issuer=plan.issuer,
                         issued_on=date(2018, 1, 5), summary="Năm sau được")  # fmt: skip
    next_year.full_clean()


def test_an_effective_date_before_the_issue_date_is_refused():
    document = Document(
        number="1/QĐ", doc_type=DocumentTypeFactory(), issuer=IssuerFactory(),
        issued_on=date(2020, 5, 1), effective_on=date(2020, 4, 1), summary="S",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "không thể trước ngày ban hành" in str(refused.value)


def test_a_relation_to_itself_is_refused():
    document = DocumentFactory()
    relation = DocumentRelation(source=document, target=document, kind=RelationKind.AMENDS)
    with pytest.raises(ValidationError) as refused:
        relation.full_clean()
    assert "chính nó" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_procedures_list_their_legal_basis_and_the_document_names_them(client, plan):
    procedure = ProcedureFactory(name="Cấp phép hoạt động đài truyền thanh")
    procedure.legal_basis.add(plan)
    assert plan.get_absolute_url() in client.get(procedure.get_absolute_url()).content.decode()
    assert procedure.name in client.get(plan.get_absolute_url()).content.decode()


def test_document_types_can_be_added(admin_client):
    admin_client.post("/admin/news/documenttype/add/", {"name": "Nghị quyết", "order": 1,
                                                         "has_validity": "on"})  # fmt: skip
    assert DocumentType.objects.get(name="Nghị quyết").slug == "nghi-quyet"
