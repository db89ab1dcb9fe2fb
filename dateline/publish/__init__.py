"""Publishing readers' copies: the bake (live views into files), serving them, and mirrors."""
