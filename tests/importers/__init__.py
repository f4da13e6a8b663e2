"""Tests of the Word and Excel readers."""
