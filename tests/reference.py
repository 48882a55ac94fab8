"""What the engine is checked against: PyTorch autograd and central differences."""

import numpy as np
import torch

# Each elementwise function of the engine, as PyTorch computes it.
TORCH_FUNCTIONS = {
    "square": torch.square,
    "exp": torch.exp,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}

# Tolerances for comparing with PyTorch, by dtype.
RTOL = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 2e-5}


def torch_value_and_grad(names, x):
    """Apply the functions named in `names` to x with PyTorch; return y and d(sum y)/dx."""
    xt = torch.tensor(x, requires_grad=True)
    yt = xt
    for name in names:
        yt = TORCH_FUNCTIONS[name](yt)
    yt.sum().backward()
    return yt.detach().numpy(), xt.grad.numpy()


def central_difference(f, x, h=1e-6):
    """Elementwise (f(x + h) - f(x - h)) / 2h in float64, for an elementwise numpy function f."""
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2 * h)
