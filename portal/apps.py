from django.apps import AppConfig, apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Giao diện cổng"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, cleaning, privacy, registry, roles, search, signals, staff  # noqa: F401
        from .sitemaps import FixedPageSitemap
        from .views import page_menu_items, page_search_provider

        cleaning.connect()
        staff.connect_axes()
        registry.add_menu(page_menu_items)
        registry.add_section("home", registry.latest_change, order=0)
        registry.add_section("portal:privacy", privacy.notice_updated, order=900)
        registry.add_sitemap("pages", FixedPageSitemap)
        search.register(page_search_provider())
        # After the last app's migrations, when every permission exists.
        last = list(apps.get_app_configs())[-1]
        post_migrate.connect(roles.ensure_roles, sender=last, dispatch_uid="portal-roles")
