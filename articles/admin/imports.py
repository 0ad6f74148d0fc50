"""The import report on an imported article's change page: where its headline, byline and date
came from, and every line the importer left out, so that a wrong drop is put back by hand."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..models import ImportReport


def import_report_of(obj):
    if obj is None or obj.pk is None:
        return None
    try:
        return obj.import_report
    except ImportReport.DoesNotExist:
        return None


class ImportReportMixin:
    """Adds a read-only "Import report" fieldset to articles that came from a document."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if import_report_of(obj) is not None:
            fieldsets.append((_("Import report"), {"fields": ["import_report_display"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "import_report_display"]

    @admin.display(description=_("what the importer did"))
    def import_report_display(self, obj):
        imported = import_report_of(obj)
        if imported is None:
            return "-"
        return render_to_string(
            "admin/articles/article/includes/import_report.html", {"imported": imported, "report": imported.report}
        )
