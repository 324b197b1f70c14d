"""Deliberate regressions: each one is applied to the code, the tests that guard it are run, and
they must fail; the code is then restored. A regression the tests let pass is a test that
cannot fail. Run with `make regressions` (about five minutes); the list is in tests/README.md.

Usage: .venv/bin/python scripts/regressions.py [-k WORD]   (only the regressions naming WORD)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Regression:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


REGRESSIONS = [
    # The page cache
    Regression(
        "a 301 or a 404 is cached", "portal/pagecache.py",
        "        response.status_code == 200\n        and not response.streaming",
        "        not response.streaming", ("tests/security/test_serving.py",),
    ),
    Regression(
        "a deleted article stays on cached pages", "portal/registry.py",
        "        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)\n",
        "", ("tests/portal/test_pagecache.py",),
    ),
    Regression(
        "a programme change leaves cached pages", "portal/registry.py",
        "        for field in model._meta.local_many_to_many:", "        for field in []:",
        ("tests/portal/test_pagecache.py",),
    ),
    Regression(
        "the cache key holds every query parameter", "portal/pagecache.py",
        "    return f\"{request.path}?{'&'.join(query)}\"",
        "    return request.get_full_path()", ("tests/security/test_serving.py",),
    ),
    Regression(
        "version tokens restart when the cache loses them", "portal/versions.py",
        "            token = _from_database(name)", "            token = _new_token()",
        ("tests/security/test_serving.py",),
    ),
    Regression(
        "staff served the anonymous cached page", "portal/pagecache.py",
        "    return settings.SESSION_COOKIE_NAME in cookies or \"messages\" in cookies",
        "    return False", ("tests/portal/test_pagecache_hits.py",),
    ),
    Regression(
        "a hit checks no version", "portal/pagecache.py",
        "    if entry is None or entry[\"tokens\"] != "
        "tuple(known.get(name) for name in TOKEN_NAMES):",
        "    if entry is None:", ("tests/portal/test_pagecache.py",),
    ),
    Regression(
        "a worker keeps its version tokens after Redis said they changed", "portal/versions.py",
        "                self.connection.read_response()  # a token changed, or Redis was flushed\n"
        "                self._drop()",
        "                self.connection.read_response()  # a token changed, or Redis was flushed",
        ("tests/portal/test_version_tracking.py",),
    ),
    Regression(
        "a worker keeps its version tokens when the tracking connection breaks",
        "portal/versions.py",
        "        except Exception:  # the connection broke: nothing kept can be trusted\n"
        "            self._close()\n            return False",
        "        except Exception:  # the connection broke: nothing kept can be trusted\n"
        "            self.connection = None\n            return True",
        ("tests/portal/test_version_tracking.py",),
    ),
    Regression(
        "a scheduled article does not cap the cache", "portal/pagecache.py",
        "    upcoming = registry.next_change(now)", "    upcoming = None",
        ("tests/portal/test_pagecache.py",),
    ),
    # Query budgets
    Regression(
        "banner images fetched one by one", "portal/chrome.py",
        'Banner.objects.live(now).select_related("image")', "Banner.objects.live(now)",
        ("tests/portal/test_queries.py",),
    ),
    Regression(
        "service-link icons fetched one by one", "portal/chrome.py",
        'ServiceLink.objects.filter(is_active=True).select_related("icon_image")',
        "ServiceLink.objects.filter(is_active=True)", ("tests/portal/test_queries.py",),
    ),
    Regression(
        "photos in lists fetched one by one", "news/articles/models.py",
        'return self.select_related("category", "lead_photo")',
        'return self.select_related("category")', ("tests/articles/test_queries.py",),
    ),
    Regression(
        "speakers, topics and groups fetched one by one", "news/events/views.py",
        '"programmes", "speakers", "topics", "groups"', '"programmes"',
        ("tests/events/test_queries.py",),
    ),
    # Uploads
    Regression(
        "an oversized upload is read before it is refused", "portal/admin/photos.py",
        "    if length > images.max_bytes() + 64 * 1024:", "    if False:",
        ("tests/portal/test_upload_view.py",),
    ),
    Regression(
        "one upload may take any memory", "portal/images.py",
        "            if decoded_bytes(image) > max_decoded_bytes():", "            if False:",
        ("tests/security/test_content.py::test_an_image_too_heavy_to_decode_is_refused_with_a_message",),
    ),
    # Photo formats and sizes (portal/images.py, portal/pictures.py)
    Regression(
        "photos uploaded without modern formats", "portal/images.py",
        "    for modern in reversed(modern_formats(extension)):", "    for modern in []:",
        ("tests/portal/test_photo_formats.py",),
    ),
    Regression(
        "body photos printed as <img> alone", "portal/richtext.py",
        "        if sources:\n            img.tag, img.attrs",
        "        if False:\n            img.tag, img.attrs",
        ("tests/portal/test_photo_formats.py",),
    ),
    Regression(
        "a phone's body photo sized to the whole screen", "portal/pictures.py",
        '"(min-width: 1180px) 796px, (min-width: 960px) calc(100vw - 384px), calc(100vw - 32px)"',
        '"(min-width: 1100px) 760px, (min-width: 768px) 70vw, 100vw"',
        ("tests/portal/test_photo_formats.py",),
    ),
    Regression(
        "photo_renditions stores another copy at every run",
        "portal/management/commands/photo_renditions.py",
        "replace=True, keep=keep)", "replace=False, keep=keep)",
        ("tests/portal/test_photo_formats.py",),
    ),
    # Escaping
    Regression(
        "|safe on an article's title", "templates/articles/article_detail.html",
        "{{ article.title }}</h1>", "{{ article.title|safe }}</h1>",
        ("tests/security/test_escaping.py",),
    ),
    Regression(
        "|safe on an article's sapo", "templates/articles/article_detail.html",
        '<p class="sapo">{{ article.sapo }}</p>', '<p class="sapo">{{ article.sapo|safe }}</p>',
        ("tests/security/test_escaping.py",),
    ),
    # One record of what a body uses
    Regression(
        "a new credit re-renders articles only", "portal/models/content.py",
        "                for owner in self.body_owners():",
        "                for owner in [o for o in self.body_owners()"
        " if o._meta.model_name == 'article']:",
        ("tests/portal/test_content.py",),
    ),
    Regression(
        "a body and its photo uses saved apart", "portal/models/content.py",
        '        update_fields = kwargs.get("update_fields")\n        with transaction.atomic():',
        '        update_fields = kwargs.get("update_fields")\n        if True:',
        ("tests/portal/test_all_or_nothing.py",),
    ),
    Regression(
        "an import half written", "portal/imports.py",
        "reversion.create_revision(atomic=True)", "reversion.create_revision(atomic=False)",
        ("tests/portal/test_all_or_nothing.py",),
    ),
    # The workflow
    Regression(
        "an editor's change to a live article goes live at once", "portal/admin/workflow.py",
        "            live is not None\n            and live.status == workflow.Status.PUBLISHED",
        "            False\n            and live.status == workflow.Status.PUBLISHED",
        ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "the second of two editors overwrites the first", "portal/admin/workflow.py",
        '            if self.data.get("edit_token") != current:',
        "            if False:", ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "an end of publication is ignored", "portal/models/workflow.py",
        "            models.Q(unpublish_at__isnull=True) | models.Q(unpublish_at__gt=now)",
        "            models.Q()", ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "an editor edits someone else's draft", "portal/workflow.py",
        "        return self.can_publish(user) or obj.created_by_id == user.pk",
        "    return True", ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "a forged workflow button is obeyed", "portal/workflow.py",
        "        if action is not None and action not in self.available_actions(",
        "        if False:", ("tests/articles/test_workflow.py", "tests/articles/test_admin.py"),
    ),
    Regression(
        "a send-back without a comment", "portal/admin/workflow.py",
        "        if action is not None and action.needs_note and not note:",
        "        if False:",
        ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "a restored version brings back its old status and dates", "portal/admin/workflow.py",
        "        if current is not None:\n            for name, value in current.items():\n"
        "                setattr(obj, name, value)\n        elif",
        "        if", ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "a conflict loses the other person's change", "portal/admin/workflow.py",
        "                self.data[name] = self.fields[name].prepare_value(theirs)  # theirs alone",
        "                pass", ("tests/articles/test_workflow.py",),
    ),
    Regression(
        "a deletion outside the admin cannot be recovered", "portal/signals.py",
        "    if not reversion.is_registered(sender):", "    if True:",
        ("tests/articles/test_workflow.py",),
    ),
    # The security review
    Regression(
        "an administrator can tick superuser", "portal/admin/accounts.py",
        "        if request.user.is_superuser:\n            return fieldsets",
        "        if True:\n            return fieldsets", ("tests/security/test_accounts.py",),
    ),
    Regression(
        "formulas exported as they are", "portal/spreadsheets.py",
        '        if value.startswith(FORMULA_TRIGGERS):\n            return "\'" + value',
        "        pass", ("tests/security/test_content.py",),
    ),
    Regression(
        "control characters stored", "portal/cleaning.py",
        "    if not raw:  # fixtures load exactly what they hold\n"
        "        clean_text_fields(instance)",
        "    pass", ("tests/security/test_content.py",),
    ),
    Regression(
        "deleting a photo in use does not say where it is used", "portal/admin/photos.py",
        "        if in_use:  # the reason", "        if False:  # the reason",
        ("tests/security/test_content.py",),
    ),
    Regression(
        "view beacons without an address limit", "news/articles/views_count.py",
        "                or self.per_address.count(address) >= MAX_PER_ADDRESS\n            ):\n"
        "                return False",
        "                or False\n            ) and False:\n                return False",
        ("tests/security/test_serving.py",),
    ),
    Regression(
        "X-Forwarded-For ignored behind a proxy", "portal/clients.py",
        "    if not trusted:\n        return remote", "    if True:\n        return remote",
        ("tests/security/test_accounts.py",),
    ),
    Regression(
        "a site path may start with a backslash", "portal/links.py",
        '    if "\\\\" in value or any(', "    if False and any(",
        ("tests/security/test_content.py",),
    ),
    Regression(
        "public pages answer any method", "portal/pagecache.py",
        "        if request.method not in SAFE_METHODS:\n"
        "            return HttpResponseNotAllowed(SAFE_METHODS)",
        "        pass", ("tests/security/test_serving.py",),
    ),
    Regression(
        "media follows symbolic links out", "portal/views.py",
        "        target = (root / path).resolve(strict=True)", "        target = root / path",
        ("tests/security/test_serving.py",),
    ),
    # Files, documents and procedures
    Regression(
        "a file's extension need not agree with its content", "portal/files.py",
        "    if extension not in kind.extensions:", "    if False:",
        ("tests/portal/test_files.py",),
    ),
    Regression(
        "a zip bomb with a high ratio is unpacked", "portal/files.py",
        "        if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 4096:",
        "        if False:", ("tests/portal/test_files.py",),
    ),
    Regression(
        "macro-enabled files are accepted by default", "portal/files.py",
        "    return not kind.macros or settings.ATTACHMENT_ALLOW_MACROS", "    return True",
        ("tests/portal/test_files.py",),
    ),
    Regression(
        "a file over the limit is read before it is refused", "portal/files.py",
        "    if size is not None and size > max_bytes():", "    if False:",
        ("tests/portal/test_files.py",),
    ),
    Regression(
        "a draft's file can be downloaded by anyone", "portal/views.py",
        "    if not staff and not attachment.is_public():", "    if False:",
        ("tests/portal/test_files.py",),
    ),
    Regression(
        "a scheduled article's file is public before the article", "portal/models/files.py",
        "    shown = getattr(owner, \"is_public\", None)",
        "    shown = getattr(owner, \"status\", None) == \"published\" or None",
        ("tests/portal/test_files.py",),
    ),
    Regression(
        "attached files are served from /media/", "portal/views.py",
        "            raise Http404  # attached files: only through download()", "            pass",
        ("tests/portal/test_files.py",),
    ),
    # Uploads on S3-compatible storage (portal/media_storage.py)
    Regression(
        "attached files are public objects in the bucket", "portal/media_storage.py",
        '"default_acl": "private" if acls else None,',
        '"default_acl": "public-read" if acls else None,', ("tests/portal/test_s3_storage.py",),
    ),
    Regression(
        "downloads read the folder instead of the storage", "portal/views.py",
        'handle = files.storage.open(attachment.file.name, "rb")',
        'handle = open(files.AttachmentStorage().path(attachment.file.name), "rb")',
        ("tests/portal/test_s3_storage.py",),
    ),
    Regression(
        "article views counted per worker", "news/articles/views_count.py",
        "return _first_time_shared(caches[visits.STATS_CACHE], reader, address, article_id)",
        "return self._first_time_here(reader, address, article_id)",
        ("tests/articles/test_view_counts_shared.py",),
    ),
    Regression(
        "photos at the bucket's address not recognised in bodies", "portal/richtext.py",
        "    for media_url in (settings.MEDIA_URL, FOLDER_MEDIA_URL):",
        "    for media_url in (FOLDER_MEDIA_URL,):", ("tests/portal/test_s3_storage.py",),
    ),
    Regression(
        "a replacement leaves the old document in force", "news/documents/models.py",
        "When(Exists(acting.filter(kind__in=ENDS_WHOLE)), then=Value(Validity.ENDED)),",
        "", ("tests/documents/test_documents.py",),
    ),
    Regression(
        "a draft replacement ends the old document", "news/documents/models.py",
        "            source__status=Publishable.Status.PUBLISHED,\n", "",
        ("tests/documents/test_documents.py",),
    ),
    Regression(
        "a longer number that starts alike comes first", "news/documents/views.py",
        "\"-score\", Length(\"number_key\"), ", "\"-score\", ",
        ("tests/documents/test_documents.py",),
    ),
    Regression(
        "the document list fetches each document's files", "news/documents/views.py",
        "documents.for_lists().prefetch_related(files_prefetch())", "documents.for_lists()",
        ("tests/documents/test_queries.py",),
    ),
    # Citizens' forms
    Regression(
        "the honeypot is ignored", "portal/guard.py",
        "        return self.is_bound and bool((self.data.get(HONEYPOT) or \"\").strip())",
        "        return False", ("tests/questions/test_asking.py",),
    ),
    Regression(
        "a too-fast form is dropped as a bot", "portal/guard.py",
        "        return self.is_bound and bool((self.data.get(HONEYPOT) or \"\").strip())",
        "        return self.is_bound and (bool((self.data.get(HONEYPOT) or \"\").strip()) "
        "or self.too_fast())", ("tests/questions/test_asking.py",),
    ),
    Regression(
        "no limit per address", "portal/guard.py",
        "    if recent.filter(address=address).count() > limit.per_address_hour:",
        "    if False:", ("tests/questions/test_asking.py",),
    ),
    Regression(
        "retention erases open questions", "news/questions/hooks.py",
        "    return settled.filter(settled_at__lt=cutoff, erased_at__isnull=True)",
        "    return Question.objects.filter(erased_at__isnull=True)",
        ("tests/questions/test_handling.py",),
    ),
    Regression(
        "contacts shown to every member of staff", "news/questions/admin.py",
        "        full = user.has_perm(\"news.view_contact\")", "        full = True",
        ("tests/questions/test_handling.py",),
    ),
    Regression(
        "comments public before moderation", "news/consultations/models.py",
        "        return self.filter(\n            status=CommentStatus.APPROVED,\n"
        "            consultation__publication=Publication.EACH,\n"
        "            consultation__in=",
        "        return self.filter(\n            status__in=[CommentStatus.APPROVED, "
        "CommentStatus.PENDING],\n            consultation__publication=Publication.EACH,\n"
        "            consultation__in=",
        ("tests/consultations/test_comments.py",),
    ),
    Regression(
        "a closed draft still takes comments", "news/consultations/models.py",
        "        if self.closes_at and now >= self.closes_at:\n            return Phase.CLOSED\n",
        "", ("tests/consultations/test_windows.py", "tests/consultations/test_comments.py"),
    ),
    Regression(
        "masked contacts found through the list's filters", "portal/admin/mixins.py",
        "            raise DisallowedModelAdminLookup(f\"Filtering by {lookup} not allowed\")",
        "            pass",
        ("tests/questions/test_handling.py", "tests/consultations/test_admin.py"),
    ),
    Regression(
        "duplicates merged into a private answer", "news/questions/admin.py",
        "        if private and not public:", "        if False:",
        ("tests/questions/test_handling.py",),
    ),
    Regression(
        "the same answer e-mailed on every merge", "news/questions/mail.py",
        "        if asker.answer_sent_digest == digest:", "        if False:",
        ("tests/questions/test_handling.py",),
    ),
    Regression(
        "a double tap answered with an error", "news/questions/forms.py",
        "            if replayed is not None:", "            if False:",
        ("tests/questions/test_asking.py",),
    ),
    Regression(
        "racing posts store the question twice", "news/questions/models.py",
        "                if twin is not None:\n                    raise AlreadyAsked(",
        "                if False:\n                    raise AlreadyAsked(",
        ("tests/questions/test_asking.py",),
    ),
    Regression(
        "how comments are published changed after comments came", "news/consultations/models.py",
        "        return bool(self.pk) and self.comments.exists()", "        return False",
        ("tests/consultations/test_admin.py",),
    ),
    # Schedules
    Regression(
        "a schedule item changed after publication is not marked", "news/schedules/models.py",
        "            self.sequence += 1\n            if after:\n"
        "                self.changed_at = timezone.now()\n",
        "            self.sequence += 1\n",
        ("tests/schedules/test_changes.py", "tests/schedules/test_admin.py"),
    ),
    Regression(
        "this week's cached page outlives Monday 00:00", "news/schedules/hooks.py",
        "    moments = [next_midnight(now), ScheduleWeek.objects.next_change(now)]\n",
        "    moments = [ScheduleWeek.objects.next_change(now), now.replace(year=now.year + 1)]\n",
        ("tests/schedules/test_cache.py",),
    ),
    Regression(
        "a week's officials and units fetched one by one", "news/schedules/views.py",
        "items = list(schedule.items.for_display())", "items = list(schedule.items.all())",
        ("tests/schedules/test_queries.py",),
    ),
    Regression(
        "an editor changes the items of a published week", "news/schedules/admin.py",
        "            obj is not None and obj.pk and obj.shows_publicly()\n"
        "            and not SCHEDULE_POLICY.can_publish(request.user)\n        )  # fmt: skip\n\n"
        "    def has_add_permission",
        "            False\n        )  # fmt: skip\n\n    def has_add_permission",
        ("tests/schedules/test_admin.py",),
    ),
    Regression(
        "a week with items moved away from them", "news/schedules/models.py",
        "            errors = self.move_errors()  # whatever the path: a form, a pending change",
        "            errors = {}  # whatever the path: a form, a pending change",
        ("tests/schedules/test_moving.py",),
    ),
    Regression(
        "the leader list offers records not in office that week", "news/schedules/admin.py",
        "            officials = officials_in_office(self.week)",
        "            officials = Official.objects.all()", ("tests/schedules/test_offices.py",),
    ),
    Regression(
        "a copy of last week keeps an ended record", "news/schedules/models.py",
        "        if official is not None and not official.is_current(day):",
        "        if False:", ("tests/schedules/test_offices.py",),
    ),
    # Visit statistics
    Regression(
        "a page view written to the database at once", "portal/visits.py",
        "        if due:\n            self.flush()\n        return True",
        "        self.flush()\n        return True", ("tests/portal/test_visits.py",),
    ),
    Regression(
        "an online reader counted again every minute", "portal/visits.py",
        "                    store.decr(_bucket(last))", "                    pass",
        ("tests/portal/test_visits.py",),
    ),
    Regression(
        "the visit report open to every member of staff", "portal/admin/visits.py",
        "    def changelist_view(self, request, extra_context=None):\n"
        "        if not self.has_view_permission(request):\n            raise PermissionDenied\n",
        "    def changelist_view(self, request, extra_context=None):\n",
        ("tests/portal/test_visit_report.py",),
    ),
    # English and the site map
    Regression(
        "one frame for both languages", "portal/chrome.py",
        '    key = f"chrome:data:{i18n.current()}:{versions.current(VERSION_KEY)}"',
        '    key = f"chrome:data:{versions.current(VERSION_KEY)}"',
        ("tests/portal/test_english.py",),
    ),
    Regression(
        "an untranslated text shown unmarked", "portal/templatetags/portal_tags.py",
        "    if not text.fallback:\n        return format_html(\"{}\", value)",
        "    if True:\n        return format_html(\"{}\", value)",
        ("tests/portal/test_english.py",),
    ),
    Regression(
        "the site map leaves categories out", "news/articles/hooks.py",
        "        for category in Category.objects.all()\n    )",
        "        for category in Category.objects.none()\n    )", ("tests/portal/test_english.py",),
    ),
    # The organisation (news/agency)
    Regression(
        "a change of office waits for the cache", "news/agency/hooks.py",
        "    registry.watch(Unit, Position, Official, frame=True)",
        "    registry.watch(Unit, Position, frame=True)", ("tests/agency/test_cache.py",),
    ),
    Regression(
        "the footer names an official after their last day", "news/agency/hooks.py",
        "            days.append(official.active_until + timedelta(days=1))",
        "            pass", ("tests/agency/test_cache.py",),
    ),
    Regression(
        "former officials on the public pages", "news/agency/models.py",
        "        return self.current(on).filter(unit__active=True)",
        "        return self.filter(unit__active=True)", ("tests/agency/test_pages.py",),
    ),
    Regression(
        "a unit accepted as its own ancestor", "news/agency/models.py",
        "            elif self.pk is not None and any(u.pk == self.pk for u in self.ancestors()):",
        "            elif False:", ("tests/agency/test_models.py", "tests/agency/test_admin.py"),
    ),
    Regression(
        "officials' positions fetched one by one", "news/agency/views.py",
        '    return Official.objects.public().select_related("position").in_rank_order()',
        "    return Official.objects.public().in_rank_order()", ("tests/agency/test_queries.py",),
    ),
    Regression(
        "an ended official's record changes office", "news/agency/models.py",
        "        return not self.has_ended(on)", "        return True",
        ("tests/agency/test_models.py", "tests/agency/test_admin.py"),
    ),
    Regression(
        "one person's records overlap", "news/agency/models.py",
        "        same = next(iter(others.filter(person=self.person)), None)", "        same = None",
        ("tests/agency/test_models.py", "tests/agency/test_admin.py"),
    ),
    Regression(
        "an official's position edited in place", "news/agency/admin.py",
        "        if obj is not None and not self.correcting(request, obj):",
        "        if False:", ("tests/agency/test_admin.py",),
    ),
    Regression(
        "short words match word starts in the directory", "news/agency/views.py",
        '        term = f" {word} " if len(word) <= SHORT_WORD else f" {word}"',
        '        term = f" {word}"', ("tests/agency/test_pages.py",),
    ),
    # Staff accounts (portal/staff.py, portal/staff_views.py)
    Regression(
        "staff second factor: approvers not required", "portal/staff.py",
        "    return user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()",
        "    return False", ("tests/security/test_staff_accounts.py",),
    ),
    Regression(
        "staff second factor: a new device without the current one", "portal/staff_views.py",
        "    if replacing and not staff.is_verified(user):", "    if False:",
        ("tests/security/test_staff_accounts.py",),
    ),
    Regression(
        "staff sessions never idle out", "portal/staff.py",
        "        if now - int(seen_at) > settings.STAFF_IDLE_SECONDS:", "        if False:",
        ("tests/security/test_staff_accounts.py",),
    ),
    # Backups (portal/backup.py)
    Regression(
        "backups: a damaged file's checksum not compared", "portal/backup.py",
        '            elif digest != entry["sha256"]:', "            elif False:",
        ("tests/portal/test_backup.py",),
    ),
    Regression(
        "backups: a restore over a site that is not empty", "portal/backup.py",
        "    if found and not force:", "    if False:", ("tests/portal/test_backup.py",),
    ),
    # Running it: faults, logs, headers (portal/faults.py, portal/logs.py, portal/headers.py)
    Regression(
        "faults: a Redis error reaches the page", "portal/faults.py",
        "CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)", "CACHE_ERRORS = ()",
        ("tests/portal/test_faults.py",),
    ),
    Regression(
        "faults: a version token bumped while Redis was down kept after", "portal/faults.py",
        "                self._recover()", "                pass", ("tests/portal/test_faults.py",),
    ),
    Regression(
        "faults: an unreachable database is a 500", "portal/faults.py",
        "DATABASE_ERRORS = (OperationalError, InterfaceError)", "DATABASE_ERRORS = ()",
        ("tests/portal/test_faults.py",),
    ),
    Regression(
        "logs: a forged Host header writes its traceback", "portal/logs.py",
        "        record.exc_info = None\n", "", ("tests/portal/test_logs.py",),
    ),
    Regression(
        "headers: CKEditor's inline scripts allowed on every admin page", "portal/headers.py",
        "            and EDITOR_MARKER in response.content", "            or True",
        ("tests/security/test_every_page.py::test_the_admin_has_its_own_policy_strict_where_there_is_no_editor",),
    ),
]  # fmt: skip


def run(regression: Regression) -> bool:
    """True when the tests caught the regression."""
    path = ROOT / regression.path
    original = path.read_text()
    if regression.old not in original:
        print(f"  ? {regression.name}: the code to break is no longer in {regression.path}")
        return False
    path.write_text(original.replace(regression.old, regression.new, 1))
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and test paths
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
             "-m", "not browser", *regression.tests],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        path.write_text(original)
    return result.returncode == 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the regressions whose name has this word")
    selected = [r for r in REGRESSIONS if parser.parse_args().k.lower() in r.name.lower()]
    missed = []
    for regression in selected:
        caught = run(regression)
        print(f"  {'caught' if caught else 'MISSED'}: {regression.name}")
        if not caught:
            missed.append(regression.name)
    print(f"{len(selected) - len(missed)} of {len(selected)} deliberate regressions caught.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
