"""Downloader middlewares of the asianlite crawler."""
