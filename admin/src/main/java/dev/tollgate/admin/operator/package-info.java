/**
 * Who may call the operator API: a bearer operator token ({@code TOLLGATE_ADMIN_TOKEN} bootstraps the first), checked
 * on every resource marked {@link dev.tollgate.admin.operator.OperatorApi}.
 */
package dev.tollgate.admin.operator;
