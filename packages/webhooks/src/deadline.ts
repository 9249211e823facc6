/**
 * `work`, or a rejection with `message` after `ms`: the receiver must answer the sender within
 * seconds and a scrape must not stall on a slow queue. The timer does not hold the process open.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * True once `work` settles (fulfilled or rejected) within `ms`, false when `ms` passes first;
 * never rejects. For shutdown steps that must not wait forever for a server that went away.
 * The timer does not hold the process open unless `keepAlive` (a wait that must be seen out).
 */
export function settlesWithin(
  work: Promise<unknown>,
  ms: number,
  keepAlive = false,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    if (!keepAlive) timer.unref();
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
}
