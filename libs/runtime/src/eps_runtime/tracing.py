"""OpenTelemetry: one trace from the HTTP request through the append, relay, Kafka, consumer.

The trace context travels as W3C ``traceparent``: stored with each event by the event store,
sent as a Kafka header by the relay, and restored by the consumer. Exporters follow the
standard variables: ``OTEL_TRACES_EXPORTER`` (``none`` by default, ``console``, ``otlp``),
``OTEL_EXPORTER_OTLP_ENDPOINT``, ``OTEL_SERVICE_NAME``, ``OTEL_TRACES_SAMPLER``. Spans are
recorded even with no exporter so logs always carry trace and span ids.
"""

from __future__ import annotations

import os

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from eps_runtime.logging import SALIDA

_propagator = TraceContextTextMapPropagator()
_configured = False


def _exporter_from_environment() -> SpanExporter | None:
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "none").strip().lower()
    if choice == "console":
        # One JSON object per line, like every log line (the default prints indented JSON).
        return ConsoleSpanExporter(
            out=SALIDA,  # type: ignore[arg-type]  # a TextIO in all that it uses: write, flush
            formatter=lambda span: span.to_json(indent=None) + os.linesep,
        )
    if choice == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    return None


def configure_tracing(service: str, exporter: SpanExporter | None = None) -> TracerProvider:
    """Installs the process's tracer provider once; ``exporter`` overrides the environment."""
    global _configured
    current = trace.get_tracer_provider()
    if _configured and isinstance(current, TracerProvider):
        if exporter is not None:
            current.add_span_processor(SimpleSpanProcessor(exporter))
        return current
    name = os.environ.get("OTEL_SERVICE_NAME", service)
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        from_env = _exporter_from_environment()
        if from_env is not None:
            provider.add_span_processor(BatchSpanProcessor(from_env))
    trace.set_tracer_provider(provider)
    _configured = True
    return provider


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    """The ``traceparent`` of the active span, to be stored with the events it causes."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def context_from_traceparent(traceparent: str | None) -> otel_context.Context:
    """A context whose parent is the remote span named by ``traceparent`` (or an empty one)."""
    if not traceparent:
        return otel_context.Context()
    return _propagator.extract({"traceparent": traceparent})
