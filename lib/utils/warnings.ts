// Python's warnings.warn for torchlet: a UserWarning through process.emitWarning. Python's default filter shows a
// warning once per call site; JS has no call site at hand, so a message is shown once per process (what a training
// loop calling a deprecated function sees in Python too), unless torch.set_warn_always(true) asks for every time.
const shown = new Set<string>();
let warnAlways = false;

/** @internal Emits `message` as a UserWarning the first time it is given (every time under set_warn_always(true)). */
export function warnOnce(message: string): void {
  if (!warnAlways) {
    if (shown.has(message)) return;
    shown.add(message);
  }
  process.emitWarning(message, 'UserWarning');
}

/** @internal Emits `message` as a UserWarning every time. */
export function warn(message: string): void {
  process.emitWarning(message, 'UserWarning');
}

/** @internal For tests: every message warns again. */
export function resetWarnings(): void {
  shown.clear();
}

/**
 * torch.set_warn_always(b): when true, warnings torchlet shows once per process (deprecations, ignored arguments) are
 * shown every time, as PyTorch's flag does for its once-only warnings.
 */
export function set_warn_always(b: boolean): void {
  if (typeof b !== 'boolean') throw new TypeError(`setWarnOnlyOnce expects a bool, but got ${b === null ? 'NoneType' : typeof b === 'number' ? (Number.isInteger(b) ? 'int' : 'float') : typeof b === 'string' ? 'str' : typeof b}`);
  warnAlways = b;
}

/** torch.is_warn_always_enabled(). */
export function is_warn_always_enabled(): boolean {
  return warnAlways;
}
