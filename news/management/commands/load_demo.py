"""Load the demo content: idempotent, safe to run on every start of `make run`."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from news.demo import agency, consultations, content, documents, pictures, schedules
from news.demo import visits as demo_visits
from news.documents.models import number_key
from news.models import (
    Article,
    Category,
    Document,
    DocumentRelation,
    DocumentType,
    EventSpeaker,
    EventTopic,
    Field,
    Issuer,
    ParticipantGroup,
    Procedure,
    Programme,
    Signer,
    TrainingEvent,
)
from portal import chrome
from portal.models import (
    Attachment,
    Banner,
    Page,
    Photo,
    ServiceLink,
    SiteProfile,
    UnitPortal,
)

TZ = ZoneInfo(settings.TIME_ZONE)

TRAINING_PHOTOS = {
    "opening": ("demo-khai-mac.jpg", pictures.opening_speech, "Cổng TTĐT Sở TT&TT"),
    "speaker": ("demo-bao-cao-vien.jpg", pictures.speaker_presenting, "Cổng TTĐT Sở TT&TT"),
    "hall": ("demo-toan-canh.jpg", pictures.hall_overview, "Cổng TTĐT Sở TT&TT"),
}

PALETTES = [
    ((214, 229, 245), (90, 130, 180), (60, 110, 170)),
    ((245, 228, 214), (180, 110, 80), (200, 120, 70)),
    ((220, 240, 225), (70, 140, 100), (60, 150, 90)),
    ((235, 225, 245), (120, 90, 160), (140, 100, 190)),
]


def local(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


class Command(BaseCommand):
    help = (
        "Loads the demo content (the 28/9/2017 training article with its three photos, more "
        "articles, the site profile, service links, unit portals, pages). Idempotent: what "
        "exists already is left as it is. Creates no user accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        self.created = 0
        self.dry_run = dry_run
        self.verbosity = options.get("verbosity", 1)
        # Every demo record starts with a version, as if saved in the admin: its history and
        # recovery after deletion work from the first day.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Nội dung mẫu (load_demo).")
            self.load_portal()
            self.load_documents()
            categories = self.load_categories()
            self.load_training_article(categories)
            self.load_short_articles(categories)
            self.load_events()
            self.load_questions()
            consultations.load_consultations(self.note)
            demo_visits.load_visits(self.note)  # after the articles, whose views it adds
            agency.load_agency(self.note)
            schedules.load_schedules(self.note)
            if dry_run:
                transaction.set_rollback(True)
        if not dry_run:
            chrome.invalidate()
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(self.style.SUCCESS(f"{verb} {self.created} demo objects."))

    def note(self, obj, created):
        if created:
            self.created += 1
            if self.verbosity > 1:
                self.stdout.write(f"  + {obj._meta.verbose_name}: {obj}")

    def photo(self, name, draw, credit="", alt=""):
        existing = Photo.objects.filter(original_name=name).first()
        if existing:
            return existing
        photo = Photo.create_from_upload(
            pictures.to_jpeg(draw(), name), alt_text=alt, credit=credit
        )
        self.note(photo, True)
        return photo

    def load_portal(self):
        profile = SiteProfile.objects.order_by("pk").first()
        if profile is None or profile.name == "Sở Thông tin và Truyền thông":
            # A fresh install's placeholder profile becomes the demo agency's.
            profile = profile or SiteProfile()
            for field, value in content.SITE_PROFILE.items():
                setattr(profile, field, value)
            profile.save()
            self.note(profile, True)
        missing = {f: v for f, v in content.SITE_PROFILE_EN.items() if not getattr(profile, f)}
        if missing:  # the English of an existing profile, where nobody has written it yet
            for field, value in missing.items():
                setattr(profile, field, value)
            profile.save()
        for title, description, url, icon, order in content.SERVICE_LINKS:
            obj, created = ServiceLink.objects.get_or_create(
                title=title,
                defaults={"description": description, "url": url, "icon": icon, "order": order},
            )
            self.note(obj, created)
        for order, (name, url) in enumerate(content.UNIT_PORTALS, start=1):
            obj, created = UnitPortal.objects.get_or_create(
                name=name,
                defaults={"url": url, "group": content.UNIT_PORTALS_GROUP, "order": order},
            )
            self.note(obj, created)
        for slug, title, order, summary, body in content.PAGES:
            if not Page.objects.filter(slug=slug).exists():
                page = Page(
                    slug=slug,
                    title=title,
                    order=order,
                    summary=summary,
                    body=body,
                    show_in_menu=False,
                )
                page.save()
                self.note(page, True)
        for slug, (title_en, summary_en, body_en) in content.PAGES_EN.items():
            page = Page.objects.filter(slug=slug, title_en="").first()
            if page is not None:  # only pages nobody has translated yet
                page.title_en, page.summary_en, page.body_en = title_en, summary_en, body_en
                page.save()
        if not Banner.objects.exists():
            image = self.photo(
                "demo-bang-ron-chuyen-doi-so.jpg",
                lambda: pictures.banner("Chuyển đổi số vì người dân"),
                alt="Chuyển đổi số vì người dân",
            )
            banner = Banner.objects.create(
                title="Chuyển đổi số",
                image=image,
                alt_text="Chuyển đổi số vì người dân – xem tin chuyển đổi số",
                link="/tin-tuc/chuyen-doi-so/",
                position=Banner.Position.SIDEBAR,
            )
            self.note(banner, True)

    def attachment(self, name: str, data: bytes) -> Attachment:
        existing = Attachment.objects.filter(original_name=name).first()
        if existing:
            return existing
        attachment = Attachment.create_from_upload(SimpleUploadedFile(name, data))
        self.note(attachment, True)
        return attachment

    def load_documents(self):
        for name, has_validity, order in documents.TYPES:
            obj, created = DocumentType.objects.get_or_create(
                name=name, defaults={"has_validity": has_validity, "order": order}
            )
            self.note(obj, created)
        for name, short_name, order in documents.ISSUERS:
            obj, created = Issuer.objects.get_or_create(
                name=name, defaults={"short_name": short_name, "order": order}
            )
            self.note(obj, created)
        for name, order in documents.FIELDS:
            obj, created = Field.objects.get_or_create(name=name, defaults={"order": order})
            self.note(obj, created)
        signers = []
        for name, position in documents.SIGNERS:
            signer, created = Signer.objects.get_or_create(name=name, position=position)
            self.note(signer, created)
            signers.append(signer)
        for row in documents.DOCUMENTS:
            number, kind, issuer_name, issued, effective, expires, signer, fields, summary, text = (
                row
            )
            issuer = Issuer.objects.get(short_name=issuer_name)
            if Document.objects.filter(
                issuer=issuer, year=issued.year, number_key=number_key(number)
            ).exists():
                continue
            signed_by = signers[signer] if signer is not None else None
            place_date = f"Hải Dương, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}"
            data = documents.pdf(
                issuer.name, number, place_date, kind, summary, text,
                (signed_by.name, signed_by.position) if signed_by else None,
            )  # fmt: skip
            file = self.attachment(f"{kind} {number.replace('/', '-')}.pdf", data)
            document = Document(
                number=number, doc_type=DocumentType.objects.get(name=kind), issuer=issuer,
                issued_on=issued, effective_on=effective, expires_on=expires, signer=signed_by,
                summary=summary, attachments=[{"key": file.key, "label": ""}],
                status=Document.Status.PUBLISHED,
                publish_at=datetime.combine(issued, datetime.min.time(), tzinfo=TZ)
                + timedelta(hours=15),
            )  # fmt: skip
            document.full_clean()
            document.save()
            document.fields.set(Field.objects.filter(name__in=fields))
            self.note(document, True)
        for source, kind, target in documents.RELATIONS:
            obj, created = DocumentRelation.objects.get_or_create(
                source=Document.objects.get(number_key=number_key(source)),
                target=Document.objects.get(number_key=number_key(target)),
                kind=kind,
            )
            self.note(obj, created)
        for row in documents.PROCEDURES:
            code, name, field, level, agency, time, fees, steps, papers, result, online, basis = row
            if Procedure.objects.filter(code=code).exists():
                continue
            forms = []
            if code in documents.PROCEDURE_FORMS:
                title = documents.PROCEDURE_FORMS[code]
                data = documents.pdf(
                    agency, "", "........, ngày ..... tháng ..... năm .....", "Mẫu đơn", title,
                    ["Họ và tên: ................................................",
                     "Địa chỉ: ..................................................",
                     "Nội dung đề nghị: .........................................."], None,
                )  # fmt: skip
                forms = [{"key": self.attachment(f"{title}.pdf", data).key, "label": ""}]
            procedure = Procedure(
                code=code, name=name, field=Field.objects.get(name=field), level=level,
                agency=agency, processing_time=time, fees=fees, steps=steps, papers=papers,
                result=result, online_service=online, attachments=forms,
                online_url="https://dichvucong.gov.vn/" if online != "none" else "",
                applicants="Tổ chức, cá nhân", status=Procedure.Status.PUBLISHED,
                publish_at=local("2024-01-02 08:00"),
            )  # fmt: skip
            procedure.full_clean()
            procedure.save()
            procedure.legal_basis.set(
                Document.objects.filter(number_key__in=[number_key(n) for n in basis])
            )
            self.note(procedure, True)

    def load_questions(self):
        from news.demo import questions as demo
        from news.questions.models import Question, Topic

        topics = {}
        for name, order in demo.TOPICS:
            topics[name], created = Topic.objects.get_or_create(
                name=name, defaults={"order": order}
            )
            self.note(topics[name], created)
        for topic, asker, shown_as, title, text, unit, answer in demo.QUESTIONS:
            if Question.objects.filter(title=title).exists():
                continue
            question = Question.receive(
                asker_name=asker, topic=topics[topic], title=title, question=text,
                name_shown=shown_as, unit=unit,
            )  # fmt: skip
            question.body = answer
            question.approve(None, public=True)
            question.save()
            self.note(question, True)

    def load_categories(self):
        categories = {}
        for name, slug, order, description in content.CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order, "description": description}
            )
            self.note(category, created)
            categories[slug] = category
        return categories

    def load_training_article(self, categories):
        data = content.TRAINING_ARTICLE
        if Article.objects.filter(slug=data["slug"]).exists():
            return
        body = data["body"]
        for key, (name, draw, credit) in TRAINING_PHOTOS.items():
            body = body.replace(f"{{photo:{key}}}", self.photo(name, draw, credit).url)
        plan = Document.objects.filter(number_key=number_key("2328/KH-UBND")).first()
        article = Article(
            title=data["title"],
            slug=data["slug"],
            category=categories[data["category"]],
            sapo=data["sapo"],
            body=body,
            attachments=list(plan.attachments) if plan else [],
            byline=data["byline"],
            is_featured=data["featured"],
            status=Article.Status.PUBLISHED,
            publish_at=local(data["publish_at"]),
        )
        article.full_clean()
        article.save()
        self.note(article, True)

    def load_short_articles(self, categories):
        for index, row in enumerate(content.SHORT_ARTICLES):
            slug, title, category, when, sapo, paragraphs, seed, byline = row
            if Article.objects.filter(slug=slug).exists():
                continue
            body = "".join(f"<p>{text}</p>" for text in paragraphs)
            if seed is not None:
                palette = PALETTES[index % len(PALETTES)]
                photo = self.photo(
                    f"demo-{slug}.jpg",
                    lambda seed=seed, palette=palette: pictures.simple_scene(seed, palette),
                    credit="Cổng TTĐT Sở TT&TT",
                    alt=f"Ảnh minh họa: {title}",
                )
                image = f'<img src="{photo.url}" alt="">'
                body = (
                    f'<figure class="image">{image}<figcaption>{title}</figcaption></figure>{body}'
                )
            article = Article(
                title=title,
                slug=slug,
                category=categories[category],
                sapo=sapo,
                body=body,
                byline=byline,
                status=Article.Status.PUBLISHED,
                publish_at=local(when),
            )
            article.full_clean()
            article.save()
            self.note(article, True)

    def load_events(self):
        programmes = {}
        for short_name, name, period, order in content.PROGRAMMES:
            programme, created = Programme.objects.get_or_create(
                short_name=short_name, defaults={"name": name, "period": period, "order": order}
            )
            self.note(programme, created)
            programmes[short_name] = programme

        data = content.TRAINING_EVENT
        if not TrainingEvent.objects.filter(slug=data["slug"]).exists():
            event = TrainingEvent(
                slug=data["slug"],
                title=data["title"],
                start=local(data["start"]),
                end=local(data["end"]),
                place=data["place"],
                body=data["description"],
                participants_total=data["participants"],
                status=TrainingEvent.Status.HELD,
            )
            event.full_clean()
            event.save()
            event.programmes.set([programmes[name] for name in data["programmes"]])
            for order, (name, position, organisation, role) in enumerate(data["speakers"]):
                EventSpeaker.objects.create(
                    event=event,
                    order=order,
                    name=name,
                    position=position,
                    organisation=organisation,
                    role=role,
                )
            for order, title in enumerate(data["topics"]):
                EventTopic.objects.create(event=event, order=order, title=title)
            for order, name in enumerate(data["groups"]):
                ParticipantGroup.objects.create(event=event, order=order, name=name)
            self.note(event, True)
            Article.objects.filter(slug=content.TRAINING_ARTICLE["slug"], event=None).update(
                event=event
            )

        for row in content.OTHER_EVENTS:
            slug, title, start, days, place, names, status, total, groups, topic = row
            if TrainingEvent.objects.filter(slug=slug).exists():
                continue
            begin = local(start)
            event = TrainingEvent(
                slug=slug,
                title=title,
                start=begin,
                end=begin + timedelta(days=days - 1, hours=8),
                place=place,
                participants_total=total,
                status=status,
            )
            event.full_clean()
            event.save()
            event.programmes.set([programmes[name] for name in names])
            EventTopic.objects.create(event=event, order=0, title=topic)
            for order, (name, count) in enumerate(groups):
                ParticipantGroup.objects.create(event=event, order=order, name=name, count=count)
            self.note(event, True)
