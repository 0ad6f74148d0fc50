"""The admin works under its strict Content-Security-Policy, in a real (headless) browser.

Chromium reports every blocked script, style, image or frame three ways, all collected: the
page's securitypolicyviolation events (a listener added before any page script runs), the
DevTools issues ("ContentSecurityPolicyIssue", every frame, TinyMCE's included) and the console
("... violates the following Content Security Policy directive ..."). Each page must also show
that its own scripts ran: the theme script, the sidebar, the translators' language switch,
TinyMCE's editors. Without Chromium the test fails with how to install it (bin/browser-deps),
unless NEWSROOM_SKIP_BROWSER=1.
"""

import os

import pytest

from newsroom.middleware import ADMIN_POLICY
from tests.browser.devtools import INSTALL_HINT, VIOLATION_COLLECTOR, BrowserError, Chromium, find_chromium
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# What proves a page's scripts ran, by page; theme.js runs on every admin page, login included.
THEME_RAN = "document.documentElement.dataset.theme === 'auto'"
SIDEBAR_RAN = "typeof window.initSidebarQuickFilter === 'function'"
# The translators' view gathered the languages' fields and showed its switch, and each TinyMCE
# editor is alive in its final place (our admin.js restarts an editor that was moved).
EDITORS_RAN = """
    document.querySelectorAll('.nr-translated').length > 0 && !document.getElementById('nr-languages').hidden
    && window.tinymce && tinymce.get().length === 2
    && tinymce.get().every(e => e.initialized && e.iframeElement.contentDocument === e.getDoc()
                                && e.getBody().isContentEditable)
"""
CHANGELIST_RAN = "typeof window.Actions === 'function'"

CSP_CONSOLE_MARK = "Content Security Policy"


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        if os.environ.get("NEWSROOM_SKIP_BROWSER") == "1":
            pytest.skip("NEWSROOM_SKIP_BROWSER=1: the admin's browser test is skipped")
        pytest.fail(INSTALL_HINT, pytrace=False)
    chromium = Chromium(binary)
    try:
        for domain in ("Page", "Runtime", "Log", "Audits"):
            chromium.tab(f"{domain}.enable")
        chromium.tab("Page.addScriptToEvaluateOnNewDocument", source=VIOLATION_COLLECTOR)
        yield chromium
    finally:
        chromium.close()


def open_page(browser, url, ready, submit=None):
    """Loads url (or submits a form with the `submit` script), waits for `ready`, and returns what
    went wrong on the page: CSP violations from the three reports, and uncaught script errors."""
    start = len(browser.events)
    if submit:
        browser.evaluate(submit)
    else:
        browser.tab("Page.navigate", url=url)
    browser.wait_for_event("Page.loadEventFired", since=start)
    problems = []
    try:
        browser.wait_for(ready, f"the scripts of {url} ({ready.strip()})")
    except BrowserError as error:
        problems.append(str(error))
    return problems + problems_since(browser, start)


def problems_since(browser, start):
    """The violations and script errors reported since event number `start` (and on the page)."""
    problems = browser.evaluate("window.__cspViolations.splice(0)")
    for event in browser.events_named("Audits.issueAdded", since=start):
        issue = event["params"]["issue"]
        if issue["code"] == "ContentSecurityPolicyIssue":
            problems.append(f"issue: {issue['details']}")
    for event in browser.events_named("Log.entryAdded", since=start):
        if CSP_CONSOLE_MARK in event["params"]["entry"]["text"]:
            problems.append(f"console: {event['params']['entry']['text']}")
    for event in browser.events_named("Runtime.exceptionThrown", since=start):
        problems.append(f"script error: {event['params']['exceptionDetails']}")
    return problems


