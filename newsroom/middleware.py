from django.conf import settings

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
# markup or <style> elements. tests/test_admin_csp.py proves all of it in a real browser, the
# editor's dialogs and menus included.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # An article's images may be hotlinked from other hosts (as on public pages), and the
        # editor shows them; TinyMCE itself needs no data: or blob: images (pasted images are
        # refused, see TINYMCE_DEFAULT_CONFIG).
        "img-src 'self' https: http:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


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
