"""Real-browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Playwright cannot download its own browser here, so it launches Debian's `chromium` (bin/browser-deps
installs it) through `executable_path`. Without one the tests fail with how to install it, unless
NEWSROOM_SKIP_BROWSER=1. A failing test keeps a screenshot of its page under NEWSROOM_BROWSER_ARTIFACTS
(default: a `newsroom-browser-artifacts` folder in the temp directory) and names it in the failure.
"""

import importlib
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.apps import apps

from tests.browser.devtools import INSTALL_HINT, find_chromium

# Playwright's sync API runs an event loop in the test's thread; Django refuses database calls
# from a thread with a running loop unless told it is safe (it is: the calls are the test's own).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    # Root in a container has no user namespace for Chromium's sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        for page in getattr(item, "_open_pages", ()):
            report.sections.append(("browser", _keep_screenshot(item, page)))
    return report


def _keep_screenshot(item, page):
    default = Path(tempfile.gettempdir()) / "newsroom-browser-artifacts"
    folder = Path(os.environ.get("NEWSROOM_BROWSER_ARTIFACTS") or default)
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
    path = folder / f"{name}-{id(page)}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # noqa: BLE001 -- a closed page has no screenshot; say so instead
        return f"no screenshot of {page.url}: {error}"
    return f"screenshot of {page.url} kept at {path}"


@pytest.fixture(scope="session")
def chromium():
    binary = find_chromium()
    if binary is None:
        if os.environ.get("NEWSROOM_SKIP_BROWSER") == "1":
            pytest.skip("NEWSROOM_SKIP_BROWSER=1: the browser tests are skipped")
        pytest.fail(INSTALL_HINT, pytrace=False)
    # Imported here so that the rest of the suite never starts Playwright's driver.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, request, live_server):
    """Opens a page in a fresh browser context (its own cookies and storage): new_page(phone=True)."""
    contexts = []
    request.node._open_pages = []

    def open_page(phone=False, **options):
        if phone:
            options.update(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
        context = chromium.new_context(base_url=live_server.url, **options)
        # Generous: a machine shared with other work can take this long to start a page with two editors.
        context.set_default_timeout(40_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        request.node._open_pages.append(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def editorial_groups(transactional_db):
    """The Reporter and Editor groups, as the migrations make them (a live-server test's database is
    emptied after each test, groups included)."""
    # The first migration marks every app as having no models while it makes the permissions, then
    # unmarks them: on the real registry that would hide the apps from the next flush's post_migrate
    # (no content types, no permissions). Their state is put back as it was.
    models_modules = {config: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in [("0003_editorial_groups", "create_groups"), ("0005_editor_can_view_users", "grant")]:
            getattr(importlib.import_module(f"articles.migrations.{module}"), function)(apps, None)
    finally:
        for config, models_module in models_modules.items():
            config.models_module = models_module
