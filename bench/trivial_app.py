"""The reference for bench/api_bench.py: a FastAPI endpoint that returns a stored answer (the
JSON of one real `GET /directives/{ref}/tasks`, from $TRIVIAL_ANSWER), nothing else, served by
the same uvicorn with the same h11 protocol: the ceiling our routes are compared with."""

from __future__ import annotations

import json
import os

from fastapi import FastAPI

app = FastAPI()
with open(os.environ["TRIVIAL_ANSWER"], encoding="utf-8") as f:
    ANSWER = json.load(f)


@app.get("/directives/{ref}/tasks")
def tasks(ref: str) -> dict:
    return ANSWER
