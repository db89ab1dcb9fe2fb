"""Dateline: a newsroom publishing system built on Wagtail."""
