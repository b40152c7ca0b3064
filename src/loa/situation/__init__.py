"""Situation data: case reports, vaccination and capacity, their indicators and levels."""
