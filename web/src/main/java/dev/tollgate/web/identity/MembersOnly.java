package dev.tollgate.web.identity;

/**
 * A page about the signed-in person's organisation. Nobody else enters it: visitors who are not signed in are sent
 * to the sign-in page, and come back here after it.
 */
public interface MembersOnly {}
