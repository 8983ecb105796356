"""Widgets of the app, each showing one part of the core's state."""
