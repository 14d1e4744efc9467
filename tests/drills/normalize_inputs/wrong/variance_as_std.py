"""Mistake: fit returns var + eps, so apply divides by the variance.

verdict: wrong_answer
diagnosis: divides by the variance
"""



def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), X_train.var(axis=0) + eps


def apply_normalizer(X, mean, std):
    return (X - mean) / std
