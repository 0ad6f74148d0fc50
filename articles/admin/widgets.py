"""The article form's own widgets."""

from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html
from django.utils.translation import gettext


class ImageThumbnailWidget(AdminFileWidget):
    """The featured image shown as a small picture, linked to the full file, above the usual
    change and clear controls (the file name alone tells an editor little)."""

    def render(self, name, value, attrs=None, renderer=None):
        controls = super().render(name, value, attrs, renderer)
        if not (value and getattr(value, "url", None)):
            return controls
        return format_html(
            '<a class="nr-thumb" href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" loading="lazy"></a>{}',
            value.url,
            value.url,
            gettext("The featured image now"),
            controls,
        )
