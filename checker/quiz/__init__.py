"""Concept questions and Linux flashcards: decks, grading and scheduling."""
