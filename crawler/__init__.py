"""Everything that touches HTTP: settings, items, URL rules, page extraction and the spider."""
