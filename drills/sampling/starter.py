"""Next-token sampling: temperature, top-k and top-p (drill: sampling).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    """One token per row of logits (B, V), drawn from rng (a np.random.Generator).

    In this order, per row:
      temperature: z = logits / temperature; temperature == 0 returns
        np.argmax(logits, axis=1) (greedy); a negative temperature raises ValueError.
      top_k (None or int >= 1): keep every token with z >= the k-th largest z of the
        row (ties with it kept); top_k >= V keeps all.
      p = softmax(z) over the kept tokens, with the row maximum subtracted.
      top_p (None or float in (0, 1]): sort by decreasing p and keep a token while the
        probability before it is < top_p (the smallest set reaching top_p, the
        crossing token included).
      renormalise the kept probabilities and draw one token per row, independently,
        every random number from rng.

    Returns an integer array of shape (B,) with values in [0, V).
    Must not modify logits.
    """
    raise NotImplementedError("sample_next is not implemented yet")
