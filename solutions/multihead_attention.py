"""Reference: multi-head self-attention, forward and backward, batched.

x (B, T, D); Wq, Wk, Wv, Wo (D, D), applied as x @ W; h heads of d_k = D // h:
    Q = x Wq,  K = x Wk,  V = x Wv                       (B, T, D)
    split:  (B, T, D) -> reshape (B, T, h, d_k) -> transpose (B, h, T, d_k);
            head i owns features i*d_k:(i+1)*d_k
    s   = q k^T / sqrt(d_k)                              (B, h, T, T)
    s   = -inf where key j > query t, if causal          (t attends to 0..t)
    w   = softmax(s) over the keys (last axis), each row's max subtracted first
    a   = w v                                            (B, h, T, d_k)
    merge:  transpose back to (B, T, h, d_k), reshape to (B, T, D)
    out = merge(a) Wo                                    (B, T, D)

Backward of L = sum(out * dout), reversing each step:
    dWo = merge(a)^T dout (summed over B and T),  da = split(dout Wo^T)
    dv  = w^T da,  dw = da v^T,  ds = w * (dw - sum_j dw * w)
    dq  = ds k / sqrt(d_k),  dk = ds^T q / sqrt(d_k)
    dW* = x^T merge(d*) (summed over B and T) for * = q, k, v
    dx  = merge(dq) Wq^T + merge(dk) Wk^T + merge(dv) Wv^T   (three paths)
"""

import numpy as np


def _split(z, h):
    """(B, T, D) -> (B, h, T, D // h): reshape, THEN transpose."""
    b, t, d = z.shape
    return z.reshape(b, t, h, d // h).transpose(0, 2, 1, 3)


def _merge(z):
    """(B, h, T, d_k) -> (B, T, h * d_k): transpose back, then reshape."""
    b, h, t, dk = z.shape
    return z.transpose(0, 2, 1, 3).reshape(b, t, h * dk)


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    q, k, v = (_split(x @ W, h) for W in (Wq, Wk, Wv))
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        t = x.shape[1]
        s = np.where(np.tril(np.ones((t, t), dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=-1, keepdims=True))  # the diagonal is always allowed
    w = e / e.sum(axis=-1, keepdims=True)
    merged = _merge(w @ v)
    return merged @ Wo, (x, Wq, Wk, Wv, Wo, q, k, v, w, merged)


def mha_backward(dout, cache):
    x, Wq, Wk, Wv, Wo, q, k, v, w, merged = cache
    h, scale = q.shape[1], 1.0 / np.sqrt(q.shape[-1])
    dWo = np.einsum("btd,bte->de", merged, dout)
    da = _split(dout @ Wo.T, h)
    dv = np.swapaxes(w, -1, -2) @ da
    dw = da @ np.swapaxes(v, -1, -2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k * scale
    dk = np.swapaxes(ds, -1, -2) @ q * scale
    dQ, dK, dV = _merge(dq), _merge(dk), _merge(dv)
    dWq, dWk, dWv = (np.einsum("btd,bte->de", x, g) for g in (dQ, dK, dV))
    dx = dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T
    return dx, dWq, dWk, dWv, dWo
