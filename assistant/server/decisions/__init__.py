"""The decision register over HTTP: JSON or CSV."""
