"""Correct: the pieces tested from the end of the run backwards, the cosine's phase
as an angle theta = pi (t - K) / (T - K - 1), and the floor and peak as weights."""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    cosine_steps = total_steps - warmup_steps
    if t > total_steps - 1:
        return lr_min
    if t >= warmup_steps:
        theta = math.pi * (t - warmup_steps) / (cosine_steps - 1)
        weight = (1.0 + math.cos(theta)) / 2.0
        return weight * lr_max + (1.0 - weight) * lr_min
    return (t + 1) * (lr_max / warmup_steps)
