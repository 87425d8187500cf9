"""Images and Kubernetes manifests of every service, generated from what the project declares.

    uv run python scripts/deploy.py render           # writes the generated files
    uv run python scripts/deploy.py render --check   # exit 1 when a generated file is stale
    uv run python scripts/deploy.py kustomize        # installs kustomize into .cache/bin
    uv run python scripts/deploy.py vendor-cnpg      # re-vendors CloudNativePG's Cluster schema

Sources: the service descriptors (``[tool.eps]`` of ``services/*/pyproject.toml``, read by
``scripts/service_descriptors.py``) and the topic catalog (``eps_contracts.catalog``). A new
service folder with a ``[tool.eps]`` table gets its Containerfile, Deployments (api/worker),
CronJobs, Jobs, Service, HorizontalPodAutoscaler, PodDisruptionBudgets, NetworkPolicies and its
own CloudNativePG ``Cluster``; a new topic in the catalog gets its Strimzi ``KafkaTopic`` (and the
``.dlq`` one). ``dev`` processes are never deployed.

Generated (never edited by hand): ``services/<svc>/Containerfile``,
``deploy/k8s/base/servicios/<svc>.yaml``, ``deploy/k8s/base/kafka.yaml``,
``deploy/k8s/base/ingress.yaml``, ``deploy/k8s/base/kustomization.yaml`` and every
``deploy/k8s/overlays/<name>/kustomization.yaml``. Hand-written: ``deploy/containers/``,
``deploy/k8s/base/{namespace,config}.yaml`` and, for what one service needs beyond the common
shape (its secrets, a volume, an extra allowed connection), ``deploy/k8s/base/ajustes/<svc>.yaml``
(strategic-merge patches) and ``deploy/k8s/base/ajustes/<svc>-recursos.yaml`` (extra resources).
See docs/adr/0010-deploy.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_descriptors import ROOT, Process, Service, services

KUSTOMIZE_VERSION = "v5.7.1"  # the newest whose Go module builds with this machine's Go
CNPG_VERSION = "v1.27.1"
KAFKA_CLUSTER = "eps"
KAFKA_VERSION = "4.1.0"  # supported by Strimzi 0.48
NAMESPACE = "eps"
PART_OF = "oficina-virtual-eps"
# The service whose API publishes the keys every API verifies tokens with (AUTH_JWKS_URL).
TOKEN_ISSUER = "identity"
# The service the ingress sends "/" to (the web portal), when it exists.
WEB_FRONT = "portal"
UID = 10001
HEARTBEAT = "/tmp/eps-latido"
FILES_DIR = "/var/lib/eps/archivos"  # <SERVICE>_ARCHIVOS_DIR, when [tool.eps] says archivos
HEADER = (
    "# GENERADO por scripts/deploy.py render: no lo edite a mano (ver docs/adr/0010-deploy.md).\n"
)
OVERLAYS = ("local", "produccion")
# «No soy un robot» (ADR 0012): the provider every environment uses, and the Secret with its
# key pair (CAPTCHA_SECRETO for the APIs that verify tokens, CAPTCHA_CLAVE_SITIO for the one
# that renders the widget). A service opts in with [tool.eps] captcha = "verifica" | "widget".
CAPTCHA_PROVIDER = "turnstile"
CAPTCHA_SECRET = "eps-captcha"
CAPTCHA_KEYS = {"verifica": "CAPTCHA_SECRETO", "widget": "CAPTCHA_CLAVE_SITIO"}
# Where a provider's siteverify may be: any public address on 443 (its IPs are not fixed).
PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]

RESOURCES = {
    "api": {
        "requests": {"cpu": "100m", "memory": "192Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "worker": {
        "requests": {"cpu": "50m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "384Mi"},
    },
    "batch": {
        "requests": {"cpu": "50m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "384Mi"},
    },
    "migraciones": {
        "requests": {"cpu": "50m", "memory": "96Mi"},
        "limits": {"cpu": "500m", "memory": "256Mi"},
    },
}


# --------------------------------------------------------------------------------------------
# Containerfiles


def migrated(service: Service) -> bool:
    return bool((service.path / "alembic.ini").exists())


def default_process(service: Service) -> Process | None:
    """The image's default command: the API, else the first worker."""
    for kind in ("api", "worker"):
        for process in service.processes:
            if process.kind == kind:
                return process
    return None


def containerfile(service: Service) -> str:
    name = service.name
    lines = [
        HEADER.rstrip("\n"),
        f"# Image of {name}: every process of the service runs from it (python -m <module>).",
        "# No container engine runs in CI: the image is not built there. Build it from the",
        "# repository root, after the shared base (deploy/containers/base.Containerfile):",
        f"#   podman build -f services/{name}/Containerfile -t eps/{name}:latest .",
        "ARG BASE=eps/base",
        "FROM ${BASE}-constructor:latest AS constructor",
        "# The whole workspace is needed to resolve it; only this service and its dependencies",
        "# are installed as uv.lock pins them (--frozen), not editable, without dev tools.",
        "COPY pyproject.toml uv.lock ./",
        "COPY libs/ libs/",
        "COPY services/ services/",
        "RUN --mount=type=cache,target=/root/.cache/uv \\",
        f"    uv sync --frozen --no-dev --no-editable --package {name}",
        "",
        "FROM ${BASE}-ejecucion:latest",
        "COPY --from=constructor /app/.venv /app/.venv",
    ]
    if migrated(service):
        lines += [
            "# alembic -c /app/services/<svc>/alembic.ini upgrade heads: the migrations",
            f"COPY services/{name}/alembic.ini /app/services/{name}/alembic.ini",
            f"COPY services/{name}/migrations /app/services/{name}/migrations",
        ]
    if service.http_port is not None:
        lines.append(f"EXPOSE {service.http_port}")
    default = default_process(service)
    if default is not None:
        command = ["python", "-m", default.module, *default.args]
        lines.append("CMD " + json.dumps(command))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Kubernetes manifests of one service


