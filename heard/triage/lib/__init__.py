"""Triage of mass intake: pure functions over batches, no ORM.

normalise -> duplicates (mass campaigns) -> clusters (topics) -> routing (suggested departments).
Services load and store; the same functions run from the CLI on files.
"""
