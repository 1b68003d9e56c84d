package dev.tollgate.api.account.control;

import java.util.UUID;

/**
 * Who has just proved who they are.
 *
 * @param account the account's id
 * @param email the account's email, lower case
 * @param name the name to greet them by (may be empty)
 * @param operator whether they run the marketplace (operator console and operator API)
 * @param personalOrganization the organisation every account has for itself
 */
public record SignedIn(UUID account, String email, String name, boolean operator, UUID personalOrganization) {}
