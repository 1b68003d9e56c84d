/**
 * The failure windows ({@link dev.tollgate.api.throttle.control.FailureWindows}), who the caller is
 * ({@link dev.tollgate.api.throttle.control.ClientAddress}) and the two throttles built from them: keys and sign-ins.
 */
package dev.tollgate.api.throttle.control;
