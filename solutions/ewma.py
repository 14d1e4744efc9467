"""Reference: exponentially weighted averages of a sequence.

    v_0 = 0
    v_t = beta * v_(t-1) + (1 - beta) * theta_t,      t = 1..T
    corrected_t = v_t / (1 - beta**t)

The recurrence is sequential, so it is written as a loop over t; the correction
is one array operation on the finished averages.
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    averages = np.empty(len(values), dtype=np.float64)
    v = 0.0
    for i, theta in enumerate(values):
        v = beta * v + (1 - beta) * theta
        averages[i] = v
    if bias_correction:
        t = np.arange(1, len(values) + 1)
        averages = averages / (1 - beta**t)
    return averages
