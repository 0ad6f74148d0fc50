"""The read-only content API, /api/v1/: live articles, sections, tags and authors as JSON.

Django REST framework with drf-spectacular for the OpenAPI schema (README.md says why). What it
shows comes from the public pages' querysets (Article.objects.edition(), articles.editions); its
answers are cached and invalidated like the pages (articles.cache.public_page), and access.py
opens them to every origin for reading, under a per-client rate limit.
"""
