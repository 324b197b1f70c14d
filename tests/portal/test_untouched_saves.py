"""A form saved as it was opened changes nothing and says so: every kind in the admin, with
the demo content, posted back as a browser does (including Django's hidden "initial-…" inputs
for fields with a callable default). A field that does not round-trip its own rendering would
be logged as changed on every save, and the history would list changes nobody made."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.helpers import shown

pytestmark = pytest.mark.django_db

# What an untouched save may say: Django's "no fields changed", or the workflow's own words.
NOTHING = ("Không có trường nào thay đổi", "No fields changed", "Không có gì thay đổi")


def _inline_data(response) -> dict:
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        for form in formset.forms:  # the blank ones too, as a browser posts them
            data.update({form.add_prefix(k): v for k, v in shown(form).items()})
    return data


def _saved_untouched(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["adminform"].form
    data = {**shown(form), **_inline_data(page)}
    data = {k: v for k, v in data.items() if v is not None}
    before = LogEntry.objects.count()
    response = client.post(url, data)
    if response.status_code != 302:
        form = response.context["adminform"].form
        inlines = [i.formset.errors for i in response.context.get("inline_admin_formsets", [])]
        pytest.fail(f"{url}: {response.status_code} {form.errors} {inlines}")
    entries = LogEntry.objects.order_by("-pk")[: LogEntry.objects.count() - before]
    return [entry.get_change_message() for entry in entries]


def test_every_kind_saved_untouched_logs_no_change(client):
    call_command("load_demo", verbosity=0)
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    checked = []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        if obj is None or not model_admin.has_change_permission(request, obj):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
        messages = _saved_untouched(client, url)
        changed = [m for m in messages if m and not any(n in m for n in NOTHING)]
        assert not changed, (model.__name__, changed)
        checked.append(model.__name__)
    print(sorted(checked))
    assert {"Article", "Document", "Procedure", "Page", "Question"} <= set(checked), checked