def labels(service: Service, component: str | None = None) -> dict[str, str]:
    found = {"app.kubernetes.io/name": service.name}
    if component is not None:
        found["app.kubernetes.io/component"] = component
    return found


def pod_labels(service: Service, component: str) -> dict[str, str]:
    return {**labels(service, component), "app.kubernetes.io/part-of": PART_OF}


def db_cluster(service: Service) -> str:
    return f"{service.name}-db"


def database_env(service: Service) -> list[dict[str, Any]]:
    """``<SVC>_DATABASE_URL`` built from the secret CloudNativePG writes for the app user
    (``<cluster>-app``; its generated passwords are alphanumeric, so no URL escaping)."""
    if service.database is None:
        return []
    secret = f"{db_cluster(service)}-app"
    return [
        {"name": "DB_USUARIO", "valueFrom": {"secretKeyRef": {"name": secret, "key": "username"}}},
        {"name": "DB_CLAVE", "valueFrom": {"secretKeyRef": {"name": secret, "key": "password"}}},
        {
            "name": f"{service.env_prefix}DATABASE_URL",
            "value": (
                "postgresql+asyncpg://$(DB_USUARIO):$(DB_CLAVE)"
                f"@{db_cluster(service)}-rw:5432/{service.database}"
            ),
        },
    ]


SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}


def container(
    service: Service, process: Process, profile: str, *, env: Iterable[dict[str, Any]] = ()
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": process.name,
        "image": f"eps/{service.name}:latest",
        "imagePullPolicy": "IfNotPresent",
        "command": ["python", "-m", process.module, *process.args],
        "envFrom": [{"configMapRef": {"name": "eps-config"}}],
        "env": [*database_env(service), *env],
        "resources": RESOURCES[profile],
        "securityContext": SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    if service.archivos:
        spec["env"].append({"name": f"{service.env_prefix}ARCHIVOS_DIR", "value": FILES_DIR})
        spec["volumeMounts"].append({"name": "archivos", "mountPath": FILES_DIR})
    return spec


def migrations_container(service: Service) -> dict[str, Any]:
    return {
        "name": "migraciones",
        "image": f"eps/{service.name}:latest",
        "imagePullPolicy": "IfNotPresent",
        "command": [
            "alembic",
            "-c",
            f"/app/services/{service.name}/alembic.ini",
            "upgrade",
            "heads",
        ],
        "envFrom": [{"configMapRef": {"name": "eps-config"}}],
        "env": database_env(service),
        "resources": RESOURCES["migraciones"],
        "securityContext": SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }


def pod_spec(
    service: Service, containers: list[dict[str, Any]], *, init: bool, restart: str | None = None
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": UID,
            "runAsGroup": UID,
            "fsGroup": UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "terminationGracePeriodSeconds": 30,
    }
    if restart is not None:
        spec["restartPolicy"] = restart
    if init and migrated(service):
        spec["initContainers"] = [migrations_container(service)]
    spec["containers"] = containers
    spec["volumes"] = [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]
    if service.archivos:
        spec["volumes"].append(
            {"name": "archivos", "persistentVolumeClaim": {"claimName": files_claim(service)}}
        )
    return spec


def files_claim(service: Service) -> str:
    return f"{service.name}-archivos"


def files_volume(service: Service) -> dict[str, Any]:
    """The files a service keeps (``archivos = true``): one claim every process of it mounts,
    so ReadWriteMany (a storage class that offers it) when more than one pod runs."""
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": metadata(files_claim(service), labels(service, "archivos")),
        "spec": {
            "accessModes": ["ReadWriteMany"],
            "resources": {"requests": {"storage": "10Gi"}},
        },
    }


def metadata(name: str, lbls: dict[str, str], comment: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "labels": lbls}
    if comment:
        found["annotations"] = {"eps/descripcion": comment}
    return found


def captcha_env(service: Service) -> list[dict[str, Any]]:
    """``<SVC>_CAPTCHA_PROVEEDOR`` and its key from the CAPTCHA Secret, for an API that
    verifies tokens or renders the widget (never the development CAPTCHA: ``EPS_ENTORNO`` is
    ``produccion`` in eps-config, and it would refuse to start)."""
    if service.captcha is None:
        return []
    key = CAPTCHA_KEYS[service.captcha]
    return [
        {"name": f"{service.env_prefix}CAPTCHA_PROVEEDOR", "value": CAPTCHA_PROVIDER},
        {
            "name": f"{service.env_prefix}{key}",
            "valueFrom": {"secretKeyRef": {"name": CAPTCHA_SECRET, "key": key}},
        },
    ]


