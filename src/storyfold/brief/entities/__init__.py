"""People, organisations and places: names merged by alias, with roles and counts."""
