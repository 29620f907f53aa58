"""Dates: expressions in the text, each article's publication date, the story's timeline."""
