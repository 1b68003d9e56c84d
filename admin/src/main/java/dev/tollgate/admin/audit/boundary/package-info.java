/** {@code GET /api/admin/v1/audit}: the audit log for operators. */
package dev.tollgate.admin.audit.boundary;
