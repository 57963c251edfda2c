// torch.utils.hooks: the handle that register_hook and the module hook registrations return.

let nextId = 0;

/** Removes its hook from the ordered map it was registered in (PyTorch keeps hooks in an OrderedDict by id). */
export class RemovableHandle {
  readonly id = nextId++;
  readonly #hooks: Map<number, unknown>;

  constructor(hooks: Map<number, unknown>) {
    this.#hooks = hooks;
  }

  remove(): void {
    this.#hooks.delete(this.id);
  }
}

/** @internal Adds `hook` last to `hooks` (a Map iterates in insertion order) and returns its handle. */
export function addHook<H>(hooks: Map<number, H>, hook: H): RemovableHandle {
  const handle = new RemovableHandle(hooks);
  hooks.set(handle.id, hook);
  return handle;
}
