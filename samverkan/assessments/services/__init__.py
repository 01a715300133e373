"""Domain rules of assessments as plain functions."""
