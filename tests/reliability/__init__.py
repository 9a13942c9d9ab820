"""Crashes, fuzzed and hostile input, other writers, odd git and disk states."""
