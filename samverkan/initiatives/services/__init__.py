"""The initiatives app's domain rules as plain functions, one module per part."""
