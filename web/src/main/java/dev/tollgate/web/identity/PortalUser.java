package dev.tollgate.web.identity;

import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.api.org.control.OrganizationRole;
import java.io.Serializable;
import java.util.UUID;

/**
 * The person signed in to this session and the organisation they are working in now.
 *
 * @param account their account
 * @param email their email
 * @param name their name, may be empty
 * @param operator whether they may use the operator console
 * @param organization the organisation their pages show
 * @param organizationName its name
 * @param personal whether it is their personal organisation
 * @param role their role in it
 */
public record PortalUser(
        UUID account,
        String email,
        String name,
        boolean operator,
        UUID organization,
        String organizationName,
        boolean personal,
        OrganizationRole role)
        implements Serializable {

    /** The same person, working in {@code membership}'s organisation from now on. */
    public PortalUser in(Membership membership) {
        return new PortalUser(
                account,
                email,
                name,
                operator,
                membership.organization(),
                membership.name(),
                membership.personal(),
                membership.role());
    }

    /** What to call them: their name, else their email. */
    public String displayName() {
        return name == null || name.isBlank() ? email : name;
    }
}
