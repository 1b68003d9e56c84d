/** Recording an audit entry inside a change's transaction, and reading the log for operators. */
package dev.tollgate.admin.audit.control;
