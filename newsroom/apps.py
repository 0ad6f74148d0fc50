from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: its deployment checks and project-wide commands."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the checks
