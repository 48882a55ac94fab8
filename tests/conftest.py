import sys
from pathlib import Path

# Test helpers (reference.py) and the exporter (tools/) are plain modules, not packages.
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tools")]
