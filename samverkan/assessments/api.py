"""REST resources of the assessments app."""

ROUTES = []
