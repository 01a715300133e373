"""Services of the analysis app: the calculators fed from the other apps' data, through the
permission layer."""
