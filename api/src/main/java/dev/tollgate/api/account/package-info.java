/** People: built-in accounts with passwords, accounts of the OpenID Connect provider, and operators. */
package dev.tollgate.api.account;
