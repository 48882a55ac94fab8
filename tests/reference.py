"""What the engine is checked against: PyTorch autograd. (The numerical check is the book's own
numerical_diff and gradient_check, from dezero_core.)"""

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
