"""Use cases shared by the CLI, the web desk and the workers: the core plus the store."""
