from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Giao diện cổng"

    def ready(self):
        from . import signals  # noqa: F401
