"""Benchmark content: realistic bilingual articles in bulk (manage.py generate_articles), never production content."""

from .load import Result, generate

__all__ = ["Result", "generate"]
