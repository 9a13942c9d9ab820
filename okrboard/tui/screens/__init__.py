"""The app's screens and views (app layer: may import textual and widgets)."""
