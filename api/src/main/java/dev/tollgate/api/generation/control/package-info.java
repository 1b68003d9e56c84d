/**
 * The generation record and its batched writer; the organisation's history as the portal reads it (pages by keyset,
 * filters, CSV export, spend per UTC day and model).
 */
package dev.tollgate.api.generation.control;
