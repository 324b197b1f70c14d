"""Where uploads live, chosen by the environment: a folder, or S3-compatible object storage.

``MEDIA_STORAGE=filesystem`` (the default) keeps photos and attached files in ``MEDIA_ROOT``:
with several app servers, a folder every host mounts (NFS, a cluster file system).
``MEDIA_STORAGE=s3`` keeps them in a bucket through django-storages (any S3-compatible service:
AWS, MinIO, Ceph, a Vietnamese cloud's object storage), so the hosts share nothing but the
bucket. Two storages are configured, as Django's ``STORAGES`` names them:

- ``default``: photos and their renditions (portal/images.py), public: objects readable by
  anyone (``public-read``, or a bucket policy), read by browsers straight from the bucket or a
  CDN in front of it at ``MEDIA_URL``, which is then another origin (added to the pages'
  ``img-src``);
- ``attachments``: attached files (portal/files.py), private: objects nobody reads without the
  keys. Every download goes through the download view (portal/views.py), which decides who may
  have the file and streams it from the storage; a signed address would outlive that decision
  (a draft's file, an unpublished article's) for as long as it is valid.

Any other Django storage backend can be used by a settings module that imports
``portal.settings`` and sets ``STORAGES["default"]`` and ``STORAGES["attachments"]`` (and
``MEDIA_URL``): the code only uses the storage API (save, open, delete, size, url).

Read once by settings.py, before Django is set up: nothing here imports Django but its
exception.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

FILESYSTEM = "filesystem"
S3 = "s3"
KINDS = (FILESYSTEM, S3)
# The attached files' folder inside MEDIA_ROOT, and their prefix in a bucket.
FILES_PREFIX = "files"
# Photos never change once written (a new photo is a new name): caches keep them a month.
PHOTO_CACHE_CONTROL = "public, max-age=2592000, immutable"
# An address to an attached file, if anything ever asks the storage for one: short-lived.
FILES_SIGNED_SECONDS = 300


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MediaConfig:
    kind: str
    storages: dict  # the STORAGES entries "default" (photos) and "attachments" (files)
    media_url: str  # where browsers read photos: "/media/" or an absolute address
    origin: str  # the photos' origin when it is not the site's own, else ""


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = (environ.get(name) or "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def configure(environ: Mapping[str, str], *, memory_bytes: int) -> MediaConfig:
    """The storages from the environment; ImproperlyConfigured with the reason when wrong.
    ``memory_bytes``: how much of a file read back from a bucket is held in memory before the
    rest goes to a temporary file."""
    kind = (environ.get("MEDIA_STORAGE") or FILESYSTEM).strip().lower()
    if kind == FILESYSTEM:
        return MediaConfig(
            kind=kind,
            storages={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "attachments": {"BACKEND": "portal.files.AttachmentStorage"},
            },
            media_url="/media/",
            origin="",
        )
    if kind != S3:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE must be one of {', '.join(KINDS)} (got {kind!r})."
        )
    return _s3(environ, memory_bytes)


def _s3(environ: Mapping[str, str], memory_bytes: int) -> MediaConfig:
    def get(name: str) -> str:
        return (environ.get(name) or "").strip()

    bucket = get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    endpoint = get("AWS_S3_ENDPOINT_URL").rstrip("/")
    region = get("AWS_S3_REGION_NAME")
    # S3-compatible services (MinIO, Ceph) answer path-style addresses; AWS both.
    style = get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else "virtual")
    if style not in ("path", "virtual"):
        raise ImproperlyConfigured("AWS_S3_ADDRESSING_STYLE must be path or virtual.")
    if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
        raise ImproperlyConfigured("AWS_S3_ENDPOINT_URL must be an http(s):// address.")

    # Where browsers read photos: a CDN or the bucket's own public address. Built here rather
    # than asked of the storage, so that MEDIA_URL (which the body pipeline recognises photos
    # by) and the storage's addresses are the same string, and no request is made to know it.
    custom = get("AWS_S3_CUSTOM_DOMAIN")
    if custom:
        parts = urlsplit(custom if "//" in custom else f"https://{custom}")
        protocol, domain = f"{parts.scheme}:", (parts.netloc + parts.path).rstrip("/")
    elif endpoint:
        parts = urlsplit(endpoint)
        protocol = f"{parts.scheme}:"
        domain = (
            f"{parts.netloc}{parts.path}/{bucket}"
            if style == "path"
            else f"{bucket}.{parts.netloc}{parts.path}"
        )
    else:
        protocol = "https:"
        domain = f"{bucket}.s3.{region or 'us-east-1'}.amazonaws.com"
    if not domain or any(c.isspace() or c in "'\";,<>`" for c in domain):
        raise ImproperlyConfigured(f"AWS_S3_CUSTOM_DOMAIN is not an address: {custom!r}.")
    media_url = f"{protocol}//{domain}/"

    acls = _flag(environ, "AWS_S3_ACLS", True)
    # Credentials are not copied into the settings: boto3 reads AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY (or AWS_S3_*), a profile or an instance role itself.
    common = {
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        "addressing_style": style,
        "file_overwrite": False,
        "max_memory_size": memory_bytes,
    }
    photos = {
        **common,
        "bucket_name": bucket,
        "custom_domain": domain,
        "url_protocol": protocol,
        "querystring_auth": False,
        "default_acl": "public-read" if acls else None,
        "object_parameters": {"CacheControl": PHOTO_CACHE_CONTROL},
    }
    attachments = {
        **common,
        "bucket_name": get("AWS_FILES_BUCKET_NAME") or bucket,
        "location": FILES_PREFIX,
        "querystring_auth": True,
        "querystring_expire": FILES_SIGNED_SECONDS,
        "default_acl": "private" if acls else None,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    backend = "storages.backends.s3.S3Storage"
    return MediaConfig(
        kind=S3,
        storages={
            "default": {"BACKEND": backend, "OPTIONS": photos},
            "attachments": {"BACKEND": backend, "OPTIONS": attachments},
        },
        media_url=media_url,
        origin=f"{protocol}//{urlsplit(media_url).netloc}",
    )


class StorageUnavailable(ValidationError):
    """The upload storage refused to write (a full disk, a folder it cannot write, a bucket
    that does not answer): a clear message where the upload was made, nothing half-saved."""


def unavailable(error: Exception) -> StorageUnavailable:
    logger.warning("Upload storage failed: %s: %s", type(error).__name__, error)
    return StorageUnavailable(
        _(
            "Kho lưu trữ tệp đang gặp sự cố (có thể ổ đĩa đã đầy), nên tệp chưa được lưu và "
            "không có gì bị lưu dở. Hãy thử lại sau ít phút hoặc báo quản trị cổng."
        ),
        code="storage",
    )
