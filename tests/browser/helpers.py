"""What the browser tests do on a page: log in, run axe-core, measure sideways scrolling."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "pw"
# A function, not an expression: Playwright polls an expression through eval, which the admin's
# policy forbids.
EDITORS_READY = "() => window.tinymce && tinymce.get().length === 2 && tinymce.get().every(e => e.initialized)"


def open_form(page, url):
    """Opens an article form and waits for both rich-text editors to be ready."""
    page.goto(url)
    page.wait_for_function(EDITORS_READY)


def type_in_editor(page, field, text):
    """Types into a rich-text field's editor as a person does: click, type."""
    body = page.frame_locator(f"#id_{field}_ifr").locator("body")
    body.click()
    body.press_sequentially(text)
    return body


def log_in(page, username, language="en", through_form=False):
    """Logs the page's browser in as `username`: through the login form, or (faster, for the tests
    about something else) with a session made on the server, and lands on the admin's index."""
    if through_form:
        page.goto(f"/{language}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form [type=submit]")
    else:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        name = settings.SESSION_COOKIE_NAME
        page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": page.base_url}])
        page.goto(f"/{language}/admin/")
    page.wait_for_url(f"**/{language}/admin/")


def axe_violations(page, impacts=("critical", "serious")):
    """axe-core's violations on the page as shown, of the given impacts: ["rule: target (summary)"].

    Injected through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    """
    if not page.evaluate("Boolean(window.axe)"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (impacts) => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.filter(v => impacts.includes(v.impact)).flatMap(
                v => v.nodes.map(node => `${v.id} (${v.impact}): ${node.target.join(" ")}: ${node.failureSummary}`)
            );
        }""",
        list(impacts),
    )
    return violations


def sideways_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def listed(failures):
    """{page: [problem]} as lines a person reads in a failure."""
    return "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in failures.items())


WIDEST = """() => {
    window.scrollTo(0, 0);
    const width = document.documentElement.clientWidth;
    const outside = (e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 1 || box.left < -1);
    };
    // The innermost: elements past the edge none of whose children are.
    return Array.from(document.querySelectorAll("body *")).filter(e => outside(e)
        && !Array.from(e.children).some(outside)).slice(0, 8).map(e => {
        const box = e.getBoundingClientRect();
        return `${e.tagName.toLowerCase()}.${e.className}#${e.id}: ${Math.round(box.left)}..${Math.round(box.right)}`;
    });
}"""


def sideways_culprits(page):
    """The first elements that reach past the screen's edges, for a failure message."""
    return page.evaluate(WIDEST)
