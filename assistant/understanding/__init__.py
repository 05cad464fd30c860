"""Understanding a question once: what it asks, about what, of which body and period."""
