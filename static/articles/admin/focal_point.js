"use strict";
{
    // The image's focal point: a click on the picture sets the focal point fields (fractions of
    // its width and height) and moves the marker. Crops keep that point in the frame.
    function fields() {
        return [document.getElementById("id_focal_x"), document.getElementById("id_focal_y")];
    }

    function place(marker) {
        const [x, y] = fields();
        if (!x || !y || x.value === "" || y.value === "") {
            return;
        }
        marker.style.left = (parseFloat(x.value) * 100) + "%";
        marker.style.top = (parseFloat(y.value) * 100) + "%";
        marker.hidden = false;
    }

    document.addEventListener("DOMContentLoaded", function () {
        const picker = document.querySelector(".nr-focal");
        if (!picker) {
            return;
        }
        const img = picker.querySelector("img");
        const marker = picker.querySelector(".nr-focal__marker");
        place(marker);
        img.addEventListener("click", function (event) {
            const box = img.getBoundingClientRect();
            const round = (value) => Math.min(1, Math.max(0, value)).toFixed(4);
            const [x, y] = fields();
            x.value = round((event.clientX - box.left) / box.width);
            y.value = round((event.clientY - box.top) / box.height);
            place(marker);
        });
        for (const field of fields()) {
            if (field) {
                field.addEventListener("input", () => place(marker));
            }
        }
    });
}
