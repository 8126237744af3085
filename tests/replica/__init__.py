"""The replica of asianlite.com: generator, renderer and HTTP server (see README in this folder)."""
