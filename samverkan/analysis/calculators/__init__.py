"""The calculators as plain, exact functions: money in öre (integers), hours and quantities as
fractions, no database. The pages, the API and the saved calculations all compute through these,
so a figure is the same wherever it is shown."""
