"""Extraction: pure functions and page objects from an HtmlResponse to an item, testable offline."""
