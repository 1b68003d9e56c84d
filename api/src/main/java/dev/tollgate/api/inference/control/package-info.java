/** Reading a call, planning and dispatching it, shaping the answer and recording the generation. */
package dev.tollgate.api.inference.control;
