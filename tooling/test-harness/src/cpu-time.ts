/**
 * CPU milliseconds `fn` takes in this process. A bound against catastrophic backtracking is
 * about work done: wall clock also counts the time a loaded machine gives other processes.
 */
export function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
