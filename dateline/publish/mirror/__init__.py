"""Signed mirror bundles: the baked site made portable, with relative links, a manifest and a signature."""
