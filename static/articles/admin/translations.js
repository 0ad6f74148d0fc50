"use strict";
// The translators' view of the article form: one switch for every translated field, showing one
// language or the original and its translation side by side; and, under a field whose
// translation is out of date, what changed in the original since (rendered by the server).
{
    const STORAGE_KEY = "nr-languages-shown";
    const BOTH = "both";

    function stored() {
        try {
            return window.localStorage.getItem(STORAGE_KEY);
        } catch (error) {
            return null; // Storage refused (privacy settings): the choice lasts for this page only.
        }
    }

    function store(value) {
        try {
            window.localStorage.setItem(STORAGE_KEY, value);
        } catch (error) {
            // As above: nothing to keep it in.
        }
    }

    // Each translated field's rows, one per language, gathered in one box: the box is what the
    // switch lays out. It runs before the rich-text editors start, so no editor is moved later.
    function groupTranslatedRows(form) {
        const groups = [];
        form.querySelectorAll(".form-row").forEach(function (row) {
            const control = row.querySelector("[name][lang]");
            const match = control && control.name.match(/^(.+)_([a-z]{2,3}(?:_[a-z]+)?)$/);
            if (!match || match[2] !== control.lang || row.parentElement.classList.contains("nr-translated")) {
                return;
            }
            row.dataset.nrLang = control.lang;
            const last = groups[groups.length - 1];
            if (last && last.field === match[1] && last.rows[last.rows.length - 1].nextElementSibling === row) {
                last.rows.push(row);
            } else {
                groups.push({field: match[1], rows: [row]});
            }
        });
        groups.forEach(function (group) {
            const box = document.createElement("div");
            box.className = "nr-translated";
            box.dataset.field = group.field;
            group.rows[0].before(box);
            group.rows.forEach(function (row) {
                box.append(row);
            });
        });
        return form.querySelectorAll(".nr-translated > .form-row");
    }

    function placeSourceChanges(form) {
        document.querySelectorAll(".nr-source-changed[data-for]").forEach(function (note) {
            const row = form.querySelector(".form-row.field-" + CSS.escape(note.dataset.for));
            if (row) {
                row.append(note);
                note.hidden = false;
                row.classList.add("nr-stale");
            }
        });
    }

    function sourceLanguage() {
        const original = document.getElementById("id_original_language");
        return (original && original.value) || document.documentElement.lang;
    }

    function show(form, rows, mode) {
        const source = sourceLanguage();
        form.classList.toggle("nr-side-by-side", mode === BOTH);
        rows.forEach(function (row) {
            const language = row.dataset.nrLang;
            row.classList.toggle("nr-source", language === source);
            // A field with an error is never hidden: the error would go unseen.
            row.classList.toggle("nr-off", mode !== BOTH && language !== mode && !row.classList.contains("errors"));
        });
    }

    function start() {
        const panel = document.getElementById("nr-languages");
        const form = panel && panel.closest("form");
        if (!form) {
            return;
        }
        const rows = groupTranslatedRows(form);
        placeSourceChanges(form);
        const radios = Array.from(panel.querySelectorAll("input[type=radio]"));
        const values = radios.map(function (radio) {
            return radio.value;
        });
        // An article opens on its original language, a new one on the admin's.
        const saved = panel.dataset.saved === "true";
        const initial = [stored(), saved ? sourceLanguage() : document.documentElement.lang, BOTH].find(
            function (value) {
                return values.includes(value);
            }
        );
        radios.forEach(function (radio) {
            radio.checked = radio.value === initial;
            radio.addEventListener("change", function () {
                show(form, rows, radio.value);
                store(radio.value);
            });
        });
        const original = document.getElementById("id_original_language");
        if (original) {
            original.addEventListener("change", function () {
                show(form, rows, panel.querySelector("input:checked").value);
            });
        }
        show(form, rows, initial);
        panel.hidden = false;
    }

    document.addEventListener("DOMContentLoaded", start);
}
