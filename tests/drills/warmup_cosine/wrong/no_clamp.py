"""Mistake: the cheatsheet's code as it stands, with no test for t >= total_steps:
past the last step the cosine climbs back up.

verdict: wrong_answer
diagnosis: no clamp after total_steps
"""

import numpy as np


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    # steps t = 0 .. total_steps - 1; total_steps - warmup_steps >= 2
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps  # step 0 trains
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)  # 0 .. 1
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * p))
