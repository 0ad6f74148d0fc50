# The checking loaddata lives in articles; it is offered here because, of two apps with a command
# of the same name, the first in INSTALLED_APPS wins, and articles cannot come before
# modeltranslation (its ready() registers revisions, which must see the translated fields).
from articles.management.commands.loaddata import Command  # noqa: F401
