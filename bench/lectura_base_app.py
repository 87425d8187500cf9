"""The dashboard read's baseline: a bare FastAPI app returning one ``tablero_personas`` row.

    LECTURA_BASE_DSN=postgresql://… uvicorn bench.lectura_base_app:app

One route, ``GET /personas/{afiliado_id}``: the row as JSON through an asyncpg pool, 404 if
there is none. No authentication, no middleware, no response model: the least a FastAPI +
asyncpg service can do per request, which the portal's ``GET /mi/tablero`` is measured
against (``bench/lectura_bench.py``).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import asyncpg
from fastapi import FastAPI, HTTPException

DSN_ENV = "LECTURA_BASE_DSN"
POOL_SIZE = 10  # the portal's engine: eps_runtime.db.create_engine's pool_size

_FILA = "SELECT * FROM tablero_personas WHERE afiliado_id = $1"


@asynccontextmanager
async def _pool(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(
        os.environ[DSN_ENV], min_size=POOL_SIZE, max_size=POOL_SIZE
    )
    try:
        yield
    finally:
        await app.state.pool.close()


app = FastAPI(lifespan=_pool)


@app.get("/personas/{afiliado_id}")
async def persona(afiliado_id: UUID) -> dict[str, Any]:
    fila = await app.state.pool.fetchrow(_FILA, afiliado_id)
    if fila is None:
        raise HTTPException(404)
    return dict(fila)