def use_the_widgets(browser):
    """Opens what a page load does not show: the editor's dialogs and block menu, and a
    searchable select (select2); returns the problems seen meanwhile."""
    start = len(browser.events)
    problems = []
    for command, shown in [("mceLink", ".tox-dialog"), ("mceImage", ".tox-dialog"), ("mceCodeEditor", ".tox-dialog")]:
        browser.evaluate(
            f"""(() => {{
                const editor = tinymce.get()[0];
                editor.focus();
                editor.execCommand('Bold');
                editor.execCommand('{command}');
            }})()"""
        )
        try:
            browser.wait_for(f"document.querySelector('{shown}')", f"TinyMCE's {command} dialog")
        except BrowserError as error:
            problems.append(str(error))
        browser.evaluate("tinymce.get()[0].windowManager.close()")
    for opener, shown in [
        ("document.querySelector('.tox-tbtn--select').click()", ".tox-menu"),
        # Its options come from the admin's autocomplete view (a fetch under connect-src).
        (
            "django.jQuery('#id_section').select2('open')",
            ".select2-results__option:not(.loading-results):not(.select2-results__message)",
        ),
    ]:
        browser.evaluate(f"void {opener}")
        try:
            browser.wait_for(f"document.querySelector('{shown}')", shown)
        except BrowserError as error:
            problems.append(str(error))
    return problems + problems_since(browser, start)


def log_in(browser, base):
    """Both login pages, then a login through the English one; returns the problems seen."""
    problems = open_page(browser, f"{base}/ar/admin/login/", THEME_RAN)
    login = f"{base}/en/admin/login/"
    problems += open_page(browser, login, THEME_RAN)
    # Typed into the real form and posted, so the policy's form-action is exercised too.
    submit = """
        document.getElementById('id_username').value = 'csp-admin';
        document.getElementById('id_password').value = 'pw';
        document.getElementById('login-form').submit();
    """
    problems += open_page(browser, login, THEME_RAN, submit=submit)
    assert browser.evaluate("location.pathname") == "/en/admin/", "the login did not succeed"
    return problems


def test_the_admin_runs_under_its_policy_in_a_browser(browser, live_server):
    make_user("csp-admin", superuser=True)
    make_section("politics", name_en="Politics", name_ar="سياسة")
    base = live_server.url
    # An image hotlinked from another origin (127.0.0.1 is not localhost), shown in the editor.
    hotlinked = base.replace("localhost", "127.0.0.1") + "/static/admin/img/icon-yes.svg"
    article = make_article(
        "csp-browser",
        title_en="A story",
        body_en=f'<p>English <strong>text</strong>.</p><p><img src="{hotlinked}" alt="yes"></p>',
        title_ar="قصة",
        body_ar="<p>نص عربي.</p>",
        original_language="ar",
    )
    assert "localhost" in base, "the hotlinked image needs the live server on localhost"
    problems = {}
    problems["login"] = log_in(browser, base)
    for language in ("en", "ar"):
        admin = f"{base}/{language}/admin/articles/article/"
        pages = {
            "add/": THEME_RAN + " && " + EDITORS_RAN,
            f"{article.pk}/change/": THEME_RAN + " && " + EDITORS_RAN,
            f"{article.pk}/history/": THEME_RAN + " && " + SIDEBAR_RAN,
            "": THEME_RAN + " && " + CHANGELIST_RAN,
        }
        for path, ready in pages.items():
            problems[admin + path] = open_page(browser, admin + path, ready)
            if path.endswith("change/"):
                problems[admin + path] += use_the_widgets(browser)
    failures = [f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items() if found]
    assert not failures, "\n".join(failures)


def test_the_browser_check_sees_a_violation(browser, live_server, settings):
    """The check is not blind: a policy that forbids the admin's scripts is reported."""
    settings.NEWSROOM_ADMIN_CSP = ADMIN_POLICY.replace("script-src 'self'", "script-src 'none'")
    problems = open_page(browser, f"{live_server.url}/en/admin/login/", "true")
    assert any("script-src" in problem for problem in problems), problems
