"""The bench's reference: a stock Wagtail site with one article page of the portal's demo content.

Usage (by scripts/bench.py): wagtail_reference.py VENV_PYTHON WORK_DIR CONTENT_JSON
Makes a project with `wagtail start` in WORK_DIR, adds an article page type (title, date, sapo,
rich-text body, lead image: what the portal's article shows), migrates a SQLite database,
collects static files and creates the page from CONTENT_JSON (title, sapo, body, photo path).
Prints the page's path. Nothing here is the portal's code: it runs in its own virtual
environment, outside the checkout.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

MODELS = """
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    date = models.DateField()
    sapo = models.TextField()
    body = RichTextField()
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("sapo"), FieldPanel("body"), FieldPanel("lead_image"),
    ]
"""

TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags %}
{% block content %}
<main>
  <article>
    <h1>{{ page.title }}</h1>
    <p class="meta"><time datetime="{{ page.date|date:'c' }}">{{ page.date }}</time></p>
    <p class="sapo">{{ page.sapo }}</p>
    {% if page.lead_image %}{% image page.lead_image width-800 %}{% endif %}
    {{ page.body|richtext }}
  </article>
  <nav>{% for sibling in page.get_siblings.live %}
    <a href="{% pageurl sibling %}">{{ sibling.title }}</a>
  {% endfor %}</nav>
</main>
{% endblock %}
"""

SETUP = """
import json, sys
from datetime import date
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Page, Site
from articles.models import ArticlePage

content = json.load(open(sys.argv[1], encoding="utf-8"))
home = Site.objects.get(is_default_site=True).root_page
existing = ArticlePage.objects.filter(slug="bai-viet").first()
if existing is None:
    image = None
    if content.get("photo"):
        with open(content["photo"], "rb") as f:
            image = Image(title=content["title"][:255], file=ImageFile(f, name="lead.jpg"))
            image.save()
    page = ArticlePage(
        title=content["title"], slug="bai-viet", date=date.today(), sapo=content["sapo"],
        body=content["body"], lead_image=image,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    existing = page
print(existing.url)
"""


def main(python: str, work: str, content_json: str) -> None:
    work_dir = Path(work)
    bin_dir = Path(python).parent
    if not (work_dir / "manage.py").exists():
        work_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(bin_dir / "wagtail"), "start", "reference", str(work_dir)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        app = work_dir / "articles"
        (app / "migrations").mkdir(parents=True)
        (app / "__init__.py").write_text("")
        (app / "migrations" / "__init__.py").write_text("")
        (app / "models.py").write_text(MODELS)
        (app / "templates" / "articles").mkdir(parents=True)
        (app / "templates" / "articles" / "article_page.html").write_text(TEMPLATE)
        settings = work_dir / "reference" / "settings" / "base.py"
        text = settings.read_text().replace(
            "INSTALLED_APPS = [\n", 'INSTALLED_APPS = [\n    "articles",\n', 1
        )
        settings.write_text(text)
        (work_dir / "reference" / "settings" / "local.py").write_text(
            textwrap.dedent("""
            import os
            SECRET_KEY = os.environ.get("SECRET_KEY", "reference-only")
            ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
        """)
        )
    env_settings = {"DJANGO_SETTINGS_MODULE": "reference.settings.production"}
    run = lambda *args: subprocess.run(  # noqa: E731
        [python, "manage.py", *args],
        cwd=work_dir,
        check=True,
        env={**_env(), **env_settings},
        stdout=subprocess.DEVNULL,
    )
    run("makemigrations", "articles")
    run("migrate")
    run("collectstatic", "--noinput")
    setup = work_dir / "setup_page.py"
    setup.write_text(SETUP)
    out = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            f"import sys; sys.argv=['x', {content_json!r}]; exec(open({str(setup)!r}).read())",
        ],
        cwd=work_dir,
        check=True,
        env={**_env(), **env_settings},
        capture_output=True,
        text=True,
    )
    print(out.stdout.strip().splitlines()[-1])


def _env() -> dict:
    import os

    return {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }


if __name__ == "__main__":
    main(*sys.argv[1:4])
