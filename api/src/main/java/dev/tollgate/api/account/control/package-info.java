/** Sign-up, sign-in with lock-out, provisioning on a first OpenID Connect login, and the operator account. */
package dev.tollgate.api.account.control;
