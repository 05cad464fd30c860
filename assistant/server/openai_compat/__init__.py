"""An OpenAI-compatible chat API (/v1), so existing chat clients can talk to the assistant."""
