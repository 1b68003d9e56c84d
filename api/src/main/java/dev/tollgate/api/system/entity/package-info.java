/** The installation row and its repository. */
package dev.tollgate.api.system.entity;
