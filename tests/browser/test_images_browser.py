"""Library images in a real (headless) browser: on a 390 px phone the lead image's box has its size
before a byte of the picture arrives (no layout shift), the browser picks a phone-sized rendition
and the whole page weighs under 60 KB; in the admin, a library image is chosen by its thumbnail."""

import base64
import mimetypes

import pytest

from tests.browser import test_admin_csp
from tests.browser.test_admin_csp import THEME_RAN, log_in, open_page, problems_since
from tests.factories import make_article, make_image, make_section, make_user, photo_like_bytes

pytestmark = pytest.mark.django_db(transaction=True)

# The admin test's browser (one per module), with its collector of policy violations.
browser = test_admin_csp.browser

PHONE = {"width": 390, "height": 844, "mobile": True}
BUDGET = 60_000  # bytes: HTML, CSS, scripts and the picture chosen
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { window.__shifts.push(entry.value); }
}).observe({type: "layout-shift", buffered: true});
"""
IMG = "document.querySelector('.article__image img')"
BOX = f"(() => {{ const r = {IMG}.getBoundingClientRect(); return [r.width, r.height, {IMG}.naturalWidth]; }})()"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def paused_media(browser, since):
    """The requests for /media/ files the browser is waiting on (Fetch holds them)."""
    return [event["params"] for event in browser.events_named("Fetch.requestPaused", since)]


def answer_from(media, browser, request):
    """Answers a held /media/ request with the file from MEDIA_ROOT; returns its size in bytes."""
    path = request["request"]["url"].split("/media/", 1)[1]
    body = (media / path).read_bytes()
    browser.tab(
        "Fetch.fulfillRequest",
        requestId=request["requestId"],
        responseCode=200,
        responseHeaders=[{"name": "Content-Type", "value": mimetypes.guess_type(path)[0] or "image/jpeg"}],
        body=base64.b64encode(body).decode(),
    )
    return len(body)


def page_bytes(browser, since):
    """Bytes the page's own requests (HTML, CSS, scripts: not /media/) took on the wire."""
    urls = {
        e["params"]["requestId"]: e["params"]["request"]["url"]
        for e in browser.events_named("Network.requestWillBeSent", since)
    }
    return sum(
        e["params"]["encodedDataLength"]
        for e in browser.events_named("Network.loadingFinished", since)
        if "/media/" not in urls.get(e["params"]["requestId"], "/media/")
    )


def test_on_a_phone_the_lead_image_is_sized_before_it_arrives_and_the_page_is_light(browser, live_server, media):
    image = make_image("port.jpg", content=photo_like_bytes((1600, 900)), alt_en="Cranes at the port")
    body = "".join(f"<p>Paragraph {i} of the story, long enough to wrap on a phone screen.</p>" for i in range(12))
    make_article("port-phone", title_en="The port reopens", body_en=body, lead_image=image)
    for domain in ("Network.enable", "Fetch.enable"):
        browser.tab(domain, **({"patterns": [{"urlPattern": "*/media/*"}]} if domain == "Fetch.enable" else {}))
    browser.tab("Emulation.setDeviceMetricsOverride", deviceScaleFactor=1, **PHONE)
    script = browser.tab("Page.addScriptToEvaluateOnNewDocument", source=SHIFTS)["identifier"]
    try:
        start = len(browser.events)
        browser.tab("Page.navigate", url=f"{live_server.url}/en/articles/port-phone/")
        browser.wait_for_event("Fetch.requestPaused", since=start)
        [held] = paused_media(browser, start)
        # The preload scanner asks for the picture before the stylesheet may have arrived: wait for it
        # (and the parser may not have reached the <img> yet).
        browser.wait_for(f"{IMG} && getComputedStyle({IMG}).maxInlineSize === '100%'", "the img and the stylesheet")
        # The picture has not arrived, yet its box has the picture's proportions at the column's width.
        width, height, natural = browser.evaluate(BOX)
        assert (
            natural == 0 and width == pytest.approx(358, abs=1) and height == pytest.approx(width * 900 / 1600, abs=1)
        )
        image_bytes = answer_from(media, browser, held)
        browser.wait_for_event("Page.loadEventFired", since=start)
        browser.wait_for(f"{IMG}.complete && {IMG}.naturalWidth > 0", "the picture to load")
        assert browser.evaluate(BOX)[:2] == [width, height]
        assert browser.evaluate("window.__shifts") == []
        chosen = browser.evaluate(f"{IMG}.currentSrc")
        assert "/images/renditions/" in chosen and chosen.endswith((".avif", ".webp"))
        assert int(chosen.rsplit("/", 1)[1].split(".")[0]) <= 640, chosen
        total = page_bytes(browser, start) + image_bytes
        print(f"\n390 px phone: {chosen.rsplit('/', 1)[1]} {image_bytes} B + page {total - image_bytes} B = {total} B")
        assert total < BUDGET
        assert problems_since(browser, start) == []
    finally:
        browser.tab("Page.removeScriptToEvaluateOnNewDocument", identifier=script)
        browser.tab("Fetch.disable")
        browser.tab("Emulation.clearDeviceMetricsOverride")


def test_an_editor_chooses_a_library_image_by_its_thumbnail(browser, live_server, media):
    make_user("csp-admin", superuser=True)
    make_section("politics", name_en="Politics", name_ar="سياسة")
    image = make_image("port.jpg", content=photo_like_bytes((800, 450)), alt_en="Cranes at the port")
    make_image("desert.jpg", content=photo_like_bytes((800, 450), seed=2), alt_en="A desert road")
    base = live_server.url
    # The live server does not serve /media/ (Django does only in DEBUG): the test answers for it.
    browser.tab("Fetch.enable", patterns=[{"urlPattern": "*/media/*"}])
    try:
        assert log_in(browser, base) == []
        start = len(browser.events)
        problems = open_page(browser, f"{base}/en/admin/articles/article/add/", THEME_RAN)
        browser.evaluate("void django.jQuery('#id_lead_image').select2('open')")
        browser.wait_for("document.activeElement.classList.contains('select2-search__field')", "the search box")
        browser.tab("Input.insertText", text="cranes")  # typed as a person types
        option = ".select2-results__option .nr-image-option img"
        # The search narrows the choices to the one image, shown with its thumbnail.
        browser.wait_for(f"document.querySelectorAll('{option}').length === 1", "one thumbnail among the choices")
        # The thumbnail's request may reach the test after its <img> is in the page (a loaded
        # machine): wait for it, or it is never answered.
        browser.wait_for_event("Fetch.requestPaused", since=start)
        for held in paused_media(browser, start):
            answer_from(media, browser, held)
        browser.wait_for(f"document.querySelector('{option}').naturalWidth > 0", "the thumbnail to load")
        assert "Cranes at the port" in browser.evaluate("document.querySelector('.select2-results').textContent")
        browser.evaluate(
            "django.jQuery('.select2-results__option--highlighted, .select2-results__option')"
            ".first().trigger('mouseup')"
        )
        assert browser.evaluate("document.getElementById('id_lead_image').value") == str(image.pk)
        assert browser.evaluate("document.querySelector('.select2-selection .nr-image-option img') !== null")
        assert problems + problems_since(browser, start) == []
    finally:
        browser.tab("Fetch.disable")
