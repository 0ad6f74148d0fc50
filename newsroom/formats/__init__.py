"""Date formats of the site's editions where Django's own do not fit a Gulf newsroom.

Read through FORMAT_MODULE_PATH; anything not defined here falls back to Django's locale formats.
"""
