from django.apps import AppConfig


class NewsConfig(AppConfig):
    """The content kinds (one package each). Each tells the site layer what it adds: menu
    items, search, sitemap sections, cache invalidation, scheduled changes (its hooks.py)."""

    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from .agency import hooks as agency
        from .articles import hooks as articles
        from .consultations import hooks as consultations
        from .documents import hooks as documents
        from .events import hooks as events
        from .questions import hooks as questions
        from .schedules import hooks as schedules

        agency.register()
        articles.register()
        consultations.register()
        documents.register()
        events.register()
        questions.register()
        schedules.register()
