// Oficina Virtual: the few things the pages do with script (CSP forbids inline script).
"use strict";

// «Menú inicial»: swaps in the dashboard each time the server says it changed (SSE),
// without reloading the page.
function tableroEnVivo() {
  const tablero = document.getElementById("tablero");
  if (!tablero || !window.EventSource) return;
  const versionMostrada = () => {
    const marca = tablero.querySelector("[data-version]");
    return marca ? Number(marca.dataset.version) : 0;
  };
  let pedido = null;
  async function actualizar(version) {
    if (version <= versionMostrada()) return;
    if (pedido) pedido.abort();
    pedido = new AbortController();
    try {
      const r = await fetch(tablero.dataset.fragmento + "?version_minima=" + version,
        { credentials: "same-origin", signal: pedido.signal, headers: { Accept: "text/html" } });
      if (r.status === 401) { window.location.assign("/ingreso?aviso=sesion"); return; }
      if (r.ok) tablero.innerHTML = await r.text();
    } catch (e) { /* aborted or offline: the next event brings it */ }
  }
  const fuente = new EventSource(tablero.dataset.eventos);
  fuente.addEventListener("tablero", (e) => actualizar(Number(e.data)));
  fuente.addEventListener("fin", () => fuente.close());
  document.body.dataset.tableroEnVivo = "si";
}

// Datos personales: the municipios of the departamento chosen.
function municipiosPorDepartamento() {
  document.querySelectorAll("select[data-municipios]").forEach((dep) => {
    dep.addEventListener("change", async () => {
      const destino = document.getElementById(dep.dataset.municipios);
      if (!destino) return;
      const r = await fetch("/mi-cuenta/municipios?departamento=" + encodeURIComponent(dep.value),
        { credentials: "same-origin" });
      if (r.ok) destino.innerHTML = await r.text();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  tableroEnVivo();
  municipiosPorDepartamento();
});
