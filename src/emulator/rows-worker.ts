/**
 * A worker thread of rows-pool.ts: it keeps the graphs it is sent and, for each job, claims chunks of rows until
 * none is left, runs them (on this thread only) and replies with their statistics. The reply goes on the port
 * before the done flag is raised, so the waiting thread finds it as soon as it wakes.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { Graph } from '../ir/graph.js';
import { runClaimedChunks, signalDone, signalJoined, type RowsJob } from './rows-job.js';

interface JobMessage {
  readonly job: RowsJob;
  readonly graphId: number;
  readonly graph?: Graph;
  readonly keep: readonly number[];
}

const { port, index } = workerData as { port: MessagePort; index: number };
const graphs = new Map<number, Graph>();

port.on('message', (m: JobMessage) => {
  if (m.graph !== undefined) graphs.set(m.graphId, m.graph);
  for (const id of graphs.keys()) if (!m.keep.includes(id)) graphs.delete(id);
  const graph = graphs.get(m.graphId);
  signalJoined(m.job, index);
  try {
    if (graph === undefined) throw new Error(`graph ${m.graphId} is not held`);
    const { stats, rows } = runClaimedChunks(graph, m.job);
    port.postMessage({ id: m.job.id, stats, rows });
  } catch (e) {
    port.postMessage({ id: m.job.id, error: e instanceof Error ? e.message : String(e) });
  }
  signalDone(m.job, index);
});
