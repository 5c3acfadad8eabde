"""The Q&A benchmark: quality and speed of the answer engine."""
