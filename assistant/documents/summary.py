"""A readable Swedish summary of a parsed document, for the terminal."""

from __future__ import annotations

from assistant.documents.models import Document, Item

_KIND_NAMES = {"protocol": "Protokoll", "agreement": "Överenskommelse"}
_ITEM_KIND_NAMES = {"beslut": "beslut", "information": "information", "avsnitt": "avsnitt"}


def _value(value: str | None) -> str:
    return value if value else "okänt"


def _item_line(item: Item) -> str:
    kind = f" [{_ITEM_KIND_NAMES[item.kind]}]" if item.kind else ""
    prefix = "§" if item.kind != "avsnitt" else "avsnitt"
    line = f"  {prefix} {item.number} {item.title}{kind}"
    if item.presenters:
        line += f" — föredragande: {', '.join(item.presenters)}"
    if item.decision:
        first = item.decision.split("\n", 1)[0]
        more = "…" if len(first) > 160 or "\n" in item.decision else ""
        line += f"\n      Beslut: {first[:160]}{more}"
    for assignment in item.assignments:
        who = assignment.assignee or "(ej angivet)"
        what = assignment.task or (f"återrapportering till {assignment.report_to}" if assignment.report_to else "")
        line += f"\n      {assignment.type.capitalize()}: {who}: {what[:120]}"
    return line


def describe(document: Document) -> str:
    """Several lines: the meeting facts, attendance counts, and one line per item."""
    lines = [
        f"{_KIND_NAMES[document.kind]}: {document.title or document.source}",
        f"  Källa: {document.source}",
        f"  Organ: {_value(document.body)}   Datum: {_value(document.date)}",
    ]
    if document.kind == "protocol":
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
    noun = "ärenden" if document.kind == "protocol" else "avsnitt"
    lines.append(f"  {len(document.items)} {noun}:")
    lines.extend(_item_line(item) for item in document.items)
    lines.extend(f"  Obs: {warning}" for warning in document.warnings)
    return "\n".join(lines)
