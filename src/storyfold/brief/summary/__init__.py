"""The summary: sentence features, the learned scorer and its training, selection within the
word budget, and citations to every outlet that says the same."""
