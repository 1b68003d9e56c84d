/**
 * Who is using the portal: sign-up and sign-in (built-in accounts or OpenID Connect), the signed-in person kept in
 * the HTTP session, the organisation they work in, and the security of that session.
 */
package dev.tollgate.web.identity;
