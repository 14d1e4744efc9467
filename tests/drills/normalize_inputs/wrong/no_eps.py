"""Mistake: eps never used: std = sqrt(var).

verdict: wrong_answer
diagnosis: eps argument ignored
"""



def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), X_train.std(axis=0)


def apply_normalizer(X, mean, std):
    return (X - mean) / std
