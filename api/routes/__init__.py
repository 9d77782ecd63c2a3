"""One router per resource; `api/main.py` gathers them."""
