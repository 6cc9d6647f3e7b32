"""The built-in passes, one module per family."""
