from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Giao diện cổng"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from . import cleaning, roles, signals  # noqa: F401

        cleaning.connect()

        # After the last app's migrations, when every permission exists.
        post_migrate.connect(
            roles.ensure_roles, sender=apps.get_app_config("news"), dispatch_uid="portal-roles"
        )
