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

    // A browser reloads an iframe that is moved, so a rich-text editor that started before its
    // field was moved (translations.js groups the languages' fields) would be left blank and
    // dead: start such an editor again in its new place.
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
