#define FFI_SCOPE "INFOMANIAK_CONNECT"
#define FFI_LIB "libinfomaniak_connect.so"
/*
 * Infomaniak Connect: the C ABI of the core (libinfomaniak_connect.so).
 *
 * The core speaks one JSON protocol (core/PROTOCOL.md): an operation name and a JSON object in,
 * {"ok": ...} or {"error": {"code", "message", "detail"}} out. Strings are NUL-terminated UTF-8.
 *
 * This file is read by PHP's FFI (FFI::load and ffi.preload; FFI::cdef without the #define
 * lines), which reads FFI_SCOPE and FFI_LIB only as the very first lines and accepts no #include:
 * C users include <stdint.h> before it. FFI_LIB is a bare file name, so dlopen() finds it only in
 * the system library path; the PHP library loads its bundled copy by absolute path instead.
 */

/* The JSON protocol version; 1 for this header. Hosts refuse a library with another. */
uint32_t ikc_abi_version(void);

/*
 * Runs operation `op` on the JSON object `input_json` and returns the JSON answer, owned by the
 * library: give it back with ikc_free(). Never NULL except when memory runs out. NULL arguments,
 * invalid UTF-8 and bad JSON are answered with the error "invalid_input"; a panic inside the core
 * is caught and answered with "internal_error".
 */
char *ikc_call(const char *op, const char *input_json);

/* Frees an answer of ikc_call(). NULL is ignored; each answer is freed once. */
void ikc_free(char *answer);
