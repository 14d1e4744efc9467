"""Mistake: ramps as lr_max * t / K (Hugging Face's warm-up), so step 0 trains at 0.

verdict: wrong_answer
diagnosis: warm-up ramp t / K (step 0 trains at 0)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * t / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
