"""Directives: reading dispatches (công văn) and turning them into tasks."""
