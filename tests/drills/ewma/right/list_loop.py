"""Correct: a list built in the loop, the correction applied as each value is read."""

import numpy as np


def ewma(values, beta, bias_correction=False):
    results = []
    running = 0.0
    for step, theta in enumerate(values.tolist(), start=1):
        running = beta * running + (1 - beta) * theta
        shown = running / (1 - beta**step) if bias_correction else running
        results.append(shown)
    return np.array(results, dtype=np.float64)
