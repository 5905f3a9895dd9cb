"""Manim scenes: one class per catalogue entry, and the pieces they share."""
