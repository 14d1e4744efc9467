"""Mistake: std = sqrt(var) + eps.

verdict: wrong_answer
diagnosis: epsilon outside the square root
"""



def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), X_train.std(axis=0) + eps


def apply_normalizer(X, mean, std):
    return (X - mean) / std
