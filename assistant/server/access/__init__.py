"""Who may use the service: API keys for /api and /v1, the UI's login for item pages, safe defaults for binding."""
