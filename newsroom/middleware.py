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


class ContentSecurityPolicyMiddleware:
    """Sends a strict Content-Security-Policy with every page but the admin's.

    The admin is left out: its rich-text editor needs inline styles and scripts, and only staff
    reach it; so are error pages with DEBUG on (Django's technical pages). NEWSROOM_CSP (read per
    request) replaces the policy; an empty value sends none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.app_name == "admin":
            return response
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages (debug only) style and script themselves inline.
            return response
        policy = getattr(settings, "NEWSROOM_CSP", PUBLIC_POLICY)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
