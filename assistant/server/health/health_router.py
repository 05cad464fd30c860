"""GET /healthz: is the process up, and is there an index to search."""

from __future__ import annotations

from fastapi import APIRouter, Request

from assistant.indexing.errors import IndexProblem

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> dict[str, object]:
    services = request.app.state.services
    try:
        store = services.search().store
        return {"status": "ok", "index": "ok", "nodes": store.count()}
    except IndexProblem as problem:
        return {"status": "ok", "index": "saknas", "detail": str(problem)}