def captcha_policy(service: Service) -> dict[str, Any]:
    """The API pods of a service that verifies CAPTCHA tokens reach the provider (HTTPS to
    a public address); nothing else of the service leaves the cluster."""
    api = labels(service, "api")
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata(
            f"{service.name}-captcha", api, "siteverify del proveedor de CAPTCHA (ADR 0012)"
        ),
        "spec": {
            "podSelector": {"matchLabels": api},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": PRIVATE_RANGES}}],
                    "ports": [{"protocol": "TCP", "port": 443}],
                }
            ],
        },
    }


def api_resources(service: Service, process: Process) -> list[dict[str, Any]]:
    assert service.http_port is not None
    env = [
        {"name": f"{service.env_prefix}HTTP_HOST", "value": "0.0.0.0"},
        {"name": f"{service.env_prefix}HTTP_PORT", "value": str(service.http_port)},
    ]
    main = container(service, process, "api", env=[*env, *captcha_env(service)])
    main["ports"] = [{"name": "http", "containerPort": service.http_port}]
    main["startupProbe"] = {
        "httpGet": {"path": "/healthz", "port": "http"},
        "periodSeconds": 2,
        "failureThreshold": 30,
    }
    main["livenessProbe"] = {
        "httpGet": {"path": "/healthz", "port": "http"},
        "periodSeconds": 10,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
    }
    # /readyz: the database and Kafka answer (eps_runtime.http.install_health).
    main["readinessProbe"] = {
        "httpGet": {"path": "/readyz", "port": "http"},
        "periodSeconds": 5,
        "timeoutSeconds": 5,
        "failureThreshold": 2,
    }
    name = process.full_name
    lbls = labels(service, process.name)
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata(name, lbls),
            "spec": {
                "replicas": 2,
                "revisionHistoryLimit": 3,
                "strategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1},
                },
                "selector": {"matchLabels": lbls},
                "template": {
                    "metadata": {"labels": pod_labels(service, process.name)},
                    "spec": pod_spec(service, [main], init=True),
                },
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata(service.name, labels(service)),
            "spec": {
                "selector": lbls,
                "ports": [{"name": "http", "port": service.http_port, "targetPort": "http"}],
            },
        },
        {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": metadata(name, lbls),
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                "minReplicas": 2,
                "maxReplicas": 6,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {"type": "Utilization", "averageUtilization": 70},
                        },
                    }
                ],
            },
        },
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": metadata(name, lbls),
            "spec": {"minAvailable": 1, "selector": {"matchLabels": lbls}},
        },
    ]


def worker_resources(service: Service, process: Process, *, init: bool) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [{"name": "EPS_LATIDO_ARCHIVO", "value": HEARTBEAT}]
    if process.consumes:
        # Static group membership (ADR 0011): a container restarted in its pod keeps the
        # pod's name, so it gets its partitions back without waiting for a rebalance.
        env.append(
            {"name": "EPS_INSTANCIA", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
        )
    main = container(service, process, "worker", env=env)
    # No HTTP: liveness is the heartbeat run_worker writes while its loop turns; readiness is
    # the same database + Kafka check as an API's /readyz (python -m eps_runtime.sonda).
    main["livenessProbe"] = {
        "exec": {"command": ["python", "-m", "eps_runtime.sonda", "vivo", "--max-edad", "60"]},
        "initialDelaySeconds": 30,
        "periodSeconds": 30,
        "timeoutSeconds": 5,
        "failureThreshold": 3,
    }
    main["readinessProbe"] = {
        "exec": {
            "command": ["python", "-m", "eps_runtime.sonda", "listo", "--servicio", service.name]
        },
        "periodSeconds": 30,
        "timeoutSeconds": 15,
        "failureThreshold": 2,
    }
    name = process.full_name
    lbls = labels(service, process.name)
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata(name, lbls),
            "spec": {
                "replicas": 1,
                "revisionHistoryLimit": 3,
                "selector": {"matchLabels": lbls},
                "template": {
                    "metadata": {"labels": pod_labels(service, process.name)},
                    "spec": pod_spec(service, [main], init=init),
                },
            },
        },
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": metadata(name, lbls),
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": lbls}},
        },
    ]


def cronjob_resource(service: Service, process: Process) -> dict[str, Any]:
    lbls = labels(service, process.name)
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": metadata(process.full_name, lbls),
        "spec": {
            "schedule": process.schedule,
            "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": 600,
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 3,
            "jobTemplate": {
                "spec": {
                    "backoffLimit": 2,
                    "template": {
                        "metadata": {"labels": pod_labels(service, process.name)},
                        "spec": pod_spec(
                            service,
                            [container(service, process, "batch")],
                            init=False,
                            restart="OnFailure",
                        ),
                    },
                }
            },
        },
    }


def job_resource(service: Service, process: Process) -> dict[str, Any]:
    lbls = labels(service, process.name)
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": metadata(
            process.full_name,
            lbls,
            "Se ejecuta a pedido: kubectl -n eps patch job "
            f'{process.full_name} -p \'{{"spec":{{"suspend":false}}}}\'',
        ),
        "spec": {
            # Declared, not run on every apply: a job (seed, rebuild) runs when asked for.
            "suspend": True,
            "backoffLimit": 2,
            "template": {
                "metadata": {"labels": pod_labels(service, process.name)},
                "spec": pod_spec(
                    service, [container(service, process, "batch")], init=False, restart="Never"
                ),
            },
        },
    }


