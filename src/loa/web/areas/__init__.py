"""The desk's areas: each module with `register(desk)` adds its pages (see loa.web.desk)."""
