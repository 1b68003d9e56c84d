package dev.tollgate.api.account.control;

/**
 * Who the OpenID Connect provider (Keycloak) says signed in.
 *
 * @param subject the provider's stable id of the person ({@code sub})
 * @param email their email ({@code email}), may be empty
 * @param emailVerified whether the provider checked the email ({@code email_verified})
 * @param name their name ({@code name} or {@code preferred_username}), may be empty
 * @param operator whether the provider gives them the operator role ({@code admin} in the {@code groups} claim)
 */
public record ProviderIdentity(String subject, String email, boolean emailVerified, String name, boolean operator) {}