def network_policies(service: Service, all_services: tuple[Service, ...]) -> list[dict[str, Any]]:
    """The service's pods reach only their own database cluster, Kafka, DNS and (APIs) the
    token issuer's API; only APIs accept connections. Its database cluster accepts only them."""
    own = labels(service)
    egress: list[dict[str, Any]] = [
        {
            "to": [
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                    },
                    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                }
            ],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        },
        {
            "to": [
                {
                    "podSelector": {
                        "matchLabels": {
                            "strimzi.io/cluster": KAFKA_CLUSTER,
                            "strimzi.io/kind": "Kafka",
                        }
                    }
                }
            ],
            "ports": [{"protocol": "TCP", "port": 9092}],
        },
    ]
    if service.database is not None:
        egress.append(
            {
                "to": [{"podSelector": {"matchLabels": {"cnpg.io/cluster": db_cluster(service)}}}],
                "ports": [{"protocol": "TCP", "port": 5432}],
            }
        )
    issuer = next((s for s in all_services if s.name == TOKEN_ISSUER), None)
    has_api = any(p.kind == "api" for p in service.processes)
    if has_api and issuer is not None and issuer is not service and issuer.http_port:
        egress.append(
            {
                "to": [{"podSelector": {"matchLabels": labels(issuer, "api")}}],
                "ports": [{"protocol": "TCP", "port": issuer.http_port}],
            }
        )
    ingress: list[dict[str, Any]] = []
    if has_api and service.http_port is not None:
        ingress.append(
            {
                "from": [
                    {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": PART_OF}}},
                    {
                        "namespaceSelector": {
                            "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                        }
                    },
                ],
                "ports": [{"protocol": "TCP", "port": service.http_port}],
            }
        )
    policies: list[dict[str, Any]] = [
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": metadata(service.name, own),
            "spec": {
                "podSelector": {"matchLabels": own},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": ingress,
                "egress": egress,
            },
        }
    ]
    if service.database is not None:
        cluster = {"cnpg.io/cluster": db_cluster(service)}
        policies.append(
            {
                "apiVersion": "networking.k8s.io/v1",
                "kind": "NetworkPolicy",
                "metadata": metadata(db_cluster(service), own),
                "spec": {
                    "podSelector": {"matchLabels": cluster},
                    "policyTypes": ["Ingress"],
                    "ingress": [
                        {
                            "from": [{"podSelector": {"matchLabels": own}}],
                            "ports": [{"protocol": "TCP", "port": 5432}],
                        },
                        {  # replication and status between the cluster's own instances
                            "from": [{"podSelector": {"matchLabels": cluster}}],
                            "ports": [
                                {"protocol": "TCP", "port": 5432},
                                {"protocol": "TCP", "port": 8000},
                            ],
                        },
                        {  # the CloudNativePG operator
                            "from": [
                                {
                                    "namespaceSelector": {
                                        "matchLabels": {
                                            "kubernetes.io/metadata.name": "cnpg-system"
                                        }
                                    }
                                }
                            ],
                            "ports": [
                                {"protocol": "TCP", "port": 5432},
                                {"protocol": "TCP", "port": 8000},
                            ],
                        },
                    ],
                },
            }
        )
    return policies


def database_cluster(service: Service) -> dict[str, Any]:
    assert service.database is not None
    return {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": metadata(db_cluster(service), labels(service, "database")),
        "spec": {
            "description": f"Base de datos propia de {service.name}",
            "instances": 3,
            "enableSuperuserAccess": False,
            "primaryUpdateStrategy": "unsupervised",
            "bootstrap": {"initdb": {"database": service.database, "owner": service.name}},
            "storage": {"size": "10Gi"},
            "resources": {
                "requests": {"cpu": "250m", "memory": "512Mi"},
                "limits": {"memory": "1Gi"},
            },
        },
    }


def service_manifests(service: Service, all_services: tuple[Service, ...]) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    # The migrations run as an init container of one Deployment: the API's, else the first
    # worker's (ADR 0010: alembic's transactional DDL makes a concurrent second run fail and
    # retry, never half-apply).
    migrating = default_process(service)
    for process in service.processes:
        if process.kind == "api":
            docs += api_resources(service, process)
        elif process.kind == "worker":
            docs += worker_resources(service, process, init=process is migrating)
        elif process.kind == "cronjob":
            docs.append(cronjob_resource(service, process))
        elif process.kind == "job":
            docs.append(job_resource(service, process))
    docs += network_policies(service, all_services)
    if service.captcha == "verifica" and any(p.kind == "api" for p in service.processes):
        docs.append(captcha_policy(service))
    if service.archivos:
        docs.append(files_volume(service))
    if service.database is not None:
        docs.append(database_cluster(service))
    return docs


# --------------------------------------------------------------------------------------------
# Kafka (Strimzi) from the topic catalog, ingress, kustomizations


def kube_name(topic: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", topic.lower()).strip("-.")


def kafka_manifests() -> list[dict[str, Any]]:
    from eps_contracts.catalog import TOPICS, dlq_topic

    cluster = {"strimzi.io/cluster": KAFKA_CLUSTER}
    docs: list[dict[str, Any]] = [
        {
            "apiVersion": "kafka.strimzi.io/v1beta2",
            "kind": "KafkaNodePool",
            "metadata": {"name": "nodos", "labels": cluster},
            "spec": {
                "replicas": 3,
                "roles": ["controller", "broker"],
                "storage": {
                    "type": "jbod",
                    "volumes": [
                        {
                            "id": 0,
                            "type": "persistent-claim",
                            "size": "20Gi",
                            "deleteClaim": False,
                            "kraftMetadata": "shared",
                        }
                    ],
                },
                "resources": {
                    "requests": {"cpu": "250m", "memory": "1Gi"},
                    "limits": {"memory": "2Gi"},
                },
            },
        },
        {
            "apiVersion": "kafka.strimzi.io/v1beta2",
            "kind": "Kafka",
            "metadata": {
                "name": KAFKA_CLUSTER,
                "annotations": {"strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled"},
            },
            "spec": {
                "kafka": {
                    "version": KAFKA_VERSION,
                    "listeners": [
                        {
                            "name": "plain",
                            "port": 9092,
                            "type": "internal",
                            "tls": False,
                            # Strimzi writes the listener's NetworkPolicy: only our pods.
                            "networkPolicyPeers": [
                                {
                                    "podSelector": {
                                        "matchLabels": {"app.kubernetes.io/part-of": PART_OF}
                                    }
                                }
                            ],
                        }
                    ],
                    "config": {
                        "auto.create.topics.enable": False,
                        "default.replication.factor": 3,
                        "min.insync.replicas": 2,
                        "offsets.topic.replication.factor": 3,
                        "transaction.state.log.replication.factor": 3,
                        "transaction.state.log.min.isr": 2,
                    },
                },
                "entityOperator": {"topicOperator": {}},
            },
        },
    ]
    for topic in TOPICS:
        for name in (topic.name, dlq_topic(topic.name)):
            docs.append(
                {
                    "apiVersion": "kafka.strimzi.io/v1beta2",
                    "kind": "KafkaTopic",
                    "metadata": {
                        "name": kube_name(name),
                        "labels": {**cluster, "eps/propietario": topic.owner},
                    },
                    "spec": {
                        "topicName": name,
                        "partitions": topic.partitions,
                        "replicas": 3,
                        # Kept forever: projections are rebuilt from the start of the topics.
                        "config": {"retention.ms": -1, "min.insync.replicas": 2},
                    },
                }
            )
    return docs


def ingress_manifest(all_services: tuple[Service, ...]) -> dict[str, Any]:
    apis = [s for s in all_services if any(p.kind == "api" for p in s.processes)]
    paths: list[dict[str, Any]] = [
        {
            "path": f"/api/{s.name}(/|$)(.*)",
            "pathType": "ImplementationSpecific",
            "backend": {"service": {"name": s.name, "port": {"name": "http"}}},
        }
        for s in apis
    ]
    if any(s.name == WEB_FRONT for s in apis):
        paths.append(
            {
                "path": "/()(.*)",
                "pathType": "ImplementationSpecific",
                "backend": {"service": {"name": WEB_FRONT, "port": {"name": "http"}}},
            }
        )
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": "eps",
            "annotations": {
                "nginx.ingress.kubernetes.io/use-regex": "true",
                "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
                # SSE (/mi/tablero/eventos, /inicio/eventos): not buffered, not cut after 60 s.
                "nginx.ingress.kubernetes.io/proxy-buffering": "off",
                "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
            },
        },
        "spec": {"ingressClassName": "nginx", "rules": [{"http": {"paths": paths}}]},
    }


