import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Under ASGI a request's database work may run in any thread, so persistent connections are not
# reliably reused or closed; Django's documentation advises turning them off there.
os.environ.setdefault("DJANGO_DB_CONN_MAX_AGE", "0")

application = get_asgi_application()
