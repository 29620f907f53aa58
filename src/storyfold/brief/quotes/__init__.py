"""Who said what: quotation spans, speakers and their attributions, quotes merged across
outlets."""
