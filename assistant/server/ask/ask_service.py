"""Asking over HTTP: the whole answer at once, or as server-sent events while it is written.

Events of /api/ask/stream, in order:
  * `delta`  {"text": "..."}: the answer's text as it arrives (a preview);
  * `answer` the Answer JSON, exactly as POST /api/ask returns it: its text is what counts
    (a language model's preview can be replaced by the extractive answer when the model fails);
  * or, instead of `answer`, one `error` {"detail": "..."} in Swedish, and the stream ends.
Once a stream has started its HTTP status is 200, so errors can only travel as events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from fastapi.sse import ServerSentEvent

from assistant.answering.models import Answer, ChatTurn
from assistant.answering.service import AnsweringService
from assistant.indexing.errors import IndexProblem
from assistant.retrieval.models import SearchFilters
from assistant.retrieval.search import QueryProblem
from assistant.server.errors import UNEXPECTED, index_message

log = logging.getLogger(__name__)


class AskService:
    def __init__(self, answering: Callable[[], AnsweringService]) -> None:
        self._answering = answering

    def answer(
        self,
        question: str,
        history: Sequence[ChatTurn] = (),
        filters: SearchFilters | None = None,
        debug: bool = False,
    ) -> Answer:
        answering = self._answering()
        answer = answering.answer(question, history, filters)
        if debug:
            answer.debug = answering.explain(question, history, filters)
        return answer

    def events(
        self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None
    ) -> Iterator[ServerSentEvent]:
        """The answer as `delta` events and a final `answer` (or `error`) event; never raises."""
        try:
            for part in self._answering().stream(question, history, filters):
                if isinstance(part, Answer):
                    yield ServerSentEvent(event="answer", data=part.model_dump(mode="json"))
                    return
                yield ServerSentEvent(event="delta", data={"text": part})
            yield ServerSentEvent(event="error", data={"detail": UNEXPECTED})  # a stream must end with an Answer
            log.error("the answer stream for %r ended without an Answer", question[:80])
        except QueryProblem as problem:
            yield ServerSentEvent(event="error", data={"detail": str(problem)})
        except IndexProblem as problem:
            yield ServerSentEvent(event="error", data={"detail": index_message(problem)})
        except Exception:  # noqa: BLE001 - a stream has no status code left to fail with
            log.exception("the answer stream failed")
            yield ServerSentEvent(event="error", data={"detail": UNEXPECTED})
