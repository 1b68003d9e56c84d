/** The generation record and its batched writer. */
package dev.tollgate.api.generation.control;
