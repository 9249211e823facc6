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
