"""Step 1: 상자로서의 변수"""

# Generated from the `export` cells of steps/step01.ipynb; do not edit by hand.
# Change the notebook, then run `make export`.

import numpy as np


class Variable:
    """값(data)을 담는 상자."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data
