// Prometheus metrics of the master (prom-client, one registry per master): its own are named
// p4_* (p4_jobs_total, p4_agents_connected...), next to prom-client's process metrics;
// docs/operations.md lists them.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  /** Agents with an open, responsive connection. */
  agentsConnected(): number;
  /** Jobs running or waiting for a resolve. */
  jobsInProgress(): number;
  /** Age in seconds of the oldest job still in progress (0 when none). */
  oldestJobAgeS(): number;
  /** Connections on the agent port still waiting for their hello to be accepted. */
  agentPortWaiting(): number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly jobsTotal = new Counter({ name: 'p4_jobs_total', help: 'Jobs created', registers: [this.registry] });
  readonly jobsSuccess = new Counter({ name: 'p4_jobs_success', help: 'Jobs that ended in DONE', registers: [this.registry] });
  readonly jobsFailed = new Counter({ name: 'p4_jobs_failed', help: 'Jobs that ended in ERROR', registers: [this.registry] });
  readonly jobsCancelled = new Counter({ name: 'p4_jobs_cancelled', help: 'Jobs cancelled by a user', registers: [this.registry] });
  readonly jobDuration = new Histogram({ name: 'p4_job_duration_seconds', help: 'Duration of ended jobs, from start to end', buckets: [60, 300, 600, 1800, 3600], labelNames: ['status'] as const, registers: [this.registry] });
  readonly stageDuration = new Histogram({ name: 'p4_stage_duration_seconds', help: 'Duration of stage commands', buckets: [1, 5, 15, 60, 300, 900, 1800, 3600], labelNames: ['stage'] as const, registers: [this.registry] });
  readonly commands = new Counter({ name: 'p4_commands_total', help: 'Commands by final state', labelNames: ['state'] as const, registers: [this.registry] });
  readonly reconnects = new Counter({ name: 'p4_agent_reconnects_total', help: 'Agent connections after the first one of an agent process', registers: [this.registry] });
  readonly outputBytes = new Counter({ name: 'p4_output_bytes_total', help: 'Output bytes received and stored', registers: [this.registry] });
  readonly chunksResent = new Counter({ name: 'p4_output_chunks_resent_total', help: 'Output chunks received again after a reconnect (dropped or trimmed as duplicates)', registers: [this.registry] });
  readonly heartbeatsMissed = new Counter({ name: 'p4_heartbeats_missed_total', help: 'Times an agent went silent for three heartbeats', registers: [this.registry] });
  readonly storeWritable = new Gauge({ name: 'p4_store_writable', help: '1 while the store commits writes, 0 while they fail (disk full, locked, I/O error)', registers: [this.registry] });
  readonly storeWriteFailures = new Counter({ name: 'p4_store_write_failures_total', help: 'Times the store started failing to commit writes', registers: [this.registry] });
  readonly bootstraps = new Counter({ name: 'p4_bootstrap_attempts_total', help: 'SSH bootstrap attempts by result', labelNames: ['result'] as const, registers: [this.registry] });

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    new Gauge({ name: 'p4_agents_connected', help: 'Agents connected and responsive', registers, collect() { this.set(sources.agentsConnected()); } });
    new Gauge({ name: 'p4_jobs_in_progress', help: 'Jobs running or waiting for a resolve', registers, collect() { this.set(sources.jobsInProgress()); } });
    new Gauge({ name: 'p4_job_oldest_running_seconds', help: 'Age of the oldest job in progress', registers, collect() { this.set(sources.oldestJobAgeS()); } });
    this.storeWritable.set(1);
    new Gauge({ name: 'p4_agent_port_waiting_connections', help: 'Connections on the agent port not yet accepted as an agent', registers, collect() { this.set(sources.agentPortWaiting()); } });
    // Process metrics, including the event loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  jobEnded(status: 'done' | 'error' | 'cancelled', durationS: number | null): void {
    (status === 'done' ? this.jobsSuccess : status === 'error' ? this.jobsFailed : this.jobsCancelled).inc();
    if (durationS !== null) this.jobDuration.observe({ status }, durationS);
  }
}
