/** An audit entry, the actor it names, and the JSON values it keeps. */
package dev.tollgate.admin.audit.entity;
