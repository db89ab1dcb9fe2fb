"""Date and time formats where Django's own do not read the way the language's readers write them.

Named in settings as FORMAT_MODULE_PATH; Django falls back to its own formats for anything not
set here.
"""
