"""The answer engine: Vietnamese administrative documents in, quoted and cited passages out."""
