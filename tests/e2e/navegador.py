"""Debian's chromium driven by Playwright for the browser tests (never Playwright's download).

``navegador()`` yields a fresh context (its own cookies) with a phone-sized viewport;
``captura(page, nombre)`` saves a screenshot under ``.cache/artifacts/e2e/`` (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import BrowserContext, Page, async_playwright

from eps_runtime.testing.infrastructure import repo_root

CHROMIUM = os.environ.get("EPS_CHROMIUM", "/usr/bin/chromium")
ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTOS = repo_root() / ".cache" / "artifacts" / "e2e"


@asynccontextmanager
async def navegador(
    *, ancho: int = 390, alto: int = 844, locale: str = "es-CO"
) -> AsyncIterator[BrowserContext]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS, headless=True)
        try:
            contexto = await browser.new_context(
                viewport={"width": ancho, "height": alto}, locale=locale
            )
            contexto.set_default_timeout(15_000)
            yield contexto
            await contexto.close()
        finally:
            await browser.close()


async def captura(page: Page, nombre: str) -> Path:
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)
    destino = ARTEFACTOS / f"{nombre}.png"
    await page.screenshot(path=str(destino), full_page=True)
    return destino
