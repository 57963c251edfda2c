// Picks the backend once at load: native when the addon loads, else JS with one warning.
// TORCHLET_BACKEND=js|native overrides (native forced but unavailable is an error).
import type { Backend } from './types';
import { jsBackend } from './js';
import { loadNative } from './native';

let nativeBackend: Backend | null | undefined;
let nativeError: unknown;

/** The native backend, or null when the addon cannot be loaded (the reason is in nativeLoadError()). */
export function nativeOrNull(): Backend | null {
  if (nativeBackend === undefined) {
    try {
      nativeBackend = loadNative();
    } catch (e) {
      nativeBackend = null;
      nativeError = e;
    }
  }
  return nativeBackend;
}

export function nativeLoadError(): unknown {
  return nativeError;
}

function pickAtLoad(): Backend {
  const forced = process.env.TORCHLET_BACKEND;
  if (forced === 'js') return jsBackend;
  if (forced === 'native') {
    const native = nativeOrNull();
    if (!native) throw new Error(`torchlet: TORCHLET_BACKEND=native but the native addon failed to load: ${String(nativeError)}`);
    return native;
  }
  if (forced !== undefined && forced !== '') {
    throw new Error(`torchlet: TORCHLET_BACKEND must be 'js' or 'native', got '${forced}'`);
  }
  const native = nativeOrNull();
  if (native) return native;
  if (!process.env.TORCHLET_QUIET) {
    process.emitWarning(`native addon unavailable (${String(nativeError)}); using the JS backend`, {
      code: 'TORCHLET_JS_FALLBACK',
      type: 'TorchletWarning',
    });
  }
  return jsBackend;
}

/** The backend every op uses. */
export let B: Backend = pickAtLoad();

/** Switch backends at run time (tests and benchmarks); tensors are plain typed arrays, so they carry over. */
export function setBackend(name: 'js' | 'native'): void {
  if (name === 'js') {
    B = jsBackend;
    return;
  }
  const native = nativeOrNull();
  if (!native) throw new Error(`torchlet: the native addon is not available: ${String(nativeError)}`);
  B = native;
}
