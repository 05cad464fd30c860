"""The HTTP API: thin routers over the services; no logic lives here."""
