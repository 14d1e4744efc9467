"""Mistake: Hugging Face's get_cosine_schedule_with_warmup from memory: a t / K ramp,
progress over T - K steps, and a multiplier of lr_max that decays to 0 (no floor).
Three differences; the first one the checks meet is the ramp at step 0.

verdict: wrong_answer
diagnosis: warm-up ramp t / K (step 0 trains at 0)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t < warmup_steps:
        return lr_max * t / max(1, warmup_steps)
    progress = (t - warmup_steps) / max(1, total_steps - warmup_steps)
    return lr_max * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
