import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { IncomingHttpHeaders } from 'node:http';
import type { TracingSettings } from '../config/env';

// OpenTelemetry traces, exported over OTLP/HTTP (JSON) when the OTEL_* variables ask for it. Off, no
// provider is installed: the API's no-op tracer answers Apollo Gateway's own spans, and the helpers
// below return before creating anything.

let provider: TracerProvider | null = null;
const tracer = trace.getTracer('finops-catalog');

export function tracingEnabled(): boolean {
  return provider !== null;
}

function samplerOf(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.samplerRatio);
  switch (settings.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Installs the process's tracer provider (once; later calls keep the first). The exporter reads
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS itself. Returns a flush-and-stop for shutdown.
 */
export function startTracing(settings: TracingSettings, defaultServiceName: string): () => Promise<void> {
  if (!settings.enabled) return async () => {};
  if (!provider) {
    provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': settings.serviceName ?? defaultServiceName }),
      sampler: samplerOf(settings),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: settings.scheduleDelayMs ?? 1000 })],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  }
  const current = provider;
  return () => current.forceFlush();
}

/** Flushes and stops the provider (at process exit). */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

export interface ServerSpan {
  span: Span;
  /** The context to run the request in (the span active). */
  context: Context;
}

/** A SERVER span for an incoming request, child of the caller's traceparent when it sent one. */
export function startServerSpan(name: string, headers: IncomingHttpHeaders, attributes: Record<string, string>): ServerSpan | null {
  if (!provider) return null;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

export function endServerSpan(server: ServerSpan | null, status: number, attributes: Record<string, string>): void {
  if (!server) return;
  server.span.setAttributes({ ...attributes, 'http.response.status_code': status });
  if (status >= 500) server.span.setStatus({ code: SpanStatusCode.ERROR });
  server.span.end();
}

/** Writes the active span's traceparent into outgoing headers; false when tracing is off. */
export function injectTraceparent(set: (name: string, value: string) => void): boolean {
  if (!provider) return false;
  propagation.inject(context.active(), undefined, { set: (_carrier, key, value) => set(key, value) });
  return true;
}

const VERB = /^\s*(\w+)/;

/** A CLIENT span for one SQL statement that has just finished (its text has placeholders, never values). */
export function recordSqlSpan(statement: string, ms: number, failed: boolean): void {
  if (!provider) return;
  const now = Date.now();
  const verb = (VERB.exec(statement)?.[1] ?? 'SQL').toUpperCase();
  const span = tracer.startSpan(
    verb,
    {
      kind: SpanKind.CLIENT,
      startTime: now - ms,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': verb, 'db.query.text': statement.slice(0, 4000) },
    },
    context.active(),
  );
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(now);
}
