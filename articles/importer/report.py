"""What the importer made of one document, as plain JSON data kept with its article (ImportReport):
the editor who reviews an import sees where each part came from and every line left out."""

WIRE_TRAILER = "wire trailer"


def _line(number, text, why=""):
    entry = {"line": number, "text": text}
    if why:
        entry["why"] = why
    return entry


def build_report(name, head, skipped, dates, chosen_date, status, sidecar_date=None):
    """The report of a parsed document; `dates` are the date candidates, `chosen_date` the one used
    (None when the sidecar gives the date, `sidecar_date`)."""
    return {
        "document": name,
        "headline": {
            "text": head.title,
            "line": head.title_line if "title" not in head.from_sidecar else None,
            "how": "given by the sidecar" if "title" in head.from_sidecar else head.headline_how,
            "passed_over": [_line(number, text, why) for number, text, why in head.passed_over],
        },
        "byline": _byline(head),
        "source": {"text": head.source, "line": head.source_line[0] if head.source_line else None}
        if head.source
        else None,
        "dateline": head.dateline,
        "date": {"value": sidecar_date.date().isoformat(), "line": None, "text": "", "how": "given by the sidecar"}
        if sidecar_date
        else _date(dates, chosen_date),
        "dropped": [_line(s.line, s.text, s.reason) for s in sorted(skipped, key=lambda s: s.line)],
        "wire_trailers": sum(1 for s in skipped if s.reason == WIRE_TRAILER),
        "status": str(status),
    }


def _byline(head):
    if not head.credits:
        return None
    number, text, shape = head.byline or (None, "", "")
    return {"line": number, "text": text, "shape": shape, "authors": [credit.name for credit in head.credits]}


def _date(dates, chosen):
    if chosen is None:
        return None
    number, text, when, _where = chosen
    return {
        "value": when.date().isoformat(),
        "line": number,
        "text": text,
        "how": "the article's own date line" if len(dates) > 1 else "the only date in the head",
        "passed_over": [_line(n, t, w) for n, t, _when, w in dates if n != number],
    }
