"""/api/documents: list, upload and delete documents; /documents/{id}/source: the original file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from assistant.server.documents.documents_models import DocumentInfo, UploadResult
from assistant.server.errors import error_responses

router = APIRouter()
_SOURCE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


@router.get("/api/documents")
async def list_documents(request: Request) -> list[DocumentInfo]:
    return await run_in_threadpool(request.app.state.services.documents().list)


@router.post("/api/documents", responses=error_responses(409, 413, 415))
async def upload_document(
    request: Request, file: Annotated[UploadFile, File(description="PDF, Word, text, Markdown or HTML")]
) -> UploadResult:
    service = request.app.state.services.documents()
    content = await file.read(service.max_bytes + 1)  # one byte over the limit is enough to refuse it
    return await run_in_threadpool(service.upload, file.filename or "", content)


@router.delete("/api/documents/{doc_id}", status_code=204, responses=error_responses(404))
async def delete_document(request: Request, doc_id: str) -> None:
    await run_in_threadpool(request.app.state.services.documents().delete, doc_id)


@router.get("/documents/{doc_id}/source", include_in_schema=False)
async def document_source(request: Request, doc_id: str) -> FileResponse:
    source = await run_in_threadpool(request.app.state.services.documents().source, doc_id)
    return FileResponse(source.path, media_type=source.media_type, filename=source.filename, headers=_SOURCE_HEADERS)
