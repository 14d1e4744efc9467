"""Reference: standardise inputs with statistics fitted on the training set only.

Per feature j, over the m training examples (rows of X_train, axis 0):
    mean_j = (1/m) sum_i X_ij
    var_j  = (1/m) sum_i (X_ij - mean_j)^2        (biased: divide by m)
    std_j  = sqrt(var_j + eps)                     (eps keeps a constant feature finite)
Any data set X (train, dev or test) is then mapped with the TRAINING statistics:
    X_norm = (X - mean) / std
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    mean = X_train.mean(axis=0)
    std = np.sqrt(X_train.var(axis=0) + eps)
    return mean, std


def apply_normalizer(X, mean, std):
    return (X - mean) / std
