"use strict";
{
    // Copy-to-clipboard for the shareable preview link on the article change page.
    document.addEventListener("click", function (event) {
        const button = event.target.closest(".nr-copy");
        if (!button) {
            return;
        }
        const input = document.querySelector(button.dataset.copy);
        if (!input) {
            return;
        }
        input.select();
        const done = function () {
            button.textContent = button.dataset.copied;
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(input.value).then(done);
        } else {
            document.execCommand("copy");
            done();
        }
    });

    // The language tabs move each field into a tab panel when the page is ready. A browser
    // reloads an iframe that is moved, so a rich-text editor that started before the tabs
    // were built would be left blank and dead: start such an editor again in its new place.
    function restartMovedEditors() {
        if (!window.tinymce) {
            return;
        }
        window.tinymce.get().forEach(function (editor) {
            const frame = editor.iframeElement;
            if (!frame || frame.contentDocument === editor.getDoc()) {
                return;
            }
            const textarea = editor.getElement();
            let content = textarea.value;
            try {
                content = editor.getContent();
            } catch (error) {
                // The old document is gone: the textarea still holds the text as loaded.
            }
            editor.remove();
            textarea.value = content;
            const config = JSON.parse(textarea.dataset.mceConf);
            delete config.selector;
            config.target = textarea;
            window.tinymce.init(config);
        });
    }
    window.addEventListener("load", restartMovedEditors);

    // Open the language tabs on the article's original language: an editor opening an Arabic
    // story should land on its Arabic text, not on empty English fields.
    function openOriginalLanguage() {
        const original = document.getElementById("id_original_language");
        if (!original || !original.value) {
            return;
        }
        document.querySelectorAll("#content select").forEach(function (select) {
            if (select === original) {
                return;
            }
            const option = Array.from(select.options).find(function (candidate) {
                return candidate.textContent.trim().toLowerCase() === original.value;
            });
            if (option && select.value !== option.value) {
                select.value = option.value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            }
        });
    }
    window.addEventListener("load", openOriginalLanguage);

    // Django prepopulates the slug from the English headline only: a story written first in
    // another language (Arabic) gets its slug from the headline in that language, as the server
    // does when the slug is left empty. A slug the user typed is never replaced.
    function prepopulateSlugFromOriginal() {
        const slug = document.getElementById("id_slug");
        const original = document.getElementById("id_original_language");
        if (!slug || !original || slug.value || typeof window.URLify !== "function") {
            return;
        }
        const $ = window.django && window.django.jQuery;
        document.addEventListener("input", function (event) {
            const dependencies = ($ && $(slug).data("dependency_list")) || [];
            const name = "title_" + original.value;
            if (event.target.name !== name || dependencies.includes(name)) {
                return;
            }
            if ($ && $(slug).data("_changed")) {
                return;
            }
            const maxLength = slug.maxLength > 0 ? slug.maxLength : 200;
            slug.value = window.URLify(event.target.value, maxLength, true);
        });
    }
    window.addEventListener("load", prepopulateSlugFromOriginal);
}
