"""How documents and procedures plug into the site layer: menu, search, feed, sitemap, caches,
scheduled changes (publication, and a document's validity changing at midnight)."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import registry, search
from portal.models import files_prefetch
from portal.registry import MenuItem

from .models import (
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Procedure,
    Signer,
)
from .sitemaps import DocumentSitemap, ProcedureSitemap


def menu() -> list[MenuItem]:
    return [
        MenuItem(_("Văn bản"), reverse("news:documents"), 300),
        MenuItem(_("Thủ tục hành chính"), reverse("news:procedures"), 310),
    ]


def next_change(now: datetime):
    """The next publication or end of one, or the next midnight at which a published
    document comes into force or expires (its validity, and that of the documents it
    replaces or amends, changes then)."""
    moments = [Document.objects.next_change(now), Procedure.objects.next_change(now)]
    today = timezone.localdate(now)
    dates = Document.objects.published().aggregate(
        effective=Min("effective_on", filter=Q(effective_on__gt=today)),
        expires=Min("expires_on", filter=Q(expires_on__gt=today)),
        issued=Min("issued_on", filter=Q(issued_on__gt=today)),
    )
    for day in dates.values():
        if day is not None:
            moments.append(timezone.make_aware(datetime.combine(day, time.min)))
    moments = [m for m in moments if m is not None and m > now]
    return min(moments) if moments else None


def _panels(request):
    from .admin import DOCUMENT_POLICY, PROCEDURE_POLICY

    return [*DOCUMENT_POLICY.panels(request), *PROCEDURE_POLICY.panels(request)]


def latest_document_change():
    return Document.objects.published().aggregate(latest=Max("updated"))["latest"]


def latest_procedure_change():
    return Procedure.objects.published().aggregate(latest=Max("updated"))["latest"]


def _search_documents(words):
    documents = Document.objects.published().select_related("doc_type", "issuer")
    return search.matching(
        documents.prefetch_related(files_prefetch()), words, newest=("-issued_on", "-pk")
    )


def _document_hit(document, words) -> search.Hit:
    return search.Hit(
        url=document.get_absolute_url(),
        title=search.highlight(document.title, words),
        snippet=search.snippet([document.summary], words),
        meta=_("%(issuer)s, ngày %(date)s") % {
            "issuer": document.issuer.name, "date": f"{document.issued_on:%d/%m/%Y}",
        },
        links=tuple(
            (f"{use.shown_label} ({use.attachment.kind_info.label}, {use.attachment.human_size})",
             use.attachment.get_absolute_url())
            for use in document.listed_files()
        ),
    )  # fmt: skip


def _search_procedures(words):
    return Procedure.objects.published().select_related("field").matching(words)


def _procedure_hit(procedure, words) -> search.Hit:
    return search.Hit(
        url=procedure.get_absolute_url(),
        title=search.highlight(procedure.name, words),
        meta=f"{procedure.code} · {procedure.field.name} · {procedure.get_level_display()}",
    )


def register() -> None:
    registry.watch(Document, DocumentRelation, Procedure)
    registry.watch(DocumentType, Issuer, Field, Signer)
    registry.add_menu(menu)
    registry.add_feed(gettext_lazy("Văn bản mới"), "news:document_feed", order=30)
    registry.add_dashboard(_panels)
    registry.add_next_change(next_change)
    registry.add_section("news:documents", latest_document_change, order=30)
    registry.add_section("news:procedures", latest_procedure_change, order=31)
    registry.add_sitemap("documents", DocumentSitemap)
    registry.add_sitemap("procedures", ProcedureSitemap)
    search.register(
        search.Provider(
            "van-ban",
            gettext_lazy("Văn bản"),
            _search_documents,
            _document_hit,
            order=15,
            model=Document,
        )
    )
    search.register(
        search.Provider(
            "thu-tuc", gettext_lazy("Thủ tục hành chính"), _search_procedures, _procedure_hit,
            order=25, model=Procedure,
        )
    )  # fmt: skip
