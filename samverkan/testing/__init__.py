"""Test support every app may import: factories, the permission cast and matrix, spreadsheet
files and the browser fixtures. No module here is named test_*, so pytest never collects it."""
