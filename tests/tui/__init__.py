"""The app driven with Pilot, and SVG snapshots of every screen."""
