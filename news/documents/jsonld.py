"""schema.org Legislation for a document's page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from portal.structured_data import publisher

from .models import RelationKind, Validity

LEGAL_FORCE = {
    Validity.IN_FORCE: "https://schema.org/InForce",
    Validity.NOT_YET: "https://schema.org/NotInForce",
    Validity.PARTLY_ENDED: "https://schema.org/PartiallyInForce",
    Validity.ENDED: "https://schema.org/NotInForce",
}


def document_jsonld(request, document) -> dict:
    """Identifier, type, dates, the issuing body, legal force, the files, and the documents it
    changes (amends, replaces, repeals) as ``legislationChanges``."""
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": document.title,
        "legislationIdentifier": document.number,
        "legislationType": document.doc_type.name,
        "legislationDate": document.issued_on.isoformat(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
        "abstract": document.summary,
        "url": settings.SITE_URL + document.get_absolute_url(),
        "inLanguage": "vi",
        "publisher": publisher(),
    }
    if document.effective_on:
        data["legislationDateOfApplicability"] = document.effective_on.isoformat()
    if document.expires_on:
        data["expires"] = document.expires_on.isoformat()
    force = LEGAL_FORCE.get(document.validity_now())
    if force:
        data["legislationLegalForce"] = force
    if document.signer_id:
        data["legislationResponsible"] = {"@type": "Person", "name": document.signer.name}
    files = document.listed_files()
    if files:
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "name": use.shown_label,
                "contentUrl": settings.SITE_URL + use.attachment.get_absolute_url(),
                "encodingFormat": use.attachment.kind_info.mime,
                "contentSize": str(use.attachment.size),
            }
            for use in files
        ]
    changed = [
        settings.SITE_URL + reverse("news:document", kwargs={"slug": relation.target.slug})
        for relation in document.public_relations()
        if relation.source_id == document.pk and relation.kind != RelationKind.GUIDES
    ]
    if changed:
        data["legislationChanges"] = [{"@id": url} for url in changed]
    if document.vbpl_url:
        data["sameAs"] = document.vbpl_url
    return data
