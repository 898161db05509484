"""The import screens: the preview of what a file holds, the column mapping of an unknown CSV, the
report of what was imported, and the plain (Qt-free) worker functions they run in the background.
:class:`ui.import_flow.ImportFlow` leads the user through them."""
