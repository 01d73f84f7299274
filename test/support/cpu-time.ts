/**
 * CPU time this process spends in `run`, in milliseconds (user + system). Tests that check that
 * work grows linearly compare two of these, never wall-clock time against a deadline: wall time
 * on a shared machine measures the other processes' load, CPU time measures the code.
 */
export function cpuMillis(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
}
