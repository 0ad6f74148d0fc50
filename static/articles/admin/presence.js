"use strict";
{
    // Tells the server every 30 seconds that this change form is open, and shows who else has
    // the same article open (the server words the notice, in the admin's language).
    const start = function () {
        const notice = document.querySelector("[data-presence-url]");
        const tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
        if (!notice || !tokenInput) {
            return;
        }
        const url = notice.dataset.presenceUrl;
        const send = function (leaving) {
            const body = new URLSearchParams();
            if (leaving) {
                body.set("leave", "1");
            }
            body.set("csrfmiddlewaretoken", tokenInput.value);
            if (leaving) {
                navigator.sendBeacon(url, body);
                return;
            }
            fetch(url, {method: "POST", body: body, credentials: "same-origin"})
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data) {
                        notice.textContent = data.message;
                        notice.hidden = !data.message;
                    }
                })
                .catch(function () {
                    // A missed heartbeat only delays the notice; the next one tries again.
                });
        };
        send(false);
        window.setInterval(function () {
            send(false);
        }, 30000);
        window.addEventListener("pagehide", function () {
            send(true);
        });
    };
    // The admin loads this script in the page's head, before the notice and the form exist:
    // it starts once the page has been read.
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}
