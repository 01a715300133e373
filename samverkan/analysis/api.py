"""REST resources of the analysis app."""

ROUTES = []
