"""REST resources of the initiatives app."""

ROUTES = []
