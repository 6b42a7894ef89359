/**
 * The hub's internal event bus: services publish what changed, and whoever keeps live views
 * (queue feeds, agent connections) listens. In one process it is in memory; with several
 * processes a Redis implementation carries the same messages between them, so messages must be
 * plain JSON.
 */

/** Every topic and the message it carries. */
export interface BusTopics {
  /** Something about an agent that others may render changed: status, presence, profile. */
  'agent.changed': { orgId: string; agentId: string };
}

export type BusTopic = keyof BusTopics;
export type BusHandler<T extends BusTopic> = (message: BusTopics[T]) => void | Promise<void>;

export interface Bus {
  /** Delivers to every subscriber of the topic, in this process and (later) in others. */
  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): () => void;
  close(): Promise<void>;
}
