from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConfigConfig(AppConfig):
    """The project package as an app: site templates and static files, roles, shared commands."""

    name = "config"
    verbose_name = "Sahih"

    def ready(self) -> None:
        from django.apps import apps

        from personnel.roles import ensure_roles

        # post_migrate is sent only for apps with models; workflows is the last of ours.
        post_migrate.connect(
            ensure_roles, sender=apps.get_app_config("workflows"), dispatch_uid="sahih-roles"
        )
