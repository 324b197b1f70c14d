"""The portal's models: the shared content machinery, the frame, and the cache's versions."""

from .accounts import StaffLoginEvent
from .cache import CacheVersion
from .content import (
    Authored,
    Photo,
    PhotoQuerySet,
    PhotoUse,
    RichBody,
    TimeStamped,
    record_photo_uses,
    unique_slug,
)
from .files import Attachment, AttachmentUse, files_prefetch, record_attachment_uses
from .frame import (
    Banner,
    BannerQuerySet,
    LinkField,
    Page,
    PageQuerySet,
    ServiceLink,
    SiteProfile,
    UnitPortal,
    validate_link,
)
from .guard import Submission
from .visits import SiteVisitDay
from .workflow import PendingChange, PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "Attachment",
    "AttachmentUse",
    "Authored",
    "Banner",
    "BannerQuerySet",
    "CacheVersion",
    "LinkField",
    "Page",
    "PageQuerySet",
    "PendingChange",
    "Photo",
    "PhotoQuerySet",
    "PhotoUse",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "RichBody",
    "ServiceLink",
    "SiteProfile",
    "SiteVisitDay",
    "StaffLoginEvent",
    "Submission",
    "TimeStamped",
    "UnitPortal",
    "files_prefetch",
    "record_attachment_uses",
    "record_photo_uses",
    "unique_slug",
    "validate_link",
]
