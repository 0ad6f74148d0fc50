"""Plain-text news documents to articles: parse (pure, parser.py and its stages), build the model
instances once (records.py), then save them (writer.py) or serialize them as a fixture (fixture.py).

    from articles.importer import read_document, write_documents, fixture_records, dump_fixture

`manage.py import_documents PATH... [--output FILE.json] [--dry-run]` is the command-line face.
The sample site's fixture is regenerated from its source documents with:

    DJANGO_DEBUG=1 .venv/bin/python manage.py import_documents fixtures/documents --output fixtures/sample_content.json
"""

from .body import Block
from .decoding import decode, sidecar_path
from .errors import DocumentError, DocumentErrors
from .fixture import dump_fixture, fixture_records
from .head import Credit
from .junk import JUNK_PATTERNS, JunkPattern
from .parser import ParsedDocument, parse_document, read_document
from .records import ImportFailed, check_documents
from .vocabulary import load_vocabulary
from .writer import WriteSummary, write_documents

__all__ = [
    "JUNK_PATTERNS",
    "Block",
    "Credit",
    "DocumentError",
    "DocumentErrors",
    "ImportFailed",
    "JunkPattern",
    "ParsedDocument",
    "WriteSummary",
    "check_documents",
    "decode",
    "dump_fixture",
    "fixture_records",
    "load_vocabulary",
    "parse_document",
    "read_document",
    "sidecar_path",
    "write_documents",
]
