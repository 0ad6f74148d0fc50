"use strict";
// The article form keeps what is typed in this browser's storage, under the article and the
// version it was opened at, until a save succeeds. After a crash or a closed tab the form offers
// the kept text back; nothing is put in the form, let alone saved, unless the person asks. A
// draft typed into an older version brings that version back with it, so the server sees the
// save as the late one it is and shows what changed in between.
{
    const PREFIX = "nr-draft:article:";
    const SUBMITTED = "nr-draft-submitted";
    const SKIPPED = /^(csrfmiddlewaretoken|nr_.*|overwrite_version)$/;

    function storage(kind) {
        try {
            const store = window[kind];
            store.getItem("x");
            return store;
        } catch (error) {
            return null; // Storage refused: no drafts, and the form works as before.
        }
    }

    function articleKey() {
        const match = window.location.pathname.match(/\/articles\/article\/([^/]+)\/change\/$/);
        return PREFIX + (match ? match[1] : "new") + ":";
    }

    function editorFor(element) {
        return window.tinymce && element.id ? window.tinymce.get(element.id) : null;
    }

    function snapshot(form) {
        const fields = [];
        Array.from(form.elements).forEach(function (element) {
            const type = element.type;
            if (!element.name || SKIPPED.test(element.name) || element.form !== form) {
                return;
            }
            if (["file", "submit", "button", "reset"].includes(type)) {
                return;
            }
            if (type === "checkbox" || type === "radio") {
                fields.push([element.name, element.value, element.checked]);
            } else if (element.tagName === "SELECT") {
                const chosen = Array.from(element.selectedOptions).map(function (option) {
                    return [option.value, option.textContent];
                });
                fields.push([element.name, chosen]);
            } else {
                const editor = editorFor(element);
                fields.push([element.name, editor && editor.initialized ? editor.getContent() : element.value]);
            }
        });
        return fields;
    }

    function restore(form, fields) {
        const $ = window.django && window.django.jQuery;
        fields.forEach(function (field) {
            const elements = Array.from(form.elements).filter(function (element) {
                return element.name === field[0];
            });
            if (field.length === 3) {
                const box = elements.find(function (element) {
                    return element.value === field[1];
                });
                if (box) {
                    box.checked = field[2];
                }
                return;
            }
            const element = elements[0];
            if (!element) {
                return;
            }
            if (element.tagName === "SELECT") {
                const wanted = field[1].map(function (pair) {
                    return pair[0];
                });
                field[1].forEach(function (pair) {
                    if (!Array.from(element.options).some((option) => option.value === pair[0])) {
                        element.append(new Option(pair[1], pair[0]));
                    }
                });
                Array.from(element.options).forEach(function (option) {
                    option.selected = wanted.includes(option.value);
                });
                if ($) {
                    $(element).trigger("change");
                }
                return;
            }
            const editor = editorFor(element);
            if (editor) {
                editor.setContent(field[1]);
            }
            element.value = field[1];
        });
    }

    function same(a, b) {
        return JSON.stringify(a) === JSON.stringify(b);
    }

    // The drafts kept for this article, newest first.
    function draftsOf(local, key) {
        const found = [];
        for (let index = 0; index < local.length; index += 1) {
            const name = local.key(index);
            if (name && name.startsWith(key)) {
                try {
                    found.push(Object.assign({key: name}, JSON.parse(local.getItem(name))));
                } catch (error) {
                    local.removeItem(name); // Unreadable: nothing worth offering.
                }
            }
        }
        return found.sort(function (a, b) {
            return b.savedAt - a.savedAt;
        });
    }

    function offer(panel, form, draft, local, done) {
        const version = form.elements.base_version ? form.elements.base_version.value : "";
        const when = new Date(draft.savedAt).toLocaleString(document.documentElement.lang || undefined);
        panel.querySelector(".nr-draft__when").textContent = when;
        const older = panel.querySelector(".nr-draft__older");
        older.hidden = !draft.version || draft.version === version;
        older.textContent = older.dataset.text.replace("{version}", draft.version).replace("{current}", version);
        panel.hidden = false;
        panel.querySelector(".nr-draft__restore").addEventListener("click", function () {
            restore(form, draft.fields);
            panel.hidden = true;
            done(draft.key);
        });
        panel.querySelector(".nr-draft__discard").addEventListener("click", function () {
            draftsOf(local, articleKey()).forEach(function (kept) {
                local.removeItem(kept.key);
            });
            panel.hidden = true;
            done(null);
        });
    }

    function keep(form, local, baseline) {
        let previousKey = null;
        return function () {
            const fields = snapshot(form);
            const version = form.elements.base_version ? form.elements.base_version.value : "";
            const key = articleKey() + version;
            if (same(fields, baseline)) {
                return;
            }
            if (previousKey && previousKey !== key) {
                local.removeItem(previousKey);
            }
            previousKey = key;
            local.setItem(key, JSON.stringify({savedAt: Date.now(), version: version, fields: fields}));
        };
    }

    function editorsReady() {
        return !window.tinymce || window.tinymce.get().every(function (editor) {
            return editor.initialized;
        });
    }

    // A save that succeeded lands on a page without form errors: its draft has served.
    function forgetSubmittedDraft(local, session) {
        const submitted = session.getItem(SUBMITTED);
        if (!submitted) {
            return;
        }
        session.removeItem(SUBMITTED);
        if (!document.querySelector(".errornote, .errorlist")) {
            local.removeItem(submitted);
        }
    }

    function start(form, panel, local, session) {
        const baseline = snapshot(form);
        const save = keep(form, local, baseline);
        const offered = draftsOf(local, articleKey()).find(function (draft) {
            return !same(draft.fields, baseline);
        });
        let listening = false;
        const listen = function () {
            if (listening) {
                return;
            }
            listening = true;
            form.addEventListener("input", save);
            form.addEventListener("change", save);
            window.setInterval(save, 2000);
        };
        if (offered) {
            // Typing before choosing would replace the kept draft: keep nothing until then.
            offer(panel, form, offered, local, listen);
        } else {
            listen();
        }
        form.addEventListener("submit", function () {
            save();
            session.setItem(SUBMITTED, articleKey() + (form.elements.base_version ? form.elements.base_version.value : ""));
        });
        panel.dataset.ready = "true";
    }

    window.addEventListener("load", function () {
        const local = storage("localStorage");
        const session = storage("sessionStorage");
        if (!local || !session) {
            return;
        }
        forgetSubmittedDraft(local, session);
        const panel = document.getElementById("nr-draft");
        const form = panel && panel.closest("form");
        if (!form) {
            return;
        }
        const wait = window.setInterval(function () {
            if (editorsReady()) {
                window.clearInterval(wait);
                start(form, panel, local, session);
            }
        }, 100);
    });
}
