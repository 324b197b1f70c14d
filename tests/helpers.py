"""Helpers shared by the test modules."""

import html
import re
from datetime import date, datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext

from portal.widgets import AttachmentsWidget
from tests.factories import UserFactory


def count_queries(client, url: str) -> int:
    """Queries of a second visit to ``url`` (the frame warm in the cache, as on a live site)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def person(username, role):
    user = UserFactory(username=username, is_staff=True, email=f"{username}@example.gov.vn")
    user.groups.add(Group.objects.get(name=role))
    return user


_INPUT = re.compile(r'<input type="(?:hidden|text)" name="([^"]*)"(?: value="([^"]*)")?')


def _inputs(rendered, prefix: str) -> dict:
    """The name and value of each hidden or text input in ``rendered``, without the form's
    prefix (the caller adds it back)."""
    return {
        html.unescape(key).removeprefix(f"{prefix}-" if prefix else ""): html.unescape(value)
        for key, value in _INPUT.findall(str(rendered))
    }


def shown(form) -> dict:
    """What a browser posts back for ``form`` untouched: each field's value as shown, and the
    hidden "initial-…" input Django adds for a field with a callable default."""
    data = {}
    for name in form.fields:
        if form.fields[name].show_hidden_initial:
            data.update(_inputs(form[name].as_hidden(only_initial=True), form.prefix))
        value = form[name].value()
        if isinstance(form.fields[name].widget, AttachmentsWidget):
            rows = value if isinstance(value, list) else []
            data[f"{name}-present"] = "1"
            data[f"{name}-key"] = [r["key"] for r in rows]
            data[f"{name}-label"] = [r["label"] for r in rows]
            data[f"{name}-order"] = [str(i + 1) for i in range(len(rows))]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date) and not isinstance(value, datetime):
            data[name] = f"{value:%d/%m/%Y}"
        elif isinstance(value, datetime) or isinstance(form.fields[name].widget, MultiWidget):
            data.update(_inputs(form[name], form.prefix))  # the date and time as shown
        else:
            data[name] = "" if value is None else value
    return data


def human(data: dict, seconds_ago: float = 60) -> dict:
    """A public form's data as a person sends it: the start time signed ``seconds_ago``, the
    honeypot empty (portal/guard.py)."""
    import time

    from django.core import signing

    from portal import guard

    token = signing.dumps(round(time.time() - seconds_ago, 1), salt=guard.SIGNING_SALT)
    return {guard.STARTED: token, guard.HONEYPOT: "", **data}


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}; django-csp's order varies."""
    return {p.split()[0]: p.split()[1:] for p in policy.split(";") if p.strip()}