def base_kustomization(all_services: tuple[Service, ...], base: Path) -> dict[str, Any]:
    resources = ["namespace.yaml", "config.yaml", "kafka.yaml", "ingress.yaml"]
    patches: list[dict[str, str]] = []
    for s in all_services:
        resources.append(f"servicios/{s.name}.yaml")
        if (base / "ajustes" / f"{s.name}-recursos.yaml").exists():
            resources.append(f"ajustes/{s.name}-recursos.yaml")
        if (base / "ajustes" / f"{s.name}.yaml").exists():
            patches.append({"path": f"ajustes/{s.name}.yaml"})
    doc: dict[str, Any] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": NAMESPACE,
        "labels": [{"pairs": {"app.kubernetes.io/part-of": PART_OF}}],
        "resources": resources,
    }
    if patches:
        doc["patches"] = patches
    return doc


def _json_patch(target: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    return {"target": target, "patch": yaml.safe_dump(ops, sort_keys=False)}


def overlay_kustomization(name: str, all_services: tuple[Service, ...]) -> dict[str, Any]:
    if name == "local":
        images = [{"name": f"eps/{s.name}", "newTag": "latest"} for s in all_services]
        single = [{"op": "replace", "path": "/spec/replicas", "value": 1}]
        patches = [
            _json_patch(
                {"kind": "Deployment", "labelSelector": "app.kubernetes.io/component=api"}, single
            ),
            _json_patch(
                {"kind": "HorizontalPodAutoscaler"},
                [{"op": "replace", "path": "/spec/minReplicas", "value": 1}],
            ),
            _json_patch(
                {"kind": "PodDisruptionBudget", "labelSelector": "app.kubernetes.io/component=api"},
                [
                    {"op": "remove", "path": "/spec/minAvailable"},
                    {"op": "add", "path": "/spec/maxUnavailable", "value": 1},
                ],
            ),
            _json_patch(
                {"kind": "Cluster", "group": "postgresql.cnpg.io"},
                [
                    {"op": "replace", "path": "/spec/instances", "value": 1},
                    {"op": "replace", "path": "/spec/storage/size", "value": "1Gi"},
                ],
            ),
            _json_patch({"kind": "KafkaNodePool"}, single),
            _json_patch(
                {"kind": "Kafka", "group": "kafka.strimzi.io"},
                [
                    {"op": "replace", "path": f"/spec/kafka/config/{key}", "value": 1}
                    for key in (
                        "default.replication.factor",
                        "min.insync.replicas",
                        "offsets.topic.replication.factor",
                        "transaction.state.log.replication.factor",
                        "transaction.state.log.min.isr",
                    )
                ],
            ),
            _json_patch(
                {"kind": "KafkaTopic"},
                [
                    {"op": "replace", "path": "/spec/replicas", "value": 1},
                    {"op": "replace", "path": "/spec/config/min.insync.replicas", "value": 1},
                ],
            ),
            _json_patch(
                {"kind": "ConfigMap", "name": "eps-config"},
                [
                    {"op": "add", "path": f"/data/{s.env_prefix}LOG_LEVEL", "value": "DEBUG"}
                    for s in all_services
                ],
            ),
        ]
        return {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": ["../../base"],
            "images": images,
            "patches": patches,
        }
    return {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": ["../../base"],
        # Tagged releases from the organisation's registry (set the tag when releasing).
        "images": [
            {
                "name": f"eps/{s.name}",
                "newName": f"registry.example/eps/{s.name}",
                "newTag": "0.1.0",
            }
            for s in all_services
        ],
        "patches": [
            # No committed key material reaches production: the base's placeholder Secrets
            # are removed, the environment provides them (external-secrets, sealed-secrets).
            {
                "target": {"kind": "Secret"},
                "patch": yaml.safe_dump(
                    {
                        "$patch": "delete",
                        "apiVersion": "v1",
                        "kind": "Secret",
                        "metadata": {"name": "placeholder"},
                    },
                    sort_keys=False,
                ),
            },
            _json_patch(
                {"kind": "Deployment"},
                [
                    {
                        "op": "add",
                        "path": "/spec/template/spec/containers/0/imagePullPolicy",
                        "value": "Always",
                    }
                ],
            ),
        ],
    }


OVERLAY_COMMENTS = {
    "local": (
        "# A local cluster (kind, k3d, minikube) with the Strimzi and CloudNativePG operators\n"
        "# installed and the images built on the machine (services/<svc>/Containerfile):\n"
        "#   kubectl apply -k deploy/k8s/overlays/local\n"
        "# One replica of everything, one Kafka node, one PostgreSQL instance per service.\n"
    ),
    "produccion": (
        "# Production: three Kafka nodes and three PostgreSQL instances per service (the base),\n"
        "# the images from the registry. The base's placeholder Secrets are NOT applied: create\n"
        "# eps-enlaces, eps-captcha, identity-secretos, incapacities-secretos and portal-secretos\n"
        "# in the namespace first (ADR 0010, ADR 0012).\n"
    ),
}


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the overlays' JSON patches, PEM keys) as readable ``|`` blocks;
    no anchors and aliases, even where one dict is reused (a reader sees every value)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(docs: list[dict[str, Any]], comment: str = "") -> str:
    body = yaml.dump_all(docs, Dumper=_Dumper, sort_keys=False, width=100, default_flow_style=False)
    return HEADER + comment + body


def rendered(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file (path relative to ``root``) with its content."""
    all_services = services(root)
    base = root / "deploy" / "k8s" / "base"
    files: dict[Path, str] = {}
    for s in all_services:
        files[s.path.relative_to(root) / "Containerfile"] = containerfile(s)
        files[Path("deploy/k8s/base/servicios") / f"{s.name}.yaml"] = dump(
            service_manifests(s, all_services),
            f"# {s.name}: what runs of it ([tool.eps] of services/{s.name}/pyproject.toml),\n"
            "# its NetworkPolicies and its own PostgreSQL cluster (CloudNativePG).\n",
        )
    files[Path("deploy/k8s/base/kafka.yaml")] = dump(
        kafka_manifests(),
        "# Kafka (Strimzi, KRaft); a KafkaTopic per topic of eps_contracts.catalog and its .dlq.\n",
    )
    files[Path("deploy/k8s/base/ingress.yaml")] = dump(
        [ingress_manifest(all_services)],
        "# One origin: /api/<service>/... -> <service> (prefix stripped); / -> the web portal.\n",
    )
    files[Path("deploy/k8s/base/kustomization.yaml")] = dump(
        [base_kustomization(all_services, base)]
    )
    for overlay in OVERLAYS:
        files[Path("deploy/k8s/overlays") / overlay / "kustomization.yaml"] = dump(
            [overlay_kustomization(overlay, all_services)], OVERLAY_COMMENTS[overlay]
        )
    return files


def render(root: Path = ROOT, *, check: bool = False) -> list[Path]:
    """Writes the generated files; with ``check``, writes nothing and returns the stale ones."""
    stale = []
    for relative, content in rendered(root).items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(relative)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    return stale


# --------------------------------------------------------------------------------------------
# Tools


def kustomize(root: Path = ROOT) -> Path:
    """``.cache/bin/kustomize`` at KUSTOMIZE_VERSION, built from the Go module proxy if missing."""
    binary = root / ".cache" / "bin" / "kustomize"
    if binary.exists():
        out = subprocess.run([binary, "version"], capture_output=True, text=True, check=False)
        if out.stdout.strip() == KUSTOMIZE_VERSION:
            return binary
    env = {**os.environ, "GOBIN": str(binary.parent), "GOFLAGS": "-buildvcs=false"}
    env.setdefault("GOTOOLCHAIN", "local")
    go = shutil.which("go") or "/usr/local/go/bin/go"
    subprocess.run(
        [go, "install", f"sigs.k8s.io/kustomize/kustomize/v5@{KUSTOMIZE_VERSION}"],
        check=True,
        env=env,
    )
    return binary


def vendor_cnpg(root: Path = ROOT) -> Path:
    """Vendors the openAPIV3Schema of CloudNativePG's Cluster CRD from its Go module source."""
    out = subprocess.run(
        [
            "go",
            "mod",
            "download",
            "-json",
            f"github.com/cloudnative-pg/cloudnative-pg@{CNPG_VERSION}",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd="/tmp",
    )
    source = (
        Path(json.loads(out.stdout)["Dir"]) / "config/crd/bases/postgresql.cnpg.io_clusters.yaml"
    )
    crd = yaml.safe_load(source.read_text(encoding="utf-8"))
    version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1")
    schema = {
        "$comment": (
            "openAPIV3Schema of the CRD clusters.postgresql.cnpg.io v1, CloudNativePG "
            f"{CNPG_VERSION} (config/crd/bases/postgresql.cnpg.io_clusters.yaml of the Go module "
            f"github.com/cloudnative-pg/cloudnative-pg@{CNPG_VERSION}). Regenerate: uv run "
            "python scripts/deploy.py vendor-cnpg"
        ),
        **version["schema"]["openAPIV3Schema"],
    }
    target = root / "deploy/k8s/esquemas/postgresql.cnpg.io-cluster-v1.json"
    target.write_text(
        json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return target


# --------------------------------------------------------------------------------------------
# Offline validation of what kustomize renders

KUBERNETES_VERSION = "1.33"
SCHEMAS = ROOT / "deploy" / "k8s" / "esquemas"
CRD_GROUPS = ("kafka.strimzi.io", "postgresql.cnpg.io")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def _strict(schema: Any) -> Any:
    """A CRD schema where an object that lists its properties rejects any other (what the API
    server's strict field validation does; pruning would drop them silently)."""
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    found = {key: _strict(value) for key, value in schema.items()}
    if (
        "properties" in found
        and "additionalProperties" not in found
        and not found.get("x-kubernetes-preserve-unknown-fields")
    ):
        found["additionalProperties"] = False
    if isinstance(schema.get("properties"), dict):
        found["properties"] = {k: _strict(v) for k, v in schema["properties"].items()}
    return found


_CRD_VALIDATORS: dict[tuple[str, str], Any] = {}


def _crd_validator(api_version: str, kind: str) -> Any:
    import jsonschema

    key = (api_version, kind)
    if key not in _CRD_VALIDATORS:
        group, version = api_version.split("/")
        path = SCHEMAS / f"{group}-{kind.lower()}-{version}.json"
        if not path.exists():
            raise LookupError(f"no vendored schema for {api_version} {kind} ({path.name})")
        schema = _strict(json.loads(path.read_text(encoding="utf-8")))
        _CRD_VALIDATORS[key] = jsonschema.Draft7Validator(schema)
    return _CRD_VALIDATORS[key]


def validation_errors(docs: Iterable[dict[str, Any]]) -> list[str]:
    """Every problem of ``docs`` against the Kubernetes (strict) and the vendored CRD schemas."""
    import kubernetes_validate

    problems: list[str] = []
    for doc in docs:
        kind, name = doc.get("kind", "?"), doc.get("metadata", {}).get("name", "?")
        where = f"{kind}/{name}"
        api_version = str(doc.get("apiVersion", ""))
        if not DNS_SUBDOMAIN.match(str(name)) or len(str(name)) > 253:
            problems.append(f"{where}: metadata.name is not a DNS subdomain")
        if api_version.split("/")[0] in CRD_GROUPS:
            try:
                validator = _crd_validator(api_version, kind)
            except LookupError as error:
                problems.append(f"{where}: {error}")
                continue
            for fallo in validator.iter_errors(doc):
                path = ".".join(str(p) for p in fallo.absolute_path)
                problems.append(f"{where}: {path}: {fallo.message}")
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(p) for p in error.path)
            problems.append(f"{where}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{where}: no Kubernetes {KUBERNETES_VERSION} schema for {api_version}")
    return problems


def _pod_templates(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc.get("spec", {})
    if doc["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return [spec["template"]]
    if doc["kind"] == "CronJob":
        return [spec["jobTemplate"]["spec"]["template"]]
    return []


def reference_errors(
    docs: Iterable[dict[str, Any]], external_secrets: Iterable[str] = ()
) -> list[str]:
    """What the schemas cannot see: names and selectors that point at nothing.

    Every Deployment's selector matches its own template; every Service, PDB and
    NetworkPolicy selector, HPA target, Secret, ConfigMap and claim a pod uses exists (the
    secrets CloudNativePG writes, ``<cluster>-app``, count for each ``Cluster``).
    """
    docs = list(docs)
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    secrets = {n for k, n in names if k == "Secret"} | {
        f"{n}-app" for k, n in names if k == "Cluster"
    }
    secrets |= set(external_secrets)
    pods: list[dict[str, str]] = []
    problems: list[str] = []
    for doc in docs:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        for template in _pod_templates(doc):
            pod_labels = template.get("metadata", {}).get("labels", {})
            pods.append(pod_labels)
            own = doc["spec"].get("selector", {}).get("matchLabels")
            if own is not None and not own.items() <= pod_labels.items():
                problems.append(f"{where}: selector does not match its pod template")
            pod = template["spec"]
            for volume in pod.get("volumes", []):
                if "secret" in volume and volume["secret"]["secretName"] not in secrets:
                    problems.append(f"{where}: no Secret {volume['secret']['secretName']}")
                claim = volume.get("persistentVolumeClaim", {}).get("claimName")
                if claim and ("PersistentVolumeClaim", claim) not in names:
                    problems.append(f"{where}: no PersistentVolumeClaim {claim}")
            mounted = {v["name"] for v in pod.get("volumes", [])}
            for c in pod.get("initContainers", []) + pod["containers"]:
                for mount in c.get("volumeMounts", []):
                    if mount["name"] not in mounted:
                        problems.append(f"{where}: {c['name']} mounts no volume {mount['name']}")
                for source in c.get("envFrom", []):
                    if "configMapRef" in source:
                        ref = source["configMapRef"]["name"]
                        if ("ConfigMap", ref) not in names:
                            problems.append(f"{where}: no ConfigMap {ref}")
                for var in c.get("env", []):
                    ref = var.get("valueFrom", {}).get("secretKeyRef", {}).get("name")
                    if ref and ref not in secrets:
                        problems.append(f"{where}: no Secret {ref}")
    for doc in docs:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        selector: dict[str, str] | None = None
        if doc["kind"] == "Service":
            selector = doc["spec"].get("selector")
        elif doc["kind"] == "PodDisruptionBudget":
            selector = doc["spec"]["selector"]["matchLabels"]
        elif doc["kind"] == "NetworkPolicy":
            selector = doc["spec"]["podSelector"].get("matchLabels")
            if selector and "cnpg.io/cluster" in selector:
                if ("Cluster", selector["cnpg.io/cluster"]) not in names:
                    problems.append(f"{where}: no Cluster {selector['cnpg.io/cluster']}")
                selector = None
        elif doc["kind"] == "HorizontalPodAutoscaler":
            target = doc["spec"]["scaleTargetRef"]
            if (target["kind"], target["name"]) not in names:
                problems.append(f"{where}: no {target['kind']} {target['name']}")
        if selector and not any(selector.items() <= p.items() for p in pods):
            problems.append(f"{where}: its selector matches no pod")
    return problems


def external_secrets(overlay: str, root: Path = ROOT) -> set[str]:
    """The Secrets an overlay expects the environment to provide: produccion drops the
    base's placeholders, so it needs every Secret the base declares."""
    if overlay != "produccion":
        return set()
    base = build("local", root)
    return {d["metadata"]["name"] for d in base if d["kind"] == "Secret"}


def build(overlay: str, root: Path = ROOT) -> list[dict[str, Any]]:
    """``kustomize build deploy/k8s/overlays/<overlay>``, parsed."""
    out = subprocess.run(
        [kustomize(root), "build", root / "deploy" / "k8s" / "overlays" / overlay],
        capture_output=True,
        text=True,
        check=True,
    )
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/deploy.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p_render = sub.add_parser("render", help="write the Containerfiles and manifests")
    p_render.add_argument("--check", action="store_true", help="fail when a file is stale")
    sub.add_parser("kustomize", help="install kustomize into .cache/bin")
    sub.add_parser("vendor-cnpg", help="re-vendor CloudNativePG's Cluster schema")
    sub.add_parser("validate", help="kustomize build every overlay and validate it offline")
    args = parser.parse_args(argv)
    if args.command == "validate":
        failed = False
        for overlay in OVERLAYS:
            docs = build(overlay)
            problems = validation_errors(docs) + reference_errors(docs, external_secrets(overlay))
            failed = failed or bool(problems)
            print(f"{overlay}: {len(docs)} resources, {len(problems)} problems")
            for problem in problems:
                print("  " + problem)
        return 1 if failed else 0
    if args.command == "render":
        stale = render(check=args.check)
        for path in stale:
            print(("stale: " if args.check else "wrote: ") + str(path))
        return 1 if args.check and stale else 0
    if args.command == "kustomize":
        print(kustomize())
        return 0
    print(vendor_cnpg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
