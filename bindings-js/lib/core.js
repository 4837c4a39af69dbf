// The JSON operation protocol of the Rust core (core/PROTOCOL.md) over one WebAssembly instance,
// shared by the Node and browser entry points. Every operation answers a plain object or throws a
// ConnectError; a trap inside the module becomes a ConnectError too, and the instance is replaced.

/** The protocol version this package speaks; a module with another is refused at load. */
export const ABI_VERSION = 1;

/** The core's input limit (ops.rs MAX_INPUT_BYTES); larger inputs never enter the module. */
export const MAX_INPUT_BYTES = 1024 * 1024;

const TRY_AGAIN = 'The login could not be completed. Please try again.';

/** A failed login step: `code` is stable, `visitorMessage` may be shown, `detail` is for the log. */
export class ConnectError extends Error {
  constructor(code, visitorMessage, detail, options) {
    super(`${code}: ${detail}`, options);
    this.name = 'ConnectError';
    this.code = code;
    this.visitorMessage = visitorMessage;
    this.detail = detail;
  }

  /** The core's `{"code","message","detail"}` as a ConnectError. */
  static fromCore(error) {
    return new ConnectError(String(error.code), String(error.message), String(error.detail ?? ''));
  }
}

/**
 * The engine: `glue` is an initialised wasm-bindgen module (exports `abiVersion` and `call`);
 * `reload()` resolves to a fresh, initialised one (used after a trap).
 */
export function createEngine(glue, reload) {
  let current = null;
  let pending = null;

  const adopt = (g) => {
    const abi = g.abiVersion();
    if (abi !== ABI_VERSION) {
      throw new Error(`@infomaniak/connect: the WebAssembly module speaks ABI ${abi}, this package ABI ${ABI_VERSION}`);
    }
    current = g;
  };
  adopt(glue);

  // Starts a replacement instance unless one is on its way; a failed attempt is retried next time.
  const restart = () => {
    pending ??= (async () => {
      try {
        adopt(await reload());
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  return {
    /** The raw protocol: `input` a JSON string; answers the core's JSON text. */
    callRaw(op, input) {
      if (!current) {
        restart().catch(() => {});
        throw new ConnectError('internal_error', TRY_AGAIN, 'the WebAssembly module is restarting after a crash');
      }
      const text = String(input);
      // Every UTF-16 unit is at least one UTF-8 byte: only a long string can be too large, and one
      // far too large would grow the module's memory for good before the core refused it.
      if (text.length > MAX_INPUT_BYTES) {
        const bytes = new TextEncoder().encode(text).length;
        return JSON.stringify({ error: {
          code: 'invalid_input', detail: `input of ${bytes} bytes exceeds ${MAX_INPUT_BYTES}`, message: TRY_AGAIN,
        } });
      }
      try {
        return current.call(String(op), text);
      } catch (cause) {
        // A trap (panic=abort: `unreachable`) leaves the instance in an unknown state: drop it.
        current = null;
        restart().catch(() => {});
        throw new ConnectError('internal_error', TRY_AGAIN,
          `the WebAssembly module stopped (${cause?.message ?? cause}); a new instance is being started`, { cause });
      }
    },
    /** The module's ABI version. */
    abiVersion() {
      return current ? current.abiVersion() : ABI_VERSION;
    },
    /** Resolves once a usable instance is there (after a trap, the replacement). */
    async ready() {
      if (current) return;
      try {
        await restart();
      } catch (cause) {
        throw new ConnectError('internal_error', TRY_AGAIN,
          `the WebAssembly module could not be restarted: ${cause?.message ?? cause}`, { cause });
      }
    },
  };
}
