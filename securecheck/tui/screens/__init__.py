"""Screens of the app: the main checklist and the dialogs on top of it."""
