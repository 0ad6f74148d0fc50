"use strict";
// Names for the article form's controls that the admin and its widgets leave unnamed: the byline
// table's cells (a column header is not a label), the two halves of a date and time, the
// searchable selects (select2) and the editor's resize handle. Widgets appear after the page
// loads (select2, TinyMCE, "Add another byline"), so this runs again whenever the page changes.
{
    function text(element) {
        return element ? element.textContent.replace(/\s+/g, " ").replace(/[:：]\s*$/, "").trim() : "";
    }

    function name(control, value) {
        if (value && !control.hasAttribute("aria-label") && !control.hasAttribute("aria-labelledby")) {
            control.setAttribute("aria-label", value);
        }
    }

    // The header of the column a tabular inline's cell is in.
    function columnName(cell) {
        const table = cell.closest("table");
        const column = Array.from(cell.classList).find(function (name) {
            return name.startsWith("field-");
        });
        if (column) {
            return text(table.querySelector("thead th.column-" + CSS.escape(column.slice(6))));
        }
        if (cell.classList.contains("delete")) {
            return text(table.querySelector("thead th:last-child"));
        }
        return "";
    }

    function labelOf(control) {
        const cell = control.closest(".tabular td");
        if (cell) {
            return columnName(cell);
        }
        const label = control.id && document.querySelector("label[for='" + CSS.escape(control.id) + "']");
        if (label) {
            return text(label);
        }
        const row = control.closest(".form-row");
        return row ? text(row.querySelector("label")) : "";
    }

    function nameTableCells() {
        document.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select").forEach(function (control) {
            name(control, labelOf(control));
        });
    }

    // Django's split date and time: "Date: [ ] Time: [ ]" under the field's label.
    function nameDateTimes() {
        document.querySelectorAll("p.datetime input").forEach(function (input) {
            let node = input.previousSibling;
            while (node && node.nodeType !== Node.TEXT_NODE) {
                node = node.previousSibling;
            }
            const part = node ? node.textContent.replace(/[:：]\s*$/, "").trim() : "";
            name(input, [labelOf(input), part].filter(Boolean).join(" – "));
        });
    }

    function nameSelect2() {
        document.querySelectorAll("select.admin-autocomplete, select.nr-image-choice").forEach(function (select) {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) {
                return;
            }
            const label = labelOf(select);
            container.querySelectorAll("[role=combobox], [role=textbox], .select2-search__field").forEach(function (part) {
                part.removeAttribute("aria-labelledby");
                name(part, label);
            });
            // select2's multiple choice is a <ul> whose items are not all list items.
            container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
                list.setAttribute("role", "presentation");
            });
        });
    }

    function nameEditorHandles() {
        document.querySelectorAll(".tox-statusbar__resize-handle:not([role])").forEach(function (handle) {
            handle.setAttribute("role", "button");
        });
    }

    function nameAll() {
        nameTableCells();
        nameDateTimes();
        nameSelect2();
        nameEditorHandles();
    }

    document.addEventListener("DOMContentLoaded", function () {
        nameAll();
        // Named in the observer's own turn, before anything else can read the new controls.
        new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
    });
}
