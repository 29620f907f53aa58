"""Where outlets agree and differ: coverage, single-source facts, figures, framing, and
articles set aside as off-topic."""
