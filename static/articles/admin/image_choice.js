"use strict";
{
    // The article's lead image: Django's autocomplete (select2, the same options as
    // admin/js/autocomplete.js), each image shown with its thumbnail.
    const $ = django.jQuery;

    function withThumbnail(item) {
        const thumb = item.thumb || (item.element && item.element.dataset.thumb);
        if (!item.id || !thumb) {
            return item.text;
        }
        const box = document.createElement("span");
        box.className = "nr-image-option";
        const img = document.createElement("img");
        img.src = thumb;
        img.alt = "";
        img.width = 80;
        img.height = Math.round(80 * (item.ratio || 0.5625));
        box.append(img, document.createTextNode(item.text));
        return $(box);
    }

    $(function () {
        $("select.nr-image-choice").not("[name*=__prefix__]").each(function (i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName
                    })
                },
                templateResult: withThumbnail,
                templateSelection: withThumbnail
            });
        });
    });
}
