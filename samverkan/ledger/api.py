"""REST resources of this app."""

ROUTES: list = []
