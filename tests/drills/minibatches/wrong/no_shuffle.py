"""Mistake: the data are split in their original order.

verdict: wrong_answer
diagnosis: no shuffle
"""



def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
