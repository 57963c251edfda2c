// Python's warnings.warn for torchlet: a UserWarning through process.emitWarning. Python's default filter shows a
// warning once per call site; JS has no call site at hand, so a message is shown once per process (what a training
// loop calling a deprecated function sees in Python too).
const shown = new Set<string>();

/** @internal Emits `message` as a UserWarning the first time it is given. */
export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, 'UserWarning');
}

/** @internal For tests: every message warns again. */
export function resetWarnings(): void {
  shown.clear();
}
