package dev.tollgate.api.org.control;

import java.util.Locale;

/**
 * What a member may do in an organisation. Owners and admins buy credits, see billing and every key, and invite;
 * members make and see their own keys only. The one owner also changes roles and hands ownership on.
 */
public enum OrganizationRole {
    OWNER,
    ADMIN,
    MEMBER;

    public boolean managesBilling() {
        return this != MEMBER;
    }

    public boolean seesAllKeys() {
        return this != MEMBER;
    }

    public boolean invites() {
        return this != MEMBER;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrganizationRole of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** For people: "Owner", "Admin", "Member". */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
