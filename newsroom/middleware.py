import ipaddress
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest

# Public pages run no script of their own and load nothing from another host (the JSON-LD block
# is data, which CSP does not block): a stored-XSS that slipped past the sanitizer still could
# not run. Article images may be hotlinked from other hosts, over http or https, as the
# sanitizer allows (an HTTPS page's browser upgrades http images itself).
PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: http:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The admin runs only scripts from our own static files: Django's admin, modeltranslation's tabs
# and TinyMCE (none uses eval; django-tinymce evaluates only callbacks named in its config, and
# ours names none). Nor does it need inline styles: TinyMCE and the admin's widgets style
# elements through the DOM (element.style), which CSP allows, never through style attributes in
# markup or <style> elements. tests/browser/test_admin_csp.py proves all of it in a real browser, the
# editor's dialogs and menus included.
# So the admin gets the same policy as public pages (its own setting, to loosen it separately).
# Its images may be hotlinked from other hosts as on public pages, and the editor shows them;
# TinyMCE itself needs no data: or blob: images (pasted images are refused, see
# TINYMCE_DEFAULT_CONFIG).
ADMIN_POLICY = PUBLIC_POLICY


class ContentSecurityPolicyMiddleware:
    """Sends a strict Content-Security-Policy with every page.

    Public pages get PUBLIC_POLICY (NEWSROOM_CSP replaces it), the admin's, login included,
    ADMIN_POLICY (NEWSROOM_ADMIN_CSP replaces it): both settings are read per request, and an
    empty value sends none. Error pages with DEBUG on (Django's technical pages) get none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages (debug only) style and script themselves inline.
            return response
        match = request.resolver_match
        if match is not None and match.app_name == "admin":
            policy = getattr(settings, "NEWSROOM_ADMIN_CSP", ADMIN_POLICY)
        else:
            policy = getattr(settings, "NEWSROOM_CSP", PUBLIC_POLICY)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


# -- requests carrying bytes no page can use ---------------------------------------------------

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _raw(text):
    """The bytes behind a WSGI string: servers hand the query over decoded as latin-1,
    so that encoding gives back exactly the bytes the client sent. Text that is not latin-1 was
    decoded already (an ASGI server replaces undecodable bytes), and is valid UTF-8 by then."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _usable(data):
    """Whether raw bytes decode as UTF-8 and hold no NUL."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _usable_urlencoded(data):
    """Whether every name and value of an urlencoded query or form body is usable once decoded."""
    for pair in data.split(b"&"):
        for part in pair.split(b"=", 1):
            if not _usable(unquote_to_bytes(part.replace(b"+", b" "))):
                return False
    return True


class RejectBadBytesMiddleware:
    """Answers 400 Bad Request to a request whose path, query or form holds a NUL or bytes that
    are not UTF-8.

    No page can use them: a NUL sent on to PostgreSQL fails the query (DataError, a 500) where
    SQLite merely finds nothing, and Django quietly turns undecodable bytes into something else
    (%XX in the path, U+FFFD in parameters). Refusing them here, before any view, keeps every page,
    feed, the admin's search and autocomplete alike, on both databases. A multipart form (the admin's,
    with its uploads) is checked once Django has decoded it: its text fields must hold no NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._usable(request):
            return HttpResponseBadRequest(
                "Bad request: the address or form holds characters that are not valid text.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _usable(self, request):
        # Django has decoded the path already, writing bytes that are not UTF-8 back as %XX escapes
        # (an ASGI server puts a harmless U+FFFD in their place): decoding the escapes once more
        # finds them. No address of this site has a "%" of its own (slugs, signed tokens).
        if not _usable(unquote_to_bytes(request.path_info)):
            return False
        if not _usable_urlencoded(_raw(request.META.get("QUERY_STRING", ""))):
            return False
        if request.method != "POST":
            return True
        if request.content_type == FORM_CONTENT_TYPE:
            return _usable_urlencoded(request.body)
        # Reading POST here is no extra cost: CsrfViewMiddleware reads it for every POST anyway.
        return not any("\x00" in key or "\x00" in "".join(values) for key, values in request.POST.lists())


# -- the client's address, for login throttling --------------------------------------------------


def client_ip(request):
    """The client's address as django-axes counts login failures by it (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless NEWSROOM_PROXY_COUNT names how many reverse proxies stand in front of the
    app. Each proxy appends to NEWSROOM_CLIENT_IP_HEADER (X-Forwarded-For) the address it got the
    request from, and the last one is REMOTE_ADDR: with N proxies the client is the N-th entry from
    the right. Entries further left are whatever the client sent, and are never read. A header too
    short, or an entry that is not an address, means the request did not come through the proxies
    as configured: REMOTE_ADDR it is.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.NEWSROOM_PROXY_COUNT
    if count <= 0:
        return remote
    key = "HTTP_" + settings.NEWSROOM_CLIENT_IP_HEADER.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(key, "").split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
