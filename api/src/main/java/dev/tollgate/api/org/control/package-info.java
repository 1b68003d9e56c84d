/** Creating organisations and issuing their keys. */
package dev.tollgate.api.org.control;
