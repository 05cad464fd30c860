"""GET /healthz: is the process up, and is there an index to search.

Open even when API keys are set (load balancers probe it), so it says nothing else: no
document, no folder, no configuration; only whether the index can be searched and its size."""

from __future__ import annotations

from fastapi import APIRouter, Request

from assistant.indexing.errors import IndexMissing, IndexProblem
from assistant.server.errors import index_message

router = APIRouter()


@router.head("/healthz", include_in_schema=False)  # load balancers often probe with HEAD
@router.get("/healthz")
def healthz(request: Request) -> dict[str, object]:
    services = request.app.state.services
    try:
        store = services.search().store
        return {"status": "ok", "index": "ok", "nodes": store.count()}
    except IndexProblem as problem:
        state = "saknas" if isinstance(problem, IndexMissing) else "fel"
        return {"status": "ok", "index": state, "detail": index_message(problem)}
