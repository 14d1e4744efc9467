"""Correct: the same update written as w - lr*dw plus the decayed old velocity."""


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    for key, default in (("learning_rate", 1e-2), ("momentum", 0.9)):
        config.setdefault(key, default)
    old_v = config.get("velocity")
    decayed = 0.0 if old_v is None else config["momentum"] * old_v
    gradient_step = -config["learning_rate"] * dw
    next_w = w + decayed + gradient_step
    config["velocity"] = decayed + gradient_step
    return next_w, config
