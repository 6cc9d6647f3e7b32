"""Data files: presets, pattern lists, name tables."""
