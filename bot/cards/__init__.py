"""Adaptive Card builders: pure functions from data and texts to card JSON (schema 1.5, what Teams renders)."""
