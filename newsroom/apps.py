from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app, so its deployment checks run with `check --deploy`."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the checks
