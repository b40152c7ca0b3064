"""The web desk and its JSON API: FastAPI routes that parse a request, call a service, render."""
