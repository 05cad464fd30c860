"""A readable Swedish summary of a parsed document, for the terminal."""

from __future__ import annotations

from assistant.documents.models import Assignment, Document, Item

_KIND_NAMES = {"protocol": "Protokoll", "agenda": "Kallelse", "agreement": "Överenskommelse", "document": "Dokument"}
_STRUCTURE_NAMES = {
    "items": "numrerade ärenden",
    "sections": "numrerade avsnitt",
    "headings": "rubriker",
    "passages": "stycken (ingen struktur hittades)",
}


def _value(value: str | None) -> str:
    return value if value else "okänt"


def _assignment_line(assignment: Assignment) -> str:
    if assignment.type == "återrapportering":
        who = assignment.assignee or assignment.task or "(ej angivet)"
        return f"Återrapportering: {who} → {assignment.report_to or '(ej angivet)'}"
    who = assignment.assignee or "(ej angivet)"
    return f"{assignment.type.capitalize()}: {who}: {(assignment.task or '')[:120]}"


def _item_line(item: Item) -> str:
    if item.cited_as:
        line = f"  {item.cited_as} {item.title}"
    elif item.kind == "avsnitt":
        line = f"  avsnitt {item.number} {item.title}"
    else:
        kind = f" [{item.kind}]" if item.kind else ""
        line = f"  § {item.number} {item.title}{kind}"
    if item.presenters:
        line += f" — föredragande: {', '.join(item.presenters)}"
    if item.decision:
        first = item.decision.split("\n", 1)[0]
        more = "…" if len(first) > 160 or "\n" in item.decision else ""
        line += f"\n      Beslut: {first[:160]}{more}"
    for assignment in item.assignments:
        line += f"\n      {_assignment_line(assignment)}"
    return line


def describe(document: Document) -> str:
    """Several lines: the meeting facts, attendance counts, and one line per item."""
    lines = [
        f"{_KIND_NAMES[document.kind]}: {document.title or document.source}",
        f"  Källa: {document.source}",
        f"  Organ: {_value(document.body)}   Datum: {_value(document.date)}",
        f"  Indelning: {_STRUCTURE_NAMES[document.structure]}",
    ]
    if document.is_meeting:
        lines.append(
            f"  Diarienummer: {_value(document.diarienummer)}   Tid: {_value(document.time)}   Plats: {_value(document.place)}"
        )
    if a := document.attendance:
        lines.append(
            f"  Närvarande: {len(a.present)}, frånvarande: {len(a.absent)}, adjungerade: {len(a.co_opted)}, "
            f"övriga: {len(a.others)}, ej angiven roll: {len(a.unspecified)}"
        )
        lines.append(
            f"  Ordförande: {_value(a.chair)}   Protokollförare: {_value(a.secretary)}   "
            f"Justerare: {', '.join(a.adjusters) or 'okänt'}"
        )
    noun = "ärenden" if document.is_meeting and document.structure == "items" else "delar"
    lines.append(f"  {len(document.items)} {noun}:")
    lines.extend(_item_line(item) for item in document.items)
    lines.extend(f"  Obs: {warning}" for warning in document.warnings)
    return "\n".join(lines)
