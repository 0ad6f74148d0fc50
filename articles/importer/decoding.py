"""Bytes to text, and the sidecar NAME.meta.json next to a document: read, then checked key by key.

Nothing is guessed: an encoding other than UTF-8, binary content or a wrong sidecar value is
refused with the file, the line and what to do about it.
"""

import json
import re
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article
from editorial.fixtures import item_lines, structure_problem
from editorial.languages import language_codes

from .dates import parse_date
from .errors import DocumentError

SIDECAR_SUFFIX = ".meta.json"
# What each sidecar key holds: a Python type, or "tags" (a list of text) and "date" (ISO text).
SIDECAR_TYPES = {
    "title": str,
    "standfirst": str,
    "section": str,
    "tags": "tags",
    "date": "date",
    "status": str,
    "slug": str,
    "language": str,
    "source": str,
    "dateline": str,
    "is_breaking": bool,
}
SIDECAR_KEYS = frozenset(SIDECAR_TYPES)

# Control characters other than line breaks and tabs never occur in text a person wrote.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class Sidecar(dict):
    """A document's metadata, knowing its path as the user gave it and the line of each key for messages.

    `refused` holds the keys whose values were wrong and left out: what depends on them alone
    is not reported a second time. `problems` are those found while reading the file (a key
    given twice), reported with the others.
    """

    def __init__(self, values=(), name="", lines=None, exists=True, refused=(), problems=()):
        super().__init__(values)
        self.name = name
        self.lines = lines or {}
        self.exists = exists
        self.refused = frozenset(refused)
        self.problems = list(problems)

    def error(self, key, reason):
        return DocumentError(self.name, reason, self.lines.get(key), key=key)


def sidecar_path(path):
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _line_of(data, offset):
    return data[:offset].count(b"\n") + 1


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _looks_like_utf16(data):
    """UTF-16 without its byte order mark: NUL bytes on one side of every pair only (the high byte
    of Latin letters, spaces and line breaks), many of them, and the whole decodes as UTF-16.

    Binary files have NULs at both even and odd offsets.
    """
    if len(data) % 2 or b"\x00" not in data:
        return False
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return False
    # Arabic letters have no NUL byte: its spaces and line breaks still make one character in ten.
    if max(even, odd) < len(data) // 20:
        return False
    try:
        data.decode("utf-16-le" if odd else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return True


def decode(data, name):
    """Bytes to text, or DocumentError for empty, binary, UTF-16/32 and non-UTF-8 input."""
    encoding = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    if encoding:
        raise DocumentError(
            name,
            _("%(encoding)s text (it starts with a %(encoding)s byte order mark): save it as UTF-8")
            % {"encoding": encoding},
        )
    if not data.strip():
        raise DocumentError(name, _("empty file: there is no text to import"))
    if _looks_like_utf16(data):
        raise DocumentError(name, _("UTF-16 text without a byte order mark: save it as UTF-8"))
    if b"\x00" in data:
        raise DocumentError(
            name, _("binary file (it contains NUL bytes), not a text document"), _line_of(data, data.index(b"\x00"))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            name,
            _(
                "not UTF-8: byte 0x%(byte)02x at column %(column)d cannot be decoded; convert it to UTF-8 "
                "(e.g. from Windows-1256 for Arabic or Windows-1252 for Latin text)"
            )
            % {"byte": data[exc.start], "column": column},
            _line_of(data, exc.start),
        ) from None
    control = _CONTROL.search(text)
    if control:
        raise DocumentError(
            name,
            _("binary content: control character U+%(code)04X") % {"code": ord(control.group())},
            text.count("\n", 0, control.start()) + 1,
        )
    return text


def read_sidecar(path):
    """The metadata next to a document (an empty Sidecar that does not exist when there is none)."""
    side = sidecar_path(path)
    label = str(side)
    if not side.exists():
        return Sidecar(name=label, exists=False)
    data = side.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            label,
            _("the sidecar is not UTF-8 (byte 0x%(byte)02x); save it as UTF-8") % {"byte": data[exc.start]},
            _line_of(data, exc.start),
        ) from None
    structure = structure_problem(text)
    if structure:
        # Checked before json.loads, which would end in a RecursionError or a bare ValueError.
        line, _column, reason = structure
        raise DocumentError(label, _("the sidecar is not valid: %(reason)s") % {"reason": reason}, line)
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            label, _("the sidecar is not valid JSON: %(error)s") % {"error": exc.msg}, exc.lineno
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(label, _("the sidecar must be a JSON object"), 1)
    lines = {}
    for line, key in item_lines(text):
        lines.setdefault(key, []).append(line)
    repeated = [
        DocumentError(
            label,
            # JSON keeps the last value silently: which one the writer meant is theirs to say.
            _("the key %(key)r is given more than once, on lines %(lines)s: keep one")
            % {"key": key, "lines": ", ".join(str(line) for line in where)},
            where[0],
            key=key,
        )
        for key, where in lines.items()
        if len(where) > 1
    ]
    return Sidecar(meta, name=label, lines={key: where[0] for key, where in lines.items()}, problems=repeated)


