"""The public pages' HTML, with the demo content, checked by the Nu Html Checker (vnu.jar).

The pages are fetched with Django's test client and checked in one Java call (the JVM start
costs 1.5-2 s).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.management import call_command

from .pages import demo_pages

pytestmark = pytest.mark.django_db

ERROR_LINE = re.compile(r"^[A-Za-z ]*error:", re.IGNORECASE)


def test_public_pages_are_valid_html(client, tmp_path, vnu_command):
    call_command("load_demo", verbosity=0)
    pages = demo_pages()

    files = []
    for name, (address, status) in pages.items():
        response = client.get(address)
        assert response.status_code == status, (address, response.status_code)
        assert response["Content-Type"].startswith("text/html"), address
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    # Text format: one "Error: ..." (or "Fatal Error: ...") paragraph per problem; otherwise
    # just "Document checking completed. No errors found."
    errors = [line for line in output.splitlines() if ERROR_LINE.match(line)]
    addresses = "\n".join(f"  {name}.html = {address}" for name, (address, _) in pages.items())
    assert result.returncode == 0 and not errors, (
        f"vnu.jar found errors (exit {result.returncode}):\n{output}\n\nFiles:\n{addresses}"
    )
