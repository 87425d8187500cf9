"""The deployment (scripts/deploy.py, ADR 0010): every overlay renders with kustomize and is
valid against the Kubernetes and the vendored CRD schemas, offline; what is generated is up to
date; a new service gets its image and manifests without editing anything.

Never skipped: kustomize is built from the Go module proxy into .cache/bin when missing
(``make kustomize``, which ``make test`` depends on, does it first).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from eps_runtime.testing.infrastructure import repo_root

ROOT = repo_root()


def _cargar(archivo: str, nombre: str) -> ModuleType:
    """A script of scripts/ as a module (under a name no folder of the repository shadows)."""
    if nombre in sys.modules:
        return sys.modules[nombre]
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(nombre, ROOT / "scripts" / archivo)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[nombre] = module
    spec.loader.exec_module(module)
    return module


deploy = _cargar("deploy.py", "eps_scripts_deploy")
descriptores = _cargar("service_descriptors.py", "service_descriptors")


@cache
def construido(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(deploy.build(overlay))


def de_tipo(docs: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def por_nombre(docs: tuple[dict[str, Any], ...], kind: str, name: str) -> dict[str, Any]:
    return next(d for d in de_tipo(docs, kind) if d["metadata"]["name"] == name)


def test_los_containerfile_y_manifiestos_generados_estan_al_dia() -> None:
    stale = deploy.render(ROOT, check=True)
    assert stale == [], f"run: uv run python scripts/deploy.py render ({stale})"


@pytest.mark.parametrize("overlay", deploy.OVERLAYS)
def test_cada_overlay_se_construye_y_cumple_los_esquemas_de_kubernetes_y_crd(
    overlay: str,
) -> None:
    docs = construido(overlay)
    assert {"Deployment", "Kafka", "KafkaTopic", "Cluster", "NetworkPolicy"} <= {
        d["kind"] for d in docs
    }
    assert deploy.validation_errors(docs) == []
    assert deploy.reference_errors(docs, deploy.external_secrets(overlay)) == []


def test_produccion_no_lleva_las_claves_de_ejemplo_del_repositorio() -> None:
    assert de_tipo(construido("produccion"), "Secret") == []
    locales = {s["metadata"]["name"] for s in de_tipo(construido("local"), "Secret")}
    assert {"eps-enlaces", "eps-captcha", "identity-secretos", "portal-secretos"} <= locales
    assert deploy.external_secrets("produccion") == locales


@pytest.mark.parametrize("overlay", deploy.OVERLAYS)
def test_cada_api_con_captcha_usa_un_proveedor_real_con_la_clave_de_un_secret(
    overlay: str,
) -> None:
    """ADR 0012: no deployed process runs the fixed-token CAPTCHA (it would refuse to start
    with EPS_ENTORNO=produccion); the APIs that verify tokens reach the provider on 443."""
    docs = construido(overlay)
    assert por_nombre(docs, "ConfigMap", "eps-config")["data"]["EPS_ENTORNO"] == "produccion"
    con_captcha = [s for s in descriptores.services() if s.captcha is not None]
    assert {s.name: s.captcha for s in con_captcha} == {
        "identity": "verifica",
        "pqrs": "verifica",
        "portal": "widget",
    }
    for servicio in con_captcha:
        api = por_nombre(docs, "Deployment", f"{servicio.name}-api")
        env = {e["name"]: e for e in api["spec"]["template"]["spec"]["containers"][0]["env"]}
        prefijo = servicio.env_prefix
        assert env[f"{prefijo}CAPTCHA_PROVEEDOR"]["value"] in ("turnstile", "hcaptcha", "recaptcha")
        clave = "CAPTCHA_SECRETO" if servicio.captcha == "verifica" else "CAPTCHA_CLAVE_SITIO"
        assert env[f"{prefijo}{clave}"]["valueFrom"]["secretKeyRef"] == {
            "name": "eps-captcha",
            "key": clave,
        }
        assert f"{prefijo}CAPTCHA_TOKEN_DESARROLLO" not in env
        if servicio.captcha == "verifica":
            salida = por_nombre(docs, "NetworkPolicy", f"{servicio.name}-captcha")["spec"]
            assert salida["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "api"
            assert salida["egress"][0]["ports"] == [{"protocol": "TCP", "port": 443}]
    assert "eps-captcha" in deploy.external_secrets("produccion")


def test_un_nombre_o_selector_que_no_apunta_a_nada_se_detecta() -> None:
    docs = [copy.deepcopy(d) for d in construido("local")]
    servicio = next(d for d in docs if d["kind"] == "Service")
    servicio["spec"]["selector"] = {"app.kubernetes.io/name": "nadie"}
    hpa = next(d for d in docs if d["kind"] == "HorizontalPodAutoscaler")
    hpa["spec"]["scaleTargetRef"]["name"] = "no-existe"
    api = next(d for d in docs if d["metadata"]["name"] == "identity-api")
    firma = next(v for v in api["spec"]["template"]["spec"]["volumes"] if v["name"] == "firma")
    firma["secret"]["secretName"] = "otra"
    worker = next(d for d in docs if d["metadata"]["name"] == "portal-consumer")
    worker["spec"]["template"]["spec"]["containers"][0]["env"][0]["valueFrom"]["secretKeyRef"][
        "name"
    ] = "otro-db-app"
    problemas = deploy.reference_errors(docs)
    assert f"Service/{servicio['metadata']['name']}: its selector matches no pod" in problemas
    assert f"HorizontalPodAutoscaler/{hpa['metadata']['name']}: no Deployment no-existe" in (
        problemas
    )
    assert "Deployment/identity-api: no Secret otra" in problemas
    assert "Deployment/portal-consumer: no Secret otro-db-app" in problemas
    assert len(problemas) == 4


def test_un_manifiesto_con_errores_no_pasa_la_validacion() -> None:
    docs = construido("local")
    rotos = []
    deployment = copy.deepcopy(de_tipo(docs, "Deployment")[0])
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGett"] = {}
    rotos.append(deployment)
    hpa = copy.deepcopy(de_tipo(docs, "HorizontalPodAutoscaler")[0])
    hpa["spec"]["minReplicas"] = "dos"
    rotos.append(hpa)
    topico = copy.deepcopy(de_tipo(docs, "KafkaTopic")[0])
    topico["spec"]["partitions"] = "3"
    rotos.append(topico)
    kafka = copy.deepcopy(de_tipo(docs, "Kafka")[0])
    kafka["spec"]["kafka"]["listeners"][0]["type"] = "interno"
    rotos.append(kafka)
    cluster = copy.deepcopy(de_tipo(docs, "Cluster")[0])
    cluster["spec"]["instancias"] = 3
    rotos.append(cluster)
    desconocido = {"apiVersion": "example.com/v1", "kind": "Cosa", "metadata": {"name": "x"}}
    rotos.append(desconocido)
    problemas = deploy.validation_errors(rotos)
    for roto in rotos:
        donde = f"{roto['kind']}/{roto['metadata']['name']}:"
        assert any(p.startswith(donde) for p in problemas), (donde, problemas)


def _modulo_existe(nombre: str) -> bool:
    try:
        return importlib.util.find_spec(nombre) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("servicio", descriptores.services(), ids=lambda s: s.name)
def test_el_containerfile_de_cada_servicio_arranca_un_modulo_que_existe(servicio: Any) -> None:
    texto = (servicio.path / "Containerfile").read_text(encoding="utf-8")
    cmd = re.search(r"^CMD (\[.*\])$", texto, re.MULTILINE)
    assert cmd is not None
    argv = json.loads(cmd.group(1))
    assert argv[:2] == ["python", "-m"]
    assert _modulo_existe(argv[2]), argv[2]
    assert argv[2] in {p.module for p in servicio.processes if p.kind != "dev"}
    # The lock is honoured and only this service is installed; it runs on the shared base.
    assert f"uv sync --frozen --no-dev --no-editable --package {servicio.name}" in texto
    assert "FROM ${BASE}-constructor:latest AS constructor" in texto
    assert "FROM ${BASE}-ejecucion:latest" in texto


def test_la_imagen_base_corre_sin_privilegios_con_uv_fijado() -> None:
    texto = (ROOT / "deploy/containers/base.Containerfile").read_text(encoding="utf-8")
    assert "USER 10001:10001" in texto.split("AS ejecucion", 1)[1]
    assert re.search(r'pip install --no-cache-dir "uv==[0-9.]+"', texto)


def test_cada_comando_de_los_manifiestos_nombra_un_modulo_o_migraciones_que_existen() -> None:
    docs = construido("local")
    vistos = 0
    for doc in docs:
        spec = doc.get("spec", {})
        plantilla = spec.get("template") or spec.get("jobTemplate", {}).get("spec", {}).get(
            "template"
        )
        if not plantilla:
            continue
        pod = plantilla["spec"]
        for c in pod.get("initContainers", []) + pod["containers"]:
            comandos = [c["command"]]
            for sonda in ("livenessProbe", "readinessProbe"):
                if "exec" in c.get(sonda, {}):
                    comandos.append(c[sonda]["exec"]["command"])
            for comando in comandos:
                vistos += 1
                if comando[0] == "alembic":
                    ini = Path(comando[2]).relative_to("/app")
                    assert (ROOT / ini).exists(), ini
                    servicio = ini.parts[1]
                    assert f"COPY {ini} /app/{ini}" in (
                        ROOT / "services" / servicio / "Containerfile"
                    ).read_text(encoding="utf-8")
                else:
                    assert comando[:2] == ["python", "-m"], comando
                    assert _modulo_existe(comando[2]), comando
    assert vistos > 20


def test_los_procesos_dev_nunca_se_despliegan_y_cada_otro_proceso_si() -> None:
    docs = construido("produccion")
    nombres = {(d["kind"], d["metadata"]["name"]) for d in docs}
    esperado = {"api": "Deployment", "worker": "Deployment", "cronjob": "CronJob", "job": "Job"}
    for servicio in descriptores.services():
        for proceso in servicio.processes:
            if proceso.kind == "dev":
                assert not any(n == proceso.full_name for _, n in nombres)
            else:
                assert (esperado[proceso.kind], proceso.full_name) in nombres
    for job in de_tipo(docs, "Job"):
        assert job["spec"]["suspend"] is True  # seed / rebuild run only when asked for


def test_cada_api_tiene_sondas_en_healthz_y_readyz_hpa_y_pdb() -> None:
    docs = construido("produccion")
    for servicio in descriptores.services():
        for proceso in servicio.processes:
            if proceso.kind not in ("api", "worker"):
                continue
            dep = por_nombre(docs, "Deployment", proceso.full_name)
            c = dep["spec"]["template"]["spec"]["containers"][0]
            assert c["resources"]["requests"] and c["resources"]["limits"]
            assert c["securityContext"]["readOnlyRootFilesystem"] is True
            assert dep["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
            por_nombre(docs, "PodDisruptionBudget", proceso.full_name)
            if proceso.kind == "api":
                assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
                assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
                hpa = por_nombre(docs, "HorizontalPodAutoscaler", proceso.full_name)
                assert hpa["spec"]["scaleTargetRef"]["name"] == proceso.full_name
            else:
                assert c["livenessProbe"]["exec"]["command"][2:4] == ["eps_runtime.sonda", "vivo"]
                assert c["readinessProbe"]["exec"]["command"][2:] == [
                    "eps_runtime.sonda",
                    "listo",
                    "--servicio",
                    servicio.name,
                ]


def test_cada_servicio_solo_alcanza_su_propia_base_de_datos() -> None:
    docs = construido("produccion")
    politicas = de_tipo(docs, "NetworkPolicy")
    clusters = {c["metadata"]["name"] for c in de_tipo(docs, "Cluster")}
    for servicio in descriptores.services():
        assert f"{servicio.name}-db" in clusters
        propio = {"app.kubernetes.io/name": servicio.name}
        # Every policy that selects this service's pods allows no other database cluster.
        for politica in politicas:
            seleccion = politica["spec"]["podSelector"].get("matchLabels", {})
            if not propio.items() <= seleccion.items():
                continue
            for regla in politica["spec"].get("egress", []):
                for destino in regla.get("to", []):
                    cluster = destino.get("podSelector", {}).get("matchLabels", {})
                    if "cnpg.io/cluster" in cluster:
                        assert cluster["cnpg.io/cluster"] == f"{servicio.name}-db"
        base = por_nombre(docs, "NetworkPolicy", f"{servicio.name}-db")
        assert base["spec"]["podSelector"]["matchLabels"] == {
            "cnpg.io/cluster": f"{servicio.name}-db"
        }
        app = [
            r for r in base["spec"]["ingress"] if r["ports"] == [{"protocol": "TCP", "port": 5432}]
        ]
        assert [r["from"] for r in app] == [[{"podSelector": {"matchLabels": propio}}]]
        restringida = por_nombre(docs, "NetworkPolicy", servicio.name)
        assert restringida["spec"]["policyTypes"] == ["Ingress", "Egress"]


def test_cada_topico_del_catalogo_y_su_dlq_son_un_kafkatopic() -> None:
    from eps_contracts.catalog import TOPICS, dlq_topic

    docs = construido("produccion")
    topicos = {t["spec"]["topicName"]: t["spec"] for t in de_tipo(docs, "KafkaTopic")}
    assert set(topicos) == {n for t in TOPICS for n in (t.name, dlq_topic(t.name))}
    for t in TOPICS:
        assert topicos[t.name]["partitions"] == t.partitions
        assert topicos[t.name]["replicas"] == 3
    locales = {
        t["spec"]["topicName"]: t["spec"] for t in de_tipo(construido("local"), "KafkaTopic")
    }
    assert {s["replicas"] for s in locales.values()} == {1}


def test_un_servicio_nuevo_recibe_imagen_y_manifiestos_sin_editar_nada(tmp_path: Path) -> None:
    (tmp_path / "deploy/k8s/base").mkdir(parents=True)
    carpeta = tmp_path / "services" / "citas"
    carpeta.mkdir(parents=True)
    (carpeta / "alembic.ini").write_text("[alembic]\n", encoding="utf-8")
    (carpeta / "pyproject.toml").write_text(
        '[project]\nname = "citas"\n[tool.eps]\nhttp_port = 8009\ndatabase = "citas"\n'
        "archivos = true\n"
        '[[tool.eps.process]]\nname = "api"\nkind = "api"\nmodule = "citas.entrypoints.api"\n'
        '[[tool.eps.process]]\nname = "relay"\nkind = "worker"\n'
        'module = "citas.entrypoints.relay"\n'
        '[[tool.eps.process]]\nname = "recordatorios"\nkind = "cronjob"\n'
        'module = "citas.entrypoints.recordatorios"\nschedule = "0 7 * * *"\n'
        '[[tool.eps.process]]\nname = "rebuild"\nkind = "job"\n'
        'module = "citas.entrypoints.rebuild"\n'
        '[[tool.eps.process]]\nname = "simulador"\nkind = "dev"\nmodule = "citas.dev.sim"\n'
        "port = 8099\n",
        encoding="utf-8",
    )
    archivos = deploy.rendered(tmp_path)
    assert (
        'CMD ["python", "-m", "citas.entrypoints.api"]'
        in archivos[Path("services/citas/Containerfile")]
    )
    docs = list(
        __import__("yaml").safe_load_all(archivos[Path("deploy/k8s/base/servicios/citas.yaml")])
    )
    nombres = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert {
        ("Deployment", "citas-api"),
        ("Service", "citas"),
        ("HorizontalPodAutoscaler", "citas-api"),
        ("Deployment", "citas-relay"),
        ("CronJob", "citas-recordatorios"),
        ("Job", "citas-rebuild"),
        ("Cluster", "citas-db"),
        ("NetworkPolicy", "citas-db"),
    } <= nombres
    assert not any("simulador" in n for _, n in nombres)
    api = por_nombre(tuple(docs), "Deployment", "citas-api")["spec"]["template"]["spec"]
    assert api["initContainers"][0]["name"] == "migraciones"
    # Its files (archivos = true) on one claim every process of it mounts.
    assert ("PersistentVolumeClaim", "citas-archivos") in nombres
    for nombre in ("citas-api", "citas-relay"):
        pod = por_nombre(tuple(docs), "Deployment", nombre)["spec"]["template"]["spec"]
        assert {"name": "archivos", "persistentVolumeClaim": {"claimName": "citas-archivos"}} in (
            pod["volumes"]
        )
        assert {"name": "CITAS_ARCHIVOS_DIR", "value": "/var/lib/eps/archivos"} in (
            pod["containers"][0]["env"]
        )
    assert "servicios/citas.yaml" in archivos[Path("deploy/k8s/base/kustomization.yaml")]
    assert "/api/citas(/|$)(.*)" in archivos[Path("deploy/k8s/base/ingress.yaml")]
    assert "eps/citas" in archivos[Path("deploy/k8s/overlays/local/kustomization.yaml")]
    assert deploy.validation_errors(docs) == []
    # And kustomize builds it as part of the base.
    for relativo, texto in archivos.items():
        destino = tmp_path / relativo
        destino.parent.mkdir(parents=True, exist_ok=True)
        destino.write_text(texto, encoding="utf-8")
    for fijo in ("namespace.yaml", "config.yaml"):
        shutil.copy(ROOT / "deploy/k8s/base" / fijo, tmp_path / "deploy/k8s/base" / fijo)
    (tmp_path / ".cache").symlink_to(ROOT / ".cache")
    construidos = deploy.build("local", tmp_path)
    assert ("Deployment", "citas-api") in {(d["kind"], d["metadata"]["name"]) for d in construidos}


def _instalado_por_la_imagen(servicio: str) -> set[str]:
    """What ``uv sync --frozen --no-dev --package <servicio>`` installs: the service's
    dependencies in uv.lock, transitively (extras included)."""
    import tomllib

    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    paquetes = {p["name"]: p for p in lock["package"]}
    vistos: set[str] = set()
    pendientes = [servicio]
    while pendientes:
        nombre = pendientes.pop()
        if nombre in vistos:
            continue
        vistos.add(nombre)
        paquete = paquetes[nombre]
        deps = list(paquete.get("dependencies", []))
        for extra in paquete.get("optional-dependencies", {}).values():
            deps += extra
        pendientes += [d["name"] for d in deps]
    return vistos


@pytest.mark.parametrize("servicio", descriptores.services(), ids=lambda s: s.name)
def test_la_imagen_instala_lo_que_corren_sus_migraciones_y_sondas(servicio: Any) -> None:
    instalado = _instalado_por_la_imagen(servicio.name)
    # eps_runtime.sonda (the workers' probes) and the API server.
    assert {"eps-runtime", "sqlalchemy", "aiokafka", "asyncpg"} <= instalado
    if deploy.migrated(servicio):
        assert "alembic" in instalado  # the migrations init container runs its CLI
    if servicio.http_port is not None:
        assert "uvicorn" in instalado
