"""The Textual app and its screens: composes the layers below with the widget kit."""