def sidecar_problems(meta, vocabulary):
    """Every mistake of the sidecar, each naming the sidecar and the line of its key."""
    problems = []
    for key, value in meta.items():
        expected = SIDECAR_TYPES.get(key)
        if expected is None:
            problems.append(
                meta.error(
                    key,
                    _("unknown key %(key)r in the sidecar; allowed: %(allowed)s")
                    % {"key": key, "allowed": ", ".join(sorted(SIDECAR_KEYS))},
                )
            )
            continue
        if expected == "tags":
            valid = isinstance(value, list) and all(isinstance(item, str) for item in value)
        elif expected is bool:
            valid = isinstance(value, bool)
        else:
            valid = isinstance(value, str)
        if not valid:
            wanted = {
                "tags": _("a list of tag slugs or names"),
                "date": _("an ISO date as text"),
                bool: _("true or false (without quotes)"),
            }.get(expected) or _("text")
            problems.append(
                meta.error(
                    key,
                    _("the sidecar's %(key)s must be %(wanted)s, not %(value)s")
                    % {"key": key, "wanted": wanted, "value": json.dumps(value, ensure_ascii=False)},
                )
            )
            continue
        problems += [meta.error(key, reason) for reason in _sidecar_value_problems(key, value, vocabulary)]
    return problems


def _sidecar_value_problems(key, value, vocabulary):
    """Why a sidecar value of the right type is still wrong (several reasons for a list of tags)."""
    if not value:
        return []
    if key == "language" and value not in language_codes():
        return [
            _("unsupported language %(language)r in the sidecar (one of %(known)s)")
            % {"language": value, "known": ", ".join(language_codes())}
        ]
    if key == "status" and value not in Article.Status.values:
        return [
            _("unknown status %(status)r in the sidecar (one of %(known)s)")
            % {"status": value, "known": ", ".join(Article.Status.values)}
        ]
    if key == "section" and vocabulary.section(value) is None:
        return [
            _("unknown section %(section)r in the sidecar (known: %(known)s)")
            % {"section": value, "known": ", ".join(s.slug for s in vocabulary.sections)}
        ]
    if key == "tags":
        return [
            _("unknown tag %(tag)r in the sidecar: add it to the vocabulary first") % {"tag": tag}
            for tag in value
            if vocabulary.tag(tag) is None
        ]
    if key == "date":
        try:
            parse_date(value)
        except ValueError:
            return [
                _("the sidecar's date %(value)r is not an ISO date (2025-11-26 or 2025-11-26T09:00:00+03:00)")
                % {"value": value}
            ]
    if key == "slug" and value != slugify(value, allow_unicode=True):
        return [_("the sidecar's slug %(slug)r is not a valid slug") % {"slug": value}]
    return []


def checked_sidecar(meta, vocabulary):
    """(problems, the sidecar without the keys that have one): the document is still read with
    the sound part, so that its own independent problems are reported in the same run."""
    repeated = {problem.key for problem in meta.problems}
    # A key given twice is refused whatever its values: which one was meant is unknown.
    problems = meta.problems + [p for p in sidecar_problems(meta, vocabulary) if p.key not in repeated]
    refused = {problem.key for problem in problems}
    sound = {key: value for key, value in meta.items() if key not in refused}
    return problems, Sidecar(sound, name=meta.name, lines=meta.lines, exists=meta.exists, refused=refused)
