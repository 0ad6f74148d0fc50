"""Login throttling (django-axes): failures are counted per username and client address together.

After NEWSROOM_LOGIN_FAILURE_LIMIT (5) failures that username is refused from that address, even
with the right password, until the cool-off ends or an administrator unlocks it; the same username
from another address, and other usernames from the same address, still log in. The client address
is REMOTE_ADDR unless NEWSROOM_PROXY_COUNT says how many proxies to look through.

Django's test client's `login()` calls authenticate() without a request, which the axes backend
refuses (AxesBackendRequestParameterRequired): tests log in with `force_login()`, or post to the
login page as here.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_editor, make_user
from tests.test_settings import settings_values

pytestmark = pytest.mark.django_db

OFFICE, HOME = "198.51.100.7", "203.0.113.9"


def login_url(code="en"):
    with translation.override(code):
        return reverse("admin:login")


def attempt(username, password, address=OFFICE, code="en", client=None, **headers):
    """A login through the admin's login page from `address`, in a fresh session unless given one."""
    client = client or Client()
    response = client.post(
        login_url(code),
        {"username": username, "password": password, "next": "/en/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )
    response.logged_in = "_auth_user_id" in client.session
    return response


def lock_out(username, address=OFFICE, times=5, **headers):
    for _ in range(times):
        response = attempt(username, "wrong", address, **headers)
    return response


@pytest.fixture
def victim():
    return make_editor("victim")


def test_the_right_password_is_refused_after_50_wrong_ones(victim):
    last = lock_out("victim", times=50)
    assert last.status_code == 429
    response = attempt("victim", "pw")
    assert response.status_code == 429 and not response.logged_in


def test_the_limit_comes_from_the_settings_and_a_success_forgets_the_failures(victim, settings):
    settings.AXES_FAILURE_LIMIT = 3
    lock_out("victim", times=2)
    assert attempt("victim", "pw").logged_in
    lock_out("victim", times=2)
    assert attempt("victim", "pw").logged_in
    assert lock_out("victim", times=3).status_code == 429


def test_the_same_username_from_another_address_and_others_from_this_one_still_log_in(victim):
    make_editor("colleague")
    lock_out("victim")
    assert attempt("victim", "pw").status_code == 429
    assert attempt("colleague", "pw", OFFICE).logged_in
    assert attempt("victim", "pw", HOME).logged_in


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("en", "Too many failed sign-ins with this username from your address. Try again in 60 minutes"),
        ("ar", "محاولات دخول فاشلة كثيرة"),
    ],
)
def test_the_lockout_page_speaks_the_readers_language(victim, code, message):
    lock_out("victim")
    response = attempt("victim", "pw", code=code)
    assert response.status_code == 429
    assert message in response.content.decode()


def test_the_lockout_ends_after_the_cool_off(victim):
    lock_out("victim")
    assert attempt("victim", "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1, minutes=1))
    assert attempt("victim", "pw").logged_in


def test_an_administrator_unlocks_in_the_admin(victim):
    lock_out("victim")
    assert attempt("victim", "pw").status_code == 429
    admin = Client()
    admin.force_login(make_user("boss", superuser=True))
    attempts = AccessAttempt.objects.filter(username="victim")
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert attempt("victim", "pw").logged_in


def test_an_administrator_unlocks_with_a_command(victim):
    lock_out("victim")
    assert attempt("victim", "pw").status_code == 429
    call_command("axes_reset_username", "victim")
    assert attempt("victim", "pw").logged_in


def test_a_forged_forwarded_for_header_is_ignored_without_a_proxy_count(victim):
    for number in range(5):
        attempt("victim", "wrong", OFFICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert attempt("victim", "pw", OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_proxy_the_address_it_saw_counts(victim, settings):
    settings.NEWSROOM_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The client may put anything on the left; the proxy appends the address it really saw.
    for number in range(5):
        attempt("victim", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {OFFICE}")
    assert attempt("victim", "pw", proxy, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 429
    assert attempt("victim", "pw", proxy, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {HOME}").logged_in


def test_behind_a_proxy_a_configured_header_is_read(victim, settings):
    settings.NEWSROOM_PROXY_COUNT, settings.NEWSROOM_CLIENT_IP_HEADER = 1, "X-Real-IP"
    lock_out("victim", "10.0.0.2", HTTP_X_REAL_IP=OFFICE)
    assert attempt("victim", "pw", "10.0.0.2", HTTP_X_REAL_IP=OFFICE).status_code == 429
    assert attempt("victim", "pw", "10.0.0.2", HTTP_X_REAL_IP=HOME).logged_in


def test_throttling_settings_come_from_the_environment():
    values = settings_values(
        {"DJANGO_DEBUG": "1", "NEWSROOM_LOGIN_FAILURE_LIMIT": "3", "NEWSROOM_PROXY_COUNT": "2"},
        "AXES_FAILURE_LIMIT",
        "NEWSROOM_PROXY_COUNT",
        "AXES_LOCKOUT_PARAMETERS",
    )
    assert values == {
        "AXES_FAILURE_LIMIT": 3,
        "NEWSROOM_PROXY_COUNT": 2,
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
    }
    defaults = settings_values({"DJANGO_DEBUG": "1"}, "AXES_FAILURE_LIMIT", "NEWSROOM_PROXY_COUNT")
    assert defaults == {"AXES_FAILURE_LIMIT": 5, "NEWSROOM_PROXY_COUNT": 0}
