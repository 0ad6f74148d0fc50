"use strict";
// The article's tag box offers "Create tag “…”" for a name no tag has, to whoever may add tags (the
// server gives the box data-create-url only then, and checks the permission again). The tag is
// created at once, so the article form posts its id like any other tag's.
{
    const NEW = "nr-new-tag:";

    function say(select, message) {
        let note = select.parentElement.querySelector(".nr-tag-error");
        if (!note) {
            note = document.createElement("p");
            note.className = "nr-tag-error errornote";
            note.setAttribute("role", "alert");
            select.parentElement.append(note);
        }
        note.textContent = message;
        note.hidden = !message;
    }

    function create(select, item) {
        const $ = window.django.jQuery;
        const form = select.closest("form");
        const body = new URLSearchParams({name: item.text});
        const temporary = Array.from(select.options).find(function (option) {
            return option.value === item.id;
        });
        fetch(select.dataset.createUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: {"X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value},
            body: body,
        })
            .then(function (response) {
                return response.json().then(function (answer) {
                    if (!response.ok) {
                        throw new Error(answer.error || response.statusText);
                    }
                    return answer;
                });
            })
            .then(function (tag) {
                if (temporary) {
                    temporary.remove();
                }
                const existing = Array.from(select.options).find(function (option) {
                    return option.value === String(tag.id);
                });
                if (existing) {
                    existing.selected = true;
                } else {
                    select.append(new Option(tag.text, tag.id, true, true));
                }
                say(select, "");
                $(select).trigger("change");
            })
            .catch(function (error) {
                if (temporary) {
                    temporary.remove();
                }
                $(select).trigger("change");
                say(select, error.message);
            });
    }

    function offerCreation(select) {
        const $ = window.django.jQuery;
        if (!$.fn.select2 || !$(select).data("select2")) {
            return;
        }
        $(select).select2("destroy");
        // As Django's autocomplete.js starts it (the rest comes from the element's data-*), plus tags.
        $(select).select2({
            ajax: {
                data: function (params) {
                    return {
                        term: params.term,
                        page: params.page,
                        app_label: select.dataset.appLabel,
                        model_name: select.dataset.modelName,
                        field_name: select.dataset.fieldName,
                    };
                },
            },
            tags: true,
            createTag: function (params) {
                const term = (params.term || "").trim();
                return term ? {id: NEW + term, text: term, newTag: true} : null;
            },
            // After the tags found, not before them.
            insertTag: function (data, tag) {
                const taken = data.some(function (item) {
                    return item.text.toLowerCase() === tag.text.toLowerCase();
                });
                if (!taken) {
                    data.push(tag);
                }
            },
            templateResult: function (item) {
                return item.newTag ? select.dataset.createLabel.replace("%s", item.text) : item.text;
            },
        });
        $(select).on("select2:select", function (event) {
            if (event.params.data.newTag) {
                create(select, event.params.data);
            }
        });
    }

    window.addEventListener("load", function () {
        document.querySelectorAll("select.admin-autocomplete[data-create-url]").forEach(offerCreation);
    });
}
