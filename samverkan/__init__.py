"""Samverkan: a shared decision basis for municipal IT systems, contracts and costs."""
