"""The errors a document can be refused with, each naming the file (and line) at fault."""

from django.utils.translation import gettext as _


class DocumentError(Exception):
    """A document that cannot be imported: says which file, where, and why."""

    def __init__(self, name, reason, line=None, key=None):
        self.name = name
        self.reason = reason
        self.line = line
        self.key = key  # the sidecar key at fault, if any
        where = _("%(name)s, line %(line)d") % {"name": name, "line": line} if line else name
        super().__init__(f"{where}: {reason}")

    @property
    def errors(self):
        return [self]


class DocumentErrors(DocumentError):
    """Every independent problem of one document and its sidecar, so that one run shows them all."""

    def __init__(self, errors):
        self._errors = list(errors)
        first = self._errors[0]
        self.name, self.reason, self.line = first.name, first.reason, first.line
        Exception.__init__(self, "\n".join(str(error) for error in self._errors))

    @property
    def errors(self):
        return list(self._errors)


def raise_all(problems):
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise DocumentErrors(problems)
