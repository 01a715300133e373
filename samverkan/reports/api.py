"""REST resources of the reports app."""

ROUTES = []
