"""Mistake: returns the most probable token whatever the temperature: no sampling.

verdict: wrong_answer
diagnosis: always the argmax (no sampling)
"""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    # Temperature, top-k and top-p never move the most probable token.
    return np.argmax(logits, axis=1)
