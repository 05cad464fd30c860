"""Items and meetings: one item as JSON or as a readable page, and the list of meetings."""
