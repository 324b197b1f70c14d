"""Query budgets of the documents' and procedures' pages: exact counts, the same with 1 and
with 20 of every relation that could multiply queries (documents in the list with their files,
types, issuers and fields; a document's files, fields, relations both ways and procedures; a
procedure's legal basis and forms). The frame is warm; the page cache is off."""

from datetime import date

import pytest

from news.documents.models import DocumentRelation, RelationKind
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

SIZES = [1, 20]


def build(n: int):
    """``n`` documents of ``n`` types, issuers and fields, each with ``n`` files; the first
    acting on ``n`` others and acted on by ``n`` more, the legal basis of ``n`` procedures
    with ``n`` forms each. Returns (the first document, a procedure)."""
    documents = []
    for i in range(n):
        document = DocumentFactory(
            doc_type=DocumentTypeFactory(name=f"Loại {i}"),
            issuer=IssuerFactory(name=f"Cơ quan {i}"),
            issued_on=date(2017, 8, 9),
            attachments=attached(*(AttachmentFactory() for _ in range(n))),
        )
        document.fields.add(FieldFactory(name=f"Lĩnh vực {i}"))
        documents.append(document)
    first = documents[0]
    for _ in range(n):
        older, newer = DocumentFactory(issued_on=date(2015, 1, 1)), DocumentFactory()
        DocumentRelation.objects.create(source=first, kind=RelationKind.AMENDS, target=older)
        DocumentRelation.objects.create(source=newer, kind=RelationKind.GUIDES, target=first)
    procedure = None
    for _ in range(n):
        procedure = ProcedureFactory(attachments=attached(*(AttachmentFactory() for _ in range(n))))
        procedure.legal_basis.add(*documents)
    return first, procedure


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# The count, the page, its files (the filters' years, types, issuers and fields are read once
# per content version: the first visit).
@pytest.mark.parametrize("n", SIZES)
def test_document_list(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/van-ban/", django_assert_num_queries, 3)
    visit(client, "/van-ban/?hieu_luc=1&sap_xep=2", django_assert_num_queries, 3)


# The same, and whether a whole number typed is a document's.
@pytest.mark.parametrize("n", SIZES)
def test_document_search(client, django_assert_num_queries, n):
    first, _procedure = build(n)
    response = client.get("/van-ban/", {"q": first.number})
    assert list(response.context["documents"]) == [first]
    visit(client, f"/van-ban/?q={first.number}", django_assert_num_queries, 4)


# The document (type, issuer, signer, validity), its fields, procedures, relations both ways,
# files (the structured data reads the same relations).
@pytest.mark.parametrize("n", SIZES)
def test_document_detail(client, django_assert_num_queries, n):
    first, _procedure = build(n)
    visit(client, first.get_absolute_url(), django_assert_num_queries, 5)


# The count, the page (the filter's fields once per content version).
@pytest.mark.parametrize("n", SIZES)
def test_procedure_list(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/thu-tuc-hanh-chinh/", django_assert_num_queries, 2)


# The procedure (with its field), its legal basis, its forms.
@pytest.mark.parametrize("n", SIZES)
def test_procedure_detail(client, django_assert_num_queries, n):
    _first, procedure = build(n)
    visit(client, procedure.get_absolute_url(), django_assert_num_queries, 3)


@pytest.mark.parametrize("n", SIZES)
def test_document_feed(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/rss/van-ban/", django_assert_num_queries, 1)
